# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load test's invariants on a small scale: customers sending request
forms in transactions open at the same time (one of them twice, as a double
click does) and two clerks approving the last free resize of a ring at once,
each on a database connection of its own; afterwards every invariant holds.
The check itself reports a broken state."""

import uuid
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestLoadInvariants(TransactionCase):
    """Works on committed data with cursors of its own, and removes it after.
    Its cursors are connections of their own (not the registry's, which a
    test runner may route through the test's one transaction)."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    @contextmanager
    def _world(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.product"].create(
                {
                    "name": "Invariant Ring",
                    "type": "consu",
                    "aftersales_covered": True,
                    "aftersales_adjustable": True,
                }
            )
            users = [
                new_test_user(
                    env,
                    login=f"invariant_customer_{n}",
                    groups="base.group_portal",
                )
                for n in range(3)
            ]
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": user.partner_id.id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                    for user in users
                ]
            )
            # Confirmed without deliveries: a resize and a cleaning need no more.
            orders.write({"state": "sale"})
            resizes = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Resize {n}",
                        "description": "<p>Resize please</p>",
                        "partner_id": users[0].partner_id.id,
                        "aftersales_service": "resize",
                        "aftersales_sale_line_id": orders[0].order_line.id,
                    }
                    for n in (1, 2)
                ]
            )
            ids = {
                "product": product.id,
                "users": [user.id for user in users],
                "lines": orders.order_line.ids,
                "orders": orders.ids,
                "resizes": resizes.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        try:
            yield ids
        finally:
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["helpdesk.ticket"].search(
                    [("aftersales_sale_line_id", "in", ids["lines"])]
                ).unlink()
                orders = env["sale.order"].browse(ids["orders"])
                orders.write({"state": "cancel"})
                orders.unlink()
                users = env["res.users"].browse(ids["users"])
                partners = users.partner_id
                users.unlink()
                partners.unlink()
                env["product.product"].browse(ids["product"]).unlink()

    @staticmethod
    def _send_form(cr, user_id, line_id, key):
        env = api.Environment(cr, user_id, {})
        # As the portal's controller passes it: found among the customer's own
        # items, with sudo to be read.
        line = env["sale.order.line"].sudo().browse(line_id)
        env["helpdesk.ticket"]._aftersales_submit(
            line, "cleaning", "Please clean it", submission_key=key
        )

    @staticmethod
    def _approve(cr, ticket_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["helpdesk.ticket"].browse(ticket_id).action_aftersales_approve()

    @mute_logger("odoo.sql_db", "odoo.models.unlink")
    def test_every_invariant_holds_after_concurrent_work(self):
        with self._world() as ids:
            keys = [uuid.uuid4().hex for _ in ids["users"]]
            # Three customers send their forms, each in a transaction of its
            # own, all open at the same time, then committed.
            cursors = [self._cursor() for _ in keys]
            for cr, user_id, line_id, key in zip(
                cursors, ids["users"], ids["lines"], keys, strict=True
            ):
                cr.execute("SET LOCAL lock_timeout = '10s'")
                self._send_form(cr, user_id, line_id, key)
            for cr in cursors:
                cr.commit()  # pylint: disable=invalid-commit
                cr.close()
            # A double click: the first customer's form, sent again.
            with self._cursor() as cr:
                self._send_form(cr, ids["users"][0], ids["lines"][0], keys[0])
            # Two clerks on the last free resize of the first ring, at once:
            # the second is told to try again; trying again, none is left.
            first, second = ids["resizes"]
            with self._cursor() as cr1, self._cursor() as cr2:
                for cr in (cr1, cr2):
                    cr.execute("SET LOCAL lock_timeout = '10s'")
                self._approve(cr1, first)
                with self.assertRaisesRegex(UserError, "in progress"):
                    self._approve(cr2, second)
                cr2.rollback()
                cr1.commit()  # pylint: disable=invalid-commit
            with (
                self._cursor() as cr,
                self.assertRaisesRegex(UserError, "already been used"),
            ):
                self._approve(cr, second)
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                self.assertEqual(
                    env["sparklife.aftersales.health"]._check_invariants(keys), []
                )
                # Each form made its request, the double click no other.
                tickets = env["helpdesk.ticket"].search(
                    [("aftersales_submission_key", "in", keys)]
                )
                self.assertEqual(len(tickets), len(keys))
                line = env["sale.order.line"].browse(ids["lines"][0])
                self.assertEqual(line.aftersales_free_resizes_used, 1)

    def test_a_broken_state_is_reported(self):
        with self._world() as ids:
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute(
                    "UPDATE sale_order_line SET aftersales_free_resizes_used = 5 WHERE id = %s",
                    [ids["lines"][0]],
                )
                broken = env["sparklife.aftersales.health"]._check_invariants(
                    ["never-sent"]
                )
                cr.rollback()
            self.assertIn("form never-sent made 0 requests instead of one", broken)
            self.assertIn(
                f"item {ids['lines'][0]} used 5 free resizes out of 1", broken
            )
