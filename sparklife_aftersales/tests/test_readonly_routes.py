# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal's pages that only read are declared read-only, so that Odoo
serves them on a read-only cursor (from a replica when ``db_replica_host``
is set) and they work the same without one; the forms stay read/write."""

import threading
from unittest.mock import patch

from odoo.tests import tagged

from .common import PortalCase

READ_ONLY = (
    "/my/aftersales",
    "/my/aftersales/page/<int:page>",
    "/my/aftersales/item/<int:line_id>",
    "/my/aftersales/item/<int:line_id>/warranty-card",
    "/my/aftersales/item/<int:line_id>/certificate/<int:certificate_id>",
    "/my/aftersales/requests",
    "/aftersales/track/<int:ticket_id>",
    "/aftersales/verify/<string:token>",
)
READ_WRITE = (
    "/my/aftersales/item/<int:line_id>/request",
    "/my/aftersales/item/<int:line_id>/inspection",
    "/my/communication",
)


@tagged("post_install", "-at_install")
class TestReadonlyRoutes(PortalCase):
    def test_the_pages_that_only_read_are_declared_read_only(self):
        # The routing map is built for the thread's database, as a request's.
        with patch.object(
            threading.current_thread(), "dbname", self.env.cr.dbname, create=True
        ):
            routing = {
                rule.rule: rule.endpoint.routing
                for rule in self.env["ir.http"].routing_map().iter_rules()
            }
        for path in READ_ONLY:
            with self.subTest(path=path):
                self.assertIs(routing[path]["readonly"], True)
        for path in READ_WRITE:
            with self.subTest(path=path):
                self.assertFalse(routing[path]["readonly"])

    def test_an_item_page_is_served_on_a_read_only_cursor(self):
        Line = self.env.registry["sale.order.line"]
        summary = Line._aftersales_summary
        cursors = []

        def spy(lines):
            cursors.append(lines.env.cr.readonly)
            return summary(lines)

        self.authenticate("portal_alice", "portal_alice")
        with patch.object(Line, "_aftersales_summary", spy):
            items = self.url_open("/my/aftersales")
            item = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertEqual((items.status_code, item.status_code), (200, 200))
        self.assertIn("Test Portal Ring", item.text)
        self.assertEqual(cursors, [True, True])
