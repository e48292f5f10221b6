# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service levels and satisfaction of the 24/7 service: targets per service
counted around the clock, the first human answer, escalation of requests
about to miss a target, complaints handled by a manager, and the rating
asked once when a request is closed."""

import re
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common import AftersalesCase, PortalCase


@tagged("post_install", "-at_install")
class TestServiceLevels(AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("sparklife_aftersales.helpdesk_team_aftersales")
        cls.manager = new_test_user(
            cls.env,
            login="sla_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        cls.team.user_id = cls.manager
        cls.customer.write({"phone": "+33612345678", "lang": "en_US"})
        cls.line = cls._bought_recently()
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

    def _request(self, service):
        on_an_item = service not in ("inquiry", "complaint")
        return self._new_request(
            service, self.line if on_an_item else False, team_id=self.team.id
        )

    def _line(self, ticket, target):
        return ticket.ticket_sla_ids.filtered(
            lambda line: line.aftersales_target == target
        )

    def test_targets_by_service_around_the_clock(self):
        for service, hours in (
            ("complaint", 4),
            ("return_quality", 12),
            ("warranty", 12),
            ("cleaning", 24),
            ("inquiry", 24),
        ):
            with self.subTest(service=service):
                ticket = self._request(service)
                answer = self._line(ticket, "first_answer")
                self.assertEqual(answer.state, "in_progress")
                # Around the clock: nights and weekends count.
                self.assertAlmostEqual(
                    answer.deadline,
                    ticket.create_date + timedelta(hours=hours),
                    delta=timedelta(seconds=1),
                )
                self.assertEqual(ticket.sla_deadline, answer.deadline)
                self.assertEqual(len(self._line(ticket, "resolution")), 1)
        complaint = self._request("complaint")
        self.assertAlmostEqual(
            self._line(complaint, "resolution").deadline,
            complaint.create_date + timedelta(days=3),
            delta=timedelta(seconds=1),
        )

    def test_the_acknowledgement_does_not_count_a_staff_reply_does(self):
        ticket = self._request("cleaning")
        acknowledgement = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and "we received your request" in (m.subject or "")
        )
        self.assertTrue(acknowledgement, "acknowledged at once, by email")
        self.assertFalse(ticket.aftersales_first_answer_on)
        # An internal note is not an answer either.
        with freeze_time(ticket.create_date + timedelta(hours=1)):
            ticket.message_post(body="Checking the stock", subtype_xmlid="mail.mt_note")
        self.assertFalse(ticket.aftersales_first_answer_on)
        with freeze_time(ticket.create_date + timedelta(hours=2)):
            ticket.message_post(
                body="We will clean it this week.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(
            ticket.aftersales_first_answer_on,
            (ticket.create_date + timedelta(hours=2)).replace(microsecond=0),
        )
        self.assertEqual(self._line(ticket, "first_answer").state, "accomplished")
        self.assertEqual(ticket.aftersales_sla_status, "on_time")
        # The customer's own message is no answer.
        other = self._request("cleaning")
        other.with_user(self.env.ref("base.user_admin")).message_post(
            body="Hello?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.customer.id,
        )
        self.assertFalse(other.aftersales_first_answer_on)

    def test_an_answer_after_the_deadline_fails_the_target(self):
        ticket = self._request("complaint")
        with freeze_time(ticket.create_date + timedelta(hours=5)):
            ticket.with_user(self.manager).message_post(
                body="Sorry for the wait.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertEqual(self._line(ticket, "first_answer").state, "expired")
            self.assertEqual(ticket.aftersales_sla_status, "failed")

    def test_a_complaint_is_escalated_before_its_deadline_and_listed_after(self):
        complaint = self._request("complaint")
        self.assertEqual(complaint.user_id, self.manager, "handled by a manager")
        cleaning = self._request("cleaning")
        start = complaint.create_date
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(start + timedelta(hours=2)):
            Ticket._cron_aftersales_escalate()
            self.assertFalse(complaint.aftersales_escalated_on, "not yet")
        with freeze_time(start + timedelta(hours=3, minutes=5)):
            Ticket._cron_aftersales_escalate()
            self.assertEqual(complaint.priority, "3")
            activity = complaint.activity_ids
            self.assertEqual(activity.user_id, self.manager)
            self.assertEqual(activity.summary, "Service level at risk")
            self.assertEqual(complaint.aftersales_sla_status, "on_time")
            # Once.
            Ticket._cron_aftersales_escalate()
            self.assertEqual(len(complaint.activity_ids), 1)
        self.assertFalse(cleaning.aftersales_escalated_on)
        self.assertNotEqual(cleaning.priority, "3")
        action = self.env.ref("sparklife_aftersales.action_aftersales_late_requests")
        with freeze_time(start + timedelta(hours=4, minutes=1)):
            complaint.invalidate_recordset(["aftersales_sla_status"])
            late = Ticket.search(safe_eval(action.domain))
            self.assertIn(complaint, late)
            self.assertNotIn(cleaning, late)
            self.assertEqual(complaint.aftersales_sla_status, "late")
            self.assertIn(
                complaint, Ticket.search([("aftersales_sla_status", "in", ["late"])])
            )

    def test_a_workshop_job_is_due_by_its_estimate(self):
        ticket = self._request("cleaning")
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        self.assertEqual(self._line(ticket, "resolution").deadline, job.schedule_date)

    def test_the_rating_is_asked_once_on_closing(self):
        ticket = self._request("inquiry")
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.stage_id = self.done
        mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        rating_mail = mails.filtered(lambda m: "how did we do" in (m.subject or ""))
        self.assertEqual(len(rating_mail), 1)
        self.assertIn("/aftersales/rate/", rating_mail.body_html)
        self.assertSMSIapSent(["+33612345678"], content="/aftersales/rate/")
        self.assertTrue(ticket.aftersales_rating_requested_on)
        # Reopened and closed again: not asked twice.
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket.stage_id = self.in_progress
            ticket.stage_id = self.done
        self.assertFalse(
            self._new_mails.filtered(lambda m: "how did we do" in (m.subject or ""))
        )
        self.assertEqual(self._sms, [])

    def test_a_poor_rating_opens_an_activity_for_the_manager(self):
        ticket = self._request("cleaning")
        token = ticket.sudo()._rating_get_access_token()
        ticket.rating_apply(4, token=token, feedback="Lovely")
        self.assertFalse(ticket.activity_ids)
        self.assertEqual(ticket.rating_last_value, 4)
        other = self._request("complaint")
        token = other.sudo()._rating_get_access_token()
        other.rating_apply(2, token=token, feedback="Too slow")
        activity = other.activity_ids.filtered(
            lambda a: a.summary == "Poor rating: follow up"
        )
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Too slow", activity.note)


@tagged("post_install", "-at_install")
class TestRatingPortal(PortalCase):
    def test_the_customer_rates_from_the_link_and_sees_it(self):
        ticket = self.Ticket.create(
            {
                "name": "A question",
                "description": "<p>Is the clasp 18k?</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "inquiry",
            }
        )
        url = ticket.aftersales_rating_url()
        path = "/" + url.split("/", 3)[3]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="aftersales_rating_form"', page.text)
        sent = self.url_open(
            path,
            data={
                "csrf_token": self._csrf(page.text),
                "rate": "5",
                "feedback": "Quick and kind",
            },
        )
        self.assertIn("you rated this request 5 out of 5", sent.text)
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertEqual(ticket.rating_ids.feedback, "Quick and kind")
        # A wrong token shows nothing.
        self.assertEqual(self.url_open("/aftersales/rate/wrong").status_code, 404)
        # She sees her rating on her request; nobody reads ratings directly.
        self.authenticate("portal_alice", "portal_alice")
        request_page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("Quick and kind", request_page.text)
        bob = self.env["res.users"].search([("login", "=", "portal_bob")])
        with self.assertRaises(AccessError):
            self.env["rating.rating"].with_user(bob).search([])
        with self.assertRaises(AccessError):
            ticket.rating_ids.with_user(bob).read(["rating"])

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _alices_question(self):
        return self.Ticket.create(
            {
                "name": "A question",
                "description": "<p>Is the clasp 18k?</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "inquiry",
            }
        )

    def test_another_customer_signed_in_cannot_rate_in_her_name(self):
        ticket = self._alices_question()
        path = "/" + ticket.aftersales_rating_url().split("/", 3)[3]
        self.authenticate("portal_bob", "portal_bob")
        page = self.url_open(path)
        self.assertEqual(page.status_code, 403)
        self.assertIn('id="aftersales_rating_other_customer"', page.text)
        self.assertNotIn('id="aftersales_rating_form"', page.text)
        # His own form's token, posted to her link.
        csrf = self._csrf(self.url_open("/my/communication").text)
        sent = self.url_open(
            path, data={"csrf_token": csrf, "rate": "1", "feedback": "Bad"}
        )
        self.assertEqual(sent.status_code, 403)
        rating = ticket.sudo().rating_ids
        self.assertFalse(rating.consumed, "no rating written")
        self.assertFalse(rating.feedback)
        self.assertFalse(ticket.rating_last_value)
        # Signed in as herself, she rates it.
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        sent = self.url_open(
            path, data={"csrf_token": self._csrf(page.text), "rate": "4"}
        )
        self.assertIn("you rated this request 4 out of 5", sent.text)
        self.assertEqual(ticket.rating_last_value, 4)

    def test_odoos_own_rate_pages_send_to_ours(self):
        """Odoo's /rate pages, with the same token, skip our checks: an
        after-sales request is rated on its own page only."""
        ticket = self._alices_question()
        token = ticket.aftersales_rating_url().rsplit("/", 1)[1]
        self.authenticate("portal_bob", "portal_bob")
        for path in (f"/rate/{token}/1", f"/rate/{token}/submit_feedback?rate=1"):
            page = self.url_open(path, allow_redirects=False)
            self.assertIn(page.status_code, (302, 303), path)
            self.assertTrue(
                page.headers["Location"].endswith(f"/aftersales/rate/{token}"), path
            )
        self.assertFalse(ticket.sudo().rating_ids.consumed, "no rating written")
        self.assertFalse(ticket.rating_last_value)

    def test_only_one_to_five_stars(self):
        ticket = self._alices_question()
        path = "/" + ticket.aftersales_rating_url().split("/", 3)[3]
        page = self.url_open(path)
        self.assertEqual(page.text.count('name="rate"'), 5)
        for rate in ("0", "6", "ten", "-1"):
            with self.subTest(rate=rate):
                sent = self.url_open(
                    path, data={"csrf_token": self._csrf(page.text), "rate": rate}
                )
                self.assertIn("Please choose from 1 to 5 stars.", sent.text)
        self.assertFalse(ticket.sudo().rating_ids.consumed)

    def test_the_rating_page_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["sparklife_aftersales"], ["fr_FR"]
        )
        self.alice.lang = "fr_FR"
        ticket = self._alices_question()
        path = "/" + ticket.aftersales_rating_url().split("/", 3)[3]
        # Without a session (the browser says English), and signed in as
        # herself whatever her browser says: French.
        page = self.url_open(path, headers={"Accept-Language": "en-US"})
        self.assertIn("Envoyer ma note", page.text)
        self.assertNotIn("Send my rating", page.text)
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(path)
        self.assertIn("Envoyer ma note", page.text)

    def test_a_complaint_about_an_item_from_the_portal_goes_to_a_manager(self):
        manager = new_test_user(
            self.env,
            login="portal_complaint_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        self.env.ref("sparklife_aftersales.helpdesk_team_aftersales").user_id = manager
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertIn('<option value="complaint"', page.text)
        response = self._submit(
            self.ring_line, service="complaint", description="The box arrived crushed."
        )
        self.assertEqual(response.status_code, 303)
        complaint = self._requests_of(self.alice).filtered(
            lambda t: t.aftersales_service == "complaint"
        )
        self.assertEqual(complaint.aftersales_sale_line_id, self.ring_line)
        self.assertEqual(complaint.user_id, manager)
        # The item's coverage and history are on the complaint.
        self.assertEqual(
            complaint.aftersales_warranty_end, self.ring_line.aftersales_warranty_end
        )
        self.assertIn(complaint, complaint.aftersales_item_ticket_ids)
