# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returns on OCA's RMA: every path that creates or confirms one asks the
policy, the condition of the item is checked on receipt, and refunds,
replacements and shipping follow the policy."""

from contextlib import contextmanager

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import BOUGHT, PNG, RECEIVED, AftersalesCase, utc

# Bought on 10 January 2026, received on 12 January (Paris): returns of
# unsatisfied customers until 11 February, quality returns until 10 January 2027.
DAY_30 = utc(2026, 2, 11, 22, 0)  # 23:00 in Paris, the last day
DAY_31 = utc(2026, 2, 11, 23, 0)  # midnight in Paris: one day too late
LATER = utc(2026, 5, 4, 9, 0)


@tagged("post_install", "-at_install")
class TestReturns(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.necklace = cls.env["product.product"].create(
            {
                "name": "Test Pearl Necklace",
                "type": "consu",
                "aftersales_covered": True,
                "list_price": 1200.0,
            }
        )
        cls.line = cls._bought(cls.necklace, BOUGHT, RECEIVED)
        cls.manager = new_test_user(
            cls.env,
            login="returns_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        cls.operation = cls.env.ref(
            "sparklife_aftersales.rma_operation_aftersales_return"
        )
        cls.address = cls.env["res.partner"].create(
            {
                "name": "Sparklife Workshop",
                "street": "12 rue de la Paix",
                "city": "Paris",
                "zip": "75002",
            }
        )
        cls.company.aftersales_address_id = cls.address
        cls.shipping_fee = cls.env.ref("sparklife_aftersales.product_service_shipping")
        cls.Rma = cls.env["rma"].with_user(cls.aftersales_user)

    # Helpers -------------------------------------------------------------------------

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, and what was done before the error is
        rolled back, so that the test can check that nothing was created."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _rma(self, line, service, at, user=None, **values):
        """An RMA made in the back office for one unit of ``line``."""
        move = line.move_ids.filtered(lambda m: m.state == "done")[:1]
        with freeze_time(at):
            return (
                self.env["rma"]
                .with_user(user or self.aftersales_user)
                .create(
                    {
                        "partner_id": line.order_id.partner_id.id,
                        "order_id": line.order_id.id,
                        "picking_id": move.picking_id.id,
                        "move_id": move.id,
                        "product_id": line.product_id.id,
                        "product_uom_qty": 1,
                        "operation_id": self.operation.id,
                        "aftersales_service": service,
                        "aftersales_line_id": line.id,
                        **values,
                    }
                )
            )

    def _receive(self, rma):
        picking = rma.reception_move_id.picking_id
        self.assertTrue(picking, "confirming the RMA creates its receipt")
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(rma.state, "received")

    def _check(self, rma, **conditions):
        values = {
            "aftersales_condition_unused": "met",
            "aftersales_condition_packaging": "met",
            "aftersales_condition_certificate": "met",
            "aftersales_condition_resalable": "met",
        }
        values.update(conditions)
        rma.write(values)
        rma.action_aftersales_record_conditions()

    def _find_defect(self, rma, finding):
        rma.aftersales_quality_defect_found = finding
        rma.action_aftersales_record_conditions()
        self.assertEqual(rma.aftersales_conditions_checked_by_id, self.aftersales_user)

    def _photo(self, rma):
        return self.env["ir.attachment"].create(
            {"name": "scratch.png", "raw": PNG, "res_model": "rma", "res_id": rma.id}
        )

    def _customer_messages(self, record):
        return record.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )

    # The back-office form -----------------------------------------------------------

    def test_back_office_form_day_30_and_day_31(self):
        move = self.line.move_ids
        with freeze_time(DAY_30):
            form = Form(self.Rma)
            form.partner_id = self.customer
            form.order_id = self.line.order_id
            form.picking_id = move.picking_id
            form.operation_id = self.operation
            rma = form.save()
        self.assertEqual(rma.aftersales_line_id, self.line)
        self.assertEqual(rma.aftersales_service, "return_satisfaction")
        self.assertEqual(rma.aftersales_eligibility, "free")
        self.assertEqual(rma.aftersales_shipping_payer, "customer")
        self.assertIn("Return accepted until", rma.aftersales_reason)
        with freeze_time(DAY_31):
            form = Form(self.Rma)
            form.partner_id = self.customer
            form.order_id = self.line.order_id
            form.picking_id = move.picking_id
            form.operation_id = self.operation
            with self.assertRefused(UserError, "within 30 days of receiving"):
                form.save()
        found = self.env["rma"].search([("picking_id", "=", move.picking_id.id)])
        self.assertEqual(found, rma)

    def test_confirm_tells_the_customer_where_to_send(self):
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        told = self._customer_messages(rma)
        self.assertEqual(len(told), 1)
        self.assertIn("12 rue de la Paix", told.body)
        self.assertIn("Shipping is at your expense", told.body)

    def test_never_delivered_item_is_refused(self):
        line = self._bought(self.necklace, BOUGHT)
        with (
            freeze_time(LATER),
            self.assertRaisesRegex(UserError, "not been delivered"),
        ):
            self.Rma.create(
                {
                    "partner_id": self.customer.id,
                    "order_id": line.order_id.id,
                    "product_id": self.necklace.id,
                    "operation_id": self.operation.id,
                    "aftersales_line_id": line.id,
                }
            )

    def test_rma_without_item_is_kept_but_not_confirmed(self):
        """An RMA may start without its item (an email to the returns
        address): nothing is lost, but it is not confirmed before staff
        name the item."""
        with freeze_time(DAY_30):
            rma = self.Rma.create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.necklace.id,
                    "operation_id": self.operation.id,
                }
            )
        with self.assertRaisesRegex(UserError, "choose the purchased item"):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")

    def test_item_of_another_customer_is_refused(self):
        other = self.env["res.partner"].create({"name": "Other Customer"})
        with self.assertRefused(ValidationError, "bought by another customer"):
            self._rma(self.line, "return_satisfaction", DAY_30, partner_id=other.id)
        self.assertFalse(self.env["rma"].search([("partner_id", "=", other.id)]))

    # Quality returns -------------------------------------------------------------

    def test_quality_return_needs_photos_and_confirmation(self):
        rma = self._rma(self.line, "return_quality", LATER)
        self.assertEqual(rma.aftersales_eligibility, "free")
        self.assertEqual(rma.aftersales_shipping_payer, "company")
        with self.assertRaisesRegex(UserError, "photos of the item"):
            rma.action_confirm()
        self._photo(rma)
        rma.invalidate_recordset(["aftersales_photo_count"])
        self.assertEqual(rma.aftersales_photo_count, 1)
        with self.assertRaisesRegex(UserError, "confirmation of the quality issue"):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(self._customer_messages(rma), "not told to send yet")
        rma.aftersales_quality_confirmed = True
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertIn("Shipping is at our expense", self._customer_messages(rma).body)

    def test_quality_return_after_the_warranty_is_refused(self):
        with self.assertRaisesRegex(UserError, "warranty period, which ended"):
            self._rma(self.line, "return_quality", utc(2027, 1, 11, 9, 0))

    def test_quality_return_replaced_or_refunded_with_shipping(self):
        rma = self._rma(
            self.line, "return_quality", LATER, aftersales_quality_confirmed=True
        )
        self._photo(rma)
        rma.action_confirm()
        self.assertIn(
            "Customer service confirmed the quality issue", rma.aftersales_reason
        )
        self._receive(rma)
        rma.aftersales_shipping_reimbursement = 18.5
        with self.assertRaisesRegex(UserError, "check of the defect"):
            rma.action_refund()
        self._find_defect(rma, "confirmed")
        self.assertIn("confirmed the defect", rma.aftersales_reason)
        rma.action_refund()
        self.assertEqual(rma.state, "refunded")
        refund = rma.refund_id
        self.assertEqual(refund.move_type, "out_refund")
        item_line = refund.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.necklace
        )
        self.assertEqual(item_line.price_unit, 1200.0)
        shipping_line = refund.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.shipping_fee
        )
        self.assertEqual(shipping_line.price_unit, 18.5)
        self.assertEqual(shipping_line.quantity, 1)
        # A return asked without a request: its lines carry the service only
        self.assertEqual(
            set(refund.invoice_line_ids.mapped("aftersales_service")),
            {"return_quality"},
        )
        self.assertFalse(refund.invoice_line_ids.aftersales_ticket_id)
        self.assertFalse(refund.aftersales_ticket_id)
        self.assertAlmostEqual(refund.amount_untaxed, 1218.5)
        # The replacement of a quality issue, on another unit.
        other = self._rma(
            self._bought(self.necklace, BOUGHT, RECEIVED),
            "return_quality",
            LATER,
            aftersales_quality_confirmed=True,
        )
        self._photo(other)
        other.action_confirm()
        self._receive(other)
        with self.assertRaisesRegex(UserError, "check of the defect"):
            other.create_replace(
                LATER, self.warehouse, self.necklace, 1, self.necklace.uom_id
            )
        self._find_defect(other, "confirmed")
        other.create_replace(
            LATER, self.warehouse, self.necklace, 1, self.necklace.uom_id
        )
        self.assertEqual(other.state, "waiting_replacement")
        self.assertTrue(other.delivery_move_ids)

    def test_a_defect_not_confirmed_waits_for_a_manager(self):
        rma = self._rma(
            self.line, "return_quality", LATER, aftersales_quality_confirmed=True
        )
        self._photo(rma)
        rma.action_confirm()
        self._receive(rma)
        with self.assertRaisesRegex(UserError, "confirms the defect first"):
            rma.action_aftersales_record_conditions()
        self._find_defect(rma, "not_confirmed")
        self.assertEqual(rma.aftersales_eligibility, "refused")
        self.assertIn("did not find the quality issue", rma.aftersales_reason)
        self.assertIn("until an after-sales manager decides", rma.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "refused by the after-sales policy"):
            rma.action_refund()
        # Nor marked as refunded without a credit note (an item never invoiced).
        with self.assertRaisesRegex(UserError, "refused by the after-sales policy"):
            rma.action_refund_without_invoice()
        self.assertEqual(rma.state, "received", "nothing refunded, nothing sent back")
        rma.with_user(self.manager)._aftersales_override("Long-standing customer")
        rma.action_refund()
        self.assertEqual(rma.state, "refunded")

    def test_returns_outside_after_sales_follow_oca(self):
        """An RMA of another operation that names no purchased item (goods
        returned outside an after-sales sale) is OCA's alone: created,
        confirmed and refunded without the after-sales policy."""
        other_operation = self.env["rma.operation"].create(
            {"name": "Supplier swap", "action_create_receipt": "automatic_on_confirm"}
        )
        chair = self.env["product.product"].create(
            {"name": "Test Office Chair", "type": "consu"}
        )
        rma = self.Rma.create(
            {
                "partner_id": self.customer.id,
                "product_id": chair.id,
                "product_uom_qty": 1,
                "operation_id": other_operation.id,
                "location_id": self.warehouse.rma_loc_id.id,
            }
        )
        self.assertFalse(rma.aftersales_eligibility)
        self.assertFalse(rma.aftersales_reason)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertFalse(self._customer_messages(rma), "no after-sales address sent")
        # The after-sales operation is governed, item or not.
        with self.assertRaisesRegex(UserError, "choose the purchased item"):
            self.Rma.create(
                {
                    "partner_id": self.customer.id,
                    "product_id": chair.id,
                    "product_uom_qty": 1,
                    "operation_id": self.operation.id,
                    "location_id": self.warehouse.rma_loc_id.id,
                }
            ).action_confirm()

    def test_a_new_return_from_after_sales_is_an_after_sales_return(self):
        action = self.env.ref("sparklife_aftersales.action_aftersales_returns")
        context = safe_eval(action.context)
        self.assertEqual(
            self.Rma.with_context(**context).new({}).operation_id, self.operation
        )
        ours = self._rma(self.line, "return_satisfaction", DAY_30)
        found = self.env["rma"].search(safe_eval(action.domain))
        self.assertIn(ours, found)
        menu = self.env.ref("sparklife_aftersales.menu_aftersales_returns")
        self.assertIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.aftersales_user)._visible_menu_ids(),
        )

    def test_shipping_is_not_reimbursed_when_the_customer_pays_it(self):
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        with self.assertRaisesRegex(ValidationError, "not reimbursed"):
            rma.aftersales_shipping_reimbursement = 10

    # Conditions on receipt --------------------------------------------------------

    def test_conditions_met_refund_the_price_paid(self):
        order = self.line.order_id
        order._create_invoices().action_post()
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        rma.action_confirm()
        self._receive(rma)
        with self.assertRaisesRegex(UserError, "check of the item's condition"):
            rma.action_refund()
        self._check(rma)
        self.assertEqual(rma.aftersales_conditions_checked_by_id, self.aftersales_user)
        rma.action_refund()
        self.assertEqual(rma.state, "refunded")
        invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(rma.refund_id.reversed_entry_id, invoice)
        self.assertEqual(rma.refund_id.amount_total, invoice.amount_total)
        with self.assertRaisesRegex(UserError, "refunded, not replaced"):
            rma.create_replace(
                DAY_30, self.warehouse, self.necklace, 1, self.necklace.uom_id
            )

    def test_conditions_failing_send_the_item_back(self):
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        rma.action_confirm()
        self._receive(rma)
        with self.assertRaisesRegex(UserError, "answer every condition"):
            rma.action_aftersales_record_conditions()
        self._check(
            rma,
            aftersales_condition_certificate="failed",
            aftersales_condition_resalable="failed",
        )
        self.assertEqual(rma.aftersales_eligibility, "refused")
        self.assertEqual(rma.state, "waiting_return")
        self.assertTrue(rma.delivery_move_ids, "the item goes back to the customer")
        told = self._customer_messages(rma)[0]
        self.assertIn("certificate included, resalable not met", told.body)
        self.assertIn("sending it back", told.body)
        self.assertFalse(rma.can_be_refunded)
        rma.action_refund()
        self.assertFalse(rma.refund_id)

    def test_conditions_are_recorded_on_received_returns_only(self):
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        rma.action_confirm()
        with self.assertRaisesRegex(UserError, "once the item is received"):
            self._check(rma)

    # Manager override -------------------------------------------------------------

    def test_only_a_manager_overrides_with_a_reason(self):
        with self.assertRaises(AccessError):
            self._rma(
                self.line,
                "return_satisfaction",
                DAY_31,
                aftersales_override_reason="Loyal customer",
            )
        with self.assertRaisesRegex(UserError, "reason"):
            self._rma(
                self.line,
                "return_satisfaction",
                DAY_31,
                user=self.manager,
                aftersales_override_reason="  ",
            )
        rma = self._rma(
            self.line,
            "return_satisfaction",
            DAY_31,
            user=self.manager,
            aftersales_override_reason="Gift bought abroad, received late",
        )
        self.assertEqual(rma.aftersales_eligibility, "refused")
        self.assertEqual(rma.aftersales_override_user_id, self.manager)
        self.assertIn(
            "Gift bought abroad",
            rma.message_ids.filtered(lambda m: "overridden" in (m.body or "")).body,
        )
        rma.with_user(self.aftersales_user).action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_override_of_failed_conditions(self):
        rma = self._rma(self.line, "return_satisfaction", DAY_30)
        rma.action_confirm()
        self._receive(rma)
        rma.operation_id = self.env.ref("rma.rma_operation_refund")
        with self.assertRefused(UserError, "cannot be sent back"):
            self._check(rma, aftersales_condition_packaging="failed")
        self.assertFalse(rma.aftersales_conditions_checked_on)
        rma.operation_id = self.operation
        self._check(rma, aftersales_condition_packaging="failed")
        wizard = (
            self.env["sparklife.aftersales.override"]
            .with_user(self.manager)
            .create({"rma_id": rma.id, "reason": "Packaging damaged by the carrier"})
        )
        self.assertIn("original packaging not met", wizard.aftersales_reason)
        wizard.action_confirm()
        self.assertTrue(rma.aftersales_override_reason)

    # Service requests ---------------------------------------------------------------

    def test_ticket_authorize_return_creates_the_rma(self):
        ticket = self._new_request("return_satisfaction", self.line, DAY_30)
        with freeze_time(utc(2026, 2, 13, 9, 0)):
            action = ticket.with_user(
                self.aftersales_user
            ).action_aftersales_authorize_return()
        rma = ticket.aftersales_rma_ids
        self.assertEqual(action["res_id"], rma.id)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.aftersales_line_id, self.line)
        self.assertEqual(rma.sale_line_id, self.line)
        self.assertEqual(rma.aftersales_requested_on, ticket.aftersales_requested_on)
        self.assertEqual(rma.aftersales_shipping_payer, "customer")
        self.assertTrue(ticket.aftersales_return_authorized_on)
        self.assertIn("12 rue de la Paix", self._customer_messages(rma).body)
        self._receive(rma)
        self.assertTrue(ticket.aftersales_inbound_received_date)
        self._check(rma)
        rma.action_refund()
        self.assertEqual(ticket.aftersales_rma_ids.refund_id, rma.refund_id)
        # The credit note carries its request and service, for accounting
        refund = rma.refund_id
        self.assertEqual(refund.aftersales_ticket_id, ticket)
        self.assertEqual(refund.invoice_line_ids.aftersales_ticket_id, ticket)
        self.assertEqual(refund.invoice_line_ids.aftersales_ticket_ref, ticket.number)
        self.assertEqual(
            refund.invoice_line_ids.mapped("aftersales_service"),
            ["return_satisfaction"],
        )

    def test_ticket_of_a_quality_return_needs_its_photos(self):
        ticket = self._new_request("return_quality", self.line, LATER)
        with self.assertRaisesRegex(UserError, "photos of the item"):
            ticket.with_user(self.aftersales_user).action_aftersales_authorize_return()
        self.assertFalse(ticket.aftersales_rma_ids)
        ticket.write(
            {
                "aftersales_quality_confirmed": True,
                "aftersales_photo_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "crack.png",
                            "raw": PNG,
                            "res_model": "helpdesk.ticket",
                        },
                    )
                ],
            }
        )
        ticket.with_user(self.aftersales_user).action_aftersales_authorize_return()
        self.assertEqual(ticket.aftersales_rma_ids.aftersales_shipping_payer, "company")
        self.assertEqual(ticket.aftersales_rma_ids.aftersales_photo_count, 1)

    def test_ticket_override_carries_to_its_rma(self):
        ticket = self._new_request("return_satisfaction", self.line, DAY_31)
        with self.assertRaisesRegex(UserError, "within 30 days"):
            ticket.with_user(self.aftersales_user).action_aftersales_authorize_return()
        ticket.with_user(self.manager)._aftersales_override("Delivered to a neighbour")
        ticket.with_user(self.aftersales_user).action_aftersales_authorize_return()
        self.assertEqual(ticket.aftersales_rma_ids.state, "confirmed")

    # The sale order's return wizard -------------------------------------------------

    def _wizard(self, order, service):
        action = order.with_user(self.aftersales_user).action_create_rma()
        wizard = (
            self.env["sale.order.rma.wizard"]
            .with_user(self.aftersales_user)
            .browse(action["res_id"])
        )
        wizard.line_ids.write(
            {
                "operation_id": self.operation.id,
                "aftersales_service": service,
                "quantity": 1,
            }
        )
        return wizard

    def test_sale_order_wizard_asks_the_policy(self):
        order = self.line.order_id
        with freeze_time(DAY_31):
            wizard = self._wizard(order, "return_satisfaction")
            with self.assertRefused(UserError, "within 30 days"):
                wizard.create_and_open_rma()
        self.assertFalse(order.rma_ids)
        with freeze_time(DAY_30):
            self._wizard(order, "return_satisfaction").create_and_open_rma()
        self.assertEqual(order.rma_ids.state, "confirmed")
        self.assertEqual(order.rma_ids.aftersales_line_id, self.line)
        with freeze_time(LATER):
            wizard = self._wizard(
                self._bought(self.necklace, BOUGHT, RECEIVED).order_id, "return_quality"
            )
            with self.assertRaisesRegex(UserError, "photos of the item"):
                wizard.create_and_open_rma()
