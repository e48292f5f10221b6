# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesCase, utc


@tagged("post_install", "-at_install")
class TestTodayStates(AftersalesCase):
    """States against today are computed and searched, never stale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Bought 1 March, received 10 March: free resize until 1 June, return
        # until 9 April, warranty until 1 March 2027 (Paris days).
        cls.ring_line = cls._bought(cls.ring, utc(2026, 3, 1, 9), utc(2026, 3, 10, 9))
        cls.fixed_line = cls._bought(
            cls.fixed_ring, utc(2026, 3, 1, 9), utc(2026, 3, 10, 9)
        )
        cls.pending_line = cls._bought(cls.ring, utc(2026, 3, 1, 9))
        cls.lines = cls.ring_line | cls.fixed_line | cls.pending_line

    def _search(self, field, value=True):
        return self.env["sale.order.line"].search(
            [("id", "in", self.lines.ids), (field, "=", value)]
        )

    def _states(self, line):
        line.invalidate_recordset(
            [
                "aftersales_warranty_active",
                "aftersales_free_resize_available",
                "aftersales_return_window_open",
            ]
        )
        return (
            line.aftersales_warranty_active,
            line.aftersales_free_resize_available,
            line.aftersales_return_window_open,
        )

    def test_return_window_last_second_in_company_timezone(self):
        # 9 April 23:59:59 in Paris is 21:59:59 UTC (summer time).
        with freeze_time(utc(2026, 4, 9, 21, 59, 59)):
            self.assertEqual(
                self._search("aftersales_return_window_open"),
                self.ring_line | self.fixed_line,
            )
            self.assertTrue(self._states(self.ring_line)[2])
        with freeze_time(utc(2026, 4, 9, 22, 0, 0)):
            self.assertFalse(self._search("aftersales_return_window_open"))
            self.assertFalse(self._states(self.ring_line)[2])
            self.assertEqual(
                self._search("aftersales_return_window_open", False), self.lines
            )

    def test_free_resize_available_until_its_last_day(self):
        with freeze_time(utc(2026, 6, 1, 12)):
            self.assertEqual(
                self._search("aftersales_free_resize_available"),
                self.ring_line | self.pending_line,
            )
            self.assertEqual(
                self._search("aftersales_free_resize_available", False), self.fixed_line
            )
        with freeze_time(utc(2026, 6, 2, 12)):
            self.assertFalse(self._search("aftersales_free_resize_available"))
            self.assertEqual(self._states(self.ring_line), (True, False, False))

    def test_used_free_resize_is_no_longer_available(self):
        with freeze_time(utc(2026, 4, 1, 12)):
            self.ring_line.aftersales_free_resizes_used = 1
            self.assertEqual(
                self._search("aftersales_free_resize_available"), self.pending_line
            )
            self.assertIn(
                self.ring_line, self._search("aftersales_free_resize_available", False)
            )
            self.assertFalse(self._states(self.ring_line)[1])

    def test_warranty_active_and_expired(self):
        with freeze_time(utc(2027, 3, 1, 12)):
            self.assertEqual(self._search("aftersales_warranty_active"), self.lines)
        with freeze_time(utc(2027, 3, 2, 12)):
            self.assertFalse(self._search("aftersales_warranty_active"))
            self.assertEqual(
                self._search("aftersales_warranty_active", False), self.lines
            )
            self.assertEqual(self._states(self.fixed_line), (False, False, False))

    def test_negative_operator(self):
        with freeze_time(utc(2026, 4, 1, 12)):
            found = self.env["sale.order.line"].search(
                [
                    ("id", "in", self.lines.ids),
                    ("aftersales_return_window_open", "!=", True),
                ]
            )
            self.assertEqual(found, self.pending_line)

    def test_purchased_items_action_as_aftersales_user(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_purchased_items"
        )
        items = (
            self.env["sale.order.line"]
            .with_user(self.aftersales_user)
            .search([*literal_eval(action["domain"]), ("id", "in", self.lines.ids)])
        )
        self.assertEqual(items, self.lines)
        with freeze_time(utc(2026, 4, 1, 12)):
            resizable = items.search(
                [
                    ("id", "in", self.lines.ids),
                    ("aftersales_free_resize_available", "=", True),
                ]
            )
            self.assertEqual(resizable, self.ring_line | self.pending_line)
