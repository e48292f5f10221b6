# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests instead of a refund: an exchange (another size of the
piece, or another piece) and a trade-up (the piece credited at its price paid
towards a dearer one). Both are returns: the piece comes back on an RMA; the
request names the new piece, and the engine decides with what the customer
chose."""

import dataclasses

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import policy

#: The services of this file, whose request names a new piece.
NEW_PIECE_SERVICES = (policy.EXCHANGE, policy.TRADE_UP)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    aftersales_new_product_id = fields.Many2one(
        comodel_name="product.product",
        string="New piece",
        tracking=True,
        domain="[('sale_ok', '=', True), ('type', '=', 'consu')]",
        help="The piece the customer gets instead: another size of the item, "
        "another piece, or for a trade-up a piece of the programme.",
    )
    aftersales_size_exchange = fields.Boolean(
        string="Size exchange",
        compute="_compute_aftersales_size_exchange",
        help="The new piece is another size of the same product.",
    )
    aftersales_resize_declined = fields.Boolean(
        string="Free resize declined",
        tracking=True,
        help="The customer was offered the free resize of the piece and "
        "prefers another size.",
    )
    aftersales_new_price = fields.Monetary(
        string="Price of the new piece",
        compute="_compute_aftersales_new_price",
        currency_field="aftersales_currency_id",
        help="One unit, taxes included, as the item's order sells it today.",
    )
    aftersales_price_difference = fields.Monetary(
        string="To pay (or refund if negative)",
        compute="_compute_aftersales_new_price",
        currency_field="aftersales_currency_id",
        help="The new piece's price less what the returned one was paid "
        "(credited in full for a trade-up).",
    )
    aftersales_exchange_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order of the new piece",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.depends("aftersales_new_product_id", "aftersales_sale_line_id.product_id")
    def _compute_aftersales_size_exchange(self):
        for ticket in self:
            old = ticket.aftersales_sale_line_id.product_id
            new = ticket.aftersales_new_product_id
            ticket.aftersales_size_exchange = bool(
                new
                and old
                and new != old
                and new.product_tmpl_id == old.product_tmpl_id
            )

    @api.depends("aftersales_new_product_id", "aftersales_sale_line_id")
    def _compute_aftersales_new_price(self):
        for ticket in self:
            line = ticket.aftersales_sale_line_id.sudo()
            new = ticket.aftersales_new_product_id
            if not (line and new):
                ticket.aftersales_new_price = 0.0
                ticket.aftersales_price_difference = 0.0
                continue
            price = line._aftersales_price_of(new)
            ticket.aftersales_new_price = price
            ticket.aftersales_price_difference = (
                price - line._aftersales_unit_price_paid()
            )

    @api.constrains("aftersales_new_product_id", "aftersales_service")
    def _check_aftersales_new_product_id(self):
        for ticket in self.filtered("aftersales_new_product_id"):
            new = ticket.aftersales_new_product_id
            if ticket.aftersales_service not in NEW_PIECE_SERVICES:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s: only an exchange or a trade-up names a new piece.",
                        ticket=ticket.display_name,
                    )
                )
            if (
                ticket.aftersales_service == policy.TRADE_UP
                and not new.product_tmpl_id.aftersales_trade_up
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s is not part of the trade-up programme.",
                        product=new.display_name,
                    )
                )
            if new == ticket.aftersales_sale_line_id.product_id:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s: the new piece is the one returned; choose "
                        "another size or another piece.",
                        ticket=ticket.display_name,
                    )
                )

    def _aftersales_request(self):
        return dataclasses.replace(
            super()._aftersales_request(), **self._aftersales_choices()
        )

    def _aftersales_choices(self):
        """What the customer chose about the new piece, for the engine."""
        if not self:
            return {}
        self.ensure_one()
        if self.aftersales_service not in NEW_PIECE_SERVICES:
            return {}
        return {
            "size_exchange": self.aftersales_size_exchange,
            "resize_declined": self.aftersales_resize_declined,
            "new_price": (
                self.aftersales_new_price if self.aftersales_new_product_id else None
            ),
        }
