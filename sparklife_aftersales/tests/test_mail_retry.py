# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Emails the mail server could not take are queued again, once it may be
back; emails refused for their address are not."""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMailRetry(TransactionCase):
    def _mail(self, **values):
        return self.env["mail.mail"].create(
            {
                "subject": "Your request",
                "body_html": "<p>Hello</p>",
                "email_to": "customer@example.com",
                **values,
            }
        )

    def test_only_emails_the_server_never_took_are_queued_again(self):
        # Emails that installing the demo data could not send (Odoo's own
        # accounting demo assigns activities) stay out of the count.
        self.env["mail.mail"].search([("state", "=", "exception")]).write(
            {"state": "cancel"}
        )
        unreachable = self._mail(state="exception", failure_reason="Connection refused")
        smtp = self._mail(state="exception", failure_type="mail_smtp")
        invalid = self._mail(state="exception", failure_type="mail_email_invalid")
        sent = self._mail(state="sent")
        old = self._mail(state="exception")
        self.env.cr.execute(
            "UPDATE mail_mail SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=3), old.id],
        )
        old.invalidate_recordset(["create_date"])
        Mail = self.env["mail.mail"]
        self.assertEqual(Mail._cron_aftersales_retry_unsent(), 2)
        self.assertEqual((unreachable | smtp).mapped("state"), ["outgoing", "outgoing"])
        self.assertFalse(unreachable.failure_reason)
        self.assertEqual(invalid.state, "exception", "a refused address stays")
        self.assertEqual(sent.state, "sent")
        self.assertEqual(old.state, "exception", "too old: a person looks at it")
        # Queued again once: the next run finds nothing.
        self.assertEqual(Mail._cron_aftersales_retry_unsent(), 0)
