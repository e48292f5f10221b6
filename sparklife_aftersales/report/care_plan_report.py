# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class SparklifeAftersalesCarePlanReport(models.Model):
    """Sparklife Care per month and piece product: pieces sold and how many
    have a plan (the attach rate), plans sold and their revenue, claims and
    what they cost. One row per event: a piece sold (its purchase day), a
    plan sold (its start) and a claim approved (its approval day).

    A claim costs the parts its workshop jobs used and the workshop's time,
    both at cost: the parts' cost price, and the cost price of the request's
    service product (what an hour of the workshop on such a job costs)."""

    _name = "sparklife.aftersales.care.plan.report"
    _description = "Care plans: sales and claims"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "sale.order.line": [
            "is_aftersales_item",
            "aftersales_purchase_date",
            "company_id",
            "product_id",
            "price_subtotal",
            "order_id",
        ],
        "sale.order": ["currency_rate"],
        "sparklife.aftersales.care.plan": [
            "item_line_id",
            "sale_line_id",
            "start_date",
            "company_id",
        ],
        "helpdesk.ticket": [
            "aftersales_care_claim_plan_id",
            "aftersales_approved_on",
            "aftersales_service_product_id",
            "company_id",
        ],
        "repair.order": ["aftersales_ticket_id", "state"],
        "stock.move": ["repair_id", "repair_line_type", "product_uom_qty", "state"],
        "product.product": ["standard_price"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    product_id = fields.Many2one(
        comodel_name="product.product", string="Piece", readonly=True
    )
    pieces_sold = fields.Integer(readonly=True)
    pieces_with_plan = fields.Integer(
        string="Pieces with a plan",
        readonly=True,
        help="Pieces sold in the month that have (or had) a care plan.",
    )
    attach_rate = fields.Float(
        string="Attach rate (%)",
        readonly=True,
        aggregator="avg",
        help="Pieces with a plan out of the pieces sold.",
    )
    plans_sold = fields.Integer(readonly=True)
    plan_revenue = fields.Monetary(
        readonly=True, help="Untaxed, in the company's currency."
    )
    claims = fields.Integer(readonly=True)
    claim_cost = fields.Monetary(
        string="Cost of claims",
        readonly=True,
        help="Parts and the workshop's time, at cost.",
    )
    margin = fields.Monetary(
        readonly=True, help="Plan revenue less the cost of claims."
    )

    @property
    def _table_query(self):
        # The ids of the three kinds of rows never meet: 3n, 3n+1, 3n+2.
        return SQL(
            """
            SELECT rows.*, company.currency_id,
                   rows.plan_revenue - rows.claim_cost AS margin
            FROM (
                SELECT
                    line.id * 3 AS id,
                    line.aftersales_purchase_date AS date,
                    line.company_id,
                    line.product_id,
                    1 AS pieces_sold,
                    plan.has_plan AS pieces_with_plan,
                    100.0 * plan.has_plan AS attach_rate,
                    0 AS plans_sold,
                    0.0 AS plan_revenue,
                    0 AS claims,
                    0.0 AS claim_cost
                FROM sale_order_line line
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN EXISTS (
                        SELECT 1 FROM sparklife_aftersales_care_plan p
                        WHERE p.item_line_id = line.id
                    ) THEN 1 ELSE 0 END AS has_plan
                ) plan
                WHERE line.is_aftersales_item
                  AND line.aftersales_purchase_date IS NOT NULL
              UNION ALL
                SELECT
                    plan.id * 3 + 1,
                    plan.start_date,
                    plan.company_id,
                    piece.product_id,
                    0, 0, NULL,
                    1,
                    sold.price_subtotal / NULLIF(sale.currency_rate, 0),
                    0, 0.0
                FROM sparklife_aftersales_care_plan plan
                JOIN sale_order_line sold ON sold.id = plan.sale_line_id
                JOIN sale_order sale ON sale.id = sold.order_id
                JOIN sale_order_line piece ON piece.id = plan.item_line_id
              UNION ALL
                SELECT
                    ticket.id * 3 + 2,
                    (ticket.aftersales_approved_on AT TIME ZONE 'UTC')::date,
                    ticket.company_id,
                    piece.product_id,
                    0, 0, NULL,
                    0, 0.0,
                    1,
                    COALESCE(parts.cost, 0.0) + COALESCE(
                        (service.standard_price ->> ticket.company_id::text)::numeric,
                        0.0
                    )
                FROM helpdesk_ticket ticket
                JOIN sparklife_aftersales_care_plan plan
                  ON plan.id = ticket.aftersales_care_claim_plan_id
                JOIN sale_order_line piece ON piece.id = plan.item_line_id
                LEFT JOIN product_product service
                  ON service.id = ticket.aftersales_service_product_id
                LEFT JOIN LATERAL (
                    SELECT SUM(
                        move.product_uom_qty * COALESCE(
                            (part.standard_price ->> ticket.company_id::text)::numeric,
                            0.0
                        )
                    ) AS cost
                    FROM repair_order job
                    JOIN stock_move move ON move.repair_id = job.id
                    JOIN product_product part ON part.id = move.product_id
                    WHERE job.aftersales_ticket_id = ticket.id
                      AND job.state != 'cancel'
                      AND move.repair_line_type = 'add'
                      AND move.state != 'cancel'
                ) parts ON TRUE
                WHERE ticket.aftersales_approved_on IS NOT NULL
            ) rows
            JOIN res_company company ON company.id = rows.company_id
            """
        )
