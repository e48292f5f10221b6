# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scheduled jobs on OCA queue_job: the crons only select what is due and
enqueue batches, each batch once; a batch runs on its channel, and the
emails the mail server never took wait for it without being sent twice."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.sms.tests.common import SMSCase
from odoo.addons.sparklife_aftersales import policy
from odoo.addons.sparklife_aftersales.models.batching import JOBS_PARAM, jobs_enabled

from .common import BOUGHT, RECEIVED, AftersalesCase, FlushBatchesMixin, utc

#: Inside the return reminder's lead time of the items bought on BOUGHT.
RETURN_REMINDER_DAY = utc(2026, 2, 8, 11, 0)


@tagged("post_install", "-at_install")
class TestQueueJobs(FlushBatchesMixin, AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(JOBS_PARAM, "True")
        cls.customer.write({"phone": "+33 6 11 22 33 44", "lang": "en_US"})
        cls.Reminder = cls.env["sparklife.aftersales.reminder"]
        cls.Job = cls.env["queue.job"].sudo()

    def _jobs(self, method):
        return self.Job.search([("method_name", "=", method)], order="id")

    def _perform(self, job_record):
        job = Job.load(self.env, job_record.uuid)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            return job.perform()

    def test_setting_switches_the_jobs_to_queue_job(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.aftersales_use_queue_job)
        settings.aftersales_use_queue_job = False
        settings.execute()
        self.assertFalse(jobs_enabled(self.env))

    def test_every_declared_job_is_a_method_on_its_channel(self):
        functions = self.env["queue.job.function"].search(
            [("method", "=like", "_aftersales_%")]
        )
        self.assertEqual(len(functions), 15)
        for function in functions:
            with self.subTest(job=function.name):
                model = self.env[function.model_id.model]
                self.assertTrue(callable(getattr(model, function.method, None)))
                self.assertTrue(function.channel.startswith("root.aftersales"))

    def test_reminder_batches_are_enqueued_once_and_each_item_reminded_once(self):
        lines = self._bought(self.ring, BOUGHT, RECEIVED)
        for _ in range(2):
            lines |= self._bought(self.ring, BOUGHT, RECEIVED)
        with freeze_time(RETURN_REMINDER_DAY):
            enqueued = self.Reminder._send_due_reminders(
                policy.REMIND_RETURN, batch_size=2
            )
            # The clock ticks again before the batches ran: nothing new.
            self.Reminder._send_due_reminders(policy.REMIND_RETURN, batch_size=2)
        self.assertEqual(enqueued, 3)
        jobs = self._jobs("_aftersales_send_reminders")
        self.assertEqual(len(jobs), 2, "two batches, each queued once")
        self.assertEqual(set(jobs.mapped("channel")), {"root.aftersales.reminders"})
        self.assertEqual([job.records for job in jobs], [lines[:2], lines[2:]])
        self.assertFalse(
            self.Reminder.search([("sale_line_id", "in", lines.ids)]),
            "the cron only enqueues: the batches send",
        )
        with freeze_time(RETURN_REMINDER_DAY):
            self.assertEqual(self._perform(jobs[0]), 2)
            # A batch run a second time (a retry) finds its reminders sent.
            self.assertEqual(self._perform(jobs[0]), 0)
            self.assertFalse(self._new_mails)
            self.assertEqual(self._perform(jobs[1]), 1)
        reminders = self.Reminder.search([("sale_line_id", "in", lines.ids)])
        self.assertEqual(reminders.sale_line_id, lines)
        self.assertEqual(set(reminders.mapped("channels")), {"email, sms"})

    def test_reminder_messages_go_out_on_their_channels(self):
        """A batch queues its emails and SMS for jobs on the email and SMS
        channels, whose capacities bound how fast they go out; Odoo's queues
        leave them to those jobs (and would send the emails after a hold,
        were the jobs never run)."""
        lines = self._bought(self.ring, BOUGHT, RECEIVED)
        lines |= self._bought(self.ring, BOUGHT, RECEIVED)
        with freeze_time(RETURN_REMINDER_DAY):
            self.Reminder._send_due_reminders(policy.REMIND_RETURN)
            self.assertEqual(self._perform(self._jobs("_aftersales_send_reminders")), 2)
            mails = self._new_mails
            self.assertEqual(len(mails), 2)
            self.assertEqual(set(mails.mapped("state")), {"outgoing"})
            self.assertEqual(
                set(mails.mapped("scheduled_date")),
                {RETURN_REMINDER_DAY.replace(tzinfo=None) + timedelta(hours=6)},
                "kept out of Odoo's mail queue",
            )
            with self.mock_mail_gateway():
                self.env["mail.mail"].process_email_queue()
            self.assertEqual(set(mails.mapped("state")), {"outgoing"})
            self.assertFalse(
                self.env["sms.sms"].search([("number", "=", "+33611223344")])
            )
            email_job = self._jobs("_aftersales_send_queued")
            sms_job = self._jobs("_aftersales_send_new")
            self.assertEqual(
                (email_job.channel, sms_job.channel),
                ("root.aftersales.email", "root.aftersales.sms"),
            )
            self.assertEqual(email_job.records, mails)
            self.assertTrue(
                email_job.job_function_id.allow_commit, "one email at a time"
            )
            # As in production, the SMS sent are left for Odoo to delete.
            with self.mock_mail_gateway(), self.mockSMSGateway(sms_allow_unlink=True):
                self.assertEqual(Job.load(self.env, email_job.uuid).perform(), 2)
                self.assertEqual(len(self._mails), 2)
                self.assertEqual(Job.load(self.env, sms_job.uuid).perform(), 2)
                self.assertEqual(
                    [sms["number"] for sms in self._sms], ["+33611223344"] * 2
                )
                # A retry of the email job after a crash sends nothing twice.
                self.assertEqual(Job.load(self.env, email_job.uuid).perform(), 0)
                self.assertEqual(len(self._mails), 2)
        # (the job ran on a cursor of its own, to commit after each email)
        mails.invalidate_recordset()
        self.assertEqual(set(mails.mapped("state")), {"sent"})

    def test_sms_job_counts_what_the_provider_took(self):
        """The SMS the provider accepted are counted (Odoo deletes them
        later); one it refused stays, in error, for staff to see."""
        self.env["sms.sms"]._aftersales_queue(
            [
                {"number": number, "body": "Sparklife", "state": "outgoing"}
                for number in ("+33611223344", "+33622334455")
            ]
        )
        job = Job.load(self.env, self._jobs("_aftersales_send_new").uuid)
        with self.mockSMSGateway(
            sms_allow_unlink=True, nbr_t_error={"+33622334455": "wrong_number_format"}
        ):
            self.assertEqual(job.perform(), 1)
        refused = self.env["sms.sms"].search([("number", "=", "+33622334455")])
        self.assertEqual(
            (refused.state, refused.failure_type), ("error", "sms_number_format")
        )

    def test_escalation_is_one_job_while_it_waits(self):
        Ticket = self.env["helpdesk.ticket"]
        Ticket._cron_aftersales_escalate()
        Ticket._cron_aftersales_escalate()
        job = self._jobs("_aftersales_escalate_due")
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.aftersales")
        self.assertEqual(self._perform(job), 0, "nothing to escalate")

    def _failed_mails(self, count):
        return self.env["mail.mail"].create(
            [
                {
                    "subject": f"Your request {n}",
                    "body_html": "<p>Hello</p>",
                    "email_to": f"customer{n}@example.com",
                    "state": "exception",
                    "failure_type": "mail_smtp",
                    "auto_delete": False,
                }
                for n in range(count)
            ]
        )

    def test_unsent_emails_wait_for_the_server_and_go_once(self):
        # Emails that installing the demo data could not send stay out.
        self.env["mail.mail"].search([("state", "=", "exception")]).write(
            {"state": "cancel"}
        )
        mails = self._failed_mails(2)
        Mail = self.env["mail.mail"]
        self.assertEqual(Mail._cron_aftersales_retry_unsent(), 2)
        self.assertEqual(Mail._cron_aftersales_retry_unsent(), 2)
        job_record = self._jobs("_aftersales_send_again")
        self.assertEqual(len(job_record), 1, "queued once while it waits")
        self.assertEqual(job_record.channel, "root.aftersales.email")
        self.assertEqual(job_record.max_retries, 0, "never given up")
        job = Job.load(self.env, job_record.uuid)
        server_down = ConnectionRefusedError("Connection refused")
        with (
            self.mock_mail_gateway(),
            patch.object(
                type(self.env["ir.mail_server"]), "_connect__", side_effect=server_down
            ),
        ):
            # Past the default five tries, still to be tried again.
            for _ in range(7):
                with self.assertRaises(RetryableJobError):
                    job.perform()
            self.assertFalse(self._mails, "nothing sent while the server is down")
        mails.invalidate_recordset()
        self.assertEqual(mails.mapped("state"), ["exception", "exception"])
        # The back-off of the channel's jobs: five minutes after five tries.
        self.assertEqual(job._get_retry_seconds(), 300)
        with self.mock_mail_gateway():
            self.assertEqual(job.perform(), 2)
            self.assertEqual(
                sorted(mail["email_to"][0] for mail in self._mails),
                ["customer0@example.com", "customer1@example.com"],
            )
            # Run again (a retry after a crash): nothing goes twice.
            self.assertEqual(job.perform(), 0)
            self.assertEqual(len(self._mails), 2)
        mails.invalidate_recordset()
        self.assertEqual(mails.mapped("state"), ["sent", "sent"])

    def test_without_queue_job_the_cron_does_the_work(self):
        self.env["ir.config_parameter"].sudo().set_param(JOBS_PARAM, "False")
        line = self._bought(self.ring, BOUGHT, RECEIVED)
        with (
            freeze_time(RETURN_REMINDER_DAY),
            self.mock_mail_gateway(),
            self.mockSMSGateway(),
        ):
            self.assertEqual(self.Reminder._send_due_reminders(policy.REMIND_RETURN), 1)
        self.assertFalse(self._jobs("_aftersales_send_reminders"))
        self.assertEqual(
            self.Reminder.search([("sale_line_id", "=", line.id)]).kind,
            policy.REMIND_RETURN,
        )
        self.assertEqual(date(2026, 2, 11), line.aftersales_return_end)
