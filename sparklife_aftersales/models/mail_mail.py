# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nothing lost when the outgoing mail server is down: Odoo marks the emails
it could not hand to the server as failed and never tries them again. A job
puts those back in the queue (only those the server never received: a
failed connection, not a refused address), so each goes once the server is
back."""

from datetime import timedelta

from odoo import api, fields, models

#: Emails older than this are not tried again: a person looks at them.
RETRY_DAYS = 2


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def _cron_aftersales_retry_unsent(self):
        """Queue again the emails that failed because the mail server could
        not be reached (Odoo leaves their failure type empty, or sets
        ``mail_smtp``); returns how many."""
        mails = self.sudo().search(
            [
                ("state", "=", "exception"),
                ("failure_type", "in", [False, "mail_smtp"]),
                (
                    "create_date",
                    ">=",
                    fields.Datetime.now() - timedelta(days=RETRY_DAYS),
                ),
            ]
        )
        mails.write(
            {"state": "outgoing", "failure_reason": False, "failure_type": False}
        )
        return len(mails)
