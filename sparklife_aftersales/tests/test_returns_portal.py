# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal's return request (``rma_sale``'s form on the order page), as a
logged-in customer: the policy decides, a refusal creates nothing and says
why, and no customer can return another customer's item."""

import re
from datetime import datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ShopMixin


@tagged("post_install", "-at_install")
class TestReturnsPortal(ShopMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Days are counted in UTC here, so that "30 days ago" is exact
        # whatever the time of year.
        cls.company.partner_id.tz = "UTC"
        cls.necklace = cls._covered_product("Test Portal Necklace", list_price=900.0)
        cls.alice = cls._new_user(
            "return_alice", "portal", email="alice@example.com"
        ).partner_id
        cls.bob = cls._new_user(
            "return_bob", "portal", email="bob@example.com"
        ).partner_id
        today = datetime.combine(datetime.utcnow().date(), time(12, 0))
        cls.order_day_30 = cls._order_of(cls.alice, today - timedelta(days=30))
        cls.order_day_31 = cls._order_of(cls.alice, today - timedelta(days=31))
        cls.order_not_delivered = cls._order_of(cls.alice, None)
        cls.bob_order = cls._order_of(cls.bob, today - timedelta(days=5))

    @classmethod
    def _order_of(cls, partner, received, product=None):
        """An order of one necklace (or ``product``), delivered at
        ``received`` (UTC) if given."""
        line = cls._bought(product or cls.necklace, received=received, partner=partner)
        return line.order_id

    def _post_request(self, order, line, service="return_satisfaction", url_order=None):
        """Open the order page, then send its return request form for
        ``line`` (which a forged form may take from another order)."""
        page = self.url_open(f"/my/orders/{(url_order or order).id}")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        picking = line.move_ids.picking_id
        return self.url_open(
            f"/my/orders/{(url_order or order).id}/requestrma",
            data={
                "csrf_token": token,
                "0-product_id": line.product_id.id,
                "0-sale_line_id": line.id,
                "0-quantity": 1,
                "0-uom_id": line.product_uom_id.id,
                "0-picking_id": picking.id or "",
                "0-operation_id": self.env.ref(
                    "sparklife_aftersales.rma_operation_aftersales_return"
                ).id,
                "0-aftersales_service": service,
                "0-description": "It does not suit me.",
            },
        )

    def _rmas(self, *partners):
        return (
            self.env["rma"]
            .sudo()
            .search([("partner_id", "in", [p.id for p in partners])])
        )

    def test_order_page_offers_the_after_sales_return(self):
        self.authenticate("return_alice", "return_alice")
        page = self.url_open(f"/my/orders/{self.order_day_30.id}")
        self.assertIn('name="0-aftersales_service"', page.text)
        self.assertIn("After-sales return", page.text)
        self.assertNotIn(">Repair<", page.text, "other operations are not offered")

    def test_other_goods_of_the_order_keep_rma_sales_form(self):
        """A good of the order that after-sales does not cover is returned
        with rma_sale's own operations, no reason asked, and its RMA is not
        judged by the policy."""
        chair = self.env["product.product"].create(
            {"name": "Test Portal Chair", "type": "consu", "list_price": 90.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.alice.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": self.necklace.id}),
                    Command.create({"product_id": chair.id}),
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.write({"quantity": 1, "picked": True})
        picking.with_context(skip_sms=True).button_validate()
        self.authenticate("return_alice", "return_alice")
        page = self.url_open(f"/my/orders/{order.id}").text
        rows = {
            name: re.search(
                rf"<tr[^>]*>(?:(?!</tr>).)*?{name}(?:(?!</tr>).)*?</tr>", page, re.S
            ).group(0)
            for name in ("Test Portal Necklace", "Test Portal Chair")
        }
        self.assertIn('-aftersales_service"', rows["Test Portal Necklace"])
        self.assertNotIn(">Refund<", rows["Test Portal Necklace"])
        self.assertNotIn('-aftersales_service"', rows["Test Portal Chair"])
        self.assertIn("Refund", rows["Test Portal Chair"])
        self.assertNotIn("After-sales return", rows["Test Portal Chair"])
        # Its return is rma_sale's: created as a draft, whatever the policy.
        line = order.order_line.filtered(lambda sold: sold.product_id == chair)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.url_open(
            f"/my/orders/{order.id}/requestrma",
            data={
                "csrf_token": token,
                "0-product_id": chair.id,
                "0-sale_line_id": line.id,
                "0-quantity": 1,
                "0-uom_id": line.product_uom_id.id,
                "0-picking_id": picking.id,
                "0-operation_id": self.env.ref("rma.rma_operation_refund").id,
                "0-description": "Wrong colour.",
            },
        )
        rma = self._rmas(self.alice).filtered(lambda r: r.product_id == chair)
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.aftersales_line_id)
        self.assertFalse(rma.aftersales_eligibility)

    def test_request_on_day_30_creates_the_rma(self):
        self.authenticate("return_alice", "return_alice")
        line = self.order_day_30.order_line
        response = self._post_request(self.order_day_30, line)
        rma = self._rmas(self.alice)
        self.assertEqual(len(rma), 1)
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.aftersales_line_id, line)
        self.assertEqual(rma.aftersales_service, "return_satisfaction")
        self.assertEqual(rma.aftersales_eligibility, "free")
        self.assertEqual(rma.aftersales_shipping_payer, "customer")
        self.assertIn(f"/my/rmas/{rma.id}", response.url)
        self.assertIn("Return: not satisfied", response.text)
        self.assertIn("Return accepted until", response.text)
        self.assertIn("Please wait for our confirmation", response.text)
        # Once customer service confirms, the page says where to send it.
        self.env.company.aftersales_address_id = self.env["res.partner"].create(
            {"name": "Sparklife Returns", "street": "8 place Vendome", "city": "Paris"}
        )
        rma.action_confirm()
        page = self.url_open(f"/my/rmas/{rma.id}")
        self.assertIn("Send the item to", page.text)
        self.assertIn("8 place Vendome", page.text)

    def test_request_on_day_31_is_refused(self):
        self.authenticate("return_alice", "return_alice")
        response = self._post_request(self.order_day_31, self.order_day_31.order_line)
        self.assertFalse(self._rmas(self.alice))
        self.assertIn(f"/my/orders/{self.order_day_31.id}", response.url)
        self.assertIn("Your return request was not sent", response.text)
        self.assertIn("within 30 days of receiving the item", response.text)
        # The message is shown once.
        again = self.url_open(f"/my/orders/{self.order_day_31.id}")
        self.assertNotIn("Your return request was not sent", again.text)

    def test_item_never_delivered_is_refused(self):
        self.authenticate("return_alice", "return_alice")
        response = self._post_request(
            self.order_not_delivered, self.order_not_delivered.order_line
        )
        # The quantity delivered is zero: rma_sale refuses it before the policy.
        self.assertFalse(self._rmas(self.alice))
        self.assertIn("Your return request was not sent", response.text)

    def test_quality_request_waits_for_photos(self):
        self.authenticate("return_alice", "return_alice")
        line = self.order_day_31.order_line
        response = self._post_request(self.order_day_31, line, "return_quality")
        rma = self._rmas(self.alice)
        self.assertEqual(rma.aftersales_service, "return_quality")
        self.assertEqual(rma.aftersales_shipping_payer, "company")
        self.assertIn("photos of the item", response.text)

    def test_item_of_another_customer_is_refused(self):
        self.authenticate("return_alice", "return_alice")
        # Bob's item in a form sent from Alice's own order.
        response = self._post_request(
            self.order_day_30, self.bob_order.order_line, url_order=self.order_day_30
        )
        self.assertFalse(self._rmas(self.alice, self.bob))
        self.assertIn("This item is not on order", response.text)
        self.assertNotIn("another customer", response.text)
        # Bob's order itself: the portal does not even show it.
        page = self.url_open(f"/my/orders/{self.bob_order.id}")
        self.assertNotIn(self.bob_order.name, page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        line = self.bob_order.order_line
        self.url_open(
            f"/my/orders/{self.bob_order.id}/requestrma",
            data={
                "csrf_token": token,
                "0-product_id": line.product_id.id,
                "0-sale_line_id": line.id,
                "0-quantity": 1,
                "0-uom_id": line.product_uom_id.id,
                "0-picking_id": line.move_ids.picking_id.id,
                "0-operation_id": self.env.ref(
                    "sparklife_aftersales.rma_operation_aftersales_return"
                ).id,
            },
        )
        self.assertFalse(self._rmas(self.alice, self.bob))

    def test_another_customers_item_is_not_named(self):
        """A forged form naming another customer's purchase learns only that
        it is not on the order: not what it is, nor that someone bought it."""
        bracelet = self.env["product.product"].create(
            {
                "name": "Sapphire Tennis Bracelet",
                "default_code": "SL-BRC-SAPH",
                "type": "consu",
                "aftersales_covered": True,
            }
        )
        today = datetime.combine(datetime.utcnow().date(), time(12, 0))
        bob_order = self._order_of(self.bob, today - timedelta(days=3), bracelet)
        self.authenticate("return_alice", "return_alice")
        response = self._post_request(
            self.order_day_30, bob_order.order_line, url_order=self.order_day_30
        )
        self.assertFalse(self._rmas(self.alice, self.bob))
        self.assertIn(f"/my/orders/{self.order_day_30.id}", response.url)
        self.assertIn("Your return request was not sent", response.text)
        self.assertIn(
            f"This item is not on order {self.order_day_30.name}", response.text
        )
        for secret in ("Sapphire", "SL-BRC-SAPH", "another customer", "bob"):
            self.assertNotIn(secret, response.text)

    def test_customer_asks_for_a_return_in_the_browser(self):
        self.start_tour(
            f"/my/orders/{self.order_day_30.id}",
            "sparklife_portal_return_request",
            login="return_alice",
        )
        rma = self._rmas(self.alice)
        self.assertEqual(rma.aftersales_line_id, self.order_day_30.order_line)
        self.assertEqual(rma.aftersales_eligibility, "free")
