# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SMS the addon sends, on queue_job: a job on ``root.aftersales.sms``
creates and sends them, so that the channel's capacity bounds how fast they
go out (Odoo's SMS queue would otherwise take them all at once)."""

from odoo import api, models

from odoo.addons.queue_job.job import identity_exact

from .batching import jobs_enabled


class SmsSms(models.Model):
    _inherit = "sms.sms"

    @api.model
    def _aftersales_queue(self, vals_list):
        """Queue these SMS (``sms.sms`` values): on queue_job, as a job on
        the SMS channel, written in this transaction (nothing is lost if it
        fails, nothing sent if it is rolled back); otherwise for Odoo's SMS
        queue. Returns the SMS created now (none on queue_job)."""
        if not vals_list:
            return self.browse()
        if jobs_enabled(self.env):
            self.with_delay(identity_key=identity_exact)._aftersales_send_new(vals_list)
            return self.browse()
        return self.sudo().create(vals_list)

    @api.model
    def _aftersales_send_new(self, vals_list):
        """The job of :meth:`_aftersales_queue`: create the SMS and send
        them at once, before Odoo's SMS queue sees them. Returns how many
        were sent (an SMS the provider refused is kept, in error)."""
        texts = self.sudo().create(vals_list)
        texts._send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        return len(texts.exists().filtered(lambda sms: sms.state != "error"))
