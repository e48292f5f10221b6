# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Emails sent in bulk are created already in their layout: the rows are
written once, and the message kept with each holds only what was written
(see :func:`.customer_messages.mail_customers`)."""

from odoo import api, models

from .customer_messages import BULK_LAYOUT_CONTEXT, wrap_in_layout


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        template_id = self.env.context.get(BULK_LAYOUT_CONTEXT)
        if template_id:
            wrap_in_layout(self.env["mail.template"].browse(template_id), vals_list)
        return super().create(vals_list)
