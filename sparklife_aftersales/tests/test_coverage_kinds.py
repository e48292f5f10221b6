# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Kinds of pieces: a product's coverage follows its category unless the
product says otherwise, and the services offered follow the kind of piece (no
resize for earrings), in the back office, the portal and the warranty card."""

import re
from datetime import datetime, time, timedelta

from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCase, PortalCase, utc


@tagged("post_install", "-at_install")
class TestCoverageByCategory(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kinds_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        cls.jewelry = cls.env["product.category"].create({"name": "Test Jewelry"})

    def _product(self, name, **values):
        return self.env["product.product"].create(
            {"name": name, "type": "consu", "categ_id": self.jewelry.id, **values}
        )

    def test_a_new_product_of_a_covered_category_is_covered(self):
        before = self._product("Test Signet Ring")
        line = self._bought(before, utc(2026, 3, 2, 10), utc(2026, 3, 6, 15))
        self.assertFalse(line.is_aftersales_item)
        # The manager covers the category: past sales of its products too.
        with Form(self.jewelry.with_user(self.manager)) as category:
            category.aftersales_covered = True
        self.assertTrue(before.aftersales_covered)
        self.assertTrue(line.is_aftersales_item)
        self.assertEqual(line.aftersales_return_end, utc(2026, 4, 5).date())
        # A product created afterwards needs nobody to tick anything.
        after = self._product("Test Bangle")
        self.assertEqual(after.aftersales_coverage, "category")
        self.assertTrue(after.aftersales_covered)
        self.assertTrue(self._bought(after, utc(2026, 3, 2, 10)).is_aftersales_item)

    def test_the_products_own_choice_overrides_its_category(self):
        self.jewelry.aftersales_covered = True
        gift_box = self._product("Test Gift Box")
        with Form(gift_box.product_tmpl_id.with_user(self.manager)) as product:
            product.aftersales_coverage = "not_covered"
        self.assertFalse(gift_box.aftersales_covered)
        self.assertFalse(self._bought(gift_box, utc(2026, 3, 2, 10)).is_aftersales_item)
        # A covered product stays covered whatever its category says.
        chair = self.env["product.product"].create(
            {
                "name": "Test Display Chair",
                "type": "consu",
                "aftersales_coverage": "covered",
            }
        )
        self.assertTrue(chair.aftersales_covered)
        self.jewelry.aftersales_covered = False
        self.assertFalse(self._product("Test Brooch").aftersales_covered)
        self.assertTrue(chair.aftersales_covered)
        self.assertFalse(gift_box.aftersales_covered)
        # Back to its category.
        gift_box.aftersales_coverage = "category"
        self.jewelry.aftersales_covered = True
        self.assertTrue(gift_box.aftersales_covered)

    def test_ticking_the_flag_is_the_products_own_choice(self):
        """Products created or imported with the flag keep their meaning."""
        ring = self.env["product.product"].create(
            {"name": "Test Flagged Ring", "type": "consu", "aftersales_covered": True}
        )
        self.assertEqual(ring.aftersales_coverage, "covered")
        ring.aftersales_covered = False
        self.assertEqual(ring.aftersales_coverage, "not_covered")
        covered = self.env["product.template"].search(
            [("aftersales_covered", "=", True), ("id", "=", ring.product_tmpl_id.id)]
        )
        self.assertFalse(covered)

    def test_the_demo_jewelry_category_is_covered(self):
        category = self.env.ref(
            "sparklife_aftersales.product_category_jewelry", raise_if_not_found=False
        )
        if not category:
            self.skipTest("demo data not installed")
        self.assertTrue(category.aftersales_covered)
        new_ring = self.env["product.product"].create(
            {"name": "Test Demo Ring", "type": "consu", "categ_id": category.id}
        )
        self.assertTrue(new_ring.aftersales_covered)
        earrings = self.env.ref("sparklife_aftersales.product_pearl_earrings")
        self.assertTrue(earrings.aftersales_covered)
        self.assertFalse(earrings.aftersales_resizable)


@tagged("post_install", "-at_install")
class TestServicesPerKindOfPiece(AftersalesCase):
    """Earrings cannot be resized: a resize is not offered for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought(cls.earrings, utc(2026, 1, 10, 11), utc(2026, 1, 12, 9))

    def test_the_back_office_answers_not_offered(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.aftersales_user)
            .create(
                {
                    "name": "Shorter, please",
                    "description": "<p>Shorter, please.</p>",
                    "partner_id": self.customer.id,
                    "aftersales_service": "resize",
                    "aftersales_sale_line_id": self.line.id,
                    "aftersales_requested_on": utc(2026, 2, 1, 10),
                }
            )
        )
        self.assertEqual(ticket.aftersales_eligibility, "refused")
        self.assertEqual(
            ticket.aftersales_reason,
            "Resizing is not offered for this kind of piece.",
        )
        self.assertFalse(ticket.aftersales_redesign)
        self.assertFalse(ticket.aftersales_can_approve)
        self.assertEqual(
            (
                self.line.aftersales_free_resize_end,
                self.line.aftersales_free_resizes_allowed,
            ),
            (False, 0),
        )

    def test_a_kind_that_becomes_resizable_is_offered_a_resize(self):
        self.earrings_category.aftersales_resizable = True
        decision = self.env["sparklife.aftersales.policy"].evaluate(
            self.line, "resize", at=utc(2026, 2, 1, 10)
        )
        self.assertEqual(decision.reason, "resize_not_adjustable")

    def test_the_warranty_card_says_nothing_of_resizing(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "sparklife_aftersales.report_warranty_card", self.line.ids
            )[0]
            .decode()
        )
        self.assertNotIn('name="free_resize"', html)
        ring = self._bought(self.fixed_ring, utc(2026, 1, 10, 11))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sparklife_aftersales.report_warranty_card", ring.ids)[0]
            .decode()
        )
        self.assertIn('name="free_resize"', html)


@tagged("post_install", "-at_install")
class TestServicesPerKindOfPiecePortal(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["product.category"].create(
            {
                "name": "Test Portal Earrings",
                "aftersales_covered": True,
                "aftersales_resizable": False,
            }
        )
        earrings = cls.env["product.product"].create(
            {"name": "Test Portal Earrings", "type": "consu", "categ_id": category.id}
        )
        noon = datetime.combine(cls.today, time(12, 0))
        cls.earrings_line = cls._bought(
            earrings,
            noon - timedelta(days=10),
            noon - timedelta(days=8),
            partner=cls.alice,
        )

    def test_the_item_page_offers_no_resize_and_refuses_a_forged_one(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.earrings_line.id}").text
        self.assertNotIn("o_aftersales_option_resize", page)
        self.assertIn("o_aftersales_option_cleaning", page)
        self.assertNotIn("cannot be adjusted", page)
        self.assertNotIn('value="resize"', page)
        items = self.url_open("/my/aftersales").text
        row = re.search(
            rf'item/{self.earrings_line.id}">(.*?)</tr>', items, re.S
        ).group(1)
        self.assertIn("Covered by the warranty until", row)
        self.assertNotIn("resiz", row)
        # A ring still offers its resize.
        ring_page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}").text
        self.assertIn("o_aftersales_option_resize", ring_page)
        # A resize posted anyway is refused with the policy's reason.
        response = self._submit(
            self.earrings_line,
            service="resize",
            description="Shorter, please.",
            aftersales_requested_size="S",
        )
        self.assertIn(
            "Resizing is not offered for this kind of piece.",
            re.sub(r"\s+", " ", response.text),
        )
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [("aftersales_sale_line_id", "=", self.earrings_line.id)]
            )
        )
