# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Purchased items: the Sparklife Care plan sold with a piece (the plan's
order line names the piece it protects) and the plan protecting a piece."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .. import policy


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    aftersales_care_template_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.template",
        string="Care plan type",
        compute="_compute_aftersales_care_template_id",
        help="The type of care plan this line sells, from its product.",
    )
    aftersales_care_item_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Protected piece",
        index="btree_not_null",
        copy=False,
        help="On the line of a care plan: the purchased item it protects.",
    )
    aftersales_care_plan_ids = fields.One2many(
        comodel_name="sparklife.aftersales.care.plan",
        inverse_name="item_line_id",
        string="Care plans",
        groups="sparklife_aftersales.group_aftersales_user",
    )
    aftersales_care_plan_id = fields.Many2one(
        comodel_name="sparklife.aftersales.care.plan",
        string="Care plan",
        compute="_compute_aftersales_care_plan_id",
        help="The active care plan protecting this piece.",
    )

    @api.depends("product_id.aftersales_care_template_ids")
    def _compute_aftersales_care_template_id(self):
        for line in self:
            line.aftersales_care_template_id = (
                line.product_id.aftersales_care_template_ids[:1]
            )

    @api.depends("aftersales_care_plan_ids.state")
    def _compute_aftersales_care_plan_id(self):
        # sudo: customers and salespeople see a piece's plan without reading
        # every plan. The plans of all the lines are read at once.
        lines = self.sudo()
        active = set(
            lines.aftersales_care_plan_ids.filtered(
                lambda plan: plan.state == "active"
            )._ids
        )
        for line, sudo_line in zip(self, lines, strict=True):
            plan_ids = [
                i for i in sudo_line.aftersales_care_plan_ids._ids if i in active
            ]
            line.aftersales_care_plan_id = plan_ids[0] if plan_ids else False

    @api.depends("aftersales_care_item_id")
    def _compute_price_unit(self):
        result = super()._compute_price_unit()
        for line in self.filtered("aftersales_care_item_id"):
            template = line.aftersales_care_template_id
            if template and not line.qty_invoiced:
                price = template._price_for(line.aftersales_care_item_id.price_unit)
                if price is None:
                    continue  # no band: the constraint says so
                line.with_context(sale_write_from_compute=True).update(
                    {"price_unit": price, "technical_price_unit": price}
                )
        return result

    @api.constrains("aftersales_care_item_id", "product_id", "order_partner_id")
    def _check_aftersales_care_item(self):
        for line in self:
            piece = line.aftersales_care_item_id
            if not line.aftersales_care_template_id:
                if piece:
                    raise ValidationError(
                        self.env._(
                            "%(product)s is not a care plan: it protects no piece.",
                            product=line.product_id.display_name,
                        )
                    )
                continue
            if not piece:
                raise ValidationError(
                    self.env._(
                        "Name the piece that %(plan)s protects on its order line.",
                        plan=line.product_id.display_name,
                    )
                )
            if not piece.product_id.aftersales_covered:
                raise ValidationError(
                    self.env._(
                        "%(piece)s is not covered by after-sales: a care plan "
                        "cannot protect it.",
                        piece=piece.product_id.display_name,
                    )
                )
            if line.aftersales_care_template_id._price_for(piece.price_unit) is None:
                raise ValidationError(
                    self.env._(
                        "No price band of %(plan)s covers a piece of %(price)s: "
                        "add one to the plan type.",
                        plan=line.aftersales_care_template_id.name,
                        price=piece.currency_id.format(piece.price_unit),
                    )
                )
            customer = line.order_partner_id.commercial_partner_id
            if piece.aftersales_owner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "%(piece)s belongs to another customer.",
                        piece=piece.product_id.display_name,
                    )
                )

    def _aftersales_create_care_plans(self):
        """The plans sold on these lines, once their order is confirmed;
        raise when one cannot be sold (see :meth:`_aftersales_check_care_sale`)."""
        lines = self.filtered("aftersales_care_template_id")
        values = []
        for line in lines:
            template = line.aftersales_care_template_id
            piece = line.aftersales_care_item_id
            start = line.order_id.company_id._aftersales_today()
            line._aftersales_check_care_sale(start)
            terms = policy.care_plan_terms(
                start, template.duration_years, template.inspection_months
            )
            lots = piece.aftersales_lot_ids
            values.append(
                {
                    "template_id": template.id,
                    "company_id": line.company_id.id,
                    "sale_line_id": line.id,
                    "item_line_id": piece.id,
                    "lot_id": lots.id if len(lots) == 1 else False,
                    "start_date": terms.start,
                    "end_date": terms.end,
                    "inspection_due": terms.inspection_due or False,
                }
            )
        return self.env["sparklife.aftersales.care.plan"].sudo().create(values)

    def _aftersales_check_care_sale(self, today):
        """Raise unless the plan of this line can be sold on ``today``: its
        piece is a confirmed purchased item with no active plan, and the plan
        is bought with it or within the plan's delay."""
        self.ensure_one()
        template = self.aftersales_care_template_id
        piece = self.aftersales_care_item_id
        if not piece.is_aftersales_item:
            raise ValidationError(
                self.env._(
                    "%(piece)s is not a purchased item yet: its order is not confirmed.",
                    piece=piece.product_id.display_name,
                )
            )
        if piece.sudo().aftersales_care_plan_id:
            raise ValidationError(
                self.env._(
                    "%(piece)s already has an active care plan.",
                    piece=piece.product_id.display_name,
                )
            )
        refusal = policy.care_plan_sale_refusal(
            piece.aftersales_purchase_date,
            today,
            template.purchase_days,
            same_order=piece.order_id == self.order_id,
        )
        if refusal and template.purchase_days:
            raise ValidationError(
                self.env._(
                    "%(plan)s is sold with the piece or within %(days)s days of "
                    "its purchase: %(piece)s was bought on %(date)s.",
                    plan=template.name,
                    days=template.purchase_days,
                    piece=piece.product_id.display_name,
                    date=format_date(self.env, piece.aftersales_purchase_date),
                )
            )
        if refusal:
            raise ValidationError(
                self.env._(
                    "%(plan)s is sold only on the order of the piece it "
                    "protects: %(piece)s was bought on %(date)s, on %(order)s.",
                    plan=template.name,
                    piece=piece.product_id.display_name,
                    date=format_date(self.env, piece.aftersales_purchase_date),
                    order=piece.order_id.name,
                )
            )
