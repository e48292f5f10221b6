# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

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
