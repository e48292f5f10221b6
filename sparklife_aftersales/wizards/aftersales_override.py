# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SparklifeAftersalesOverride(models.TransientModel):
    _name = "sparklife.aftersales.override"
    _description = "Override of an after-sales refusal"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Request", required=True
    )
    eligibility_reason = fields.Char(related="ticket_id.eligibility_reason")
    reason = fields.Text(
        required=True,
        help="Why the request goes ahead despite the policy: kept in the "
        "request's history.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._aftersales_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
