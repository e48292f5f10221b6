# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The steps a customer reads are true: what happened first, in its order,
then what is still to come; a request closed by hand says it is closed, in
the list of requests and on its page."""

from odoo.tests import tagged

from .common import AftersalesCase, PortalCase


def _codes(ticket):
    timeline = ticket._aftersales_timeline()
    done = [step["code"] for step in timeline if step["done"]]
    to_come = [step["code"] for step in timeline if not step["done"]]
    upcoming = [step["code"] for step in timeline if step["next"]]
    return done, to_come, upcoming[0] if upcoming else None


@tagged("post_install", "-at_install")
class TestTimelineIsTrue(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought_recently(cls.fixed_ring)
        cls.Ticket = cls.env["helpdesk.ticket"]

    def test_work_under_way_before_the_quotation_is_accepted(self):
        """A redesign is priced once the workshop has the piece: received
        and in work, its quotation is still to come, after them."""
        ticket = self._new_request("resize")
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        job.action_validate()
        job.action_repair_start()
        done, to_come, upcoming = _codes(ticket)
        self.assertEqual(done, ["requested", "received", "in_progress"])
        self.assertEqual(to_come, ["accepted", "finished", "paid", "shipped"])
        self.assertEqual(upcoming, "accepted")
        self.assertEqual(ticket._aftersales_current_step(), "Work in progress")

    def test_a_request_closed_by_hand_says_so(self):
        ticket = self._new_request("cleaning")
        ticket.action_aftersales_approve()
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        done, to_come, upcoming = _codes(ticket)
        self.assertEqual(done, ["requested", "approved", "closed"])
        self.assertEqual((to_come, upcoming), ([], None))
        self.assertEqual(ticket._aftersales_current_step(), "Request closed")
        closed = ticket._aftersales_timeline()[-1]
        self.assertEqual(closed["date"], ticket.closed_date.date())

    def test_a_request_done_to_its_last_step_has_no_closing_step(self):
        ticket, job = self._ready_to_ship("cleaning")
        self._ship_back(job)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        done, to_come, _upcoming = _codes(ticket)
        self.assertEqual(done[-1], "shipped")
        self.assertNotIn("closed", done)
        self.assertEqual(ticket._aftersales_current_step(), "Shipped back to you")


@tagged("post_install", "-at_install")
class TestTimelineIsTruePortal(PortalCase):
    def test_the_list_and_the_page_of_a_request_closed_by_hand(self):
        ticket = self.Ticket.create(
            {
                "name": "Clean my ring",
                "description": "<p>Dull.</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": self.ring_line.id,
            }
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.authenticate("portal_alice", "portal_alice")
        requests = self.url_open("/my/aftersales/requests").text
        self.assertIn("Request closed", requests)
        self.assertNotIn("Request received", requests)
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("o_aftersales_step_closed", page)
        self.assertNotIn('class="badge text-bg-primary ms-1">Next', page)
