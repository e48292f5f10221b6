# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError, ValidationError
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

    def test_the_warranty_card_shows_the_plan_in_words(self):
        piece, _plan_line = self._with_plan()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_html(
            "sparklife_aftersales.action_report_warranty_card", piece.ids
        )
        card = content.decode()
        self.assertIn("Sparklife Care, 5 years", card)
        self.assertIn("Lost small stones replaced", card)
        self.assertIn("per claim", card)

    def test_a_plan_priced_by_bands(self):
        self.care.write(
            {
                "pricing": "bands",
                "price_band_ids": [
                    Command.create({"up_to": 500.0, "price": 49.0}),
                    Command.create({"up_to": 2000.0, "price": 99.0}),
                ],
            }
        )
        _piece, plan_line = self._with_plan()
        self.assertEqual(plan_line.price_unit, 99.0, "a 1,000 piece")
        self.ring.list_price = 500.0
        _piece, plan_line = self._with_plan()
        self.assertEqual(plan_line.price_unit, 49.0, "a band's top is in the band")
        self.ring.list_price = 5000.0
        with self.assertRaisesRegex(ValidationError, "No price band"):
            self._with_plan()

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

    def _approved_claim(self):
        piece, _plan_line = self._with_plan()
        ticket = self._new_request(
            "warranty",
            piece,
            utc(2026, 12, 1, 10),
            aftersales_damage_cause="normal_wear",
        )
        with freeze_time(utc(2026, 12, 1, 11)):
            ticket.action_aftersales_approve()
        return piece.aftersales_care_plan_id, ticket

    def test_a_claim_is_quoted_its_deductible_only(self):
        plan, ticket = self._approved_claim()
        order = ticket.aftersales_sale_order_id
        deductible = self.env.ref("sparklife_aftersales.product_care_deductible")
        shipping = self.env["product.product"]._aftersales_shipping_fee()
        self.assertEqual(
            {(line.product_id, line.price_unit) for line in order.order_line},
            {(deductible, 25.0), (shipping, shipping.list_price)},
            "the deductible, and shipping as the policy says",
        )
        self.assertEqual(
            ticket.aftersales_shipping_payer, "customer", "a repair past the warranty"
        )
        order_line = order.order_line.filtered(
            lambda line: line.product_id == deductible
        )
        self.assertIn(plan.display_name, order_line.name)
        job = ticket.aftersales_repair_id
        self.assertTrue(job.under_warranty, "the workshop's parts are free")
        self.assertEqual(job.sale_order_id, order)
        self.assertIn(
            order.currency_id.format(order.amount_total), job._aftersales_money_due()
        )
        order.action_confirm()
        self.assertEqual(ticket.aftersales_billing_state, "to_invoice")

    def test_a_claim_without_deductible_is_not_quoted(self):
        self.care.deductible = 0
        _plan, ticket = self._approved_claim()
        self.assertFalse(ticket.aftersales_sale_order_id)
        self.assertFalse(ticket.aftersales_repair_id, "sent to the workshop by hand")

    def test_a_dropped_request_gives_its_claim_back(self):
        plan, ticket = self._approved_claim()
        self.assertEqual(plan.claims_used, 1)
        order = ticket.aftersales_sale_order_id
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertEqual(plan.claims_used, 0)
        self.assertFalse(ticket.aftersales_care_claim_plan_id)
        self.assertEqual(order.state, "cancel", "its deductible is not due")
        self.assertIn("given back", "".join(plan.message_ids.mapped("body")))

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

    def test_the_owner_is_reminded_of_each_inspection_once(self):
        self.customer.phone = "+33612345678"
        piece, _plan_line = self._with_plan()
        plan = piece.aftersales_care_plan_id  # inspection due 10 January 2027
        Plan = self.env["sparklife.aftersales.care.plan"]

        def remind_at(at):
            with freeze_time(at):
                Plan._cron_remind_inspections()
            return plan.message_ids.filtered(
                lambda m: self.customer in m.partner_ids and "inspect" in m.body
            )

        self.assertFalse(remind_at(utc(2026, 12, 1, 10)), "40 days before: too early")
        self.assertEqual(len(remind_at(utc(2026, 12, 15, 10))), 1)
        self.assertEqual(plan.inspection_reminded_for, date(2027, 1, 10))
        self.assertEqual(len(remind_at(utc(2026, 12, 20, 10))), 1, "once")
        texts = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(texts), 1)
        self.assertIn("inspection", texts.body)
        # Once inspected, the next inspection is reminded in its turn.
        with self.assertRaises(AccessError):
            plan.with_user(self.aftersales_user).action_aftersales_record_inspection()
        with freeze_time(utc(2027, 1, 5, 10)):
            plan.action_aftersales_record_inspection()
        self.assertFalse(plan.inspection_reminded_for)
        self.assertEqual(len(remind_at(utc(2027, 12, 20, 10))), 2)

    def test_an_inspection_done_at_the_workshop_is_kept_on_the_plan(self):
        piece, _plan_line = self._with_plan()
        plan = piece.aftersales_care_plan_id
        ticket = self._new_request(
            "cleaning", piece, utc(2027, 2, 20, 10), aftersales_care_inspection=True
        )
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        job.internal_notes = "<p>Prongs tight, stones secure.</p>"
        self._receive(job)
        Plan = self.env["sparklife.aftersales.care.plan"]
        with freeze_time(utc(2027, 2, 25, 10)):
            plan.invalidate_recordset(["is_suspended"])
            self.assertTrue(plan.is_suspended, "past 10 January and 30 days of grace")
            self.assertIn(plan, Plan.search([("is_suspended", "=", True)]))
            self._repair(job)
            plan.invalidate_recordset(["is_suspended"])
            self.assertFalse(plan.is_suspended)
            self.assertNotIn(plan, Plan.search([("is_suspended", "=", True)]))
        self.assertRecordValues(
            plan.inspection_ids,
            [{"date": date(2027, 2, 25), "repair_id": job.id}],
        )
        self.assertIn("Prongs tight", plan.inspection_ids.notes)
        self.assertEqual(plan.inspection_due, date(2028, 2, 25))

    def _invoiced_plan(self):
        piece, plan_line = self._with_plan()
        invoice = plan_line.order_id._create_invoices()
        invoice.action_post()
        return piece.aftersales_care_plan_id, invoice

    def test_a_plan_cancelled_within_the_cooling_off_is_refunded_in_full(self):
        plan, invoice = self._invoiced_plan()
        manager = self._new_user("care_manager", "manager")
        with self.assertRaises(AccessError):
            plan.with_user(self.aftersales_user).action_aftersales_cancel()
        with freeze_time(utc(2026, 1, 20, 10)):
            plan.with_user(manager).action_aftersales_cancel()
        credit_note = plan.refund_move_id
        self.assertRecordValues(
            plan, [{"state": "cancelled", "cancelled_on": date(2026, 1, 20)}]
        )
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(
            credit_note.amount_untaxed,
            invoice.invoice_line_ids.filtered(
                lambda line: line.product_id == self.care.product_id
            ).price_subtotal,
        )
        self.assertFalse(plan.item_line_id.aftersales_care_plan_id)

    def test_a_plan_cancelled_later_is_refunded_pro_rata_or_not(self):
        plan, _invoice = self._invoiced_plan()
        # 10 January 2026 to 10 January 2031: 1,827 days; 1,461 left on
        # 10 January 2027.
        with freeze_time(utc(2027, 1, 10, 10)):
            plan.with_user(
                self._new_user("care_manager", "manager")
            )._aftersales_cancel()
        self.assertAlmostEqual(
            plan.refund_move_id.amount_untaxed, round(150.0 * 1461 / 1827, 2)
        )
        self.company.aftersales_care_refund_pro_rata = False
        other, _invoice = self._invoiced_plan()
        with freeze_time(utc(2027, 1, 10, 10)):
            other._aftersales_cancel()
        self.assertEqual(other.state, "cancelled")
        self.assertFalse(other.refund_move_id)
        self.assertIn(
            "Nothing left to refund", "".join(other.message_ids.mapped("body"))
        )

    def test_the_report_of_plans_sold_and_claims(self):
        repair = self.env.ref("sparklife_aftersales.product_service_repair")
        repair.with_company(self.company).standard_price = 40.0
        self._bought(self.ring, BOUGHT, RECEIVED)  # the same month, no plan
        _plan, _ticket = self._approved_claim()
        rows = self.env["sparklife.aftersales.care.plan.report"]._read_group(
            [("product_id", "=", self.ring.id)],
            ["date:month"],
            [
                "pieces_sold:sum",
                "attach_rate:avg",
                "plans_sold:sum",
                "plan_revenue:sum",
                "claims:sum",
                "claim_cost:sum",
                "margin:sum",
            ],
        )
        by_month = {month: values for month, *values in rows}
        self.assertEqual(by_month[date(2026, 1, 1)], [2, 50.0, 1, 150.0, 0, 0.0, 150.0])
        self.assertEqual(
            by_month[date(2026, 12, 1)], [0, False, 0, 0.0, 1, 40.0, -40.0]
        )


class AlicePlanMixin:
    def _sell_alice_a_plan(self):
        """Alice buys the 5-year plan for her ring, on an order of its own."""
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
        return self.ring_line.aftersales_care_plan_id


@tagged("post_install", "-at_install")
class TestCarePlansPortal(AlicePlanMixin, PortalCase):
    def test_the_customer_sees_her_plan_on_her_piece(self):
        plan = self._sell_alice_a_plan()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}").text
        self.assertIn("o_aftersales_care_plan", page)
        self.assertIn("Sparklife Care, 5 years", page)
        self.assertRegex(page, r"o_aftersales_care_claims\">\s*5\s*of 5")
        self.assertIn("aftersales_request_care_plan", page, "the request form cites it")
        self.assertIn("Lost small stones replaced", page)
        items = self.url_open("/my/aftersales").text
        self.assertIn("Protected by Sparklife Care, 5 years until", items)
        # Bob sees neither Alice's piece nor its plan.
        self.authenticate("portal_bob", "portal_bob")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertNotIn("Sparklife Care", page.text)
        self.assertTrue(plan.exists())

    def test_the_customer_asks_for_her_inspection_in_one_click(self):
        self._sell_alice_a_plan()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}").text
        self.assertIn("Accidental damage", page, "what the plan covers, in words")
        self.assertIn("aftersales_request_inspection", page)
        form = self._form(self.ring_line)
        response = self.url_open(
            f"/my/aftersales/item/{self.ring_line.id}/inspection",
            data=form,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        self.assertRecordValues(
            ticket,
            [{"aftersales_service": "cleaning", "aftersales_care_inspection": True}],
        )
        # Asked again while the piece already comes in for a cleaning: that
        # request is the inspection, no second one is made.
        response = self.url_open(
            f"/my/aftersales/item/{self.ring_line.id}/inspection",
            data=self._form(self.ring_line),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._requests_of(self.alice), ticket)
        # The necklace has no plan: nothing to inspect.
        form = self._form(self.necklace_line)
        response = self.url_open(
            f"/my/aftersales/item/{self.necklace_line.id}/inspection", data=form
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("no care plan in force", response.text)
        # Bob cannot ask for Alice's inspection.
        self.authenticate("portal_bob", "portal_bob")
        form = self._form(self.bob_line)
        response = self.url_open(
            f"/my/aftersales/item/{self.ring_line.id}/inspection", data=form
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(self._requests_of(self.alice)), 1)


@tagged("post_install", "-at_install")
class TestCarePlansTour(AlicePlanMixin, PortalCase):
    """In Chromium: a customer sees her plan, claims a bent prong and accepts
    the quotation of the plan's deductible."""

    def test_a_customer_claims_a_bent_prong_and_accepts_the_deductible(self):
        self.ring.name = "Tour Ring"
        plan = self._sell_alice_a_plan()
        self.start_tour(
            "/my/aftersales", "sparklife_portal_care_claim", login="portal_alice"
        )
        ticket = self._requests_of(self.alice)
        self.assertEqual(ticket.aftersales_service, "warranty")
        self.assertEqual(ticket.aftersales_eligibility, "free", "to be assessed")
        # The workshop finds wear: a claim, approved, its deductible quoted.
        staff = self._new_user("care_staff", "clerk")
        ticket = ticket.with_user(staff)
        ticket.action_aftersales_send_for_assessment()
        job = ticket.aftersales_repair_id
        self._receive(job)
        ticket.aftersales_damage_cause = "normal_wear"
        job.with_user(staff).action_aftersales_assessment_done()
        self.assertEqual(ticket.aftersales_care_claim_plan_id, plan)
        self.assertEqual(plan.claims_used, 1)
        quote = ticket.aftersales_sale_order_id
        deductible = self.env.ref("sparklife_aftersales.product_care_deductible")
        self.assertEqual(
            quote.order_line.filtered(
                lambda line: line.product_id == deductible
            ).price_unit,
            25.0,
        )
        quote.action_quotation_sent()
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_portal_aftersales_quotation",
            login="portal_alice",
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.signed_by, "Alice Tour")
