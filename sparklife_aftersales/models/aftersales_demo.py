# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The steps the demo data takes its records through (orders bought and
received days ago, requests taken through the workshop and billed, service
levels of requests sent hours ago), kept apart from the models' own
behaviour. Called by ``demo/*.xml`` only (and by the benchmarks, which seed
their data the same way); each step goes through the actions staff use."""

from datetime import timedelta

from odoo import api, fields, models

from .. import policy
from ..const import CONDITION_FIELDS, WORKSHOP_STAGES


class SparklifeAftersalesDemo(models.AbstractModel):
    _name = "sparklife.aftersales.demo"
    _description = "After-sales demo data steps"

    @api.model
    def _validate_pickings(self, pickings):
        """``pickings`` done, all of their quantities, without a backorder
        and without stock's SMS."""
        pickings.action_assign()
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()

    @api.model
    def _process_orders(
        self, order_ids, purchase_days_ago, received_days_ago=None, lot_id=None
    ):
        """Confirm the orders as bought ``purchase_days_ago`` days ago and,
        when ``received_days_ago`` is given, deliver them as received then
        (the piece of serial ``lot_id`` when given), so that each policy
        window can be shown both open and closed."""
        orders = self.env["sale.order"].browse(order_ids)
        now = fields.Datetime.now()
        orders.action_confirm()
        orders.write({"date_order": now - timedelta(days=purchase_days_ago)})
        if received_days_ago is None:
            return
        done_at = now - timedelta(days=received_days_ago)
        pickings = orders.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        if lot_id:
            pickings.action_assign()
            pickings.move_line_ids.lot_id = lot_id
        self._validate_pickings(pickings)
        pickings.write({"date_done": done_at})
        pickings.move_ids.write({"date": done_at})

    @api.model
    def _workshop(self, ticket_ids, until, parts=None, late=False):
        """Take the requests through the workshop as far as ``until`` (a
        column of the board), consuming ``parts`` (xml ids of products, one
        of each) on the way; a ``late`` job's piece came in three weeks
        ago."""
        steps = [key for key, _label in WORKSHOP_STAGES]
        reached = steps.index(until)
        for ticket in self.env["helpdesk.ticket"].browse(ticket_ids):
            if (
                ticket.aftersales_eligibility == policy.FREE
                and not ticket.aftersales_approved_on
            ):
                ticket.action_aftersales_approve()
            job = ticket.aftersales_repair_id or ticket._aftersales_create_job()
            for xmlid in parts or ():
                self.env["stock.move"].create(
                    {
                        "repair_id": job.id,
                        "repair_line_type": "add",
                        "product_id": self.env.ref(xmlid).id,
                        "product_uom_qty": 1,
                    }
                )
            job.user_id = self.env.ref("base.user_admin")
            if reached >= steps.index("received"):
                receipt = job.aftersales_receipt_id
                self._validate_pickings(receipt)
                job.write(
                    {
                        "aftersales_condition_notes": self.env._(
                            "Light wear on the band; every stone in place."
                        ),
                        "aftersales_declared_value": ticket.aftersales_sale_line_id.price_unit,
                    }
                )
                if late:
                    # Received three weeks ago, and due since.
                    receipt.date_done = fields.Datetime.now() - timedelta(days=21)
                    job.schedule_date = job._aftersales_estimate(receipt.date_done)
            if reached >= steps.index("in_progress"):
                job.action_validate()
                job.action_repair_start()
            if reached >= steps.index("ready"):
                job.action_repair_end()
            if reached >= steps.index("shipped"):
                job.action_aftersales_ship_back()
                self._validate_pickings(job.aftersales_delivery_id)

    @api.model
    def _sell_care_plan(self, order_id, template_id):
        """Add to the order a plan of the type ``template_id`` protecting its
        first line's piece, as a salesperson does."""
        order = self.env["sale.order"].browse(order_id)
        template = self.env["sparklife.aftersales.care.template"].browse(template_id)
        order.order_line = [
            fields.Command.create(
                {
                    "product_id": template.product_id.id,
                    "aftersales_care_item_id": order.order_line[:1].id,
                }
            )
        ]

    @api.model
    def _backdate_care_plans(self, order_ids, days_ago):
        """The care plans sold on the orders as bought ``days_ago`` days
        ago, with their end and inspection dates from then."""
        plans = (
            self.env["sale.order"]
            .browse(order_ids)
            .order_line.aftersales_care_item_id.aftersales_care_plan_ids
        )
        for plan in plans:
            terms = policy.care_plan_terms(
                plan.company_id._aftersales_today() - timedelta(days=days_ago),
                plan.template_id.duration_years,
                plan.template_id.inspection_months,
            )
            plan.write(
                {
                    "start_date": terms.start,
                    "end_date": terms.end,
                    "inspection_due": terms.inspection_due,
                }
            )

    @api.model
    def _hand_over(self, order_id, partner_id, days_ago):
        """The order's first piece offered by its buyer to ``partner_id`` and
        accepted by them ``days_ago`` days ago."""
        line = self.env["sale.order"].browse(order_id).order_line[:1]
        partner = self.env["res.partner"].browse(partner_id)
        transfer = self.env["sparklife.aftersales.transfer"]._aftersales_offer(
            line, partner.email, line.order_id.partner_id
        )
        transfer._aftersales_accept(partner)
        transfer.done_on = fields.Datetime.now() - timedelta(days=days_ago)

    @api.model
    def _stock_variants(self, template_id, quantity, extras):
        """Each variant of the product in stock (``quantity``); ``extras``
        maps attribute values to their price extra."""
        template = self.env["product.template"].browse(template_id)
        for value in template.attribute_line_ids.product_template_value_ids:
            if value.product_attribute_value_id.id in extras:
                value.price_extra = extras[value.product_attribute_value_id.id]
        location = self.env.ref("stock.stock_location_stock")
        for variant in template.product_variant_ids:
            self.env["stock.quant"]._update_available_quantity(
                variant, location, quantity
            )

    @api.model
    def _add_variant_line(self, order_id, value_id, template_id):
        """One unit of the template's variant of the attribute value."""
        variant = (
            self.env["product.template"]
            .browse(template_id)
            .product_variant_ids.filtered(
                lambda v: value_id
                in v.product_template_attribute_value_ids.product_attribute_value_id.ids
            )
        )
        self.env["sale.order"].browse(order_id).order_line = [
            fields.Command.create({"product_id": variant.id, "product_uom_qty": 1})
        ]

    @api.model
    def _return_checked(self, ticket_id):
        """The return of the request authorized, its piece received and
        found in condition, as the clerk records it: an exchange ships its
        new piece, a trade-up quotes it."""
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        ticket.action_aftersales_authorize_return()
        rma = ticket.aftersales_rma_ids
        self._validate_pickings(rma.reception_move_id.picking_id)
        if rma.aftersales_service == policy.TRADE_UP:
            rma.aftersales_condition_resalable = "met"
        else:
            rma.write({field: "met" for field in CONDITION_FIELDS.values()})
        rma.action_aftersales_record_conditions()

    @api.model
    def _grant_credit(self, ticket_id, amount, reason, note):
        """Goodwill credit granted from the request by the administrator,
        an after-sales manager."""
        manager = self.env.ref("base.user_admin")
        credit = (
            self.env["sparklife.aftersales.credit"]
            .with_user(manager)
            .create(
                {
                    "ticket_id": ticket_id,
                    "amount": amount,
                    "reason": reason,
                    "note": note,
                }
            )
        )
        credit.action_grant()

    @api.model
    def _report_missing(self, lot_id, kind, days_ago, police_ref=None):
        """The piece reported ``kind`` (lost, stolen) ``days_ago`` days ago,
        as its owner does from the portal."""
        lot = self.env["stock.lot"].browse(lot_id)
        lot._aftersales_report_missing(
            kind,
            (lot.company_id or self.env.company)._aftersales_today()
            - timedelta(days=days_ago),
            police_ref,
        )

    @api.model
    def _appraise(self, lot_id, value, days_ago, metal, weight):
        """An insurance appraisal of the piece, made ``days_ago`` days ago by
        the after-sales clerk and issued; one past its date is expired."""
        lot = self.env["stock.lot"].browse(lot_id)
        company = lot.company_id or self.env.company
        appraisal = self.env["sparklife.aftersales.appraisal"].create(
            {
                "lot_id": lot.id,
                "company_id": company.id,
                "appraiser_id": self.env.ref(
                    "sparklife_aftersales.user_aftersales_clerk",
                    raise_if_not_found=False,
                ).id
                or self.env.user.id,
                "date": company._aftersales_today() - timedelta(days=days_ago),
                "value": value,
                "metal": metal,
                "weight": weight,
            }
        )
        appraisal.action_issue()
        # What the daily job does to it (without the job's commits: the demo
        # data is loaded in one transaction).
        appraisal._aftersales_remind_batch()
        appraisal._aftersales_expire_batch()

    @api.model
    def _bill(self, ticket_ids, until):
        """Take the paid service of the requests as far as ``until``:
        "sent" (a quotation to accept), "posted" (accepted and invoiced) or
        "paid"."""
        for ticket in self.env["helpdesk.ticket"].browse(ticket_ids):
            ticket.action_aftersales_create_quotation()
            order = ticket.aftersales_sale_order_id
            order.action_quotation_sent()
            if until == "sent":
                continue
            order.action_confirm()
            ticket.action_aftersales_create_invoice()
            invoice = ticket.aftersales_invoice_ids.filtered(
                lambda m: m.state == "draft"
            )
            invoice.action_post()
            if until == "paid":
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({})._create_payments()

    @api.model
    def _service_levels(self, timings, ratings):
        """Requests sent ``timings`` hours ago, as ``(request id, hours ago,
        answered after hours or None)``, with their targets counted from
        then; ``ratings`` as ``(request id, 1-5, comment)``; then the
        escalation job runs once."""
        Ticket = self.env["helpdesk.ticket"]
        now = fields.Datetime.now()
        for ticket_id, hours_ago, answered_after in timings:
            ticket = Ticket.browse(ticket_id)
            created = now - timedelta(hours=hours_ago)
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                [created, ticket.id],
            )
            ticket.invalidate_recordset(["create_date"])
            ticket.set_sla()
            if answered_after is not None:
                answered = created + timedelta(hours=answered_after)
                ticket.aftersales_first_answer_on = answered
                ticket.ticket_sla_ids.filtered(
                    lambda line: line.aftersales_target == "first_answer"
                )._aftersales_met(answered)
        for ticket_id, rate, feedback in ratings:
            ticket = Ticket.browse(ticket_id)
            token = ticket.sudo()._rating_get_access_token()
            ticket.rating_apply(rate, token=token, feedback=feedback)
        Ticket._cron_aftersales_escalate()

    @api.model
    def _domestic_taxes(self, company_ids):
        """A company left on Odoo's generic chart of accounts (whose domestic
        fiscal position is the United States' with a 15% sales tax) sells at
        home in its own country at France's standard VAT rate, so that a
        French customer is not charged as an export. A company on its
        country's chart is left as it is."""
        companies = self.env["res.company"].browse(company_ids)
        for company in companies.filtered(lambda c: c.chart_template == "generic_coa"):
            charts = self.env["account.chart.template"].with_company(company)
            domestic = charts.ref(
                "template_generic_domestic_fiscal_position", raise_if_not_found=False
            )
            if domestic and company.country_id:
                domestic.country_id = company.country_id
            if company.account_sale_tax_id.amount != 20.0:
                company.account_sale_tax_id.write({"name": "20% VAT", "amount": 20.0})
