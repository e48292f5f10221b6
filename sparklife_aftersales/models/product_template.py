# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

SERVICE_KINDS = [
    ("repair", "Jewelry repair"),
    ("resize", "Resize"),
    ("resize_redesign", "Resize with redesign"),
    ("accessory_repair", "Accessory repair"),
    ("accessory_replacement", "Accessory replacement"),
    ("repolishing", "Restoration: repolishing"),
    ("replating", "Restoration: replating"),
    ("shipping", "Shipping fee"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    adjustable = fields.Boolean(
        help="The size of this jewelry can be adjusted (rings, some bracelets): "
        "it is entitled to free resizes after purchase.",
        tracking=True,
    )
    aftersales_service_kind = fields.Selection(
        selection=SERVICE_KINDS,
        string="After-sales service",
        index="btree_not_null",
        tracking=True,
        help="The paid after-sales service this product invoices; service "
        "quotations of requests take their products from here.",
    )


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _aftersales_shipping_fee(self):
        """The product of shipping fees: charged on quotations when the
        customer pays shipping, reimbursed on refunds when the company does."""
        shipping = self.search([("aftersales_service_kind", "=", "shipping")], limit=1)
        if not shipping:
            raise UserError(
                self.env._(
                    "No shipping fee product: mark a service product as "
                    "'Shipping fee' in its after-sales service."
                )
            )
        return shipping
