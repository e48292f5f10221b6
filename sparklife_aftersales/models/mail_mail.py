# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nothing lost when the outgoing mail server is down: Odoo marks the emails
it could not hand to the server as failed and never tries them again. A job
puts those back in the queue (only those the server never received: a
failed connection, not a refused address), so each goes once the server is
back.

On queue_job (see :mod:`.batching`), the job sends them itself, in batches
on the ``root.aftersales.email`` channel: a batch first reaches every mail
server it needs; while one cannot be reached, nothing is sent and queue_job
tries the batch again later (a back-off, never given up), so each email
goes once.

On queue_job too, the emails the addon queues are sent by jobs on that
channel rather than by Odoo's mail queue, so that the channel's capacity
bounds how fast they go out (:meth:`MailMail._aftersales_send_on_channel`)."""

from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.fields import Domain

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from .batching import due_batch, enqueue_batches, jobs_enabled

#: Emails older than this are not tried again: a person looks at them.
RETRY_DAYS = 2
BATCH_SIZE = 500
#: How long the emails handed to the email channel are kept out of Odoo's
#: mail queue: should no job send them by then (queue_job's runner stopped),
#: the mail queue does.
CHANNEL_HOLD = timedelta(hours=6)


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _aftersales_unsent_domain(self):
        """Emails that failed because the mail server could not be reached
        (Odoo leaves their failure type empty, or sets ``mail_smtp``)."""
        return (
            Domain("state", "=", "exception")
            & Domain("failure_type", "in", [False, "mail_smtp"])
            & Domain(
                "create_date", ">=", fields.Datetime.now() - timedelta(days=RETRY_DAYS)
            )
        )

    @api.model
    def _cron_aftersales_retry_unsent(self):
        """Queue again the emails the mail server never received (or, on
        queue_job, enqueue their sending); returns how many."""
        Mail = self.sudo()
        if jobs_enabled(self.env):
            # Never given up (no limit of retries): the server comes back.
            return enqueue_batches(
                Mail,
                self._aftersales_unsent_domain(),
                "_aftersales_send_again",
                BATCH_SIZE,
                options={"max_retries": 0},
            )
        mails = Mail.search(self._aftersales_unsent_domain())
        mails._aftersales_requeue()
        return len(mails)

    def _aftersales_requeue(self):
        self.write(
            {"state": "outgoing", "failure_reason": False, "failure_type": False}
        )

    def _aftersales_reach_servers(self):
        """Connect to every mail server these emails need; while one cannot
        be reached, raise :class:`RetryableJobError`, so that queue_job tries
        the job again later without anything being sent."""
        for server_id, _alias, smtp_from, _ids in self._split_by_mail_configuration():
            try:
                session = self.env["ir.mail_server"]._connect__(
                    mail_server_id=server_id, smtp_from=smtp_from
                )
            except Exception as error:
                raise RetryableJobError(
                    self.env._(
                        "The mail server cannot be reached: %(error)s", error=error
                    )
                ) from error
            if session:
                session.quit()

    def _aftersales_send_again(self):
        """One batch of the retry job on queue_job: send these emails if
        every mail server they need answers; otherwise send none and let
        queue_job try again later. Returns how many were handed over."""
        mails = due_batch(self, self._aftersales_unsent_domain())
        if not mails:
            return 0
        mails._aftersales_reach_servers()
        mails._aftersales_requeue()
        mails._aftersales_send()
        return len(mails)

    def _aftersales_send_on_channel(self):
        """On queue_job, hand these queued emails to the email channel: they
        are kept out of Odoo's mail queue for :data:`CHANNEL_HOLD` and a job
        on ``root.aftersales.email`` sends them. Both are written in the
        transaction that queued them: nothing is lost if it fails. Without
        queue_job, Odoo's mail queue sends them as usual."""
        mails = self.filtered(lambda mail: mail.state == "outgoing")
        if not mails or not jobs_enabled(self.env):
            return mails
        mails.write({"scheduled_date": fields.Datetime.now() + CHANNEL_HOLD})
        mails.with_delay(identity_key=identity_exact)._aftersales_send_queued()
        return mails

    def _aftersales_send_queued(self):
        """The job of :meth:`_aftersales_send_on_channel`: send those of
        these emails still waiting that no other worker holds, once every
        mail server they need answers. Returns how many were handed over."""
        mails = due_batch(self, Domain("state", "=", "outgoing"))
        if not mails:
            return 0
        mails._aftersales_reach_servers()
        mails._aftersales_send()
        return len(mails)

    def _aftersales_send(self):
        """Send these emails, committing after each one as Odoo's mail queue
        does (the job functions allow it: ``allow_commit``), so that a job
        killed in the middle of a batch sends again, when queue_job runs it
        again, at most the email it was sending; not in tests."""
        self.send(auto_commit=not modules.module.current_test, raise_exception=False)
