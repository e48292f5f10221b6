# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..const import COVERAGE_SELECTION, SERVICE_KINDS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_coverage = fields.Selection(
        selection=COVERAGE_SELECTION,
        string="After-sales coverage",
        default="category",
        required=True,
        tracking=True,
        help="Whether pieces of this product are covered by after-sales: as "
        "its category says, or covered or not whatever the category.",
    )
    aftersales_covered = fields.Boolean(
        string="Covered by after-sales",
        compute="_compute_aftersales_covered",
        inverse="_inverse_aftersales_covered",
        store=True,
        help="Pieces of this product are purchased items: each sale has its "
        "warranty, free resizes, returns and services. Its past sales are "
        "covered too from the day it is covered.",
    )
    aftersales_adjustable = fields.Boolean(
        string="Adjustable",
        help="The size of this jewelry can be adjusted (rings, some bracelets): "
        "it is entitled to free resizes after purchase.",
        tracking=True,
    )
    aftersales_resizable = fields.Boolean(
        string="Can be resized",
        compute="_compute_aftersales_resizable",
        help="Whether this kind of piece can be resized at all: set on its "
        "category (a product without category can be).",
    )
    aftersales_trade_up = fields.Boolean(
        string="Trade-up programme",
        tracking=True,
        help="Pieces of this product, with their grading certificate, can be "
        "traded in at their price paid towards a dearer piece of the programme.",
    )
    aftersales_service_kind = fields.Selection(
        selection=SERVICE_KINDS,
        string="After-sales service",
        index="btree_not_null",
        tracking=True,
        help="The paid after-sales service this product invoices; service "
        "quotations of requests take their products from here.",
    )

    @api.depends("aftersales_coverage", "categ_id.aftersales_covered")
    def _compute_aftersales_covered(self):
        for template in self:
            coverage = template.aftersales_coverage
            template.aftersales_covered = coverage == "covered" or (
                coverage == "category" and template.categ_id.aftersales_covered
            )

    @api.depends("categ_id.aftersales_resizable")
    def _compute_aftersales_resizable(self):
        for template in self:
            category = template.categ_id
            template.aftersales_resizable = (
                not category or category.aftersales_resizable
            )

    def _inverse_aftersales_covered(self):
        # Ticking or unticking the flag itself sets the product's own choice.
        for template in self:
            template.aftersales_coverage = (
                "covered" if template.aftersales_covered else "not_covered"
            )
