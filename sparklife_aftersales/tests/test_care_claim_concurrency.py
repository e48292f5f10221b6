# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two clerks approving the last claim of a care plan at the same time, in
two real PostgreSQL transactions: exactly one of them may succeed."""

from contextlib import contextmanager, suppress
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCareClaimConcurrency(TransactionCase):
    """Works on committed data with cursors of its own, and removes it after;
    the test case's own transaction is not used."""

    @contextmanager
    def _world(self):
        """A ring with a care plan that has one claim left, and two requests
        about accidental damage to it, committed so that other transactions
        see them; deleted afterwards."""
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product, plan_product = env["product.product"].create(
                [
                    {
                        "name": "Claims Ring",
                        "type": "consu",
                        "aftersales_covered": True,
                    },
                    {"name": "Claims Care", "type": "service"},
                ]
            )
            template = env["sparklife.aftersales.care.template"].create(
                {
                    "name": "Claims Care",
                    "product_id": plan_product.id,
                    "duration_years": 5,
                    "claims_allowed": 1,
                }
            )
            # No e-mail nor phone: nothing to acknowledge, nothing queued.
            customer = env["res.partner"].create({"name": "Claims Customer"})
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            # A confirmed order without deliveries: all a claim needs.
            order.write({"state": "sale", "date_order": "2026-01-10 10:00:00"})
            line = order.order_line
            plan = env["sparklife.aftersales.care.plan"].create(
                {
                    "template_id": template.id,
                    "company_id": line.company_id.id,
                    "sale_line_id": line.id,
                    "item_line_id": line.id,
                    "partner_id": customer.id,
                    "start_date": date(2026, 1, 10),
                    "end_date": date(2031, 1, 10),
                }
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Knocked {n}",
                        "description": "<p>A prong is bent</p>",
                        "partner_id": customer.id,
                        "aftersales_service": "warranty",
                        "aftersales_damage_cause": "accidental_damage",
                        "aftersales_sale_line_id": line.id,
                    }
                    for n in (1, 2)
                ]
            )
            self.assertEqual(tickets.mapped("aftersales_eligibility"), ["free", "free"])
            ids = {
                "products": (product + plan_product).ids,
                "template": template.id,
                "customer": customer.id,
                "order": order.id,
                "plan": plan.id,
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
                env["sparklife.aftersales.care.plan"].browse(ids["plan"]).unlink()
                order = env["sale.order"].browse(ids["order"])
                order.write({"state": "cancel"})
                order.unlink()
                env["sparklife.aftersales.care.template"].browse(
                    ids["template"]
                ).unlink()
                env["product.product"].browse(ids["products"]).unlink()
                env["res.partner"].browse(ids["customer"]).unlink()

    def _claims_used(self, registry, plan_id):
        with registry.cursor() as cr:
            cr.execute(
                "SELECT claims_used FROM sparklife_aftersales_care_plan WHERE id = %s",
                [plan_id],
            )
            return cr.fetchone()[0]

    def _approve(self, cr, ticket_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["helpdesk.ticket"].browse(ticket_id).action_aftersales_approve()
        env.flush_all()

    def test_second_approval_while_the_first_is_running(self):
        """The first approval holds the plan: the second one fails at once
        with a message to try again; trying again says the claims are used."""
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
                with self.assertRaisesRegex(UserError, "claims of your Sparklife Care"):
                    self._approve(cr3, second)
            self.assertEqual(self._claims_used(registry, ids["plan"]), 1)
            with registry.cursor() as cr4:
                env = api.Environment(cr4, SUPERUSER_ID, {})
                approved = env["helpdesk.ticket"].browse(first)
                self.assertEqual(approved.aftersales_care_claim_plan_id.id, ids["plan"])
                self.assertEqual(
                    approved.aftersales_eligibility, "free", "its own claim is counted"
                )

    def test_second_approval_started_before_the_first_committed(self):
        """The second transaction started before the first one committed:
        PostgreSQL refuses its lock on the changed plan (serialization
        failure, which Odoo retries for a user, then finding no claim left)."""
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
            self.assertEqual(self._claims_used(registry, ids["plan"]), 1)
