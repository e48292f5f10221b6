# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..const import SERVICE_KINDS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_covered = fields.Boolean(
        string="Covered by after-sales",
        tracking=True,
        help="Pieces of this product are purchased items: each sale has its "
        "warranty, free resizes, returns and services. Its past sales are "
        "covered too from the day it is ticked.",
    )
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
