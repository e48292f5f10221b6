# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from .common import AftersalesCase, FlushBatchesMixin, PortalCase, freeze_time, utc

BOUGHT = utc(2026, 1, 10, 10)
RECEIVED = utc(2026, 1, 12, 10)


@tagged("post_install", "-at_install")
class TestCarePlans(FlushBatchesMixin, AftersalesCase):
    """Sparklife Care: a plan sold with the piece and honoured by the policy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.list_price = 1000.0
        cls.care = cls.env.ref("sparklife_aftersales.care_template_5_years")
        cls.care.company_id = cls.company
        cls.Policy = cls.env["sparklife.aftersales.policy"]

    def _with_plan(self, template=None, at=BOUGHT):
        """A ring and its care plan sold on one order at ``at``."""
        template = template or self.care
        order = self._order([(self.ring, 1)])
        piece = order.order_line
        order.order_line = [
            Command.create(
                {
                    "product_id": template.product_id.id,
                    "aftersales_care_item_id": piece.id,
                }
            )
        ]
        self._confirm(order, at)
        self._deliver(order, RECEIVED)
        return piece, order.order_line - piece

    def test_a_plan_sold_with_the_piece(self):
        piece, plan_line = self._with_plan()
        self.assertEqual(plan_line.price_unit, 150.0, "15% of the piece's price")
        plan = piece.aftersales_care_plan_id
        self.assertRecordValues(
            plan,
            [
                {
                    "template_id": self.care.id,
                    "sale_line_id": plan_line.id,
                    "partner_id": self.customer.id,
                    "start_date": date(2026, 1, 10),
                    "end_date": date(2031, 1, 10),
                    "inspection_due": date(2027, 1, 10),
                    "claims_used": 0,
                    "state": "active",
                }
            ],
        )

    def test_accidental_damage_in_year_two_is_free_but_for_the_deductible(self):
        piece, _plan_line = self._with_plan()
        request = policy.Request(damage_cause=policy.ACCIDENTAL_DAMAGE)
        decision = self.Policy.evaluate(
            piece, policy.WARRANTY, utc(2026, 12, 1, 10), request=request
        )
        self.assertEqual((decision.outcome, decision.reason), ("free", "care_covered"))
        self.assertEqual(decision.deductible, 25.0)
        without = self._bought(self.ring, BOUGHT, RECEIVED)
        decision = self.Policy.evaluate(
            without, policy.WARRANTY, utc(2027, 6, 1, 10), request=request
        )
        self.assertEqual(decision.outcome, "paid")

    def test_a_request_gets_the_plans_answer(self):
        piece, _plan_line = self._with_plan()
        ticket = self._new_request(
            "warranty",
            piece,
            utc(2026, 12, 1, 10),
            aftersales_damage_cause="accidental_damage",
        )
        self.assertEqual(ticket.aftersales_eligibility, "free")
        self.assertIn("Sparklife Care", ticket.aftersales_reason)

    def test_an_overdue_inspection_then_done(self):
        piece, _plan_line = self._with_plan()
        plan = piece.aftersales_care_plan_id
        request = policy.Request(damage_cause=policy.ACCIDENTAL_DAMAGE)
        late = utc(2027, 3, 1, 10)  # inspection due 10 January, 30 days of grace
        decision = self.Policy.evaluate(piece, policy.WARRANTY, late, request=request)
        self.assertEqual(decision.reason, "care_suspended")
        with freeze_time(late):
            plan.action_aftersales_record_inspection()
        self.assertEqual(plan.inspection_due, date(2028, 3, 1))
        decision = self.Policy.evaluate(piece, policy.WARRANTY, late, request=request)
        self.assertEqual(decision.reason, "care_covered")

    def test_a_plan_needs_a_covered_piece_of_the_customer(self):
        order = self._order([(self.service, 1)])
        with self.assertRaisesRegex(ValidationError, "Name the piece"):
            order.order_line = [Command.create({"product_id": self.care.product_id.id})]
        with self.assertRaisesRegex(ValidationError, "not covered by after-sales"):
            order.order_line = [
                Command.create(
                    {
                        "product_id": self.care.product_id.id,
                        "aftersales_care_item_id": order.order_line[0].id,
                    }
                )
            ]
        stranger = self.customer.copy({"name": "Another Customer"})
        theirs = self._bought(self.ring, BOUGHT, RECEIVED, partner=stranger)
        with self.assertRaisesRegex(ValidationError, "another customer"):
            order.order_line = [
                Command.create(
                    {
                        "product_id": self.care.product_id.id,
                        "aftersales_care_item_id": theirs.id,
                    }
                )
            ]

    def test_a_plan_bought_later_within_its_delay_only(self):
        piece = self._bought(self.ring, BOUGHT, RECEIVED)

        def sell_at(at):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.care.product_id.id,
                                "aftersales_care_item_id": piece.id,
                            }
                        )
                    ],
                }
            )
            return self._confirm(order, at)

        with self.assertRaisesRegex(ValidationError, "within 30 days"):
            sell_at(utc(2026, 2, 15, 10))
        sell_at(utc(2026, 2, 5, 10))
        self.assertEqual(piece.aftersales_care_plan_id.start_date, date(2026, 2, 5))
        with self.assertRaisesRegex(ValidationError, "already has an active care plan"):
            sell_at(utc(2026, 2, 6, 10))

    def test_an_approved_claim_is_counted_once_and_claims_run_out(self):
        self.care.claims_allowed = 1
        piece, _plan_line = self._with_plan()
        plan = piece.aftersales_care_plan_id
        first, second = (
            self._new_request(
                "warranty",
                piece,
                utc(2026, 12, 1, 10),
                aftersales_damage_cause="accidental_damage",
            )
            for _n in range(2)
        )
        self.assertEqual(
            (first + second).mapped("aftersales_eligibility"), ["free", "free"]
        )
        first.action_aftersales_approve()
        self.assertEqual(plan.claims_used, 1)
        self.assertEqual(first.aftersales_care_claim_plan_id, plan)
        self.assertEqual(first.aftersales_eligibility, "free", "its own claim counts")
        self.assertEqual(second.aftersales_eligibility, "paid")
        self.assertIn(
            "claims of your Sparklife Care plan are used up", second.aftersales_reason
        )
        self.assertIn("Claim for", plan.message_ids[0].body)

    def test_a_lapsed_approval_gives_the_claim_back(self):
        """The piece of an approved claim never reached the workshop within
        the approval's grace period: the claim goes back to the plan and the
        customer is told."""
        piece, _plan_line = self._with_plan()
        plan = piece.aftersales_care_plan_id
        ticket = self._new_request(
            "warranty",
            piece,
            utc(2026, 12, 1, 10),
            aftersales_damage_cause="accidental_damage",
        )
        with freeze_time(utc(2026, 12, 1, 11)):
            ticket.action_aftersales_approve()
        self.assertEqual(plan.claims_used, 1)
        grace = self.company.aftersales_approval_grace_days
        with freeze_time(utc(2026, 12, 1, 11) + timedelta(days=grace + 1)):
            self.env["helpdesk.ticket"]._cron_close_lapsed()
        self.assertEqual(plan.claims_used, 0)
        self.assertFalse(ticket.aftersales_care_claim_plan_id)
        self.assertTrue(ticket.aftersales_approval_lapsed_on)
        told = ticket.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and "given back" in m.body
        )
        self.assertEqual(len(told), 1)


@tagged("post_install", "-at_install")
class TestCarePlansPortal(PortalCase):
    def test_the_customer_sees_her_plan_on_her_piece(self):
        care = self.env.ref("sparklife_aftersales.care_template_5_years")
        care.company_id = self.company
        order = self.env["sale.order"].create(
            {
                "partner_id": self.alice.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": care.product_id.id,
                            "aftersales_care_item_id": self.ring_line.id,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        plan = self.ring_line.aftersales_care_plan_id
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}").text
        self.assertIn("o_aftersales_care_plan", page)
        self.assertIn("Sparklife Care, 5 years", page)
        self.assertRegex(page, r"o_aftersales_care_claims\">\s*5\s*of 5")
        # Bob sees neither Alice's piece nor its plan.
        self.authenticate("portal_bob", "portal_bob")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertNotIn("Sparklife Care", page.text)
        self.assertTrue(plan.exists())
