# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two approvals of the last free resize at the same time, in two real
PostgreSQL transactions: exactly one of them may succeed."""

from contextlib import contextmanager, suppress

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestFreeResizeConcurrency(TransactionCase):
    """Works on committed data with cursors of its own, and removes it after;
    the test case's own transaction is not used."""

    @contextmanager
    def _world(self):
        """An adjustable ring bought once, and two requests to resize it,
        committed so that other transactions see them; deleted afterwards."""
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.product"].create(
                {
                    "name": "Concurrency Ring",
                    "type": "consu",
                    "aftersales_covered": True,
                    "aftersales_adjustable": True,
                }
            )
            # No e-mail nor phone: nothing to acknowledge, nothing queued.
            customer = env["res.partner"].create({"name": "Concurrency Customer"})
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            # A confirmed order without deliveries: all a free resize needs.
            order.write({"state": "sale"})
            line = order.order_line
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Resize {n}",
                        "description": "<p>Resize please</p>",
                        "partner_id": customer.id,
                        "aftersales_service": "resize",
                        "aftersales_sale_line_id": line.id,
                    }
                    for n in (1, 2)
                ]
            )
            self.assertEqual(tickets.mapped("aftersales_eligibility"), ["free", "free"])
            ids = {
                "product": product.id,
                "customer": customer.id,
                "order": order.id,
                "line": line.id,
                "tickets": tickets.ids,
            }
            # Other transactions must see the data: this test commits on
            # purpose, in cursors of its own, and deletes what it made.
            cr.commit()  # pylint: disable=invalid-commit
        try:
            yield ids
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["helpdesk.ticket"].browse(ids["tickets"]).unlink()
                order = env["sale.order"].browse(ids["order"])
                order.write({"state": "cancel"})
                order.unlink()
                env["product.product"].browse(ids["product"]).unlink()
                env["res.partner"].browse(ids["customer"]).unlink()

    def _used(self, registry, line_id):
        with registry.cursor() as cr:
            cr.execute(
                "SELECT aftersales_free_resizes_used FROM sale_order_line WHERE id = %s",
                [line_id],
            )
            return cr.fetchone()[0]

    def _approve(self, cr, ticket_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["helpdesk.ticket"].browse(ticket_id).action_aftersales_approve()
        env.flush_all()

    def test_second_approval_while_the_first_is_running(self):
        """The first approval holds the item: the second one fails at once
        with a message to try again; trying again says none is left."""
        registry = self.registry
        with self._world() as ids:
            first, second = ids["tickets"]
            with registry.cursor() as cr1, registry.cursor() as cr2:
                self._approve(cr1, first)  # not committed yet
                with self.assertRaisesRegex(UserError, "in progress"):
                    self._approve(cr2, second)
                cr2.rollback()
                cr1.commit()
            with registry.cursor() as cr3:
                with self.assertRaisesRegex(UserError, "already been used"):
                    self._approve(cr3, second)
            self.assertEqual(self._used(registry, ids["line"]), 1)

    def test_second_approval_started_before_the_first_committed(self):
        """The second transaction started before the first one committed:
        PostgreSQL refuses its lock on the changed item (serialization
        failure, which Odoo retries for a user, then finding none left)."""
        registry = self.registry
        with self._world() as ids:
            first, second = ids["tickets"]
            with registry.cursor() as cr1, registry.cursor() as cr2:
                cr2.execute("SELECT 1")  # the second transaction's snapshot
                self._approve(cr1, first)
                cr1.commit()
                with (
                    self.assertRaises(SerializationFailure),
                    mute_logger("odoo.sql_db"),
                ):
                    self._approve(cr2, second)
                with suppress(Exception):
                    cr2.rollback()
            with registry.cursor() as cr3:
                with self.assertRaisesRegex(UserError, "already been used"):
                    self._approve(cr3, second)
            self.assertEqual(self._used(registry, ids["line"]), 1)
