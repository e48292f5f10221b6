# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo shows each policy window both open and closed."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("sparklife_aftersales.order_chloe_recent", False):
            self.skipTest("database installed without demo data")

    def _line(self, order_xmlid, product_xmlid):
        order = self.env.ref(f"sparklife_aftersales.{order_xmlid}")
        product = self.env.ref(f"sparklife_aftersales.{product_xmlid}")
        return order.order_line.filtered(lambda line: line.product_id == product)

    def test_each_window_open_and_closed(self):
        recent = self._line("order_chloe_recent", "product_solitaire_ring")
        earrings = self._line("order_chloe_earrings", "product_pearl_earrings")
        old = self._line("order_chloe_old", "product_eternity_ring")
        pair = self._line("order_james_rings", "product_stacking_ring")
        bracelet_ring = self._line("order_james_bracelet", "product_solitaire_ring")
        pending = self._line("order_james_pending", "product_pearl_earrings")
        self.assertTrue(
            recent.aftersales_return_window_open
            and recent.aftersales_free_resize_available
        )
        self.assertFalse(earrings.aftersales_return_window_open)
        self.assertTrue(earrings.aftersales_warranty_active)
        self.assertFalse(old.aftersales_warranty_active)
        self.assertTrue(pair.aftersales_free_resize_available)
        self.assertEqual(pair.aftersales_free_resizes_remaining, 2)
        self.assertFalse(bracelet_ring.aftersales_free_resize_available)
        self.assertTrue(bracelet_ring.aftersales_warranty_active)
        self.assertFalse(pending.aftersales_received_date)
        self.assertFalse(pending.aftersales_return_window_open)

    def test_purchased_items_are_the_jewelry_only(self):
        items = self.env["sale.order.line"].search([("is_aftersales_item", "=", True)])
        self.assertTrue(items)
        self.assertTrue(all(items.product_id.mapped("aftersales_covered")))
        jewelry = self.env.ref("sparklife_aftersales.product_solitaire_ring")
        self.assertIn(jewelry, items.product_id)
        # Odoo's own demo sales (furniture) are not after-sales items.
        furniture = self.env["sale.order.line"].search(
            [("order_id.partner_id", "not in", items.order_partner_id.ids)]
        )
        self.assertTrue(furniture)
        self.assertFalse(furniture.filtered("is_aftersales_item"))

    def test_the_demo_company_is_sparklife_in_paris(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Sparklife")
        self.assertTrue(company.logo)
        self.assertEqual((company.city, company.country_id.code), ("Paris", "FR"))
        address = self.env.ref("sparklife_aftersales.aftersales_address")
        self.assertEqual(company.street, address.street)
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        self.assertEqual(warehouse.name, "Sparklife", "not YourCompany")

    def test_a_french_customer_pays_french_vat_not_an_export(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id.code, "FR")
        quote = self.env.ref(
            "sparklife_aftersales.ticket_chloe_clasp"
        ).aftersales_sale_order_id
        self.assertEqual(quote.partner_id.country_id.code, "FR")
        taxes = quote.order_line.tax_ids
        self.assertTrue(taxes)
        self.assertEqual(set(taxes.mapped("amount")), {20.0})
        self.assertNotIn("Export", " ".join(taxes.mapped("name")))
        self.assertNotIn("Export", quote.fiscal_position_id.name or "")

    def test_demo_customers_have_portal_access(self):
        for login in ("chloe", "james"):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user._is_portal(), login)

    def test_service_requests_show_each_answer(self):
        expected = {
            "ticket_chloe_resize": ("free", "customer"),
            "ticket_chloe_clasp": ("paid", "customer"),
            "ticket_chloe_warranty": ("paid", "customer"),
            "ticket_chloe_eternity_resize": ("paid", "customer"),
            "ticket_james_return": ("refused", False),
            "ticket_james_cleaning": ("free", "customer"),
            "ticket_james_restoration": ("paid", "customer"),
        }
        for xmlid, (outcome, payer) in expected.items():
            ticket = self.env.ref(f"sparklife_aftersales.{xmlid}")
            with self.subTest(ticket=xmlid):
                self.assertEqual(ticket.aftersales_eligibility, outcome)
                self.assertEqual(ticket.aftersales_shipping_payer, payer)
                self.assertEqual(
                    ticket.aftersales_sale_line_id.order_partner_id, ticket.partner_id
                )
                # Demo data is not a request anyone sent: nobody was messaged.
                self.assertFalse(
                    ticket.message_ids.filtered(lambda m: m.message_type == "sms")
                )
                self.assertFalse(ticket.aftersales_notice_ids)

    def test_fixed_size_ring_is_resized_by_a_paid_redesign(self):
        ticket = self.env.ref("sparklife_aftersales.ticket_chloe_eternity_resize")
        self.assertFalse(ticket.aftersales_sale_line_id.aftersales_adjustable)
        self.assertTrue(ticket.aftersales_redesign)
        self.assertEqual(
            ticket.aftersales_service_product_id.aftersales_service_kind,
            "resize_redesign",
        )
        self.assertIn("cannot be adjusted", ticket.aftersales_reason)

    def test_quality_return_waits_for_photos(self):
        rma = self.env.ref("sparklife_aftersales.rma_chloe_earrings_quality")
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.aftersales_eligibility, "free")
        self.assertEqual(rma.aftersales_shipping_payer, "company")
        self.assertIn("photos of the item", rma.aftersales_pending)
        self.assertIn(rma.partner_id, rma.message_partner_ids, "shown in her portal")

    def test_paid_services_at_each_step(self):
        expected = {
            "ticket_chloe_clasp": "quotation",
            "ticket_chloe_warranty": "not_paid",
            "ticket_james_restoration": "paid",
        }
        for xmlid, state in expected.items():
            ticket = self.env.ref(f"sparklife_aftersales.{xmlid}")
            with self.subTest(ticket=xmlid):
                self.assertEqual(ticket.aftersales_billing_state, state)
        report = self.env["sparklife.aftersales.paid.service.report"].search([])
        self.assertEqual(set(report.mapped("service")), {"warranty", "restoration"})

    def test_the_workshop_board_has_a_job_in_each_column(self):
        jobs = self.env["repair.order"].search(
            [("aftersales_ticket_id", "!=", False), ("state", "!=", "cancel")]
        )
        self.assertEqual(
            set(jobs.mapped("aftersales_workshop_stage")),
            {"to_receive", "received", "in_progress", "ready", "shipped"},
        )
        self.assertTrue(jobs.filtered("aftersales_is_late"), "one job is late")
        parts = jobs.move_ids.filtered(lambda m: m.repair_line_type == "add")
        self.assertTrue(parts, "the jobs use parts")
        self.assertTrue(
            all(part.product_id.qty_available > 0 for part in parts),
            "parts are in stock",
        )

    def test_the_demo_company_runs_in_euros_on_the_french_chart(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.chart_template, "fr")
        quote = self.env.ref(
            "sparklife_aftersales.ticket_chloe_clasp"
        ).aftersales_sale_order_id
        self.assertEqual(quote.currency_id.name, "EUR")
        self.assertEqual(set(quote.order_line.tax_ids.mapped("amount")), {20.0})
        # Her quotation totals French VAT, in French.
        totals = quote.with_context(lang="fr_FR").tax_totals
        groups = [
            group["group_name"]
            for subtotal in totals["subtotals"]
            for group in subtotal["tax_groups"]
        ]
        self.assertEqual(groups, ["TVA 20%"])

    def test_french_customers_read_french(self):
        languages = self.env["res.lang"].search([]).mapped("code")
        self.assertIn("fr_FR", languages)
        self.assertIn("en_GB", languages)
        chloe = self.env["res.users"].search([("login", "=", "chloe")])
        james = self.env["res.users"].search([("login", "=", "james")])
        self.assertEqual(chloe.lang, "fr_FR")
        self.assertEqual(james.lang, "en_GB")
        # James's dates read day/month.
        british = self.env["res.lang"].search([("code", "=", "en_GB")])
        self.assertTrue(british.date_format.startswith("%d/%m"))

    def test_demo_requests_have_a_clerk_and_their_customer(self):
        clerk = self.env.ref("sparklife_aftersales.user_aftersales_clerk")
        self.assertFalse(clerk.share)
        self.assertTrue(clerk.has_group("sparklife_aftersales.group_aftersales_user"))
        self.assertFalse(
            clerk.has_group("sparklife_aftersales.group_aftersales_manager")
        )
        team = self.env.ref("sparklife_aftersales.helpdesk_team_aftersales")
        self.assertIn(clerk, team.user_ids)
        tickets = self.env["helpdesk.ticket"].search([("team_id", "=", team.id)])
        self.assertTrue(tickets)
        complaints = tickets.filtered(lambda t: t.aftersales_service == "complaint")
        self.assertEqual((tickets - complaints).user_id, clerk)
        # A complaint goes to the team's manager.
        self.assertTrue(complaints.user_id)
        self.assertNotIn(self.env.ref("base.user_root"), tickets.user_id)
        for ticket in tickets:
            with self.subTest(ticket=ticket.name):
                self.assertEqual(ticket.partner_name, ticket.partner_id.name)
                self.assertEqual(ticket.partner_email, ticket.partner_id.email)

    def test_care_plans_a_piece_with_each_one_suspended_one_claim(self):
        chloe = self._line("order_chloe_care", "product_eternity_ring")
        james = self._line("order_james_care", "product_stacking_ring")
        plans = chloe.aftersales_care_plan_id + james.aftersales_care_plan_id
        self.assertEqual(
            plans.template_id,
            self.env.ref("sparklife_aftersales.care_template_2_years")
            + self.env.ref("sparklife_aftersales.care_template_5_years"),
        )
        self.assertTrue(james.aftersales_care_plan_id.is_suspended)
        self.assertFalse(chloe.aftersales_care_plan_id.is_suspended)
        claim = self.env.ref("sparklife_aftersales.ticket_chloe_care_claim")
        self.assertEqual(
            claim.aftersales_care_claim_plan_id, chloe.aftersales_care_plan_id
        )
        self.assertEqual(chloe.aftersales_care_plan_id.claims_used, 1)
        self.assertEqual(
            claim.aftersales_repair_id.aftersales_workshop_stage, "received"
        )
        self.assertEqual(claim.aftersales_sale_order_id.state, "sent")
        deductible = self.env.ref("sparklife_aftersales.product_care_deductible")
        self.assertEqual(
            claim.aftersales_sale_order_id.order_line.filtered(
                lambda line: line.product_id == deductible
            ).price_unit,
            25.0,
        )
        # Its cost in the plans report: the rhodium used and an hour of the
        # workshop, at cost.
        row = self.env["sparklife.aftersales.care.plan.report"].search(
            [("claims", "=", 1), ("product_id", "=", chloe.product_id.id)]
        )
        self.assertEqual(row.claim_cost, 9.0 + 40.0)

    def test_a_piece_handed_over_and_a_piece_reported_stolen(self):
        earrings = self._line("order_chloe_gift", "product_pearl_earrings")
        james = self.env.ref("sparklife_aftersales.partner_james")
        self.assertEqual(earrings.aftersales_owner_id, james)
        self.assertTrue(earrings.aftersales_transferred_on)
        stolen = self.env.ref("sparklife_aftersales.lot_solitaire_3")
        self.assertEqual(stolen.aftersales_status, "stolen")
        self.assertTrue(stolen.aftersales_police_ref)

    def test_an_issued_and_an_expired_appraisal(self):
        Appraisal = self.env["sparklife.aftersales.appraisal"]
        issued = Appraisal.search(
            [("lot_id", "=", self.env.ref("sparklife_aftersales.lot_solitaire_1").id)]
        )
        expired = Appraisal.search(
            [("lot_id", "=", self.env.ref("sparklife_aftersales.lot_solitaire_2").id)]
        )
        self.assertEqual(issued.mapped("state"), ["issued"])
        self.assertTrue(issued.document_id)
        self.assertEqual(expired.mapped("state"), ["expired"])

    def test_an_exchange_a_goodwill_credit_and_a_trade_up(self):
        exchange = self.env.ref("sparklife_aftersales.ticket_chloe_exchange")
        order = exchange.aftersales_exchange_order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.move_type, "out_invoice")
        self.assertAlmostEqual(
            order.invoice_ids.amount_total, exchange.aftersales_price_difference, 2
        )
        complaint = self.env.ref("sparklife_aftersales.ticket_james_complaint")
        credit = self.env["sparklife.aftersales.credit"].search(
            [("ticket_id", "=", complaint.id)]
        )
        self.assertRecordValues(credit, [{"state": "granted", "amount": 50.0}])
        self.assertEqual(credit.card_id.points, 50.0)
        trade_up = self.env.ref("sparklife_aftersales.ticket_chloe_trade_up")
        self.assertEqual(trade_up.aftersales_rma_ids.state, "finished")
        quotation = trade_up.aftersales_exchange_order_id
        self.assertEqual(quotation.state, "sent")
        self.assertEqual(
            quotation.order_line.product_id,
            self.env.ref("sparklife_aftersales.product_solitaire_grand")
            | self.env.ref("sparklife_aftersales.product_trade_up_credit"),
        )
