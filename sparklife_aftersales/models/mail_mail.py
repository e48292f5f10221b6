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
goes once."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.queue_job.exception import RetryableJobError

from .batching import due_batch, enqueue_batches, jobs_enabled

#: Emails older than this are not tried again: a person looks at them.
RETRY_DAYS = 2
BATCH_SIZE = 500


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

    def _aftersales_send_again(self):
        """One batch of the retry job on queue_job: send these emails if
        every mail server they need answers; otherwise send none and let
        queue_job try again later. Returns how many were handed over."""
        mails = due_batch(self, self._aftersales_unsent_domain())
        if not mails:
            return 0
        for server_id, _alias, smtp_from, _ids in mails._split_by_mail_configuration():
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
        mails._aftersales_requeue()
        mails.send(raise_exception=False)
        return len(mails)
