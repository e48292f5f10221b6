# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Requests move through the stages as their work goes: approved or quoted,
waiting for the customer, done (and paid); staff can still move them."""

from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import BOUGHT, RECEIVED, AftersalesCase, utc

ASKED = utc(2026, 2, 1, 10, 0)


@tagged("post_install", "-at_install")
class TestRequestStages(AftersalesCase):
    asked_at = ASKED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.accountant = new_test_user(
            cls.env, login="stages_accountant", groups="account.group_account_invoice"
        )
        stage = cls.env.ref
        cls.new = stage("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.in_progress = stage("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.awaiting = stage("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.done = stage("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.company.aftersales_paid_before_done = True

    def test_the_stages_say_which_step_they_stand_for(self):
        self.assertTrue(self.in_progress.aftersales_work_started)
        self.assertTrue(self.awaiting.aftersales_waiting_customer)
        self.assertTrue(self.done.aftersales_work_done)
        self.assertFalse(
            self.new.aftersales_work_started
            or self.new.aftersales_waiting_customer
            or self.new.aftersales_work_done
        )

    def test_a_free_resize_from_approval_to_shipped_back(self):
        ticket = self._new_request("resize")
        self.assertEqual(ticket.stage_id, self.new)
        ticket.action_aftersales_approve()
        self.assertEqual(ticket.stage_id, self.in_progress)
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        # The day in the company's time zone (Paris), not the server's.
        today = ticket.company_id._aftersales_today()
        self.assertEqual(ticket.aftersales_inbound_received_date, today)
        self.assertEqual(ticket.stage_id, self.in_progress)
        self._repair(job)
        self._ship_back(job)
        self.assertEqual(ticket.aftersales_outbound_shipped_date, today)
        self.assertEqual(ticket.stage_id, self.done)

    def test_a_paid_service_from_quotation_to_paid(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        self.assertEqual(ticket.stage_id, self.in_progress, "quoted")
        order = ticket.aftersales_sale_order_id
        order.action_quotation_sent()
        self.assertEqual(ticket.stage_id, self.awaiting, "waiting for acceptance")
        order.action_confirm()
        self.assertEqual(ticket.stage_id, self.in_progress, "accepted")
        ticket.action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(ticket.stage_id, self.awaiting, "waiting for payment")
        job = ticket.aftersales_repair_id
        self._receive(job)
        self._repair(job)
        self.company.aftersales_paid_before_shipping = False
        self._ship_back(job)
        self.assertEqual(ticket.stage_id, self.awaiting, "shipped, not paid yet")
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(ticket.aftersales_billing_state, "paid")
        self.assertEqual(ticket.stage_id, self.done, "shipped back and paid")

    def test_paid_before_the_piece_is_back_stays_in_progress(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        ticket.aftersales_sale_order_id.action_confirm()
        ticket.action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids.with_user(self.accountant)
        invoice.action_post()
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(ticket.stage_id, self.in_progress)

    def test_a_return_from_authorization_to_refund(self):
        ticket = self._new_request("return_satisfaction", at=utc(2026, 1, 20, 10, 0))
        ticket.action_aftersales_authorize_return()
        self.assertEqual(ticket.stage_id, self.in_progress)
        rma = ticket.aftersales_rma_ids
        picking = rma.reception_move_id.picking_id
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self._all_conditions_met(rma)
        self.assertEqual(ticket.stage_id, self.in_progress)
        rma.action_refund()
        self.assertEqual(rma.state, "refunded")
        self.assertEqual(ticket.stage_id, self.done)

    def test_staff_move_a_card_by_hand_and_closed_requests_stay_closed(self):
        ticket = self._new_request("resize")
        ticket.action_aftersales_approve()
        ticket.with_user(self.aftersales_user).stage_id = self.awaiting
        self.assertEqual(ticket.stage_id, self.awaiting, "moved by hand")
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        self.assertEqual(ticket.stage_id, self.in_progress, "the next step moves it")
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        ticket.stage_id = cancelled
        self._repair(job)
        self._ship_back(job)
        self.assertTrue(ticket.aftersales_outbound_shipped_date)
        self.assertEqual(ticket.stage_id, cancelled)

    def test_a_stage_of_another_team_is_not_used(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Other team"})
        self.in_progress.team_ids = other_team
        own = self.env["helpdesk.ticket.stage"].create(
            {"name": "Under way", "sequence": 30, "aftersales_work_started": True}
        )
        ticket = self._new_request("resize")
        ticket.action_aftersales_approve()
        self.assertEqual(ticket.stage_id, own)

    def test_inquiries_do_not_move(self):
        ticket = self._new_request("inquiry", aftersales_sale_line_id=False)
        ticket._aftersales_sync_stage()
        self.assertEqual(ticket.stage_id, self.new)
