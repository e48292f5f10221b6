# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Instead of a refund, in the customer portal: an exchange chosen on the
item's page (the free resize offered first, the pieces the item allows), the
difference paid in the browser, and goodwill credit shown and spent on a
quotation."""

import re
from datetime import datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from ..const import CONDITION_FIELDS
from .common import PortalCase
from .test_exchanges import ExchangeMixin


@tagged("post_install", "-at_install")
class TestExchangesPortal(ExchangeMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.size_52, cls.size_56 = cls._sized_ring("Test Portal Signet", 1000.0)
        noon = datetime.combine(cls.today, time(12, 0))
        cls.signet_line = cls._bought(
            cls.size_52,
            noon - timedelta(days=10),
            noon - timedelta(days=8),
            partner=cls.alice,
        )
        cls.staff = cls._new_user("exchange_staff", "clerk")
        cls.manager = cls._new_user("exchange_portal_manager", "manager")

    def test_the_item_page_offers_its_other_sizes_with_the_difference(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.signet_line.id}")
        self.assertIn('id="aftersales_exchange_group"', page.text)
        self.assertIn(f'value="{self.size_56.id}"', page.text)
        self.assertIn("you pay", page.text)
        self.assertIn("prefer an exchange to the free resize", page.text)

    def test_a_size_exchange_offers_the_free_resize_first(self):
        self.authenticate("portal_alice", "portal_alice")
        response = self._submit(
            self.signet_line,
            service=policy.EXCHANGE,
            exchange_product_id=self.size_56.id,
            description="Too small.",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("free resize is open until", response.text)
        self.assertFalse(self._requests_of(self.alice))
        response = self._submit(
            self.signet_line,
            service=policy.EXCHANGE,
            exchange_product_id=self.size_56.id,
            resize_declined="1",
            description="Too small.",
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        self.assertRecordValues(
            ticket,
            [
                {
                    "aftersales_service": policy.EXCHANGE,
                    "aftersales_new_product_id": self.size_56.id,
                    "aftersales_resize_declined": True,
                }
            ],
        )
        self.assertEqual(ticket.aftersales_rma_ids.state, "draft")

    def test_only_a_piece_the_item_offers_can_be_chosen(self):
        self.authenticate("portal_alice", "portal_alice")
        category = self.env["product.category"].create({"name": "Test Watches"})
        elsewhere = self._covered_product(
            "Test Other Category Piece", categ_id=category.id
        )
        response = self._submit(
            self.signet_line,
            service=policy.EXCHANGE,
            exchange_product_id=elsewhere.id,
            resize_declined="1",
            description="Another one.",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("choose the piece you would like instead", response.text)
        self.assertFalse(self._requests_of(self.alice))

    def test_a_customer_exchanges_a_ring_for_a_bigger_size_and_pays_the_difference(
        self,
    ):
        self.env.ref("payment.payment_provider_transfer").write(
            {"state": "enabled", "is_published": True}
        )
        self.start_tour(
            f"/my/aftersales/item/{self.signet_line.id}",
            "sparklife_portal_exchange_request",
            login="portal_alice",
        )
        ticket = self._requests_of(self.alice)
        self.assertEqual(ticket.aftersales_new_product_id, self.size_56)
        ticket.with_user(self.staff).action_aftersales_authorize_return()
        rma = ticket.aftersales_rma_ids
        self._validate(rma.reception_move_id.picking_id)
        rma.with_user(self.staff).write(
            {field: "met" for field in CONDITION_FIELDS.values()}
        )
        rma.with_user(self.staff).action_aftersales_record_conditions()
        invoice = ticket.aftersales_exchange_order_id.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "sparklife_portal_exchange_pay",
            login="portal_alice",
        )
        self.assertEqual(
            invoice.transaction_ids.provider_id,
            self.env.ref("payment.payment_provider_transfer"),
        )
        self.assertAlmostEqual(
            invoice.transaction_ids.amount, invoice.amount_total, places=2
        )


@tagged("post_install", "-at_install")
class TestCreditPortal(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._new_user("credit_portal_manager", "manager")
        complaint = cls.Ticket.create(
            {
                "name": "Late",
                "description": "<p>Late.</p>",
                "partner_id": cls.alice.id,
                "aftersales_service": policy.COMPLAINT,
            }
        )
        cls.credit = (
            cls.env["sparklife.aftersales.credit"]
            .with_user(cls.manager)
            .create({"ticket_id": complaint.id, "amount": 30.0, "reason": "delay"})
        )
        cls.credit.action_grant()
        repair = cls.env.ref("sparklife_aftersales.product_service_repair")
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.alice.id,
                "order_line": [Command.create({"product_id": repair.id})],
            }
        )
        cls.quotation.action_quotation_sent()

    def test_the_credit_shows_on_my_after_sales_and_is_spent_on_a_quotation(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open("/my/aftersales")
        self.assertIn(self.credit.code, page.text)
        page = self.url_open(self.quotation.get_portal_url())
        self.assertIn("Use my credit of", page.text)
        before = self.quotation.amount_total
        response = self.url_open(
            f"/my/aftersales/credit/{self.credit.id}/spend/{self.quotation.id}",
            data={"csrf_token": self._csrf(page.text)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("credit_spent=1", response.headers["Location"])
        self.assertAlmostEqual(self.quotation.amount_total, before - 30.0, places=2)

    def test_another_customer_cannot_spend_it(self):
        self.authenticate("portal_bob", "portal_bob")
        page = self.url_open("/my/aftersales")
        self.assertNotIn(self.credit.code, page.text)
        before = self.quotation.amount_total
        response = self.url_open(
            f"/my/aftersales/credit/{self.credit.id}/spend/{self.quotation.id}",
            data={"csrf_token": self._form(self.bob_line)["csrf_token"]},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.quotation.amount_total, before)
        self.assertEqual(self.credit.card_id.points, 30.0)

    def _csrf(self, text):
        return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
