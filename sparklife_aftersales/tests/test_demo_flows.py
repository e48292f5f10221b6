# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo as its users meet it, in Chromium: Chloé accepts her quotation in
the portal; a clerk with only After-Sales / User rights takes a warranty
claim, a free resize and a quality return to the end."""

import re

from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common import PNG


@tagged("post_install", "-at_install")
class TestDemoFlows(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("sparklife_aftersales.order_chloe_recent", False)
        if not cls.demo:
            return
        cls.clerk = new_test_user(
            cls.env,
            login="demo_clerk",
            password="demo_clerk",
            groups="sparklife_aftersales.group_aftersales_user",
            tz="Europe/Paris",
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # Inventory's one-time notice about delivery text messages is not
        # what these flows are about.
        cls.env.company.has_received_warning_stock_sms = True

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("database installed without demo data")

    def _ref(self, name):
        return self.env.ref(f"sparklife_aftersales.{name}")

    def test_chloe_accepts_her_quotation(self):
        ticket = self._ref("ticket_chloe_clasp")
        quote = ticket.aftersales_sale_order_id
        self.assertEqual(quote.state, "sent")
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_demo_chloe_accepts_her_quotation",
            login="chloe",
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.signed_by, "Chloé Martin")
        self.assertEqual(ticket.aftersales_billing_state, "to_invoice")
        self.assertTrue(ticket.stage_id.aftersales_work_started)

    def test_chloe_reads_her_after_sales_in_french_and_euros(self):
        self.authenticate("chloe", "chloe")
        # Her eternity ring's resize is a paid service: "payant", not "payé".
        old = self._ref("order_chloe_old").order_line
        page = self.url_open(f"/my/aftersales/item/{old.id}").text
        resize = re.search(r'o_aftersales_option_resize">(.*?)</tr>', page, re.S)
        self.assertIn("Service payant", resize.group(1))
        self.assertNotIn("Payé", resize.group(1))
        # Her request's page names its stage in French.
        ticket = self._ref("ticket_chloe_clasp")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("Étape :", page)
        self.assertNotIn("Stage:", page)
        # Her order offers to ask for a return, in French.
        order = self._ref("order_chloe_recent")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("Demander un retour", page)
        self.assertNotIn("Request RMAs", page)
        # Her quotation is in euros, with French VAT.
        page = self.url_open(f"/my/orders/{ticket.aftersales_sale_order_id.id}").text
        self.assertIn("TVA 20%", page)
        self.assertIn("€", page)
        self.assertNotRegex(page, r"\$\s?\d")

    def test_a_clerk_takes_a_warranty_claim_to_the_end(self):
        line = self._ref("order_chloe_recent").order_line
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.clerk)
            .create(
                {
                    "name": "A claw of my solitaire is loose",
                    "description": "<p>The stone moves a little.</p>",
                    "partner_id": self._ref("partner_chloe").id,
                    "team_id": self._ref("helpdesk_team_aftersales").id,
                    "aftersales_service": "warranty",
                    "aftersales_sale_line_id": line.id,
                }
            )
        )
        self.start_tour(
            "/odoo/service-requests",
            "sparklife_demo_clerk_warranty_claim",
            login="demo_clerk",
        )
        self.assertEqual(ticket.aftersales_damage_cause, "manufacturing_defect")
        self.assertTrue(ticket.aftersales_approved_on)
        job = ticket.aftersales_repair_id
        self.assertTrue(job.under_warranty, "assessed, then free under warranty")
        self.assertFalse(job.sale_order_id)
        self.assertTrue(
            any(
                "Assessed by the workshop" in body
                for body in job.message_ids.mapped("body")
            )
        )
        self.assertTrue(ticket.aftersales_outbound_shipped_date)
        self.assertEqual(ticket.aftersales_repair_id.state, "done")
        self.assertEqual(
            ticket.aftersales_repair_id.aftersales_workshop_stage, "shipped"
        )
        self.assertEqual(ticket.stage_id, self.done)

    def test_a_clerk_takes_a_free_resize_to_the_end(self):
        ticket = self._ref("ticket_chloe_resize")
        line = ticket.aftersales_sale_line_id
        self.start_tour(
            "/odoo/service-requests",
            "sparklife_demo_clerk_free_resize",
            login="demo_clerk",
        )
        self.assertTrue(ticket.aftersales_used_free_resize)
        self.assertEqual(line.aftersales_free_resizes_used, 1)
        self.assertEqual(ticket.stage_id, self.done)

    def test_a_clerk_takes_a_quality_return_to_the_end(self):
        rma = self._ref("rma_chloe_earrings_quality")
        # Accounting invoiced her order; Chloé sent her photos from the portal.
        self._ref("order_chloe_earrings")._create_invoices().action_post()
        self.env["ir.attachment"].create(
            {
                "name": "loose-pearl.png",
                "raw": PNG,
                "res_model": "rma",
                "res_id": rma.id,
            }
        )
        self.start_tour(
            "/odoo/action-rma.rma_action",
            "sparklife_demo_clerk_quality_return",
            login="demo_clerk",
        )
        self.assertEqual(rma.state, "refunded")
        self.assertEqual(rma.aftersales_quality_defect_found, "confirmed")
        self.assertEqual(rma.aftersales_conditions_checked_by_id, self.clerk)
        self.assertTrue(rma.refund_id)
