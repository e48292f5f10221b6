# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A request for an appraisal: the appraiser opens the piece's appraisal
from it, the request and the piece filled in."""

from odoo import api, fields, models

from .. import policy


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_appraisal_ids = fields.One2many(
        comodel_name="sparklife.aftersales.appraisal",
        inverse_name="ticket_id",
        string="Appraisals",
    )
    aftersales_appraisal_count = fields.Integer(
        compute="_compute_aftersales_appraisal_count"
    )

    @api.depends("aftersales_appraisal_ids")
    def _compute_aftersales_appraisal_count(self):
        for ticket in self:
            ticket.aftersales_appraisal_count = len(ticket.aftersales_appraisal_ids)

    def action_aftersales_appraise(self):
        """The appraisal this request asks for: the one begun, or a new one."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_aftersales_appraisals"
        )
        action["context"] = {
            "default_ticket_id": self.id,
            "default_lot_id": self.aftersales_lot_id.id
            or self.aftersales_sale_line_id.aftersales_lot_ids[:1].id,
            "default_company_id": self.company_id.id,
        }
        appraisal = self.aftersales_appraisal_ids[:1]
        action.update(
            {"views": [(False, "form")], "view_mode": "form", "res_id": appraisal.id}
        )
        return action

    def _aftersales_is_appraisal(self):
        return self.aftersales_service == policy.APPRAISAL
