# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Product categories: the kinds of pieces. Whether a kind is covered by
after-sales (its products follow, unless set otherwise on the product), and
whether it can be resized at all (earrings cannot)."""

from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_covered = fields.Boolean(
        string="Covered by after-sales",
        tracking=True,
        help="The jewelry of this category is covered by after-sales: each "
        "sale has its warranty, free resizes, returns and services. A "
        "product may say otherwise on its own form. Subcategories have "
        "their own setting.",
    )
    aftersales_resizable = fields.Boolean(
        string="Can be resized",
        default=True,
        tracking=True,
        help="Pieces of this category can be resized (rings, bracelets). "
        "Untick it for pieces that have no size (earrings, pendants): a "
        "resize is then not offered for them.",
    )
