# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The job that closes what lapsed: unused return authorizations and free
resize approvals, and quotations of paid services never accepted."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import FlushBatchesMixin, ServiceRequestCase, utc


@tagged("post_install", "-at_install")
class TestLapsed(FlushBatchesMixin, ServiceRequestCase, MockEmail):
    def _close(self, at):
        with freeze_time(at), self.mock_mail_gateway():
            return self.env["helpdesk.ticket"]._cron_close_lapsed()

    def _told_customer(self, record, text):
        record.invalidate_recordset(["message_ids"])
        return record.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and text in m.body
        )

    def test_return_not_shipped_within_the_grace_period(self):
        ticket = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 1, 10, 0)
        )
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_authorize_return()
        self._close(utc(2026, 2, 15, 9, 0))  # 13 days 23 hours later
        self.assertFalse(ticket.aftersales_return_lapsed_on)
        self.assertEqual(ticket.aftersales_rma_ids.state, "confirmed")
        self._close(utc(2026, 2, 15, 11, 0))
        self.assertTrue(ticket.aftersales_return_lapsed_on)
        self.assertEqual(
            ticket.aftersales_rma_ids.state, "cancelled", "its RMA is closed"
        )
        self.assertTrue(self._told_customer(ticket, "has lapsed"))
        self.assertTrue(
            self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        )
        # Closed once: a second run changes nothing and tells nobody.
        self.assertEqual(self._close(utc(2026, 2, 16, 11, 0)), 0)

    def test_a_return_received_in_time_stays_open(self):
        ticket = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 1, 10, 0)
        )
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_authorize_return()
        ticket.aftersales_inbound_received_date = date(2026, 2, 10)
        self._close(utc(2026, 3, 1, 10, 0))
        self.assertFalse(ticket.aftersales_return_lapsed_on)

    def test_unused_free_resize_is_given_back(self):
        ticket = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_approve()
        self.assertEqual(self.ring_line.aftersales_free_resizes_remaining, 0)
        self._close(utc(2026, 3, 3, 9, 0))  # 29 days 23 hours later
        self.assertFalse(ticket.aftersales_approval_lapsed_on)
        self._close(utc(2026, 3, 3, 11, 0))  # 30 days and 1 hour later
        self.assertTrue(ticket.aftersales_approval_lapsed_on)
        self.assertFalse(ticket.aftersales_used_free_resize)
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 0)
        self.assertEqual(self.ring_line.aftersales_free_resizes_remaining, 1)
        self.assertTrue(self._told_customer(ticket, "free resize has lapsed"))
        self.assertEqual(self._close(utc(2026, 3, 4, 11, 0)), 0)
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 0)

    def test_a_request_dropped_before_its_work_gives_its_free_resize_back(self):
        ticket = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_approve()
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertFalse(ticket.aftersales_used_free_resize)
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 0)
        self.assertIn("given back", "".join(ticket.message_ids.mapped("body")))
        # Done work keeps what it used: a request closed as done gives nothing.
        other = self._request(self.ring_line, "resize", utc(2026, 2, 2, 10, 0))
        with freeze_time(utc(2026, 2, 2, 10, 0)):
            other.action_aftersales_approve()
        other.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertTrue(other.aftersales_used_free_resize)
        self.assertEqual(self.ring_line.aftersales_free_resizes_used, 1)

    def test_grace_periods_are_settings(self):
        self.company.aftersales_approval_grace_days = 60
        ticket = self._request(self.ring_line, "resize", utc(2026, 2, 1, 10, 0))
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_approve()
        self._close(utc(2026, 3, 20, 10, 0))
        self.assertFalse(ticket.aftersales_approval_lapsed_on)

    def test_quotation_never_accepted_expires(self):
        ticket = self._request(self.ring_line, "restoration", utc(2026, 5, 1, 10, 0))
        with freeze_time(utc(2026, 5, 1, 10, 0)):
            ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        order.validity_date = date(2026, 5, 31)
        self._close(utc(2026, 5, 31, 20, 0))  # still valid on its last day
        self.assertEqual(order.state, "draft")
        self._close(utc(2026, 5, 31, 23, 0))  # 1 June in Paris
        self.assertEqual(order.state, "cancel")
        self.assertTrue(self._told_customer(order, "expired on"))
        self.assertIn("expired unaccepted", ticket.message_ids[0].body)

    def test_accepted_quotation_does_not_expire(self):
        ticket = self._request(self.ring_line, "restoration", utc(2026, 5, 1, 10, 0))
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        order.validity_date = date(2026, 5, 31)
        order.action_confirm()
        self._close(utc(2026, 7, 1, 10, 0))
        self.assertEqual(order.state, "sale")

    def test_two_lapsed_approvals_of_one_item_give_back_two(self):
        line = self._bought(self.ring, utc(2026, 1, 10, 11, 0), qty=2)
        tickets = self._request(line, "resize", utc(2026, 2, 1, 10, 0))
        tickets |= self._request(line, "resize", utc(2026, 2, 1, 11, 0))
        with freeze_time(utc(2026, 2, 1, 12, 0)):
            tickets.action_aftersales_approve()
        self.assertEqual(line.aftersales_free_resizes_used, 2)
        self.assertEqual(self._close(utc(2026, 3, 10, 10, 0)), 2)
        self.assertEqual(line.aftersales_free_resizes_used, 0)

    def test_customer_is_told_in_their_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        ticket = self._request(self.ring_line, "restoration", utc(2026, 5, 1, 10, 0))
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        order.validity_date = date(2026, 5, 31)
        self._close(utc(2026, 6, 2, 10, 0))
        # French date format: the message was written in French context.
        self.assertTrue(self._told_customer(order, "31/05/2026"))
        # The note for staff stays in their language.
        self.assertIn("expired unaccepted", ticket.message_ids[0].body)

    def test_lapse_is_told_through_notifications_with_the_full_layout(self):
        """The lapse message is a comment posted from a template: the
        customer and the request's followers are notified, by an email in
        the full layout with the button to the request's portal page."""
        assistant = self.env["res.partner"].create(
            {"name": "Chloé's assistant", "email": "assistant@example.com"}
        )
        ticket = self._request(
            self.ring_line, "return_satisfaction", utc(2026, 2, 1, 10, 0)
        )
        with freeze_time(utc(2026, 2, 1, 10, 0)):
            ticket.action_aftersales_authorize_return()
        ticket.message_subscribe(partner_ids=assistant.ids)
        self._close(utc(2026, 2, 16, 11, 0))
        message = self._told_customer(ticket, "has lapsed")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(
            message.subject,
            f"{self.company.name}: your return {ticket.number} has lapsed",
        )
        notified = message.notification_ids.res_partner_id
        self.assertIn(self.customer, notified)
        self.assertIn(assistant, notified, "the request's followers are notified")
        to_customer = self._new_mails.filtered(
            lambda m: self.customer in m.recipient_ids
        )
        self.assertEqual(len(to_customer), 1)
        self.assertEqual(to_customer.state, "outgoing", "queued, not sent by the job")
        # The full layout, with its button to the request's portal page.
        body = to_customer.body_html
        self.assertIn('summary="o_mail_notification"', body)
        self.assertIn("/mail/view?", body)
        self.assertIn("model=helpdesk.ticket", body)
        self.assertIn(f"res_id={ticket.id}", body)
        self.assertFalse(
            ticket.aftersales_first_answer_on, "a job's message is no staff answer"
        )
        # The comment is the request's one record of the lapse: no tracking
        # message about the same change besides it.
        self.assertFalse(
            ticket.sudo().message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "aftersales_return_lapsed_on"
            )
        )
