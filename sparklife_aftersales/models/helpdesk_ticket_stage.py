# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stages of service requests: which step of the work each one stands for.

A request moves to the stage flagged for its step when something happens to
it (approval, quotation, acceptance, invoice, payment, the piece received or
shipped back, the return closed); staff can still move a card by hand.
"""

from odoo import api, fields, models

from ..const import STEP_FLAGS


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    aftersales_work_started = fields.Boolean(
        string="Work under way",
        help="After-sales requests move to this stage when they are approved "
        "or quoted, when the customer accepts the quotation, when the piece "
        "reaches the workshop, or when their return is authorized.",
    )
    aftersales_waiting_customer = fields.Boolean(
        string="Waiting for the customer",
        help="After-sales requests move to this stage when a quotation waits "
        "for the customer's acceptance or an invoice for their payment.",
    )
    aftersales_work_done = fields.Boolean(
        string="Work done",
        help="Requests in this stage had their service carried out: they move "
        "here once the piece is shipped back (and paid, for a paid service) or "
        "their return is closed. A paid service the customer accepted gets "
        "here only once paid, when the company asks for it.",
    )

    @api.model
    def _aftersales_stage_for(self, step, team):
        """The first stage flagged for ``step`` that ``team`` uses."""
        flag = STEP_FLAGS[step]
        stages = self.search([(flag, "=", True)], order="sequence, id")
        return stages.filtered(
            lambda stage: not stage.team_ids or team in stage.team_ids
        )[:1]
