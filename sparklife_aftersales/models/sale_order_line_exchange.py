# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Instead of a refund: what a purchased item is worth in an exchange or a
trade-up, and the pieces it can be exchanged for. A piece given in exchange
is an item of its own (a line of the exchange order) that remembers the one
it replaced: the policy covers it from its own delivery."""

from odoo import fields, models
from odoo.fields import Domain

from .. import policy


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_exchange_of_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Exchanged for",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The purchased item this piece replaced in an exchange: the piece "
        "is covered from the day it is delivered.",
    )

    def _aftersales_unit_price_paid(self):
        """What one unit of this item was paid, taxes included."""
        self.ensure_one()
        return self.price_total / self.product_uom_qty if self.product_uom_qty else 0.0

    def _aftersales_price_of(self, product):
        """One unit of ``product`` as this item's order would sell it today,
        taxes included: the same price list, fiscal position and customer."""
        self.ensure_one()
        order = self.order_id
        price = (
            order.pricelist_id._get_product_price(
                product, 1.0, currency=order.currency_id
            )
            if order.pricelist_id
            else product.lst_price
        )
        taxes = order.fiscal_position_id.map_tax(
            product.taxes_id._filter_taxes_by_company(self.company_id)
        )
        return taxes.compute_all(
            price, order.currency_id, 1.0, product, order.partner_id
        )["total_included"]

    def _aftersales_exchange_products(self):
        """The pieces this item can be exchanged for: its other sizes first,
        then the other pieces of its category the shop sells."""
        self.ensure_one()
        product = self.product_id
        sizes = product.product_variant_ids - product
        others = self.env["product.product"].search(
            Domain("sale_ok", "=", True)
            & Domain("type", "=", "consu")
            & Domain("product_tmpl_id.aftersales_covered", "=", True)
            & Domain("categ_id", "=", product.categ_id.id)
            & Domain("product_tmpl_id", "!=", product.product_tmpl_id.id)
            & Domain("company_id", "in", [self.company_id.id, False]),
            order="name",
        )
        return sizes | others

    def _aftersales_trade_up_products(self):
        """The pieces of the trade-up programme this item can be traded up
        for: those the policy engine accepts at their price (the ratio is
        the engine's rule, asked here as everywhere)."""
        self.ensure_one()
        candidates = self.env["product.product"].search(
            Domain("sale_ok", "=", True)
            & Domain("product_tmpl_id.aftersales_trade_up", "=", True)
            & Domain("company_id", "in", [self.company_id.id, False])
            & Domain("id", "!=", self.product_id.id),
            order="list_price",
        )
        item = self._aftersales_item()
        settings = self.company_id._aftersales_policy_settings()
        now = fields.Datetime.now()
        return candidates.filtered(
            lambda product: not policy.evaluate(
                item,
                policy.TRADE_UP,
                now,
                settings,
                policy.Request(new_price=self._aftersales_price_of(product)),
            ).is_refused
        )

    def _aftersales_new_piece_offers(self, services):
        """For the portal's form: the pieces offered instead of a refund, for
        those of ``services`` that are an exchange or a trade-up, as
        ``{service: [(product, price, difference)]}`` (taxes included; the
        difference is what the customer pays, negative when refunded)."""
        self.ensure_one()
        paid = self._aftersales_unit_price_paid()
        offers = {}
        for service, products in (
            (policy.EXCHANGE, self._aftersales_exchange_products),
            (policy.TRADE_UP, self._aftersales_trade_up_products),
        ):
            if service not in services:
                continue
            offers[service] = [
                (product, price, price - paid)
                for product in products()
                for price in [self._aftersales_price_of(product)]
            ]
        return offers
