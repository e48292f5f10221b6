# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The workshop: a request for work on the piece becomes one repair order,
the piece comes in and goes back on transfers owned by the customer, parts
are consumed from stock, paid work is quoted by repair's own quotation and
the piece goes back once it is paid."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from .. import policy
from .common import AftersalesCase, PiecesMixin, utc

BOUGHT = utc(2026, 3, 2, 11, 0)
RECEIVED = utc(2026, 3, 4, 9, 0)
ASKED = utc(2026, 5, 4, 10, 0)


@tagged("post_install", "-at_install")
class TestWorkshop(AftersalesCase):
    asked_at = ASKED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_service_shipping_payer": "customer",
                "aftersales_warranty_shipping_payer": "company",
                "aftersales_paid_before_shipping": True,
                "aftersales_invoice_method": "full",
                "aftersales_lead_days_cleaning": 4,
                "aftersales_lead_days_resize": 9,
                "aftersales_lead_days_accessory": 12,
            }
        )
        cls.ring.is_storable = True
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.clasp = cls.env["product.product"].create(
            {"name": "Test Gold Clasp", "is_storable": True, "list_price": 35.0}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.clasp, cls.warehouse.lot_stock_id, 5
        )
        cls.manager = new_test_user(
            cls.env,
            login="workshop_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        cls.accountant = new_test_user(
            cls.env, login="workshop_accountant", groups="account.group_account_invoice"
        )

    def _send(self, ticket):
        ticket.action_aftersales_send_to_workshop()
        return ticket.aftersales_repair_id

    def _add_part(self, job, product, qty=1):
        return self.env["stock.move"].create(
            {
                "repair_id": job.id,
                "repair_line_type": "add",
                "product_id": product.id,
                "product_uom_qty": qty,
            }
        )

    def _pay(self, ticket):
        ticket.action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids.filtered(lambda m: m.state == "draft")
        invoice.with_user(self.accountant).action_post()
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        ticket.invalidate_recordset()
        return invoice

    # One job per piece of work ----------------------------------------------------

    def test_a_free_warranty_repair_costs_the_customer_nothing(self):
        ticket = self._new_request(
            "warranty", aftersales_damage_cause="manufacturing_defect"
        )
        ticket.action_aftersales_approve()
        job = self._send(ticket)
        self.assertRecordValues(
            job,
            [
                {
                    "aftersales_ticket_id": ticket.id,
                    "product_id": self.ring.id,
                    "partner_id": self.customer.id,
                    "under_warranty": True,
                    "aftersales_workshop_stage": "to_receive",
                }
            ],
        )
        self.assertEqual(
            job.tag_ids, self.env.ref("sparklife_aftersales.repair_tag_warranty")
        )
        self.assertEqual(ticket.aftersales_repair_ids, job, "linked both ways")
        part = self._add_part(job, self.clasp)
        # Nothing to charge: the company pays shipping, the work is free.
        with self.assertRaisesRegex(UserError, "Nothing to charge"):
            ticket.action_aftersales_create_quotation()
        # Nor is a job under warranty quoted by repair's own button.
        with self.assertRaisesRegex(UserError, "under warranty"):
            job.action_create_sale_order()
        self.assertFalse(job.sale_order_id)
        self._receive(job)
        self._repair(job)
        self.assertEqual(part.state, "done")
        self.assertEqual(
            self.clasp.with_context(
                location=self.warehouse.lot_stock_id.id
            ).qty_available,
            4,
            "the clasp was consumed from stock",
        )
        self._ship_back(job)
        self.assertEqual(job.aftersales_workshop_stage, "shipped")

    def test_a_paid_accessory_repair_from_quotation_to_shipping_back(self):
        ticket = self._new_request("accessory")
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        job = self._send(ticket)
        self.assertFalse(job.under_warranty)
        self._add_part(job, self.clasp)
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertEqual(job.sale_order_id, order, "one quotation: the job's")
        self.assertEqual(order.aftersales_ticket_id, ticket)
        kinds = order.order_line.product_id.mapped("aftersales_service_kind")
        self.assertIn("accessory_repair", kinds)
        self.assertIn("shipping", kinds)
        clasp_line = order.order_line.filtered(
            lambda line: line.product_id == self.clasp
        )
        self.assertEqual(clasp_line.price_unit, 35.0, "a paid job's parts are paid")
        order.action_confirm()
        self._receive(job)
        self._repair(job)
        self.assertEqual(job.aftersales_workshop_stage, "ready")
        self.assertTrue(job.aftersales_awaiting_payment)
        with self.assertRaisesRegex(UserError, "before its service is paid"):
            job.action_aftersales_ship_back()
        invoice = self._pay(ticket)
        self.assertIn(
            clasp_line, invoice.invoice_line_ids.sale_line_ids, "parts are invoiced"
        )
        self.assertEqual(ticket.aftersales_billing_state, "paid")
        job.invalidate_recordset()
        self.assertFalse(job.aftersales_awaiting_payment)
        self._ship_back(job, tracking="6A123456789FR")
        self.assertEqual(ticket.aftersales_outbound_tracking_ref, "6A123456789FR")
        self.assertTrue(ticket.aftersales_outbound_shipped_date)
        self.assertTrue(ticket.stage_id.aftersales_work_done)

    def test_a_paid_job_ships_back_unpaid_only_with_a_managers_reason(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        job = ticket.aftersales_repair_id
        ticket.aftersales_sale_order_id.action_confirm()
        self._receive(job)
        self._repair(job)
        with self.assertRaisesRegex(UserError, "before its service is paid"):
            job.with_user(self.aftersales_user).action_aftersales_ship_back()
        wizard = self.env["sparklife.aftersales.ship.unpaid"]
        with self.assertRaises(AccessError):
            job.with_user(self.aftersales_user)._aftersales_allow_unpaid_shipping(
                "Good customer"
            )
        with self.assertRaisesRegex(UserError, "Give the reason"):
            job.with_user(self.manager)._aftersales_allow_unpaid_shipping("  ")
        wizard.with_user(self.manager).create(
            {
                "repair_id": job.id,
                "reason": "Paid at the counter, bank transfer pending",
            }
        ).action_confirm()
        self.assertIn("bank transfer pending", job.message_ids[0].body)
        self._ship_back(job)
        self.assertEqual(job.aftersales_workshop_stage, "shipped")

    def test_validating_the_delivery_is_checked_too(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        job = ticket.aftersales_repair_id
        ticket.aftersales_sale_order_id.action_confirm()
        self._receive(job)
        self._repair(job)
        self.company.aftersales_paid_before_shipping = False
        job.action_aftersales_ship_back()
        self.company.aftersales_paid_before_shipping = True
        with self.assertRaisesRegex(UserError, "before its service is paid"):
            self._validate(job.aftersales_delivery_id)

    def test_a_free_resize_uses_the_last_free_resize_and_goes_to_the_workshop(self):
        ticket = self._new_request("resize")
        self.assertEqual(ticket.aftersales_eligibility, "free")
        ticket.action_aftersales_approve()
        self.assertEqual(self.line.aftersales_free_resizes_used, 1)
        job = self._send(ticket)
        self.assertTrue(job.under_warranty)
        self.assertEqual(
            job.tag_ids, self.env.ref("sparklife_aftersales.repair_tag_resize")
        )
        # The next resize is paid, and so is its job.
        second = self._new_request("resize")
        self.assertEqual(second.aftersales_eligibility, "paid")
        self.assertFalse(self._send(second).under_warranty)

    def test_a_cleaning_with_the_customer_paying_shipping(self):
        ticket = self._new_request("cleaning")
        self.assertEqual(ticket.aftersales_shipping_payer, "customer")
        with self.assertRaisesRegex(UserError, "approve it before"):
            ticket.action_aftersales_send_to_workshop()
        ticket.action_aftersales_approve()
        job = self._send(ticket)
        self.assertTrue(job.under_warranty)
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertEqual(job.sale_order_id, order)
        self.assertEqual(
            order.order_line.product_id.mapped("aftersales_service_kind"), ["shipping"]
        )
        self.assertGreater(order.amount_total, 0)
        order.action_confirm()
        self._receive(job)
        self._repair(job)
        with self.assertRaisesRegex(UserError, "before its service is paid"):
            job.action_aftersales_ship_back()
        self._pay(ticket)
        self._ship_back(job)

    def test_the_piece_stays_the_customers_in_the_workshop(self):
        ticket = self._new_request("resize")
        ticket.action_aftersales_approve()
        job = self._send(ticket)
        receipt = job.aftersales_receipt_id
        workshop = self.warehouse.aftersales_workshop_location_id
        self.assertEqual(receipt.location_dest_id, workshop)
        self.assertEqual(receipt.owner_id, self.customer)
        self._receive(job, tracking="LA987654321FR")
        self.assertEqual(ticket.aftersales_inbound_tracking_ref, "LA987654321FR")
        self.assertTrue(ticket.aftersales_inbound_received_date)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.ring.id), ("location_id", "=", workshop.id)]
        )
        self.assertEqual(quant.quantity, 1)
        self.assertEqual(quant.owner_id, self.customer, "never Sparklife's")
        self.assertTrue(quant._should_exclude_for_valuation(), "never valued")
        self.assertEqual(
            self.ring.with_context(owner_id=self.company.partner_id.id).qty_available,
            0,
            "not counted as the company's",
        )
        self._repair(job)
        self.assertEqual(quant.quantity, 1, "repaired where it is")
        self._ship_back(job)
        self.assertEqual(
            job.aftersales_delivery_id.move_line_ids.owner_id, self.customer
        )
        self.assertFalse(
            self.env["stock.quant"]
            .search(
                [("product_id", "=", self.ring.id), ("location_id", "=", workshop.id)]
            )
            .filtered("quantity")
        )

    def test_the_jeweler_is_not_the_clerk_who_sent_the_job(self):
        job = self._send(self._new_request("restoration"))
        self.assertFalse(job.user_id, "the jeweler who takes it sets it")

    def test_create_quotation_is_not_offered_on_a_job_under_warranty(self):
        arch = etree.fromstring(
            self.env["repair.order"]
            .with_user(self.aftersales_user)
            .get_view(self.env.ref("repair.view_repair_order_form").id)["arch"]
        )
        (button,) = arch.xpath("//button[@name='action_create_sale_order']")
        self.assertIn("under_warranty", button.get("invisible"))
        self.assertIn("aftersales_assessment", button.get("invisible"))

    # A piece in for assessment ---------------------------------------------------

    def _clerk(self, records):
        return records.with_user(self.aftersales_user)

    def _assess(self, cause):
        """A warranty claim sent in for assessment by the clerk, its piece
        received, the cause recorded by the jeweler; returns the request, the
        job and what the assessment opened."""
        ticket = self._new_request("warranty")
        self.assertTrue(ticket.aftersales_can_send_for_assessment)
        self.assertFalse(ticket.aftersales_can_send_to_workshop)
        with self.assertRaisesRegex(UserError, "cannot be approved yet"):
            ticket.action_aftersales_approve()
        ticket.action_aftersales_send_for_assessment()
        job = self._clerk(ticket.aftersales_repair_id)
        with self.assertRaisesRegex(UserError, "receive the piece"):
            job.action_aftersales_assessment_done()
        self._receive(job)
        with self.assertRaisesRegex(UserError, "record the damage cause"):
            job.action_aftersales_assessment_done()
        job.aftersales_damage_cause = cause
        self.assertEqual(
            ticket.aftersales_damage_cause, cause, "recorded on the request"
        )
        return ticket, job, job.action_aftersales_assessment_done()

    def test_a_warranty_claim_comes_in_for_assessment_and_goes_on_free(self):
        ticket = self._new_request("warranty")
        ticket.action_aftersales_send_for_assessment()
        job = ticket.aftersales_repair_id
        self.assertRecordValues(
            job,
            [
                {
                    "aftersales_assessment": True,
                    "under_warranty": False,
                    "sale_order_id": False,
                    "user_id": False,
                    "aftersales_workshop_stage": "to_receive",
                }
            ],
        )
        self.assertFalse(ticket.aftersales_can_send_for_assessment)
        with self.assertRaisesRegex(UserError, "in for assessment"):
            self._clerk(job).action_create_sale_order()
        self.assertIn("for assessment", ticket.message_ids[0].body)
        job.unlink()

        ticket, job, _action = self._assess("manufacturing_defect")
        self.assertRecordValues(
            job, [{"aftersales_assessment": False, "under_warranty": True}]
        )
        self.assertTrue(ticket.aftersales_approved_on, "the free repair is approved")
        self.assertEqual(ticket.aftersales_eligibility, "free")
        self.assertFalse(ticket.aftersales_sale_order_id)
        self.assertIn("Assessed by the workshop", job.message_ids[0].body)
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "Assessed by the workshop" in (m.body or "")
            )
        )
        self._repair(job)
        self._ship_back(job)
        self.assertEqual(job.aftersales_workshop_stage, "shipped")

    def test_damage_not_covered_found_on_assessment_becomes_a_paid_quotation(self):
        ticket, job, action = self._assess("accidental_damage")
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        self.assertRecordValues(
            job, [{"aftersales_assessment": False, "under_warranty": False}]
        )
        self.assertTrue(ticket.aftersales_sale_order_id)
        self.assertEqual(job.sale_order_id, ticket.aftersales_sale_order_id)
        self.assertEqual(action["res_id"], ticket.aftersales_sale_order_id.id)
        self.assertFalse(ticket.aftersales_approved_on)

    def test_a_refusal_after_assessment_sends_the_piece_back(self):
        engine = self.registry["sparklife.aftersales.policy"]
        evaluate = engine.evaluate

        def refuse_once_assessed(model, line, service, at=None, request=None, **kw):
            decision = evaluate(model, line, service, at=at, request=request, **kw)
            if request and request.damage_cause == "improper_use":
                return policy.Decision(service, policy.REFUSED, "not_purchased")
            return decision

        with patch.object(engine, "evaluate", refuse_once_assessed):
            ticket, job, action = self._assess("improper_use")
        self.assertEqual(job.state, "cancel")
        self.assertEqual(job.aftersales_workshop_stage, "ready")
        self.assertEqual(action["res_id"], job.aftersales_delivery_id.id)
        self._validate(job.aftersales_delivery_id)
        self.assertEqual(job.aftersales_workshop_stage, "shipped")
        self.assertTrue(ticket.aftersales_outbound_shipped_date)

    def test_a_service_that_needs_no_finding_is_not_sent_for_assessment(self):
        ticket = self._new_request("cleaning")
        self.assertFalse(ticket.aftersales_can_send_for_assessment)
        with self.assertRaisesRegex(UserError, "needs no assessment"):
            ticket.action_aftersales_send_for_assessment()

    def test_a_second_click_opens_the_same_job(self):
        ticket = self._new_request("restoration")
        first = ticket.action_aftersales_send_to_workshop()
        second = ticket.action_aftersales_send_to_workshop()
        self.assertEqual(first["res_id"], second["res_id"])
        self.assertEqual(len(ticket.aftersales_repair_ids), 1)
        self.assertFalse(ticket.aftersales_can_send_to_workshop)

    def test_returns_inquiries_and_complaints_never_go_to_the_workshop(self):
        for service in ("return_satisfaction", "inquiry", "complaint"):
            with self.subTest(service=service):
                ticket = self._new_request(service)
                self.assertFalse(ticket.aftersales_can_send_to_workshop)
                with self.assertRaisesRegex(UserError, "not work on the piece"):
                    ticket.action_aftersales_send_to_workshop()

    def test_only_after_sales_users_send_to_the_workshop(self):
        ticket = self._new_request("restoration")
        outsider = new_test_user(
            self.env, login="workshop_outsider", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            ticket.with_user(outsider).action_aftersales_send_to_workshop()

    # Intake and estimate ----------------------------------------------------------

    def test_the_estimated_completion_follows_each_services_lead_time(self):
        for service, days in (("cleaning", 4), ("resize", 9), ("accessory", 12)):
            with self.subTest(service=service):
                ticket = self._new_request(service)
                if ticket.aftersales_eligibility == "free":
                    ticket.action_aftersales_approve()
                job = self._send(ticket)
                arrival = fields.Datetime.now().replace(microsecond=0) + timedelta(
                    days=1
                )
                with freeze_time(arrival):
                    self._receive(job)
                self.assertEqual(job.aftersales_received_on, arrival)
                self.assertEqual(job.schedule_date, arrival + timedelta(days=days))

    def test_the_late_filter_of_the_search_view(self):
        on_time = self._send(self._new_request("restoration"))
        late = self._send(self._new_request("accessory"))
        ready = self._send(self._new_request("restoration"))
        late.schedule_date = fields.Datetime.now() - timedelta(days=1)
        ready.schedule_date = fields.Datetime.now() - timedelta(days=1)
        self._receive(ready)
        self._repair(ready)
        on_time.schedule_date = fields.Datetime.now() + timedelta(days=3)
        arch = self.env["repair.order"].get_view(
            self.env.ref("repair.view_repair_order_form_filter").id, "search"
        )["arch"]
        node = etree.fromstring(arch).xpath("//filter[@name='aftersales_late']")[0]
        domain = safe_eval(node.get("domain"), {"uid": self.env.uid})
        jobs = on_time | late | ready
        self.assertEqual(self.env["repair.order"].search(domain) & jobs, late)
        self.assertTrue(late.aftersales_is_late)
        self.assertFalse(ready.aftersales_is_late, "ready is not late")

    def test_the_waiting_for_payment_filter(self):
        waiting = self._new_request("restoration")
        waiting.action_aftersales_create_quotation()
        free = self._new_request("cleaning")
        free.action_aftersales_approve()
        jobs = waiting.aftersales_repair_id | self._send(free)
        domain = [("aftersales_awaiting_payment", "=", True)]
        found = self.env["repair.order"].search(domain)
        self.assertEqual(found & jobs, waiting.aftersales_repair_id)
        # A stored column the database filters on, not a search in Python.
        query = self.env["repair.order"]._search(domain)
        self.assertIn('"aftersales_awaiting_payment"', query.where_clause.code)
        # Paid, the job leaves the filter: the column follows the invoice.
        waiting.aftersales_sale_order_id.action_confirm()
        self._pay(waiting)
        self.assertFalse(self.env["repair.order"].search(domain) & jobs)

    def test_the_take_in_slip(self):
        ticket = self._new_request("restoration")
        job = self._send(ticket)
        job.write(
            {
                "aftersales_condition_notes": "Light scratches on the band",
                "aftersales_declared_value": 1850.0,
            }
        )
        self._receive(job)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "sparklife_aftersales.action_report_take_in_slip", job.ids
        )
        html = html.decode()
        self.assertIn(job.name, html)
        self.assertIn(ticket.number, html)
        self.assertIn("Light scratches on the band", html)
        self.assertIn("1,850.00", html)
        self.assertIn(f'alt="Barcode {job.name}"', html)
        self.assertIn(self.ring.name, html)
        action = job.action_aftersales_print_take_in()
        self.assertEqual(
            action["report_name"], "sparklife_aftersales.report_take_in_slip"
        )

    def test_intake_photos_are_kept_on_the_job(self):
        job = self._send(self._new_request("restoration"))
        photo = self.env["ir.attachment"].create(
            {
                "name": "front.png",
                "raw": b"\x89PNG\r\n",
                "res_model": "repair.order",
                "res_id": job.id,
            }
        )
        job.aftersales_photo_ids = [Command.link(photo.id)]
        self.assertEqual(job.aftersales_photo_ids, photo)

    # Access ------------------------------------------------------------------------

    def test_portal_customers_cannot_read_jobs(self):
        job = self._send(self._new_request("restoration"))
        portal = new_test_user(
            self.env, login="workshop_portal", groups="base.group_portal"
        )
        self.customer.user_ids = [Command.link(portal.id)]
        with self.assertRaises(AccessError):
            job.with_user(portal).read(["name"])

    def test_jobs_of_another_company_are_hidden(self):
        job = self._send(self._new_request("restoration"))
        other = self.env["res.company"].create({"name": "Other Jeweler"})
        clerk = new_test_user(
            self.env,
            login="workshop_other_clerk",
            groups="sparklife_aftersales.group_aftersales_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(
            self.env["repair.order"].with_user(clerk).search([("id", "=", job.id)])
        )


@tagged("post_install", "-at_install")
class TestOnePieceOneJob(PiecesMixin, AftersalesCase):
    """A serial-tracked piece is with the workshop on one job at a time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Test Solitaire", adjustable=True)
        cls.lot = cls._stock_serials(cls.solitaire, "SOL-101")
        now = fields.Datetime.now()
        cls.line = cls._bought(
            cls.solitaire, now - timedelta(days=10), now - timedelta(days=8)
        )

    def test_sending_the_same_piece_twice_names_the_open_job(self):
        first = self._new_request("cleaning")
        first.action_aftersales_approve()
        first.action_aftersales_send_to_workshop()
        job = first.aftersales_repair_id
        second = self._new_request("restoration")
        self.assertEqual(second.aftersales_lot_id, self.lot)
        with self.assertRaises(RedirectWarning) as caught:
            second.action_aftersales_send_to_workshop()
        message, action, button = caught.exception.args[:3]
        self.assertIn("SOL-101", message)
        self.assertIn(job.name, message)
        self.assertIn(first.number, message)
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("repair.order", job.id)
        )
        self.assertIn(job.name, button)
        self.assertFalse(second.aftersales_repair_ids)
        # Once the piece went back, it may come in again.
        self._receive(job)
        self._repair(job)
        self._ship_back(job)
        second.action_aftersales_send_to_workshop()
        self.assertTrue(second.aftersales_repair_id)

    def test_receiving_a_piece_already_in_the_workshop_names_its_job(self):
        first = self._new_request("restoration")
        first.action_aftersales_send_to_workshop()
        job = first.aftersales_repair_id
        self._receive(job)
        # A request that did not name the piece; the serial is read on receipt.
        second = self._new_request("restoration")
        second.aftersales_lot_id = False
        second.action_aftersales_send_to_workshop()
        other = second.aftersales_repair_id
        with self.assertRaises(RedirectWarning) as caught:
            self._receive_piece(other.aftersales_receipt_id, self.lot)
        self.assertIn(job.name, caught.exception.args[0])
        self.assertEqual(caught.exception.args[1]["res_id"], job.id)
