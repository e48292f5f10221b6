# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer always knows where their piece is: the steps of each request
with their dates, what they must do now, the current step in the list of
their requests, and a tracking page opened with the request's token that
shows nothing else."""

import base64
import re

from odoo.fields import Command
from odoo.tests import tagged

from .common import AftersalesCase
from .test_aftersales_portal import PNG, PortalCase


def _steps(ticket):
    timeline = ticket._aftersales_timeline()
    done = [step["code"] for step in timeline if step["done"]]
    upcoming = [step["code"] for step in timeline if step["next"]]
    return done, upcoming[0] if upcoming else None


@tagged("post_install", "-at_install")
class TestTimeline(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_service_shipping_payer": "customer",
                "aftersales_paid_before_shipping": True,
                "aftersales_invoice_method": "full",
            }
        )
        cls.line = cls._bought_recently()

    def _request(self, service, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": f"Request {service}",
                "description": "<p>Please.</p>",
                "partner_id": self.customer.id,
                "aftersales_service": service,
                "sale_line_id": self.line.id,
                **values,
            }
        )

    def test_a_free_resize(self):
        ticket = self._request("resize")
        self.assertEqual(_steps(ticket), (["requested"], "approved"))
        self.assertIsNone(ticket._aftersales_customer_action())
        ticket.action_aftersales_approve()
        self.assertEqual(ticket._aftersales_customer_action()[0], "send")
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        self._receive(job)
        self.assertEqual(
            _steps(ticket), (["requested", "approved", "received"], "in_progress")
        )
        self.assertIsNone(ticket._aftersales_customer_action())
        self.assertEqual(
            ticket._aftersales_current_step(), "Piece received at the workshop"
        )
        self._repair(job)
        self._ship_back(job)
        done, upcoming = _steps(ticket)
        self.assertEqual(
            done,
            ["requested", "approved", "received", "in_progress", "finished", "shipped"],
        )
        self.assertIsNone(upcoming)
        dated = {s["code"]: s["date"] for s in ticket._aftersales_timeline()}
        self.assertEqual(dated["shipped"], ticket.outbound_shipped_date)

    def test_a_paid_repair_with_its_quotation(self):
        ticket = self._request("accessory")
        ticket.action_aftersales_create_quotation()
        order = ticket.sale_order_id
        order.action_quotation_sent()
        self.assertEqual(_steps(ticket), (["requested"], "accepted"))
        self.assertEqual(ticket._aftersales_customer_action(), ("accept", order))
        self.assertEqual(ticket._aftersales_current_step(), "Quotation to accept")
        order.action_confirm()
        self.assertEqual(ticket._aftersales_customer_action()[0], "send")
        job = ticket.aftersales_repair_id
        self._receive(job)
        self._repair(job)
        ticket.action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids
        invoice.action_post()
        self.assertEqual(ticket._aftersales_customer_action(), ("pay", invoice))
        self.assertEqual(
            _steps(ticket),
            (["requested", "accepted", "received", "in_progress", "finished"], "paid"),
        )

    def test_a_cleaning(self):
        ticket = self._request("cleaning")
        ticket.action_aftersales_approve()
        self.assertEqual(_steps(ticket), (["requested", "approved"], "received"))

    def test_a_quality_return(self):
        ticket = self._request("return_quality", quality_confirmed=True)
        photo = self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": b"\x89PNG\r\n\x1a\n",
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        ticket.photo_ids = [Command.link(photo.id)]
        self.assertEqual(_steps(ticket), (["requested"], "authorized"))
        ticket.action_aftersales_authorize_return()
        self.assertEqual(ticket._aftersales_customer_action()[0], "send")
        self._validate(ticket.rma_ids.reception_move_id.picking_id)
        self.assertEqual(
            _steps(ticket), (["requested", "authorized", "received"], "settled")
        )


@tagged("post_install", "-at_install")
class TestTrackingPages(PortalCase):
    def _request(self, partner, line):
        return self.Ticket.create(
            {
                "name": "Make my ring smaller",
                "description": "<p>Size 52</p>",
                "partner_id": partner.id,
                "aftersales_service": "resize",
                "sale_line_id": line.id,
            }
        )

    def test_the_tracking_page_with_a_valid_wrong_or_other_token(self):
        ticket = self._request(self.alice, self.ring_line)
        ticket.action_aftersales_approve()
        other = self._request(self.bob, self.bob_line)
        url = ticket.aftersales_tracking_url()
        self.assertIn(f"/aftersales/track/{ticket.id}?access_token=", url)
        page = self.url_open("/" + url.split("/", 3)[3])
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self.assertIn("Request approved", page.text)
        self.assertIn("Piece received at the workshop", page.text)
        # No address, no price, no photo, no customer name.
        for secret in ("12 rue de la Paix", "Alice", "alice@example.com", "/web/image"):
            self.assertNotIn(secret, page.text)
        other_token = other.sudo()._portal_ensure_token()
        for token in ("wrong", other_token, ""):
            with self.subTest(token=token):
                page = self.url_open(
                    f"/aftersales/track/{ticket.id}?access_token={token}"
                )
                self.assertEqual(page.status_code, 404)
                self.assertNotIn(ticket.number, page.text)
        self.assertEqual(
            self.url_open(f"/aftersales/track/{ticket.id}").status_code, 404
        )

    def test_the_request_page_tells_the_story(self):
        ticket = self._request(self.alice, self.ring_line)
        ticket.action_aftersales_approve()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="aftersales_timeline"', page.text)
        self.assertIn("Please send your piece", page.text)
        self.assertNotIn(
            'id="aftersales_next_steps"',
            page.text,
            "intake's text gives way to the steps",
        )
        self.assertIn("Request approved", page.text)
        self.assertIn('href="/my/aftersales/requests">After-sales requests', page.text)
        self.assertNotIn('href="/my/tickets', page.text, "the breadcrumb is ours")
        requests = self.url_open("/my/aftersales/requests")
        self.assertIn("Waiting for your piece", requests.text, "the current step")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_waiting_count"]}
        )
        self.assertEqual(counters["aftersales_waiting_count"], 1)

    def test_the_request_page_and_the_tracking_page_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["sparklife_aftersales"], ["fr_FR"]
        )
        self.alice.lang = "fr_FR"
        ticket = self._request(self.alice, self.ring_line)
        ticket.action_aftersales_approve()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("Où en est votre demande", page.text)
        self.assertIn("Demande approuvée", page.text)
        self.assertNotIn("Where your request stands", page.text)
        # The tracking link names her language: without a session, the page
        # speaks it.
        self.authenticate(None, None)
        url = ticket.aftersales_tracking_url()
        self.assertIn(f"/fr/aftersales/track/{ticket.id}?access_token=", url)
        tracking = self.url_open("/" + url.split("/", 3)[3])
        self.assertEqual(tracking.status_code, 200)
        self.assertIn("Travaux en cours", tracking.text)

    def test_the_intake_photos_are_shown_to_their_customer_only(self):
        ticket = self._request(self.alice, self.ring_line)
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        job = ticket.aftersales_repair_id
        photo = self.env["ir.attachment"].create(
            {
                "name": "band.png",
                "datas": base64.b64encode(PNG),
                "res_model": job._name,
                "res_id": job.id,
            }
        )
        job.aftersales_photo_ids = [Command.link(photo.id)]
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        urls = re.findall(r'href="(/web/image/\d+\?access_token=[^"]+)"', page.text)
        self.assertEqual(len(urls), 1, "the photo, with its token")
        image = self.url_open(urls[0])
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.content, PNG)
        # Without the token (Odoo answers with its placeholder image), neither
        # she nor Bob reads the photo: they have no right on the job.
        self.assertNotEqual(self.url_open(f"/web/image/{photo.id}").content, PNG)
        self.authenticate("portal_bob", "portal_bob")
        self.assertNotEqual(self.url_open(f"/web/image/{photo.id}").content, PNG)
        # The tracking page shows no photo.
        tracking = self.url_open(
            "/" + ticket.aftersales_tracking_url().split("/", 3)[3]
        )
        self.assertNotIn("/web/image", tracking.text)

    def test_another_customers_request_is_refused(self):
        ticket = self._request(self.bob, self.bob_line)
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}", allow_redirects=False)
        self.assertNotEqual(page.status_code, 200)
        self.assertNotIn(ticket.number, page.text)


@tagged("post_install", "-at_install")
class TestFollowingARepairTour(PortalCase):
    """In Chromium, the customer follows a paid repair from her request to
    the piece shipped back; between the tours, the after-sales team does its
    share as it would in the back office."""

    def test_the_customer_follows_a_paid_repair(self):
        self.necklace.name = "Tour Necklace"
        self.start_tour(
            f"/my/aftersales/item/{self.necklace_line.id}",
            "sparklife_follow_repair_request",
            login="portal_alice",
        )
        ticket = self._requests_of(self.alice)
        self.assertEqual(ticket.aftersales_service, "restoration")

        # The workshop prices the work and sends the quotation.
        ticket.action_aftersales_create_quotation()
        order = ticket.sale_order_id
        order.action_quotation_sent()
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_follow_repair_quotation",
            login="portal_alice",
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Alice Tour")

        # The piece arrives (its condition and a photo recorded), the jeweler
        # does the work and accounting sends the invoice.
        job = ticket.aftersales_repair_id
        photo = self.env["ir.attachment"].create(
            {
                "name": "clasp.png",
                "datas": base64.b64encode(PNG),
                "res_model": job._name,
                "res_id": job.id,
            }
        )
        job.write(
            {
                "aftersales_condition_notes": "A dent on the clasp",
                "aftersales_photo_ids": [Command.link(photo.id)],
            }
        )
        AftersalesCase._receive(job)
        AftersalesCase._repair(job)
        ticket.action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids
        invoice.action_post()
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_follow_repair_in_the_workshop",
            login="portal_alice",
        )

        # Paid, the piece goes back to her.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        AftersalesCase._ship_back(job, tracking="6A555555555FR")
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_follow_repair_shipped_back",
            login="portal_alice",
        )
        self.assertTrue(all(step["done"] for step in ticket._aftersales_timeline()))
