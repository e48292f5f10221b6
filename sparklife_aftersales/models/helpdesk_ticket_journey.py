# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests: the piece's journey (to the workshop and back) and the
stage each request has reached, moved as its work goes."""

from odoo import api, fields, models

from .. import policy
from ..const import RETURN_CLOSED_STATES, RETURN_SERVICES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # What the workshop job's transfers say of the piece's journey; a return's
    # piece is received by its RMA (see rma.update_received_state_on_reception).
    aftersales_inbound_carrier = fields.Char(
        string="Carrier (to us)", compute="_compute_journey", store=True
    )

    aftersales_inbound_tracking_ref = fields.Char(
        string="Tracking (to us)", compute="_compute_journey", store=True
    )

    aftersales_inbound_received_date = fields.Date(
        string="Received at workshop",
        compute="_compute_journey",
        store=True,
        readonly=False,
        tracking=True,
    )

    aftersales_outbound_carrier = fields.Char(
        string="Carrier (back)", compute="_compute_journey", store=True
    )

    aftersales_outbound_tracking_ref = fields.Char(
        string="Tracking (back)", compute="_compute_journey", store=True
    )

    aftersales_outbound_shipped_date = fields.Date(
        string="Shipped back on",
        compute="_compute_journey",
        store=True,
        tracking=True,
    )

    aftersales_shipping_cost = fields.Monetary(
        string="Shipping cost borne",
        currency_field="aftersales_currency_id",
        groups="sparklife_aftersales.group_aftersales_manager",
        help="What shipping cost the company when it pays shipping (warranty, "
        "quality issues): no fee is charged to the customer.",
    )

    @api.depends(
        "aftersales_repair_ids.state",
        "aftersales_repair_ids.aftersales_delivery_id",
        "aftersales_repair_ids.aftersales_receipt_id.date_done",
        "aftersales_repair_ids.aftersales_receipt_id.carrier_id",
        "aftersales_repair_ids.aftersales_receipt_id.carrier_tracking_ref",
        "aftersales_repair_ids.aftersales_delivery_id.date_done",
        "aftersales_repair_ids.aftersales_delivery_id.carrier_id",
        "aftersales_repair_ids.aftersales_delivery_id.carrier_tracking_ref",
    )
    def _compute_journey(self):
        for ticket in self:
            # A cancelled job still tells the journey of a piece it sends
            # back (an assessment refused).
            job = ticket.aftersales_repair_ids.filtered(
                lambda j: j.state != "cancel" or j.aftersales_delivery_id
            ).sorted("id")[-1:]
            receipt = job.aftersales_receipt_id
            delivery = job.aftersales_delivery_id
            ticket.aftersales_inbound_carrier = receipt.carrier_id.name
            ticket.aftersales_inbound_tracking_ref = receipt.carrier_tracking_ref
            ticket.aftersales_outbound_carrier = delivery.carrier_id.name
            ticket.aftersales_outbound_tracking_ref = delivery.carrier_tracking_ref
            ticket.aftersales_outbound_shipped_date = ticket._aftersales_local_date(
                delivery.date_done
            )
            if job:
                ticket.aftersales_inbound_received_date = ticket._aftersales_local_date(
                    receipt.date_done
                )
            else:
                # No job: a return, whose RMA records the receipt.
                ticket.aftersales_inbound_received_date = (
                    ticket.aftersales_inbound_received_date
                )

    def _aftersales_local_date(self, moment):
        """The day ``moment`` falls on for the company."""
        if not moment:
            return False
        tz = self.company_id.partner_id.tz or "UTC"
        return policy.local_date(moment, tz)

    def _aftersales_step(self):
        """The step this request has reached, from what happened to it:
        ``progress`` (approved or quoted, accepted, the piece received, the
        return authorized), ``awaiting`` (a quotation to accept, an invoice to
        pay), ``done`` (shipped back, and paid for a paid service; the return
        settled), or None (nothing happened yet)."""
        self.ensure_one()
        service = self.aftersales_service
        if not service or service in policy.CUSTOMER_SERVICE:
            return None
        if service in RETURN_SERVICES:
            rmas = self.aftersales_rma_ids.filtered(lambda r: r.state != "cancelled")
            if rmas and all(r.state in RETURN_CLOSED_STATES for r in rmas):
                return "done"
            return "progress" if self.aftersales_return_authorized_on else None
        shipped_back = bool(self.aftersales_outbound_shipped_date)
        order = self.aftersales_sale_order_id
        if order and order.state != "cancel":
            if order.state == "draft":
                return "progress"
            if order.state == "sent":
                return "awaiting"
            billing = self.aftersales_billing_state
            if billing == "paid":
                return "done" if shipped_back else "progress"
            if billing in ("not_paid", "partial"):
                return "awaiting"
            return "progress"
        if shipped_back:
            return "done"
        if self.aftersales_approved_on or self.aftersales_inbound_received_date:
            return "progress"
        return None

    def _aftersales_sync_stage(self):
        """Move each request to the stage flagged for its step. Requests in a
        closed stage stay there, and a step without a flagged stage moves
        nothing: staff keep the last word."""
        Stage = self.env["helpdesk.ticket.stage"]
        stages = {}
        for ticket in self:
            if ticket.stage_id.closed:
                continue
            step = ticket._aftersales_step()
            if not step:
                continue
            key = (step, ticket.team_id.id)
            if key not in stages:
                stages[key] = Stage._aftersales_stage_for(step, ticket.team_id)
            stage = stages[key]
            if stage and stage != ticket.stage_id:
                ticket.stage_id = stage
