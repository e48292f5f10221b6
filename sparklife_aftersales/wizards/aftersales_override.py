# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SparklifeAftersalesOverride(models.TransientModel):
    _name = "sparklife.aftersales.override"
    _description = "Override of an after-sales refusal"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", string="Request")
    rma_id = fields.Many2one(comodel_name="rma", string="Return")
    aftersales_reason = fields.Char(string="Why", compute="_compute_eligibility_reason")
    reason = fields.Text(
        required=True,
        help="Why the request goes ahead despite the policy: kept in the "
        "request's history.",
    )

    _one_record = models.Constraint(
        "CHECK((ticket_id IS NULL) != (rma_id IS NULL))",
        "An override is about one request or one return.",
    )

    @api.depends("ticket_id", "rma_id")
    def _compute_eligibility_reason(self):
        for wizard in self:
            wizard.aftersales_reason = (
                wizard.ticket_id.aftersales_reason or wizard.rma_id.aftersales_reason
            )

    def action_confirm(self):
        self.ensure_one()
        (self.ticket_id or self.rma_id)._aftersales_override(self.reason)
        return {"type": "ir.actions.act_window_close"}
