# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who owns a purchased item: its buyer, then whoever accepted it from the
owner before them. The owner is the item's customer for every service
(requests, care plan, reminders, warranty card, portal); the windows bound
to the purchase stay the first buyer's (the policy engine, through
:attr:`aftersales_transferred_on`)."""

from odoo import api, fields, models
from odoo.fields import Domain

from .. import policy
from ..const import RETURN_CLOSED_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_transfer_ids = fields.One2many(
        comodel_name="sparklife.aftersales.transfer",
        inverse_name="sale_line_id",
        string="Ownership transfers",
        readonly=True,
    )
    aftersales_owner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Owner",
        compute="_compute_aftersales_owner",
        store=True,
        index=True,
        help="Who the piece belongs to: its buyer, or the last person who "
        "accepted it from its owner. The customer of its after-sales services.",
    )
    aftersales_transferred_on = fields.Date(
        string="Changed hands on",
        compute="_compute_aftersales_owner",
        store=True,
        help="The day the piece first passed from its buyer to a new owner: "
        "the free resize and the return were the buyer's.",
    )

    @api.depends(
        "order_id.partner_id",
        "aftersales_transfer_ids.state",
        "aftersales_transfer_ids.to_partner_id",
        "aftersales_transfer_ids.done_on",
        "order_id.company_id.partner_id.tz",
    )
    def _compute_aftersales_owner(self):
        for line in self:
            accepted = line.aftersales_transfer_ids.filtered(
                lambda t: t.state == "accepted"
            ).sorted(lambda t: (t.done_on, t.id))
            line.aftersales_owner_id = (
                accepted[-1:].to_partner_id or line.order_id.partner_id
            )
            line.aftersales_transferred_on = accepted and policy.local_date(
                accepted[0].done_on, line.company_id._aftersales_timezone()
            )

    def _mail_get_partner_fields(self, introspect_fields=False):
        """Messages about an item go to its owner: the language a template
        without one of its own (an SMS template) is rendered in is hers."""
        return ["aftersales_owner_id"]

    def _aftersales_pending_transfer(self):
        """The offer of this item still waiting for an answer, if any."""
        self.ensure_one()
        return self.sudo().aftersales_transfer_ids.filtered(
            lambda t: t.state == "pending" and not t._aftersales_is_past()
        )[:1]

    def _aftersales_transfer_refusal(self, partner):
        """Why ``partner`` cannot offer this item to someone else now, as a
        sentence they can read, or None when they can."""
        self.ensure_one()
        line = self.sudo()
        if (
            not line.is_aftersales_item
            or line.aftersales_owner_id.commercial_partner_id
            != partner.commercial_partner_id
        ):
            return self.env._("This piece is not yours to hand over.")
        if line.product_uom_qty != 1:
            return self.env._(
                "This item holds several pieces: please contact us to hand one "
                "of them over."
            )
        if line.aftersales_lot_ids._aftersales_missing():
            return self.env._(
                "This piece is reported lost or stolen: it cannot be handed over "
                "until it is recovered."
            )
        pending = line._aftersales_pending_transfer()
        if pending:
            return self.env._(
                "This piece is already offered to %(email)s: withdraw that "
                "offer first.",
                email=pending.to_email,
            )
        open_cases = self.env["helpdesk.ticket"].sudo().search_count(
            [
                ("aftersales_sale_line_id", "=", line.id),
                ("stage_id.closed", "=", False),
            ]
        ) + self.env["rma"].sudo().search_count(
            [
                ("aftersales_line_id", "=", line.id),
                ("state", "not in", (*RETURN_CLOSED_STATES, "cancelled")),
            ]
        )
        if open_cases:
            return self.env._(
                "This piece has a request in progress: it can be handed over "
                "once that request is closed."
            )
        return None

    def _aftersales_owner_history(self):
        """The piece's owners, first to last, as ``(partner, since)`` pairs
        (``since`` a date; the buyer's is the purchase date)."""
        self.ensure_one()
        line = self.sudo()
        history = [(line.order_id.partner_id, line.aftersales_purchase_date)]
        timezone = line.company_id._aftersales_timezone()
        for transfer in line.aftersales_transfer_ids.filtered(
            lambda t: t.state == "accepted"
        ).sorted(lambda t: (t.done_on, t.id)):
            history.append(
                (transfer.to_partner_id, policy.local_date(transfer.done_on, timezone))
            )
        return history

    def _aftersales_owner_appraisals(self):
        """The issued appraisals of this item's pieces that its owner sees:
        those made since the piece is theirs (with sudo)."""
        if not self:
            return self.env["sparklife.aftersales.appraisal"].sudo()
        self.ensure_one()
        line = self.sudo()
        since = line._aftersales_owner_history()[-1][1]
        return (
            self.env["sparklife.aftersales.appraisal"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", line.aftersales_lot_ids.ids),
                    ("state", "in", ("issued", "expired", "superseded")),
                    ("date", ">=", since or False),
                ],
                order="date desc, id desc",
            )
        )

    @api.model
    def _aftersales_owned_by(self, partner):
        """The purchased items ``partner``'s company owns, as a domain."""
        return Domain("is_aftersales_item", "=", True) & Domain(
            "aftersales_owner_id", "child_of", partner.commercial_partner_id.id
        )
