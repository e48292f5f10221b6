# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    adjustable = fields.Boolean(
        help="The size of this jewelry can be adjusted (rings, some bracelets): "
        "it is entitled to free resizes after purchase.",
        tracking=True,
    )
