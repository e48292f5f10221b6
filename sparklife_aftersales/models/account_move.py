# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoices and credit notes of after-sales services name their request, and
move it on when they are posted and paid."""

from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service request",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The after-sales request this invoice or credit note is about.",
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._aftersales_sync_stages()
        return posted

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        self._aftersales_sync_stages()
        return result

    def _aftersales_sync_stages(self):
        """The requests these documents bill move on (waiting for payment,
        then done once paid). sudo: accountants post and reconcile without
        rights on requests."""
        tickets = self.sudo().aftersales_ticket_id
        if tickets:
            tickets._aftersales_sync_stage()
