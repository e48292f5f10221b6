# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: returns. *Authorize return* creates and confirms the RMA
(OCA's) that tells the customer where to send the item."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import RETURN_OPERATIONS, RETURN_SERVICES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_return_authorized_on = fields.Datetime(
        string="Return Authorized On", readonly=True, copy=False, tracking=True
    )

    aftersales_rma_ids = fields.One2many(
        comodel_name="rma",
        inverse_name="aftersales_ticket_id",
        string="Returns (RMA)",
        readonly=True,
    )

    aftersales_rma_count = fields.Integer(
        string="Returns", compute="_compute_aftersales_rma_count"
    )

    @api.depends("aftersales_rma_ids")
    def _compute_aftersales_rma_count(self):
        for ticket in self:
            ticket.aftersales_rma_count = len(ticket.aftersales_rma_ids)

    def action_aftersales_authorize_return(self):
        """Authorize the return the policy allows: the RMA is created and
        confirmed, which tells the customer where to send the item."""
        self._aftersales_check_user()
        engine = self.env["sparklife.aftersales.policy"]
        rmas = self.env["rma"]
        for ticket in self:
            requested = ticket.aftersales_rma_ids.filtered(
                lambda r: r.state == "draft"
            )[:1]
            if (
                ticket.aftersales_return_authorized_on
                or ticket.aftersales_rma_ids.filtered(
                    lambda r: r.state not in ("draft", "cancelled")
                )
            ):
                raise UserError(
                    self.env._(
                        "The return of %(ticket)s is already authorized.",
                        ticket=ticket.display_name,
                    )
                )
            decision = ticket._aftersales_checked_decision()
            if ticket.aftersales_service not in RETURN_SERVICES:
                raise UserError(
                    self.env._(
                        "%(ticket)s is not a return request.",
                        ticket=ticket.display_name,
                    )
                )
            overridden = decision.is_refused and ticket._aftersales_overridden()
            if decision.is_refused and not overridden:
                raise ticket._aftersales_refusal_error(decision)
            pending = decision.pending_before_sending
            if pending and not overridden:
                raise UserError(
                    self.env._(
                        "The return of %(ticket)s cannot be authorized yet. "
                        "Still needed: %(pending)s.",
                        ticket=ticket.display_name,
                        pending=engine.describe_requirements(decision, pending),
                    )
                )
            # A return asked from the portal has its RMA already, in draft.
            rma = requested or ticket._aftersales_create_rma()
            rma.action_confirm()
            rmas |= rma
            ticket.aftersales_return_authorized_on = fields.Datetime.now()
            ticket._aftersales_sync_stage()
            ticket.message_post(
                body=self.env._(
                    "Return authorized by %(user)s: %(reason)s %(rma)s tells the "
                    "customer where to send the item.",
                    user=self.env.user.name,
                    reason=engine.describe(decision),
                    rma=rma._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if len(rmas) == 1:
            return self.action_aftersales_view_rmas()
        return True

    def _aftersales_create_rma(self):
        """The RMA of this return request, for one unit of the item as it was
        delivered; the customer follows it, so that it is on their portal."""
        self.ensure_one()
        line = self.aftersales_sale_line_id
        move = line.move_ids.filtered(
            lambda m: m.state == "done" and m.picking_code == "outgoing"
        ).sorted("date")[-1:]
        rma = self.env["rma"].create(
            {
                "partner_id": line.order_id.partner_id.id,
                "order_id": line.order_id.id,
                "picking_id": move.picking_id.id,
                "move_id": move.id,
                "product_id": line.product_id.id,
                "product_uom_qty": 1,
                "product_uom": line.product_uom_id.id,
                "operation_id": self.env.ref(
                    RETURN_OPERATIONS.get(
                        self.aftersales_service,
                        "sparklife_aftersales.rma_operation_aftersales_return",
                    )
                ).id,
                "company_id": line.company_id.id,
                "origin": self.number,
                "aftersales_ticket_id": self.id,
                "aftersales_line_id": line.id,
                "description": self.description,
            }
        )
        rma.message_subscribe(partner_ids=line.order_id.partner_id.ids)
        return rma

    def action_aftersales_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        if len(self.aftersales_rma_ids) == 1:
            action.update(
                res_id=self.aftersales_rma_ids.id,
                view_mode="form",
                views=[(False, "form")],
            )
        else:
            action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"default_aftersales_ticket_id": self.id}
        return action
