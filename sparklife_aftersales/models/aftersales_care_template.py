# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparklife Care: the kinds of protection plan sold with a piece, each with
its service product, terms and price."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import policy

#: The template's flags for what its plans cover, by the engine's name.
COVER_FIELDS = {
    policy.CARE_ACCIDENTAL: "cover_accidental",
    policy.CARE_WEAR: "cover_wear",
    policy.CARE_LOST_STONE: "cover_lost_stone",
    policy.CARE_CLEANING_SHIPPING: "cover_cleaning_shipping",
}


class SparklifeAftersalesCareTemplate(models.Model):
    _name = "sparklife.aftersales.care.template"
    _description = "Care plan type"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service product",
        required=True,
        ondelete="restrict",
        domain="[('type', '=', 'service')]",
        help="The product sold on the order for a plan of this type.",
    )
    duration_years = fields.Integer(
        string="Duration (years)", required=True, default=2, tracking=True
    )
    cover_accidental = fields.Boolean(
        string="Accidental damage", default=True, tracking=True
    )
    cover_wear = fields.Boolean(
        string="Wear",
        default=True,
        tracking=True,
        help="Prongs, clasps and chains worn by use; a manufacturing defect "
        "found after the warranty year counts as wear.",
    )
    cover_lost_stone = fields.Boolean(string="Lost stones", tracking=True)
    cover_cleaning_shipping = fields.Boolean(
        string="Cleaning shipped both ways", tracking=True
    )
    extra_free_resizes = fields.Integer(
        string="Extra free resizes",
        tracking=True,
        help="Free resizes beyond the policy's, each one of the plan's claims.",
    )
    claims_allowed = fields.Integer(
        string="Claims",
        tracking=True,
        help="How many repairs or extra resizes the plan makes free; 0 for no "
        "limit.",
    )
    deductible = fields.Monetary(
        string="Deductible per claim",
        currency_field="currency_id",
        tracking=True,
        help="What the customer pays for each claim.",
    )
    purchase_days = fields.Integer(
        string="Bought within (days)",
        tracking=True,
        help="How long after the piece's purchase the plan can be bought; 0: "
        "only on the piece's own order.",
    )
    pricing = fields.Selection(
        selection=[
            ("percent", "Share of the piece's price"),
            ("bands", "By price bands"),
        ],
        required=True,
        default="percent",
        tracking=True,
        help="How a plan of this type is priced from the price of the piece "
        "it protects.",
    )
    price_band_ids = fields.One2many(
        comodel_name="sparklife.aftersales.care.price.band",
        inverse_name="template_id",
        string="Price bands",
        copy=True,
    )
    price_percent = fields.Float(
        string="Price (% of the piece)",
        tracking=True,
        help="The plan's price as a share of the piece's price, before taxes.",
    )
    inspection_months = fields.Integer(
        string="Inspection every (months)",
        tracking=True,
        help="0 when the plan requires no inspection.",
    )
    inspection_grace_days = fields.Integer(
        string="Inspection grace (days)",
        default=30,
        tracking=True,
        help="Past an inspection's day and this many days, accidental damage "
        "is not covered until the piece is inspected.",
    )

    _product_unique = models.Constraint(
        "UNIQUE(product_id)", "A product is sold for one type of plan only."
    )
    _terms_positive = models.Constraint(
        "CHECK(duration_years > 0 AND extra_free_resizes >= 0"
        " AND claims_allowed >= 0 AND deductible >= 0 AND purchase_days >= 0"
        " AND price_percent >= 0 AND inspection_months >= 0"
        " AND inspection_grace_days >= 0)",
        "A plan lasts at least a year, and its numbers cannot be negative.",
    )

    @api.constrains("product_id")
    def _check_product_is_a_service(self):
        for template in self:
            if template.product_id.type != "service":
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a service: a plan is sold as a service.",
                        product=template.product_id.display_name,
                    )
                )

    def _policy_covers(self):
        """What plans of this type cover, in the engine's names."""
        self.ensure_one()
        covers = {name for name, flag in COVER_FIELDS.items() if self[flag]}
        if self.extra_free_resizes:
            covers.add(policy.CARE_EXTRA_RESIZES)
        return frozenset(covers)

    def _aftersales_cover_sentences(self):
        """What plans of this type cover, in words, in the reader's language."""
        self.ensure_one()
        sentences = []
        if self.cover_accidental:
            sentences.append(
                self.env._("Accidental damage (a stone knocked out, a bent prong)")
            )
        if self.cover_wear:
            sentences.append(self.env._("Wear: prongs, clasps and chains"))
        if self.cover_lost_stone:
            sentences.append(self.env._("Lost small stones replaced"))
        if self.extra_free_resizes:
            sentences.append(
                self.env._("%(count)s more free resizes", count=self.extra_free_resizes)
            )
        if self.cover_cleaning_shipping:
            sentences.append(self.env._("Cleaning, shipped both ways at our cost"))
        if self.claims_allowed:
            sentences.append(
                self.env._("Up to %(count)s claims", count=self.claims_allowed)
            )
        if self.deductible:
            sentences.append(
                self.env._(
                    "You pay %(amount)s per claim",
                    amount=self.currency_id.format(self.deductible),
                )
            )
        if self.inspection_months:
            sentences.append(
                self.env._(
                    "A free inspection every %(months)s months keeps accidental "
                    "damage covered",
                    months=self.inspection_months,
                )
            )
        return sentences

    def _price_for(self, piece_price):
        """The plan's unit price for a piece sold at ``piece_price``: its
        share of it, or the price of the first band the piece's price falls
        in (None when no band does)."""
        self.ensure_one()
        if self.pricing == "bands":
            band = self.price_band_ids.sorted("up_to").filtered(
                lambda b: self.currency_id.compare_amounts(piece_price, b.up_to) <= 0
            )[:1]
            return band.price if band else None
        return self.currency_id.round(piece_price * self.price_percent / 100)


class SparklifeAftersalesCarePriceBand(models.Model):
    _name = "sparklife.aftersales.care.price.band"
    _description = "Care plan price band"
    _order = "template_id, up_to"

    template_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.template",
        string="Plan type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    currency_id = fields.Many2one(related="template_id.currency_id")
    up_to = fields.Monetary(
        string="Pieces up to",
        required=True,
        currency_field="currency_id",
        help="The highest piece price (before taxes) of this band.",
    )
    price = fields.Monetary(
        string="Plan price", required=True, currency_field="currency_id"
    )

    _band_unique = models.Constraint(
        "UNIQUE(template_id, up_to)",
        "Two bands of a plan cannot end at the same price.",
    )
    _band_positive = models.Constraint(
        "CHECK(up_to > 0 AND price >= 0)",
        "A band ends above zero and its price cannot be negative.",
    )
