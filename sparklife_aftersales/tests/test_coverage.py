# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import AftersalesCase, utc


@tagged("post_install", "-at_install")
class TestCoverage(AftersalesCase):
    def test_dates_come_from_confirmation_and_delivery(self):
        line = self._bought(self.ring, utc(2026, 3, 2, 10), utc(2026, 3, 6, 15))
        self.assertTrue(line.is_aftersales_item)
        self.assertEqual(line.aftersales_purchase_date, date(2026, 3, 2))
        self.assertEqual(line.aftersales_received_date, date(2026, 3, 6))
        self.assertEqual(line.aftersales_warranty_end, date(2027, 3, 2))
        self.assertEqual(line.aftersales_free_resize_end, date(2026, 6, 2))
        self.assertEqual(line.aftersales_return_end, date(2026, 4, 5))
        self.assertEqual(
            (
                line.aftersales_free_resizes_allowed,
                line.aftersales_free_resizes_used,
                line.aftersales_free_resizes_remaining,
            ),
            (1, 0, 1),
        )

    def test_only_products_covered_by_after_sales_make_purchased_items(self):
        chair = self.env["product.product"].create(
            {"name": "Test Office Chair", "type": "consu"}
        )
        self.assertFalse(chair.aftersales_covered, "off unless ticked")
        line = self._bought(chair, utc(2026, 3, 2, 10), utc(2026, 3, 6, 15))
        self.assertFalse(line.is_aftersales_item)
        self.assertFalse(line.aftersales_warranty_end)
        items = self.env["sale.order.line"].search([("is_aftersales_item", "=", True)])
        self.assertNotIn(line, items)
        # Ticked later: its past sale is covered from its own dates.
        chair.aftersales_covered = True
        self.assertTrue(line.is_aftersales_item)
        self.assertEqual(line.aftersales_purchase_date, date(2026, 3, 2))
        self.assertEqual(line.aftersales_return_end, date(2026, 4, 5))

    def test_purchase_date_is_the_day_in_the_company_timezone(self):
        # 23:30 UTC on 30 November is already 1 December in Paris.
        line = self._bought(self.ring, utc(2026, 11, 30, 23, 30))
        self.assertEqual(line.aftersales_purchase_date, date(2026, 12, 1))
        self.assertEqual(line.aftersales_free_resize_end, date(2027, 3, 1))

    def test_purchase_on_30_november_free_resize_until_end_of_february(self):
        line = self._bought(self.ring, utc(2026, 11, 30, 9))
        self.assertEqual(line.aftersales_free_resize_end, date(2027, 2, 28))

    def test_purchase_on_29_february(self):
        line = self._bought(self.ring, utc(2028, 2, 29, 9))
        self.assertEqual(line.aftersales_warranty_end, date(2029, 2, 28))
        self.assertEqual(line.aftersales_free_resize_end, date(2028, 5, 29))

    def test_never_delivered_item_has_no_return_window(self):
        line = self._bought(self.ring, utc(2026, 3, 2, 10))
        self.assertFalse(line.aftersales_received_date)
        self.assertFalse(line.aftersales_return_end)
        self.assertFalse(line.aftersales_return_window_open)
        self.assertEqual(line.aftersales_warranty_end, date(2027, 3, 2))

    def test_partial_delivery_is_not_received(self):
        order = self._confirm(self._order([(self.ring, 2)]), utc(2026, 3, 2, 10))
        self._deliver(order, utc(2026, 3, 4, 10), {self.ring: 1})
        line = order.order_line
        self.assertEqual(line.qty_delivered, 1)
        self.assertFalse(line.aftersales_received_date)
        # The rest arrives later: the item counts as received then.
        self._deliver(order, utc(2026, 3, 9, 10))
        self.assertEqual(line.aftersales_received_date, date(2026, 3, 9))
        self.assertEqual(line.aftersales_return_end, date(2026, 4, 8))

    def test_quantity_two_allows_two_free_resizes(self):
        line = self._bought(self.ring, utc(2026, 3, 2, 10), qty=2)
        self.assertEqual(line.aftersales_free_resizes_allowed, 2)
        line.aftersales_free_resizes_used = 1
        self.assertEqual(line.aftersales_free_resizes_remaining, 1)
        line.aftersales_free_resizes_used = 2
        self.assertEqual(line.aftersales_free_resizes_remaining, 0)

    def test_non_adjustable_item_has_no_free_resize(self):
        line = self._bought(self.fixed_ring, utc(2026, 3, 2, 10), qty=3)
        self.assertFalse(line.aftersales_free_resize_end)
        self.assertEqual(line.aftersales_free_resizes_allowed, 0)
        self.assertFalse(line.aftersales_free_resize_available)

    def test_draft_cancelled_and_service_lines_are_not_items(self):
        draft = self._order([(self.ring, 1)])
        self.assertFalse(draft.order_line.is_aftersales_item)
        self.assertFalse(draft.order_line.aftersales_warranty_end)
        cancelled = self._confirm(self._order([(self.ring, 1)]), utc(2026, 3, 2, 10))
        self.assertTrue(cancelled.order_line.aftersales_warranty_end)
        cancelled._action_cancel()
        self.assertFalse(cancelled.order_line.is_aftersales_item)
        self.assertFalse(cancelled.order_line.aftersales_purchase_date)
        self.assertFalse(cancelled.order_line.aftersales_warranty_end)
        service = self._confirm(self._order([(self.service, 1)]), utc(2026, 3, 2, 10))
        self.assertFalse(service.order_line.is_aftersales_item)

    def test_product_becoming_adjustable_opens_the_free_resize(self):
        line = self._bought(self.fixed_ring, utc(2026, 3, 2, 10))
        self.assertFalse(line.aftersales_free_resize_end)
        self.fixed_ring.aftersales_adjustable = True
        self.assertEqual(line.aftersales_free_resize_end, date(2026, 6, 2))
        self.assertEqual(line.aftersales_free_resizes_allowed, 1)

    def test_policy_settings_recompute_coverage(self):
        line = self._bought(self.ring, utc(2026, 3, 2, 10), utc(2026, 3, 6, 15))
        self.company.write(
            {
                "aftersales_warranty_months": 24,
                "aftersales_free_resize_months": 6,
                "aftersales_free_resizes_per_unit": 2,
                "aftersales_return_days": 14,
            }
        )
        self.assertEqual(line.aftersales_warranty_end, date(2028, 3, 2))
        self.assertEqual(line.aftersales_free_resize_end, date(2026, 9, 2))
        self.assertEqual(line.aftersales_free_resizes_allowed, 2)
        self.assertEqual(line.aftersales_return_end, date(2026, 3, 20))

    def test_smart_button_opens_the_order_items(self):
        order = self._confirm(
            self._order([(self.ring, 1), (self.fixed_ring, 1), (self.service, 1)]),
            utc(2026, 3, 2, 10),
        )
        self.assertEqual(order.aftersales_item_count, 2)
        action = order.action_view_aftersales_items()
        self.assertEqual(action["res_model"], "sale.order.line")
        items = self.env["sale.order.line"].search(action["domain"])
        self.assertEqual(items.product_id, self.ring | self.fixed_ring)


@tagged("post_install", "-at_install")
class TestCoverageQueries(AftersalesCase):
    """Computing coverage costs the same number of queries for 1 or 50 lines."""

    def _lines(self, count):
        order = self._order([(self.ring, 1)] * count)
        self._confirm(order, utc(2026, 3, 2, 10))
        self._deliver(order, utc(2026, 3, 5, 10))
        return order.order_line

    def _recompute(self, lines):
        lines.invalidate_recordset()
        self.env.invalidate_all()
        for fname in (
            "aftersales_purchase_date",
            "aftersales_received_date",
            "aftersales_warranty_end",
            "aftersales_free_resizes_remaining",
        ):
            self.env.add_to_compute(lines._fields[fname], lines)
        lines.flush_recordset()
        lines.read(
            [
                "aftersales_warranty_active",
                "aftersales_free_resize_available",
                "aftersales_return_window_open",
            ]
        )

    def test_query_count_does_not_grow_with_lines(self):
        one, fifty = self._lines(1), self._lines(50)
        self.assertEqual(len(fifty), 50)
        self._recompute(one)  # warm the caches of the company and products
        count0 = self.cr.sql_log_count
        self._recompute(one)
        queries_for_one = self.cr.sql_log_count - count0
        self.assertGreater(queries_for_one, 0)
        with self.assertQueryCount(queries_for_one):
            self._recompute(fifty)
        self.assertEqual(
            set(fifty.mapped("aftersales_received_date")), {date(2026, 3, 5)}
        )


@tagged("post_install", "-at_install")
class TestCoverageMultiCompany(AftersalesCase):
    """Each company's own policy and time zone apply to its own orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokyo = cls.env["res.company"].create(
            {
                "name": "Sparklife Tokyo",
                "aftersales_warranty_months": 24,
                "aftersales_return_days": 14,
            }
        )
        cls.tokyo.partner_id.tz = "Asia/Tokyo"
        cls.env.user.company_ids |= cls.tokyo
        cls.tokyo_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.tokyo.id)], limit=1
        )

    def test_policy_and_day_of_each_company(self):
        paris = self._bought(self.ring, utc(2026, 3, 1, 20), utc(2026, 3, 2, 20))
        order = (
            self.env["sale.order"]
            .with_company(self.tokyo)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.tokyo.id,
                    "warehouse_id": self.tokyo_warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.ring.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        self._confirm(order, utc(2026, 3, 1, 20))
        self._deliver(order, utc(2026, 3, 2, 20))
        tokyo = order.order_line
        # 20:00 UTC is still 1 March in Paris, already 2 March in Tokyo (and
        # the delivery on 2 March 20:00 UTC is on 3 March there).
        self.assertEqual(paris.aftersales_purchase_date, date(2026, 3, 1))
        self.assertEqual(tokyo.aftersales_purchase_date, date(2026, 3, 2))
        self.assertEqual(paris.aftersales_warranty_end, date(2027, 3, 1))
        self.assertEqual(tokyo.aftersales_warranty_end, date(2028, 3, 2))
        self.assertEqual(paris.aftersales_return_end, date(2026, 4, 1))
        self.assertEqual(tokyo.aftersales_return_end, date(2026, 3, 17))
        # Each line is judged against the day of its own company.
        with freeze_time(utc(2026, 3, 16, 16)):  # 16 March in Paris, 17 in Tokyo
            open_lines = self.env["sale.order.line"].search(
                [
                    ("id", "in", (paris | tokyo).ids),
                    ("aftersales_return_window_open", "=", True),
                ]
            )
            self.assertEqual(open_lines, paris | tokyo)
        with freeze_time(utc(2026, 3, 17, 16)):  # 17 March in Paris, 18 in Tokyo
            open_lines = self.env["sale.order.line"].search(
                [
                    ("id", "in", (paris | tokyo).ids),
                    ("aftersales_return_window_open", "=", True),
                ]
            )
            self.assertEqual(open_lines, paris)
            self.assertFalse(tokyo.aftersales_return_window_open)
            self.assertTrue(paris.aftersales_return_window_open)
        # Changing one company's policy leaves the other's items alone.
        self.tokyo.aftersales_return_days = 7
        self.assertEqual(tokyo.aftersales_return_end, date(2026, 3, 10))
        self.assertEqual(paris.aftersales_return_end, date(2026, 4, 1))
