# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The request form as a clerk meets it: opened from the purchased item, the
buttons that would go through and what is missing otherwise, the answer of
*Assess*, a duplicate pointed out, a free resize that an approval takes from
an older request said in both chatters."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, new_test_user, tagged

from .common import BOUGHT, RECEIVED, AftersalesCase, PortalCase, utc

ON = utc(2026, 2, 1, 10, 0)


@tagged("post_install", "-at_install")
class TestRequestForm(AftersalesCase):
    asked_at = ON

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)

    # Opened from the purchased item ------------------------------------------------

    def test_new_request_from_the_purchased_item(self):
        line = self.line.with_user(self.aftersales_user)
        action = line.action_aftersales_new_request()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        with freeze_time(ON):
            form = Form(self.Ticket.with_context(**action["context"]))
            self.assertEqual(form.partner_id, self.customer)
            self.assertEqual(form.aftersales_sale_line_id, self.line)
            self.assertEqual(
                form.team_id,
                self.env.ref("sparklife_aftersales.helpdesk_team_aftersales"),
            )
            form.name = "Too big"
            form.aftersales_service = "resize"
            form.description = "<p>One size smaller.</p>"
            ticket = form.save()
        self.assertEqual(line.aftersales_ticket_count, 1)
        self.assertEqual(line.aftersales_ticket_ids, ticket)
        requests = line.action_aftersales_view_requests()
        self.assertEqual(self.env["helpdesk.ticket"].search(requests["domain"]), ticket)
        arch = self.env["sale.order.line"].get_view(
            self.env.ref("sparklife_aftersales.sale_order_line_aftersales_view_form").id
        )["arch"]
        self.assertIn('name="action_aftersales_new_request"', arch)
        self.assertIn('name="aftersales_ticket_ids"', arch)

    # The form itself ----------------------------------------------------------------

    def test_a_new_request_is_named_and_its_description_in_sight(self):
        self.assertEqual(self.Ticket.new({}).display_name, "New request")
        self.assertEqual(
            self.Ticket.new({"name": "Loose stone"}).display_name, "Loose stone"
        )
        arch = etree.fromstring(
            self.env["helpdesk.ticket"].get_view(view_type="form")["arch"]
        )
        description = arch.xpath("//field[@name='description']")
        self.assertEqual(len(description), 1)
        self.assertFalse(description[0].xpath("ancestor::notebook"))
        ticket = self._new_request("cleaning")
        self.assertEqual(ticket.display_name, f"{ticket.number} - Request cleaning")

    # The buttons that would go through ---------------------------------------------

    def test_approve_is_offered_only_when_it_would_go_through(self):
        resize = self._new_request("resize")
        self.assertTrue(resize.aftersales_can_approve)
        self.assertFalse(resize.aftersales_action_hint)
        warranty = self._new_request("warranty")
        self.assertFalse(warranty.aftersales_can_approve)
        self.assertIn(
            "the workshop's assessment of the damage", warranty.aftersales_action_hint
        )
        warranty.aftersales_damage_cause = "manufacturing_defect"
        self.assertTrue(warranty.aftersales_can_approve)
        restoration = self._new_request("restoration")
        self.assertFalse(restoration.aftersales_can_approve)
        resize.action_aftersales_approve()
        self.assertFalse(resize.aftersales_can_approve, "approved already")

    def test_authorize_return_is_offered_only_when_it_would_go_through(self):
        quality = self._new_request("return_quality")
        self.assertFalse(quality.aftersales_can_authorize_return)
        self.assertIn("photos of the item", quality.aftersales_action_hint)
        self.assertNotIn("when the item arrives", quality.aftersales_action_hint)
        satisfaction = self._new_request("return_satisfaction")
        self.assertTrue(satisfaction.aftersales_can_authorize_return)
        satisfaction.action_aftersales_authorize_return()
        self.assertFalse(satisfaction.aftersales_can_authorize_return)
        late = self._new_request("return_satisfaction", at=utc(2026, 3, 1, 10, 0))
        self.assertEqual(late.aftersales_eligibility, "refused")
        self.assertFalse(late.aftersales_can_authorize_return)

    def test_assess_shows_its_answer(self):
        ticket = self._new_request("resize")
        action = ticket.action_aftersales_assess()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Free", action["params"]["title"])
        self.assertIn("Free resize available until", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload")
        self.assertIn("Free resize available until", ticket.message_ids[0].body)

    # Duplicates --------------------------------------------------------------------

    def test_a_second_open_request_points_to_the_first(self):
        first = self._new_request("resize")
        second = self._new_request("resize")
        self.assertEqual(second.aftersales_duplicate_of_id, first)
        self.assertEqual(first.aftersales_duplicate_of_id, second)
        self.assertFalse(self._new_request("cleaning").aftersales_duplicate_of_id)
        first.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        second.invalidate_recordset(["aftersales_duplicate_of_id"])
        self.assertFalse(
            second.aftersales_duplicate_of_id, "a closed one is no duplicate"
        )

    def test_a_refused_request_is_no_duplicate(self):
        late = utc(2026, 3, 1, 10, 0)  # the return period ended on 11 February
        refused = self._new_request("return_satisfaction", at=late)
        self.assertEqual(refused.aftersales_eligibility, "refused")
        again = self._new_request("return_satisfaction", at=late)
        self.assertFalse(again.aftersales_duplicate_of_id)
        # A refusal a manager overrode is a request to follow.
        manager = new_test_user(
            self.env,
            login="duplicates_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        refused.with_user(manager)._aftersales_override("A gift, returned in its box")
        again.invalidate_recordset(["aftersales_duplicate_of_id"])
        self.assertEqual(again.aftersales_duplicate_of_id, refused)

    # What the customer reads -------------------------------------------------------

    def test_service_quotations_and_invoices_name_products_without_codes(self):
        self.line.product_id.default_code = "SL-RING-TST"
        ticket = self._new_request("restoration")
        self.assertTrue(ticket.aftersales_service_product_id.default_code)
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertTrue(order.order_line)
        for line in order.order_line:
            self.assertNotIn("[", line.name)
            self.assertIn(line.product_id.name, line.name)
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertTrue(invoice.invoice_line_ids)
        for line in invoice.invoice_line_ids:
            self.assertNotIn(line.product_id.default_code, line.name)
        # Other goods keep Odoo's usual descriptions.
        coded = self.env["product.product"].create(
            {"name": "Test Gift Box", "type": "consu", "default_code": "SL-BOX"}
        )
        other = self._order([(coded, 1)])
        self.assertIn("[SL-BOX]", other.order_line.name)

    def test_approving_the_newer_tells_both_that_the_older_lost_its_free_resize(self):
        older = self._new_request("resize")
        newer = self._new_request("resize")
        self.assertEqual(
            (older.aftersales_eligibility, newer.aftersales_eligibility),
            ("free", "free"),
        )
        newer.action_aftersales_approve()
        self.assertEqual(older.aftersales_eligibility, "paid")
        self.assertIn(newer.number, older.message_ids[0].body)
        self.assertIn("is now a paid service", older.message_ids[0].body)
        told = newer.message_ids.filtered(lambda m: older.number in (m.body or ""))
        self.assertIn("the older request", told.body)

    def test_approving_with_free_resizes_left_tells_nobody(self):
        pair = self._bought(self.ring, BOUGHT, RECEIVED, qty=2)
        older = self._new_request("resize", aftersales_sale_line_id=pair.id)
        newer = self._new_request("resize", aftersales_sale_line_id=pair.id)
        newer.action_aftersales_approve()
        self.assertEqual(older.aftersales_eligibility, "free")
        self.assertFalse(
            older.message_ids.filtered(lambda m: newer.number in (m.body or ""))
        )


@tagged("post_install", "-at_install")
class TestRequestFormPortal(PortalCase):
    """The customer's form: the policy's refusal is told before any
    duplicate, and a refused request is not one to follow; what the customer
    reads names pieces without the shop's internal codes."""

    def test_the_request_is_titled_with_the_pieces_name(self):
        self.ring.default_code = "SL-RING-PRT"
        self.authenticate("portal_alice", "portal_alice")
        response = self._submit(self.ring_line, service="cleaning", description="Dull.")
        self.assertEqual(response.status_code, 303)
        ticket = self.Ticket.search(
            [("aftersales_sale_line_id", "=", self.ring_line.id)]
        )
        self.assertEqual(ticket.name, "Cleaning and maintenance: Test Portal Ring")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn("SL-RING-PRT", page)

    def test_the_policys_refusal_comes_before_a_refused_duplicate(self):
        noon = datetime.combine(self.today, time(12, 0))
        undelivered = self._bought(
            self.ring, noon - timedelta(days=2), partner=self.alice
        )
        # Staff recorded her return request; the policy refuses it.
        refused = self.Ticket.create(
            {
                "name": "Return the ring",
                "description": "<p>Not what I expected.</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "return_satisfaction",
                "aftersales_sale_line_id": undelivered.id,
            }
        )
        self.assertEqual(refused.aftersales_eligibility, "refused")
        self.authenticate("portal_alice", "portal_alice")
        response = self._submit(
            undelivered, service="return_satisfaction", description="Changed my mind"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "This item has not been delivered yet, so it cannot be returned.",
            response.text,
        )
        self.assertNotIn("You already have request", response.text)
        self.assertEqual(
            self.Ticket.search([("aftersales_sale_line_id", "=", undelivered.id)]),
            refused,
        )
