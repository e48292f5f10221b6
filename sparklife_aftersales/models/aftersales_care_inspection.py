# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparklife Care: the inspections of a piece its plan requires, with what
the jeweler found (notes and photos), kept on the plan."""

from odoo import fields, models


class SparklifeAftersalesCareInspection(models.Model):
    _name = "sparklife.aftersales.care.inspection"
    _description = "Care plan inspection"
    _order = "date desc, id desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.plan",
        string="Care plan",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    date = fields.Date(required=True, readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    repair_id = fields.Many2one(
        comodel_name="repair.order",
        string="Workshop job",
        readonly=True,
        check_company=True,
        help="The job the piece was inspected on, when it came in for it.",
    )
    notes = fields.Html(help="What the jeweler found.")
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="sparklife_aftersales_care_inspection_photo_rel",
        column1="inspection_id",
        column2="attachment_id",
        string="Photos",
    )
