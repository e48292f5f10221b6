# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests on helpdesk tickets: each service against each outcome of
the policy, the actions staff take, and the bad input they must be stopped at."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import BOUGHT, PNG, RECEIVED, ServiceRequestCase, utc


class TestServiceRequestOutcomes(ServiceRequestCase):
    def assertAssessment(self, ticket, outcome, reason_part, payer=None):
        self.assertEqual(ticket.aftersales_eligibility, outcome)
        self.assertIn(reason_part, ticket.aftersales_reason)
        self.assertEqual(ticket.aftersales_shipping_payer or None, payer)

    def test_the_policy_is_asked_once_for_the_answer_and_its_actions(self):
        """Reading a request's answer, what is still needed, the next steps
        and the actions it allows (the workshop's included) asks the engine
        once per request."""
        tickets = self._request(
            self.ring_line, "resize", utc(2026, 2, 1, 10, 0)
        ) | self._request(self.ring_line, "cleaning", utc(2026, 2, 1, 11, 0))
        tickets.invalidate_recordset()
        Ticket = type(self.env["helpdesk.ticket"])
        asked = []
        original = Ticket._aftersales_decision

        def counted(ticket):
            asked.append(ticket.id)
            return original(ticket)

        with patch.object(Ticket, "_aftersales_decision", counted):
            tickets.read(
                [
                    "aftersales_eligibility",
                    "aftersales_reason",
                    "aftersales_pending",
                    "aftersales_next_steps",
                    "aftersales_can_approve",
                    "aftersales_can_authorize_return",
                    "aftersales_action_hint",
                    "aftersales_can_send_to_workshop",
                    "aftersales_can_send_for_assessment",
                ]
            )
        self.assertEqual(sorted(asked), sorted(tickets.ids))

    # Warranty ----------------------------------------------------------------------

    def test_warranty_defect_free_until_last_day(self):
        ticket = self._request(
            self.ring_line,
            "warranty",
            utc(2027, 1, 10, 22, 59),  # 23:59 in Paris, last day
            aftersales_damage_cause="manufacturing_defect",
        )
        self.assertAssessment(ticket, "free", "free of charge", "company")
        self.assertEqual(str(ticket.aftersales_deadline), "2027-01-10")
        ticket.action_aftersales_approve()
        self.assertTrue(ticket.aftersales_approved_on)

    def test_warranty_day_after_end_is_paid(self):
        ticket = self._request(
            self.ring_line,
            "warranty",
            utc(2027, 1, 10, 23, 0),  # midnight in Paris: 11 January
            aftersales_damage_cause="manufacturing_defect",
        )
        self.assertAssessment(ticket, "paid", "warranty ended on", "customer")
        with self.assertRaisesRegex(UserError, "paid service"):
            ticket.action_aftersales_approve()

    def test_warranty_excluded_causes_are_paid_repairs(self):
        ticket = self._request(self.ring_line, "warranty", utc(2026, 6, 1, 10, 0))
        self.assertAssessment(ticket, "free", "if our workshop finds", "company")
        with self.assertRaisesRegex(UserError, "assessment of the damage"):
            ticket.action_aftersales_approve()
        labels = {
            "accidental_damage": "accidental damage",
            "improper_use": "improper use",
            "unauthorized_repair": "unauthorized repairs",
            "normal_wear": "normal wear",
        }
        for cause, label in labels.items():
            with self.subTest(cause=cause):
                ticket.aftersales_damage_cause = cause
                self.assertAssessment(
                    ticket, "paid", f"does not cover {label}", "customer"
                )
                self.assertEqual(
                    ticket.aftersales_service_product_id, self.env.ref(_ref("repair"))
                )

    def test_eligibility_changes_are_tracked(self):
        ticket = self._request(self.ring_line, "warranty", utc(2026, 6, 1, 10, 0))
        # Records created in the transaction being tracked are not tracked:
        # end it as a request of the web client would.
        self.env.cr.flush()
        ticket.aftersales_damage_cause = "accidental_damage"
        self.env.flush_all()
        self.env.cr.flush()  # tracking is written before commit
        self.env.invalidate_all()
        tracked = ticket.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "aftersales_eligibility"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_char, "Free")
        self.assertEqual(tracked.new_value_char, "Paid service")

    # Cleaning ----------------------------------------------------------------------

    def test_cleaning_free_for_life_customer_pays_shipping(self):
        ticket = self._request(self.ring_line, "cleaning", utc(2040, 5, 5, 10, 0))
        self.assertAssessment(ticket, "free", "free for life", "customer")
        ticket.action_aftersales_approve()
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertEqual(order.order_line.product_id, self.env.ref(_ref("shipping")))
        self.assertEqual(order.aftersales_ticket_id, ticket)

    # Resize ------------------------------------------------------------------------

    def test_resize_free_until_last_day_then_paid(self):
        last_day = self._request(
            self.ring_line,
            "resize",
            utc(2026, 4, 10, 21, 0),
            aftersales_requested_size="52",
        )
        self.assertAssessment(
            last_day, "free", "Free resize available until", "customer"
        )
        next_day = self._request(self.ring_line, "resize", utc(2026, 4, 10, 22, 0))
        self.assertAssessment(next_day, "paid", "period ended on", "customer")
        self.assertEqual(
            next_day.aftersales_service_product_id, self.env.ref(_ref("resize"))
        )

    def test_resize_uses_the_free_resize_once(self):
        first = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        second = self._request(self.ring_line, "resize", utc(2026, 2, 2, 10, 0))
        self.env.cr.flush()  # created in an earlier request than the approval
        first.action_aftersales_approve()
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)
        self.assertEqual(self.ring_line.aftersales_free_resizes_remaining, 0)
        # The other request's change is in its history too.
        tracked = second.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "aftersales_eligibility"
        )
        self.assertEqual(tracked.mapped("new_value_char"), ["Paid service"])
        self.assertTrue(first.aftersales_used_free_resize)
        # The approved request keeps its answer; the other one is now paid.
        self.assertAssessment(first, "free", "Free resize available", "customer")
        self.assertAssessment(second, "paid", "already been used", "customer")
        with self.assertRaisesRegex(UserError, "paid service"):
            second.action_aftersales_approve()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)

    def test_resize_approved_twice(self):
        ticket = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        ticket.action_aftersales_approve()
        with self.assertRaisesRegex(UserError, "already approved"):
            ticket.action_aftersales_approve()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)

    def test_resize_asked_in_time_approved_late(self):
        ticket = self._request(self.ring_line, "resize", utc(2026, 4, 10, 12, 0))
        with freeze_time(utc(2026, 5, 20, 12, 0)):
            ticket.action_aftersales_approve()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)

    def test_resize_two_units_two_free_resizes(self):
        line = self._bought(self.ring, BOUGHT, RECEIVED, qty=2)
        tickets = self._request(line, "resize", utc(2026, 2, 1, 10, 0))
        tickets |= self._request(line, "resize", utc(2026, 2, 1, 11, 0))
        third = self._request(line, "resize", utc(2026, 2, 1, 12, 0))
        tickets.action_aftersales_approve()
        self.assertEqual(line.aftersales_free_resizes_used, 2)
        self.assertEqual(third.aftersales_eligibility, "paid")

    def test_resize_not_adjustable_is_a_paid_redesign(self):
        """Day 5 after purchase, inside the free resize months: a piece that
        cannot be adjusted is still resized, by a paid redesign."""
        ticket = self._request(self.fixed_line, "resize", utc(2026, 1, 15, 10, 0))
        self.assertAssessment(ticket, "paid", "cannot be adjusted", "customer")
        self.assertTrue(ticket.aftersales_redesign)
        self.assertTrue(ticket.aftersales_redesign_implied)
        self.assertEqual(
            ticket.aftersales_service_product_id, self.env.ref(_ref("resize_redesign"))
        )
        with self.assertRaisesRegex(UserError, "paid service"):
            ticket.action_aftersales_approve()
        self.assertEqual(self.fixed_line.aftersales_free_resizes_used, 0)
        # Staff cannot make it a plain resize.
        with self.assertRaisesRegex(ValidationError, "cannot be adjusted"):
            ticket.aftersales_redesign = False
        ticket.aftersales_service_product_id = self.env.ref(_ref("resize"))
        with self.assertRaisesRegex(UserError, "Choose the service product"):
            ticket.action_aftersales_create_quotation()
        ticket.aftersales_service_product_id = self.env.ref(_ref("resize_redesign"))
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertEqual(
            order.order_line.product_id.mapped("aftersales_service_kind"),
            ["resize_redesign", "shipping"],
        )
        # The workshop prices the design before the customer sees it.
        with self.assertRaisesRegex(UserError, "Set the price"):
            order.action_quotation_sent()
        redesign = order.order_line.filtered(
            lambda line: line.product_id.aftersales_service_kind == "resize_redesign"
        )
        redesign.price_unit = 350.0
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")

    def test_resize_not_adjustable_years_later_is_still_a_paid_redesign(self):
        ticket = self._request(self.fixed_line, "resize", utc(2031, 3, 1, 10, 0))
        self.assertAssessment(ticket, "paid", "cannot be adjusted", "customer")
        self.assertTrue(ticket.aftersales_redesign)

    def test_resize_redesign_of_a_fixed_piece_in_the_form(self):
        """Picking a fixed piece ticks Redesign needed and locks it."""
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            form = Form(self.Ticket)
            form.name = "Too tight"
            form.description = "<p>One size larger please.</p>"
            form.partner_id = self.customer
            form.aftersales_service = "resize"
            form.aftersales_sale_line_id = self.fixed_line
            self.assertTrue(form.aftersales_redesign)
            self.assertTrue(form.aftersales_redesign_implied)
            with self.assertRaises(AssertionError):
                form.aftersales_redesign = False  # read-only in the view
            ticket = form.save()
        self.assertTrue(ticket.aftersales_redesign)
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        # An adjustable piece keeps the flag staff set, and its free resize.
        ticket.aftersales_sale_line_id = self.ring_line
        self.assertTrue(ticket.aftersales_redesign)
        ticket.aftersales_redesign = False
        self.assertEqual(ticket.aftersales_eligibility, "free")

    def test_resize_with_redesign_is_paid_per_design(self):
        ticket = self._request(
            self.ring_line, "resize", utc(2026, 2, 1, 10, 0), aftersales_redesign=True
        )
        self.assertAssessment(ticket, "paid", "priced for the design", "customer")
        self.assertEqual(
            ticket.aftersales_service_product_id, self.env.ref(_ref("resize_redesign"))
        )
        ticket.action_aftersales_create_quotation()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 0)
        self.assertEqual(
            ticket.aftersales_sale_order_id.order_line.product_id.mapped(
                "aftersales_service_kind"
            ),
            ["resize_redesign", "shipping"],
        )

    # Accessories and restoration ---------------------------------------------------

    def test_accessory_paid_unless_quality_issue_under_warranty(self):
        ticket = self._request(self.ring_line, "accessory", utc(2026, 6, 1, 10, 0))
        self.assertAssessment(ticket, "paid", "paid service", "customer")
        ticket.aftersales_damage_cause = "manufacturing_defect"
        self.assertAssessment(ticket, "free", "covered by the warranty", "company")
        late = self._request(
            self.ring_line,
            "accessory",
            utc(2027, 2, 1, 10, 0),
            aftersales_damage_cause="manufacturing_defect",
        )
        self.assertAssessment(late, "paid", "paid service", "customer")

    def test_restoration_quotation_with_price_list_and_shipping(self):
        ticket = self._request(self.ring_line, "restoration", utc(2030, 1, 1, 10, 0))
        self.assertAssessment(ticket, "paid", "Restoration", "customer")
        ticket.aftersales_service_product_id = self.env.ref(_ref("replating"))
        action = ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.origin, ticket.number)
        replating, shipping = order.order_line
        self.assertEqual(replating.product_id, self.env.ref(_ref("replating")))
        self.assertEqual(replating.price_unit, 110.0)
        self.assertEqual(shipping.price_unit, 15.0)

    def test_quotation_created_twice_is_not_duplicated(self):
        ticket = self._request(self.ring_line, "restoration", utc(2030, 1, 1, 10, 0))
        first = ticket.action_aftersales_create_quotation()
        second = ticket.action_aftersales_create_quotation()
        self.assertEqual(first["res_id"], second["res_id"])
        orders = self.env["sale.order"].search(
            [("aftersales_ticket_id", "=", ticket.id)]
        )
        self.assertEqual(len(orders), 1)
        # A cancelled quotation can be replaced by a new one.
        orders.action_cancel()
        ticket.action_aftersales_create_quotation()
        self.assertNotEqual(ticket.aftersales_sale_order_id, orders)

    def test_company_paid_shipping_is_not_charged(self):
        ticket = self._request(
            self.ring_line,
            "warranty",
            utc(2026, 6, 1, 10, 0),
            aftersales_damage_cause="manufacturing_defect",
        )
        with self.assertRaisesRegex(UserError, "Nothing to charge"):
            ticket.action_aftersales_create_quotation()
        self.assertFalse(ticket.aftersales_sale_order_id)

    # Returns -----------------------------------------------------------------------

    def test_satisfaction_return_day_30_and_day_31(self):
        day_30 = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 11, 22, 0)
        )
        self.assertAssessment(day_30, "free", "Return accepted until", "customer")
        day_30.action_aftersales_authorize_return()
        self.assertTrue(day_30.aftersales_return_authorized_on)
        day_31 = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 11, 23, 0)
        )
        self.assertAssessment(day_31, "refused", "within 30 days")
        with self.assertRaisesRegex(UserError, "within 30 days"):
            day_31.action_aftersales_authorize_return()

    def test_return_of_an_item_never_delivered(self):
        line = self._bought(self.ring, BOUGHT)
        ticket = self._request(line, "return_satisfaction", utc(2026, 1, 20, 10, 0))
        self.assertAssessment(ticket, "refused", "not been delivered")
        with self.assertRaisesRegex(UserError, "not been delivered"):
            ticket.action_aftersales_authorize_return()

    def test_quality_return_needs_photos_and_confirmation(self):
        ticket = self._request(self.ring_line, "return_quality", utc(2026, 5, 1, 10, 0))
        self.assertAssessment(ticket, "free", "refunded or replaced", "company")
        with self.assertRaisesRegex(UserError, "photos of the item"):
            ticket.action_aftersales_authorize_return()
        ticket.aftersales_photo_ids = [
            (
                0,
                0,
                {
                    "name": "scratch.png",
                    "raw": PNG,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                },
            )
        ]
        self.assertEqual(ticket.aftersales_photo_count, 1)
        with self.assertRaisesRegex(UserError, "confirmation of the quality issue"):
            ticket.action_aftersales_authorize_return()
        ticket.aftersales_quality_confirmed = True
        ticket.action_aftersales_authorize_return()
        with self.assertRaisesRegex(UserError, "already authorized"):
            ticket.action_aftersales_authorize_return()

    def test_returns_are_not_approved_nor_quoted(self):
        ticket = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 1, 10, 0)
        )
        with self.assertRaisesRegex(UserError, "authorize the return"):
            ticket.action_aftersales_approve()
        with self.assertRaisesRegex(UserError, "never quoted"):
            ticket.action_aftersales_create_quotation()
        repair = self._request(self.ring_line, "cleaning", utc(2026, 2, 1, 10, 0))
        with self.assertRaisesRegex(UserError, "not a return request"):
            repair.action_aftersales_authorize_return()

    # Customer service --------------------------------------------------------------

    def test_inquiry_and_complaint_need_no_item(self):
        for service in ("inquiry", "complaint"):
            with self.subTest(service=service):
                ticket = self._request(False, service, utc(2026, 3, 1, 3, 0))
                self.assertAssessment(ticket, "free", "at any hour")
                with self.assertRaisesRegex(UserError, "need no approval"):
                    ticket.action_aftersales_approve()

    def test_service_without_item_is_refused(self):
        ticket = self._request(False, "cleaning", utc(2026, 3, 1, 3, 0))
        self.assertAssessment(ticket, "refused", "choose the purchased item")

    def test_assess_posts_the_assessment(self):
        ticket = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        ticket.action_aftersales_assess()
        body = ticket.message_ids[0].body
        self.assertIn("Free resize available until", body)
        self.assertIn("Shipping paid by: Customer", body)
        untold = self.Ticket.create({"name": "Hello", "description": "<p>Hi</p>"})
        self.assertFalse(untold.aftersales_eligibility)
        with self.assertRaisesRegex(UserError, "choose the service"):
            untold.action_aftersales_assess()


class TestServiceRequestInput(ServiceRequestCase):
    def test_form_offers_and_accepts_the_customers_item(self):
        with Form(self.Ticket) as form:
            form.name = "My ring is too small"
            form.description = "<p>Could you resize it?</p>"
            form.partner_id = self.customer
            form.aftersales_service = "resize"
            form.aftersales_sale_line_id = self.ring_line
            form.aftersales_requested_size = "54"
        ticket = form.record
        self.assertEqual(
            ticket.aftersales_eligibility, "paid"
        )  # asked today, in 2026-11
        self.assertEqual(
            ticket.aftersales_warranty_end, self.ring_line.aftersales_warranty_end
        )
        domain_lines = self.env["sale.order.line"].search(
            [
                ("is_aftersales_item", "=", True),
                ("order_partner_id", "child_of", self.customer.id),
            ]
        )
        self.assertIn(self.ring_line, domain_lines)

    def test_item_of_another_customer(self):
        other = self.env["res.partner"].create({"name": "Someone Else"})
        line = self._bought(self.ring, BOUGHT, RECEIVED, partner=other)
        with self.assertRaisesRegex(ValidationError, "another customer"):
            self._request(line, "cleaning", utc(2026, 2, 1, 10, 0))
        ticket = self._request(self.ring_line, "cleaning", utc(2026, 2, 1, 10, 0))
        with self.assertRaisesRegex(ValidationError, "another customer"):
            ticket.partner_id = other

    def test_item_of_a_cancelled_order(self):
        line = self._bought(self.ring, BOUGHT)
        line.order_id._action_cancel()
        with self.assertRaisesRegex(ValidationError, "not a purchased item"):
            self._request(line, "cleaning", utc(2026, 2, 1, 10, 0))

    def test_photos_must_be_images(self):
        with self.assertRaisesRegex(ValidationError, "must be images"):
            self._request(
                self.ring_line,
                "return_quality",
                utc(2026, 2, 1, 10, 0),
                aftersales_photo_ids=[(0, 0, {"name": "notes.txt", "raw": b"hello"})],
            )

    def test_photos_uploaded_before_saving_belong_to_the_ticket(self):
        photo = (
            self.env["ir.attachment"]
            .with_user(self.aftersales_user)
            .create({"name": "ring.png", "raw": PNG, "res_model": "helpdesk.ticket"})
        )
        ticket = self._request(
            self.ring_line,
            "return_quality",
            utc(2026, 2, 1, 10, 0),
            aftersales_photo_ids=[(6, 0, photo.ids)],
        )
        self.assertEqual(photo.res_id, ticket.id)
        self.assertEqual(ticket.aftersales_photo_count, 1)

    def test_customer_images_become_photos(self):
        ticket = self._request(self.ring_line, "return_quality", utc(2026, 2, 1, 10, 0))
        ticket.message_post(
            body="Here it is",
            author_id=self.customer.id,
            message_type="comment",
            attachments=[("scratch.png", PNG), ("invoice.txt", b"text")],
        )
        self.assertEqual(ticket.aftersales_photo_ids.mapped("name"), ["scratch.png"])


class TestServiceRequestOverride(ServiceRequestCase):
    def test_only_managers_override_with_a_reason(self):
        ticket = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 3, 1, 10, 0)
        )
        self.assertEqual(ticket.aftersales_eligibility, "refused")
        with self.assertRaises(AccessError):
            ticket._aftersales_override("Loyal customer")
        with self.assertRaises(AccessError):
            ticket.write({"aftersales_override_reason": "Written directly"})
        self.assertFalse(ticket.aftersales_override_reason)
        as_manager = ticket.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            as_manager._aftersales_override("   ")
        wizard = (
            self.env["sparklife.aftersales.override"]
            .with_user(self.manager)
            .create({"ticket_id": ticket.id, "reason": "Loyal customer, 3 days late"})
        )
        wizard.action_confirm()
        self.assertEqual(ticket.aftersales_override_user_id, self.manager)
        self.assertIn("Loyal customer, 3 days late", ticket.message_ids[0].body)
        self.assertIn("Refusal overridden by", ticket.message_ids[0].body)
        ticket.action_aftersales_authorize_return()
        self.assertTrue(ticket.aftersales_return_authorized_on)

    def test_a_fixed_piece_resize_is_paid_not_refused_so_nothing_to_override(self):
        """A resize of a piece that cannot be adjusted was once refused and
        needed a manager's override; it is now a paid redesign, which the
        override cannot turn into a free service."""
        ticket = self._request(self.fixed_line, "resize", utc(2026, 2, 1, 10, 0))
        with self.assertRaisesRegex(UserError, "nothing to override"):
            ticket.with_user(self.manager)._aftersales_override("Goodwill gesture")
        with self.assertRaisesRegex(UserError, "paid service"):
            ticket.action_aftersales_approve()
        self.assertFalse(ticket.aftersales_approved_on)
        self.assertEqual(self.fixed_line.aftersales_free_resizes_used, 0)

    def test_nothing_to_override(self):
        ticket = self._request(self.ring_line, "cleaning", utc(2026, 2, 1, 10, 0))
        with self.assertRaisesRegex(UserError, "nothing to override"):
            ticket.with_user(self.manager)._aftersales_override("Why not")

    def test_manager_sees_the_shipping_cost_users_do_not(self):
        ticket = self._request(
            self.ring_line,
            "warranty",
            utc(2026, 6, 1, 10, 0),
            aftersales_damage_cause="manufacturing_defect",
        )
        ticket.with_user(self.manager).aftersales_shipping_cost = 24.5
        self.assertEqual(ticket.with_user(self.manager).aftersales_shipping_cost, 24.5)
        with self.assertRaises(AccessError):
            ticket.with_user(self.aftersales_user).read(["aftersales_shipping_cost"])

    def test_users_without_after_sales_rights_cannot_decide(self):
        ticket = self._request(self.ring_line, "cleaning", utc(2026, 2, 1, 10, 0))
        helpdesk_only = new_test_user(
            self.env, login="helpdesk_only", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        with self.assertRaises(AccessError):
            ticket.with_user(helpdesk_only).action_aftersales_approve()


def _ref(kind):
    return {
        "repair": "sparklife_aftersales.product_service_repair",
        "resize": "sparklife_aftersales.product_service_resize",
        "resize_redesign": "sparklife_aftersales.product_service_resize_redesign",
        "replating": "sparklife_aftersales.product_service_replating",
        "shipping": "sparklife_aftersales.product_service_shipping",
    }[kind]


@tagged("post_install", "-at_install")
class TestServiceRequestCompanies(ServiceRequestCase):
    def test_item_of_another_company(self):
        tokyo = self.env["res.company"].create({"name": "Sparklife Tokyo"})
        self.env.user.company_ids |= tokyo
        order = (
            self.env["sale.order"]
            .with_company(tokyo)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": tokyo.id,
                    "order_line": [(0, 0, {"product_id": self.ring.id})],
                }
            )
        )
        order.action_confirm()
        with self.assertRaisesRegex(ValidationError, "sold by Sparklife Tokyo"):
            self.env["helpdesk.ticket"].create(
                {
                    "name": "Wrong company",
                    "description": "<p>x</p>",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "aftersales_service": "cleaning",
                    "aftersales_sale_line_id": order.order_line.id,
                }
            )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Tokyo request",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
                "company_id": tokyo.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": order.order_line.id,
            }
        )
        self.assertEqual(ticket.aftersales_eligibility, "free")
        # Users of Paris only do not see Tokyo's requests.
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .with_user(self.aftersales_user)
            .search([("id", "=", ticket.id)])
        )
