# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer always knows where their piece is: the steps of each request
with their dates, what they must do now, the current step in the list of
their requests, and a tracking page opened with the request's own tracking
token that shows nothing else, and opens nothing else."""

import base64
import re

from odoo import http
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import JsonRpcException, new_test_user, tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import PNG, AftersalesCase, PortalCase


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
        cls.Ticket = cls.env["helpdesk.ticket"]

    def test_a_free_resize(self):
        ticket = self._new_request("resize")
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
        self.assertEqual(dated["shipped"], ticket.aftersales_outbound_shipped_date)

    def test_a_paid_repair_with_its_quotation(self):
        ticket = self._new_request("accessory")
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
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
        ticket = self._new_request("cleaning")
        ticket.action_aftersales_approve()
        self.assertEqual(_steps(ticket), (["requested", "approved"], "received"))

    def test_a_quality_return(self):
        ticket = self._new_request("return_quality", aftersales_quality_confirmed=True)
        photo = self.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": b"\x89PNG\r\n\x1a\n",
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        ticket.aftersales_photo_ids = [Command.link(photo.id)]
        self.assertEqual(_steps(ticket), (["requested"], "authorized"))
        ticket.action_aftersales_authorize_return()
        self.assertEqual(ticket._aftersales_customer_action()[0], "send")
        self._validate(ticket.aftersales_rma_ids.reception_move_id.picking_id)
        self.assertEqual(
            _steps(ticket), (["requested", "authorized", "received"], "settled")
        )


@tagged("post_install", "-at_install")
class TestTrackingPages(PortalCase):
    def _request(self, partner, line):
        return self._new_request(
            "resize",
            line,
            name="Make my ring smaller",
            description="<p>Size 52</p>",
            partner_id=partner.id,
        )

    def test_the_tracking_page_with_a_valid_wrong_or_other_token(self):
        ticket = self._request(self.alice, self.ring_line)
        ticket.action_aftersales_approve()
        other = self._request(self.bob, self.bob_line)
        url = ticket.aftersales_tracking_url()
        self.assertIn(f"/aftersales/track/{ticket.id}?token=", url)
        page = self.url_open("/" + url.split("/", 3)[3])
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self.assertIn("Request approved", page.text)
        self.assertIn("Piece received at the workshop", page.text)
        # No address, no price, no photo, no customer name.
        for secret in ("12 rue de la Paix", "Alice", "alice@example.com", "/web/image"):
            self.assertNotIn(secret, page.text)
        other_token = other.sudo().aftersales_tracking_token
        portal_token = ticket.sudo()._portal_ensure_token()
        for token in ("wrong", other_token, "", portal_token):
            with self.subTest(token=token):
                page = self.url_open(f"/aftersales/track/{ticket.id}?token={token}")
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
        self.assertIn(f"/fr/aftersales/track/{ticket.id}?token=", url)
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
class TestTrackingLinkOpensNothingElse(PortalCase, SMSCase):
    """Whoever holds a request's tracking link (a forwarded email, an SMS
    read over a shoulder) sees its steps and nothing else: not the request,
    its conversation, the customer's order or any other page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls.Ticket.create(
            {
                "name": "Clean my ring",
                "description": "<p>Size 52, engraved inside</p>",
                "partner_id": cls.alice.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": cls.ring_line.id,
            }
        )
        cls.ticket.action_aftersales_approve()
        cls.ticket.message_post(
            body="Bonjour Alice, your ring is expected on Monday",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.token = cls.ticket.sudo().aftersales_tracking_token
        cls.clerk = new_test_user(
            cls.env,
            login="tracking_clerk",
            groups="sparklife_aftersales.group_aftersales_user",
        )

    def _tracking_path(self, ticket=None):
        return "/" + (ticket or self.ticket).aftersales_tracking_url().split("/", 3)[3]

    def _private(self):
        """What only the customer may read, on any page."""
        ticket = self.ticket.sudo()
        order = self.ring_line.order_id
        return [
            "Size 52",
            "Bonjour Alice",
            "alice@example.com",
            "12 rue de la Paix",
            order.name,
            ticket._portal_ensure_token(),
            order._portal_ensure_token(),
        ]

    def test_the_token_is_its_own(self):
        ticket = self.ticket.sudo()
        self.assertGreaterEqual(len(self.token), 40, "long and random")
        self.assertNotEqual(self.token, ticket._portal_ensure_token())
        other = self.Ticket.create(
            {
                "name": "Another",
                "description": "<p>Another</p>",
                "partner_id": self.bob.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": self.bob_line.id,
            }
        )
        self.assertNotEqual(other.sudo().aftersales_tracking_token, self.token)
        copy = self.ticket.copy()
        self.assertNotEqual(copy.sudo().aftersales_tracking_token, self.token)
        # Customers, and employees outside after-sales, do not read it.
        alice = self.env["res.users"].search([("login", "=", "portal_alice")])
        with self.assertRaises(AccessError):
            self.ticket.with_user(alice).read(["aftersales_tracking_token"])

    def test_the_tracking_page_gives_away_nothing(self):
        page = self.url_open(self._tracking_path())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.ticket.number, page.text)
        self.assertIn(f"/web/login?redirect=/my/ticket/{self.ticket.id}", page.text)
        for private in self._private():
            self.assertNotIn(private, page.text)
        self.assertNotIn("access_token", page.text)

    def _routes_of_the_addon(self):
        """Every URL of this addon's routes, and the portal's routes it
        extends, filled with the request's ids and the tracking token."""
        order = self.ring_line.order_id
        values = {
            "ticket_id": self.ticket.id,
            "line_id": self.ring_line.id,
            "order_id": order.id,
            "certificate_id": 1,
            "page": 1,
            "token": self.token,
            "access_token": self.token,
        }
        urls = set()
        rules = http._generate_routing_rules(
            self.env.registry._init_modules, nodb_only=False
        )
        for url, endpoint in rules:
            module = getattr(endpoint.func, "__module__", "") or ""
            if not module.startswith("odoo.addons.sparklife_aftersales."):
                continue
            url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m[1], "x")), url)
            urls.add(url)
        self.assertIn(f"/aftersales/track/{self.ticket.id}", urls)
        self.assertIn(f"/my/aftersales/item/{self.ring_line.id}", urls)
        urls.discard(f"/aftersales/track/{self.ticket.id}")
        urls |= {
            f"/my/ticket/{self.ticket.id}",
            f"/my/ticket/{self.ticket.id}/{self.token}",
            "/my/tickets",
            f"/my/orders/{order.id}",
            "/my/orders",
            "/my/rmas",
            "/my",
            "/mail/view",
        }
        return urls

    def test_the_tracking_token_opens_no_other_page(self):
        order = self.ring_line.order_id
        urls = self._routes_of_the_addon()
        self.assertGreater(len(urls), 10)
        for url in sorted(urls):
            for params in (
                {"access_token": self.token},
                {"token": self.token},
                {
                    "model": "helpdesk.ticket",
                    "res_id": self.ticket.id,
                    "access_token": self.token,
                },
            ):
                with self.subTest(url=url, params=params):
                    query = "&".join(f"{key}={value}" for key, value in params.items())
                    page = self.url_open(f"{url}?{query}")
                    self.assertNotIn(self.ticket.number, page.text)
                    self.assertNotIn(order.name, page.text)
                    for private in self._private():
                        self.assertNotIn(private, page.text)
        # The POST routes (the request form, a rating) create nothing either.
        tickets = self.Ticket.search_count([])
        self.url_open(
            f"/my/aftersales/item/{self.ring_line.id}/request?access_token={self.token}",
            data={"service": "cleaning", "description": "Clean it"},
        )
        self.assertEqual(self.Ticket.search_count([]), tickets)

    def test_the_tracking_token_cannot_post_in_the_conversation(self):
        messages = self.ticket.message_ids
        for params in (
            {"token": self.token},
            {"hash": self.token, "pid": self.alice.id},
        ):
            with self.subTest(params=params), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/message/post",
                    {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": self.ticket.id,
                        "post_data": {
                            "body": "I am Alice, send it to my new address",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                        **params,
                    },
                )
            with self.subTest(params=params), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/chatter_fetch",
                    {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": self.ticket.id,
                        **params,
                    },
                )
        self.assertEqual(self.ticket.message_ids, messages)
        # With the portal's own token, Odoo's chatter works as it does: the
        # token the customer is given by email, never the tracking link.
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket.id,
                "post_data": {"body": "Thank you", "message_type": "comment"},
                "token": self.ticket.sudo()._portal_ensure_token(),
            },
        )
        self.assertEqual(len(self.ticket.message_ids - messages), 1)

    def test_an_sms_carries_the_tracking_link_only(self):
        self.env.company.aftersales_sms_on_quotation = True
        self.alice.write(
            {"phone": "06 12 34 56 78", "country_id": self.env.ref("base.fr").id}
        )
        ticket = self.Ticket.create(
            {
                "name": "Polish my necklace",
                "description": "<p>Scratched</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "restoration",
                "aftersales_sale_line_id": self.necklace_line.id,
            }
        )
        ticket.action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        with self.mockSMSGateway():
            order.action_quotation_sent()
        self.assertSMSIapSent(["+33612345678"], content="/aftersales/track/")
        sms = self._sms[0]["body"]
        self.assertNotIn("/my/", sms)
        self.assertNotIn("access_token", sms)
        self.assertNotIn(order.sudo()._portal_ensure_token(), sms)
        self.assertNotIn(ticket.sudo()._portal_ensure_token(), sms)
        # Its link tells her what to do, and where: behind her login.
        path = "/" + re.search(r"https?://\S+", sms)[0].split("/", 3)[3]
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Your quotation is ready", page.text)
        self.assertNotIn(order.name, page.text)

    def test_staff_renew_the_tracking_link(self):
        old_path = self._tracking_path()
        self.assertEqual(self.url_open(old_path).status_code, 200)
        ticket = self.ticket.with_user(self.clerk)
        self.assertIn(f"?token={self.token}", ticket.aftersales_tracking_link)
        ticket.action_aftersales_renew_tracking_link()
        self.assertNotEqual(self.ticket.sudo().aftersales_tracking_token, self.token)
        self.assertEqual(self.url_open(old_path).status_code, 404)
        new_page = self.url_open(self._tracking_path())
        self.assertEqual(new_page.status_code, 200)
        self.assertIn(self.ticket.number, new_page.text)
        self.assertEqual(
            self.ticket.message_ids[0].author_id, self.clerk.partner_id, "logged"
        )
        self.assertIn("Tracking link renewed", self.ticket.message_ids[0].body)
        # The customer cannot renew it.
        alice = self.env["res.users"].search([("login", "=", "portal_alice")])
        with self.assertRaises(AccessError):
            self.ticket.with_user(alice).action_aftersales_renew_tracking_link()


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
        order = ticket.aftersales_sale_order_id
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
