# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
""" "My after-sales" in the portal, as two logged-in customers and as a
visitor: every route, what each customer may see and touch, and every bad
input of the request form."""

import base64
import re
import uuid
from datetime import datetime, time, timedelta

from psycopg2 import IntegrityError
from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import ConcurrencyError, UserError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger
from odoo.tools.misc import format_date

from .common import PNG, PortalCase


@tagged("post_install", "-at_install")
class TestAftersalesPortalPages(PortalCase):
    def test_visitors_are_sent_to_login(self):
        for url in (
            "/my/aftersales",
            f"/my/aftersales/item/{self.ring_line.id}",
            f"/my/aftersales/item/{self.ring_line.id}/warranty-card",
            "/my/aftersales/requests",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertIn("/web/login", response.headers["Location"])

    def test_home_shows_the_counts(self):
        self.authenticate("portal_alice", "portal_alice")
        home = self.url_open("/my")
        self.assertIn("/my/aftersales", home.text)
        self.assertIn("/my/aftersales/requests", home.text)
        self.assertIn('data-placeholder_count="aftersales_item_count"', home.text)
        self.assertIn('data-placeholder_count="aftersales_request_count"', home.text)
        self.Ticket.create(
            {
                "name": "Earlier question",
                "description": "<p>About my ring.</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "inquiry",
            }
        )
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["aftersales_item_count", "aftersales_request_count"]},
        )
        self.assertEqual(
            counters, {"aftersales_item_count": 2, "aftersales_request_count": 1}
        )

    def test_home_shows_each_request_in_one_place(self):
        """OCA's Tickets and RMA Orders entries count only what our entries
        do not already show: none, for a customer of the after-sales team."""
        self.authenticate("portal_alice", "portal_alice")
        self._submit(self.ring_line, service="cleaning", description="Dull.")
        self.Ticket.create(
            {
                "name": "A question",
                "description": "<p>Opening hours?</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "inquiry",
            }
        )
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["aftersales_request_count", "ticket_count", "rma_count"]},
        )
        self.assertEqual(
            counters,
            {"aftersales_request_count": 2, "ticket_count": 0, "rma_count": 0},
        )

    def test_an_employee_without_after_sales_rights_sees_empty_pages(self):
        new_test_user(self.env, login="plain_employee", password="plain_employee")
        self.authenticate("plain_employee", "plain_employee")
        for url in ("/my/aftersales", "/my/aftersales/requests"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["aftersales_item_count", "aftersales_request_count"]},
        )
        self.assertEqual(
            counters, {"aftersales_item_count": 0, "aftersales_request_count": 0}
        )

    def test_items_page_tells_each_items_coverage(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open("/my/aftersales")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn("Test Portal Ring", text)
        self.assertIn("Test Portal Necklace", text)
        self.assertIn(self.ring_line.order_id.name, text)
        date = format_date(
            self.env, self.ring_line.aftersales_free_resize_end, date_format="medium"
        )
        self.assertIn(f"Free resize available until {date}.", text)
        return_end = format_date(
            self.env, self.ring_line.aftersales_return_end, date_format="medium"
        )
        self.assertIn(f"Return accepted until {return_end}", text)
        self.assertIn(
            "This piece cannot be adjusted: resizing it means redesigning it", text
        )
        warranty_end = format_date(
            self.env, self.necklace_line.aftersales_warranty_end, date_format="medium"
        )
        self.assertIn(f"The warranty ended on {warranty_end}", text)
        # Bob's ring is another order of the same product: not on the page
        self.assertNotIn(self.bob_line.order_id.name, text)

    def test_coverage_lists_every_return_still_open(self):
        """Two months after the delivery the return period is over, but a
        quality issue is still returned under the warranty."""
        noon = datetime.combine(self.today, time(12, 0))
        earrings = self._bought(
            self.necklace,
            noon - timedelta(days=61),
            noon - timedelta(days=40),
            partner=self.alice,
        )
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{earrings.id}").text
        summary = re.search(
            r'id="aftersales_item_summary">(.*?)</ul>', page, re.S
        ).group(1)
        self.assertIn("Quality issues found before", summary)
        self.assertNotIn("this period ended", summary)
        # Both closed: the page says why the piece can no longer be returned.
        page = self.url_open(f"/my/aftersales/item/{self.necklace_line.id}").text
        summary = re.search(
            r'id="aftersales_item_summary">(.*?)</ul>', page, re.S
        ).group(1)
        self.assertIn("this period ended", summary)
        self.assertNotIn("Quality issues found before", summary)

    def test_customers_read_product_names_not_internal_codes(self):
        self.necklace.default_code = "SL-NCK-001"
        self.authenticate("portal_alice", "portal_alice")
        for url in ("/my/aftersales", f"/my/aftersales/item/{self.necklace_line.id}"):
            with self.subTest(url=url):
                page = self.url_open(url).text
                self.assertIn("Test Portal Necklace", page)
                self.assertNotIn("SL-NCK-001", page)

    def test_item_page_offers_what_the_policy_allows(self):
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.necklace_line.id}").text
        resize = re.search(r'o_aftersales_option_resize">(.*?)</tr>', page, re.S).group(
            1
        )
        self.assertIn("Paid", resize)
        self.assertIn(
            "This piece cannot be adjusted: resizing it means redesigning it", resize
        )
        restoration = re.search(
            r'o_aftersales_option_restoration">(.*?)</tr>', page, re.S
        ).group(1)
        self.assertIn("Paid", restoration)
        cleaning = re.search(
            r'o_aftersales_option_cleaning">(.*?)</tr>', page, re.S
        ).group(1)
        self.assertIn("Free", cleaning)
        # Only what is available can be chosen: a fixed piece's resize is
        # offered as a paid service, with the size to ask for.
        self.assertRegex(
            page, r'<option value="resize">\s*Size adjustment \(Paid service\)'
        )
        self.assertIn('id="aftersales_requested_size"', page)
        self.assertNotIn('<option value="return_satisfaction"', page)
        self.assertIn('<option value="restoration"', page)
        ring_page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}").text
        self.assertIn('<option value="resize"', ring_page)
        self.assertIn("/warranty-card", ring_page)

    def test_another_customers_item_is_not_found(self):
        self.authenticate("portal_alice", "portal_alice")
        for line_id in (self.bob_line.id, 999999999):
            for suffix in ("", "/warranty-card"):
                with self.subTest(line=line_id, suffix=suffix):
                    page = self.url_open(f"/my/aftersales/item/{line_id}{suffix}")
                    self.assertEqual(page.status_code, 404)
                    self.assertIn(
                        "This item is not among your purchases. Choose one of the pieces listed below.",
                        page.text,
                    )
                    self.assertNotIn(self.bob_line.order_id.name, page.text)

    def test_warranty_card_of_ones_own_item(self):
        self.authenticate("portal_alice", "portal_alice")
        card = self.url_open(f"/my/aftersales/item/{self.ring_line.id}/warranty-card")
        self.assertEqual(card.status_code, 200)
        self.assertIn("attachment", card.headers["Content-Disposition"])
        self.assertIn("Test Portal Ring", card.text)
        self.assertIn(
            format_date(self.env, self.ring_line.aftersales_warranty_end), card.text
        )

    def test_requests_page_lists_ones_own_requests_and_returns(self):
        own = self.Ticket.create(
            {
                "name": "Alice's question",
                "description": "<p>Hello</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": self.ring_line.id,
            }
        )
        other = self.Ticket.create(
            {
                "name": "Bob's question",
                "description": "<p>Hello</p>",
                "partner_id": self.bob.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": self.bob_line.id,
            }
        )
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open("/my/aftersales/requests").text
        self.assertIn(own.number, page)
        self.assertNotIn(other.number, page)
        # Another customer's request page sends back to the portal's home
        response = self.url_open(f"/my/ticket/{other.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))


@tagged("post_install", "-at_install")
class TestAftersalesPortalRequest(PortalCase):
    def setUp(self):
        super().setUp()
        self.authenticate("portal_alice", "portal_alice")

    def _assert_refused(self, response, message):
        self.assertEqual(response.status_code, 400)
        self.assertIn("Your request was not sent.", response.text)
        self.assertIn(message, response.text)
        self.assertFalse(self._requests_of(self.alice))

    def test_resize_request_with_photos(self):
        response = self._submit(
            self.ring_line,
            photos=[("front.png", PNG), ("side.png", PNG)],
            service="resize",
            description="One size smaller, please.",
            aftersales_requested_size="52",
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        self.assertEqual(len(ticket), 1)
        self.assertIn(
            f"/my/ticket/{ticket.id}?submitted=1", response.headers["Location"]
        )
        self.assertEqual(ticket.aftersales_service, "resize")
        self.assertEqual(ticket.aftersales_sale_line_id, self.ring_line)
        self.assertEqual(ticket.aftersales_requested_size, "52")
        self.assertEqual(ticket.aftersales_eligibility, "free")
        self.assertEqual(
            ticket.team_id,
            self.env.ref("sparklife_aftersales.helpdesk_team_aftersales"),
        )
        self.assertEqual(ticket.aftersales_photo_count, 2)
        self.assertEqual(
            set(ticket.aftersales_photo_ids.mapped("res_model")), {"helpdesk.ticket"}
        )
        self.assertEqual(set(ticket.aftersales_photo_ids.mapped("res_id")), {ticket.id})
        self.assertIn(self.alice, ticket.message_partner_ids)

        page = self.url_open(response.headers["Location"]).text
        self.assertIn(f"we received your request {ticket.number}", page)
        self.assertIn("Please wait for our confirmation", page)
        self.assertIn("Shipping to and from our workshop is at your expense.", page)
        self.assertIn(
            self.env.company.name, page.split("aftersales_request_information")[1]
        )

        # Only Alice sees her photos
        # Alice's request page links her photos with their access token
        photo = ticket.aftersales_photo_ids[0]
        link = re.search(
            rf'href="(/web/content/{photo.id}\?download=true&amp;access_token=[^"]+)"',
            page,
        ).group(1)
        self.assertEqual(self.url_open(link.replace("&amp;", "&")).content, PNG)
        self.authenticate("portal_bob", "portal_bob")
        self.assertNotEqual(self.url_open(f"/web/content/{photo.id}").status_code, 200)
        # (an image the reader may not see is replaced by a placeholder)
        self.assertNotEqual(self.url_open(f"/web/image/{photo.id}").content, PNG)

    def test_request_page_chatter(self):
        self._submit(self.ring_line, service="cleaning", description="Dull.")
        ticket = self._requests_of(self.alice)
        params = {"thread_model": "helpdesk.ticket", "thread_id": ticket.id}
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        messages = self.env["mail.message"].browse(fetched["messages"])
        # The acknowledgement sent to the customer is on her page
        self.assertIn(ticket.number, "".join(messages.mapped("body")))
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                **params,
                "post_data": {
                    "body": "When can I send it?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertIn(
            "When can I send it?",
            ticket.message_ids.filtered(lambda m: m.author_id == self.alice)[:1].body,
        )
        self.authenticate("portal_bob", "portal_bob")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/mail/chatter_fetch", params)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post", {**params, "post_data": {"body": "Hi"}}
            )

    def test_a_paid_service_says_a_quotation_comes(self):
        response = self._submit(
            self.necklace_line, service="restoration", description="Replate it."
        )
        ticket = self._requests_of(self.alice)
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("We will send you a quotation", page)

    def test_a_fixed_piece_is_resized_by_a_paid_redesign(self):
        response = self._submit(
            self.necklace_line,
            service="resize",
            description="Two centimetres shorter, please.",
            aftersales_requested_size="40 cm",
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        self.assertEqual(ticket.aftersales_shipping_payer, "customer")
        self.assertEqual(ticket.aftersales_requested_size, "40 cm")
        self.assertTrue(ticket.aftersales_redesign)
        self.assertEqual(
            ticket.aftersales_service_product_id.aftersales_service_kind,
            "resize_redesign",
        )
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("We will send you a quotation", page)
        self.assertIn("resizing it means redesigning it", page)
        # The workshop's quotation names the redesign and is priced first.
        staff = new_test_user(
            self.env,
            login="redesign_staff",
            groups="sparklife_aftersales.group_aftersales_user",
        )
        ticket.with_user(staff).action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id
        self.assertIn(
            "resize_redesign",
            order.order_line.product_id.mapped("aftersales_service_kind"),
        )
        with self.assertRaisesRegex(UserError, "Set the price"):
            order.with_user(staff).action_quotation_sent()

    def test_return_request_creates_the_rma(self):
        response = self._submit(
            self.ring_line,
            service="return_satisfaction",
            description="It does not suit me.",
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        rma = ticket.aftersales_rma_ids
        self.assertEqual(len(rma), 1)
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.aftersales_line_id, self.ring_line)
        self.assertEqual(rma.aftersales_service, "return_satisfaction")
        self.assertEqual(rma.aftersales_shipping_payer, "customer")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn(rma.name, page)
        self.assertEqual(self.url_open(f"/my/rmas/{rma.id}").status_code, 200)
        requests_page = self.url_open("/my/aftersales/requests").text
        self.assertIn(rma.name, requests_page)
        # Staff authorize the return: the same RMA is confirmed
        ticket.with_user(
            new_test_user(
                self.env,
                login="portal_test_staff",
                groups="sparklife_aftersales.group_aftersales_user",
            )
        ).action_aftersales_authorize_return()
        self.assertEqual(ticket.aftersales_rma_ids, rma)
        self.assertEqual(rma.state, "confirmed")
        # Bob sees none of it
        self.authenticate("portal_bob", "portal_bob")
        self.assertNotIn(rma.name, self.url_open("/my/aftersales/requests").text)
        response = self.url_open(f"/my/rmas/{rma.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_missing_service(self):
        response = self._submit(self.ring_line, service="", description="Help")
        self._assert_refused(response, "Please choose the service you need.")
        self.assertIn("Help</textarea>", response.text)

    def test_unknown_service(self):
        response = self._submit(self.ring_line, service="teleport", description="Hi")
        self._assert_refused(
            response,
            "This service cannot be asked for about an item: please choose one of the services offered.",
        )

    def test_service_not_allowed_for_the_item(self):
        response = self._submit(
            self.necklace_line, service="return_satisfaction", description="No longer"
        )
        self._assert_refused(response, "this period ended on")

    def test_a_second_open_request_for_the_same_piece_is_refused(self):
        self._submit(self.ring_line, service="cleaning", description="Dull.")
        first = self._requests_of(self.alice)
        response = self._submit(self.ring_line, service="cleaning", description="Again")
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"You already have request {first.number}", response.text)
        self.assertIn(f'href="/my/ticket/{first.id}"', response.text)
        self.assertEqual(self._requests_of(self.alice), first)
        # Another service for the same piece is no duplicate.
        self._submit(
            self.ring_line,
            service="resize",
            description="Smaller",
            aftersales_requested_size="50",
        )
        self.assertEqual(len(self._requests_of(self.alice)), 2)
        # Once the first is closed, the same service can be asked again.
        first.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        response = self._submit(self.ring_line, service="cleaning", description="Dull")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._requests_of(self.alice)), 3)

    def test_empty_description(self):
        response = self._submit(
            self.ring_line, service="cleaning", description="   \n "
        )
        self._assert_refused(response, "Please describe what you need")

    def test_resize_needs_a_size(self):
        response = self._submit(self.ring_line, service="resize", description="Smaller")
        self._assert_refused(response, "Please tell us the size you need.")

    def test_quality_return_needs_photos(self):
        response = self._submit(
            self.ring_line, service="return_quality", description="A stone is loose."
        )
        self._assert_refused(response, "Please add photos of the issue")

    def test_a_file_that_is_not_an_image(self):
        response = self._submit(
            self.ring_line,
            photos=[
                ("script-named-like-a-photo.png", b"#!/bin/sh\necho not a picture\n")
            ],
            service="cleaning",
            description="Dull",
        )
        self._assert_refused(response, "script-named-like-a-photo.png is not a photo")
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("name", "=", "script-named-like-a-photo.png")]
            )
        )

    def test_photo_limits_are_settings(self):
        self.env.company.write(
            {"aftersales_photo_max_mb": 1, "aftersales_photo_max_count": 2}
        )
        big = PNG + b"\0" * (1024 * 1024)
        response = self._submit(
            self.ring_line,
            photos=[("big.png", big)],
            service="cleaning",
            description="Dull",
        )
        self._assert_refused(response, "big.png is larger than 1 MB")
        response = self._submit(
            self.ring_line,
            photos=[("a.png", PNG), ("b.png", PNG), ("c.png", PNG)],
            service="cleaning",
            description="Dull",
        )
        self._assert_refused(response, "at most 2 photos")

    def test_html_in_the_description_is_kept_as_text(self):
        self._submit(
            self.ring_line,
            service="cleaning",
            description='<script>alert("x")</script><b>bold</b>',
        )
        ticket = self._requests_of(self.alice)
        self.assertNotIn("<script>", ticket.description)
        self.assertNotIn("<b>", ticket.description)
        self.assertIn("&lt;script&gt;", ticket.description)
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn('<script>alert("x")', page)

    def test_the_same_form_sent_twice_makes_one_request(self):
        data = {
            **self._form(self.ring_line),
            "service": "cleaning",
            "description": "Please clean it.",
        }
        url = f"/my/aftersales/item/{self.ring_line.id}/request"
        with self.assertNoLogs(level="ERROR"):
            first = self.url_open(url, data=data, allow_redirects=False)
            second = self.url_open(url, data=data, allow_redirects=False)
        ticket = self._requests_of(self.alice)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        self.assertIn(f"/my/ticket/{ticket.id}", second.headers["Location"])

    def test_another_customers_item_in_the_form(self):
        # From Alice's own item page, the form posted to Bob's item
        response = self._submit(
            self.ring_line,
            url_line=self.bob_line,
            service="cleaning",
            description="Clean it",
        )
        self.assertEqual(response.status_code, 404)
        self.assertIn(
            "This item is not among your purchases. Choose one of the pieces listed below.",
            response.text,
        )
        self.assertFalse(
            self.Ticket.search([("aftersales_sale_line_id", "=", self.bob_line.id)])
        )
        self.assertFalse(self._requests_of(self.alice))

    def test_a_submission_key_makes_one_request_in_the_database(self):
        """Two forms sent at the same moment both miss the other's request;
        the database refuses the second (the portal then shows the list)."""
        values = {
            "name": "Cleaning",
            "description": "<p>Clean</p>",
            "partner_id": self.alice.id,
            "aftersales_service": "cleaning",
            "aftersales_sale_line_id": self.ring_line.id,
            "aftersales_submission_key": "same-form",
        }
        self.Ticket.create(values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Ticket.create(values)

    def test_a_submission_key_of_another_customer_creates_nothing_for_them(self):
        bob_ticket = self.Ticket.create(
            {
                "name": "Bob's cleaning",
                "description": "<p>Clean</p>",
                "partner_id": self.bob.id,
                "aftersales_service": "cleaning",
                "aftersales_sale_line_id": self.bob_line.id,
                "aftersales_submission_key": "bobs-key",
            }
        )
        data = {
            **self._form(self.ring_line),
            "submission_key": "bobs-key",
            "service": "cleaning",
            "description": "Please clean it.",
        }
        with self.assertNoLogs(level="ERROR"):
            response = self.url_open(
                f"/my/aftersales/item/{self.ring_line.id}/request",
                data=data,
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("This form was already used", response.text)
        self.assertNotIn(bob_ticket.number, response.text)
        self.assertFalse(self._requests_of(self.alice))


@tagged("post_install", "-at_install")
class TestFormSentTwiceAtOnce(TransactionCase):
    """A double click sends the same form twice at the same moment, each in
    a transaction of its own: the second finds the first's request, and
    nothing is logged as an error. Works on committed data with connections
    of its own, and removes it after."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def setUp(self):
        super().setUp()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.product"].create(
                {
                    "name": "Double Click Ring",
                    "type": "consu",
                    "aftersales_covered": True,
                }
            )
            user = new_test_user(env, login="double_click", groups="base.group_portal")
            order = env["sale.order"].create(
                {
                    "partner_id": user.partner_id.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.write({"state": "sale"})
            self.ids = (user.id, order.id, order.order_line.id, product.id)
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._remove)

    def _remove(self):
        user_id, order_id, line_id, product_id = self.ids
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket"].search(
                [("aftersales_sale_line_id", "=", line_id)]
            ).unlink()
            order = env["sale.order"].browse(order_id)
            order.write({"state": "cancel"})
            order.unlink()
            user = env["res.users"].browse(user_id)
            partner = user.partner_id
            user.unlink()
            partner.unlink()
            env["product.product"].browse(product_id).unlink()

    def _send(self, cr, key):
        user_id, _order_id, line_id, _product_id = self.ids
        env = api.Environment(cr, user_id, {})
        # As the portal's controller passes it: one of the customer's own
        # items, with sudo to be read.
        line = env["sale.order.line"].sudo().browse(line_id)
        return env["helpdesk.ticket"]._aftersales_submit(
            line, "cleaning", "Please clean it", submission_key=key
        )

    def test_the_second_click_finds_the_first_request(self):
        key = uuid.uuid4().hex
        with (
            self._cursor() as first,
            self._cursor() as second,
            self._cursor() as late,
            self.assertNoLogs(level="ERROR"),
        ):
            ticket = self._send(first, key)
            # The second click while the first is being sent: it waits for
            # it (here until its lock timeout), and Odoo starts it over, as
            # it does on a concurrency error.
            second.execute("SET LOCAL lock_timeout = '1s'")
            with self.assertRaises(LockNotAvailable):
                self._send(second, key)
            second.rollback()
            # Another one started before the first ended, sent after.
            late.execute("SELECT 1")
            first.commit()  # pylint: disable=invalid-commit
            with self.assertRaises(ConcurrencyError):
                self._send(late, key)
            late.rollback()
            # Started over, each lands on the first one's request.
            for _retry in range(2):
                with self._cursor() as cr:
                    self.assertEqual(self._send(cr, key).id, ticket.id)
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(
                env["helpdesk.ticket"].search_count(
                    [("aftersales_submission_key", "=", key)]
                ),
                1,
            )


@tagged("post_install", "-at_install")
class TestAftersalesPortalQuotation(PortalCase):
    def test_quotation_to_accept_on_the_request_page(self):
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("our workshop is preparing it", page)
        quote.action_quotation_sent()
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("Review and accept", page)
        self.assertIn(quote.name, page)
        # Odoo's own quotation page takes over: the signature accepts it
        quote_page = self.url_open(quote.get_portal_url())
        self.assertEqual(quote_page.status_code, 200)
        self.assertIn("Sign", quote_page.text)
        self.assertNotIn("Sign &amp; Pay", quote_page.text)
        # Once accepted, the request tells where payment stands
        quote.action_confirm()
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("Accepted, to invoice", page)
        # Bob cannot open it, even with its address without the token
        self.authenticate("portal_bob", "portal_bob")
        response = self.url_open(f"/my/orders/{quote.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install")
class TestAftersalesPortalSpeaksOfTheShop(PortalCase):
    """The after-sales pages speak of the shop, not of the software; the
    customer's other documents are as Odoo makes them."""

    POWERED_BY = "utm_medium=portal"

    def test_no_powered_by_on_a_request_nor_a_service_quotation(self):
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        quote.action_quotation_sent()
        # A quotation Odoo would offer to import in an accounting software.
        self.patch(type(quote), "_get_edi_builders", lambda order: ["ubl"])
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn('id="aftersales_request_information"', page)
        self.assertNotIn(self.POWERED_BY, page)
        page = self.url_open(quote.get_portal_url()).text
        self.assertIn('id="aftersales_quotation_contact"', page)
        self.assertNotIn(self.POWERED_BY, page)
        self.assertNotIn("portal_connect_software_modal_btn", page)
        for url in (
            "/my/aftersales",
            f"/my/aftersales/item/{self.necklace_line.id}",
            "/my/aftersales/requests",
            "/" + ticket.aftersales_tracking_url().split("/", 3)[3],
        ):
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(page.status_code, 200)
                self.assertNotIn(self.POWERED_BY, page.text)
        # Her order of the ring itself is Odoo's page, as it was.
        page = self.url_open(self.ring_line.order_id.get_portal_url()).text
        self.assertIn(self.POWERED_BY, page)
        self.assertIn("portal_connect_software_modal_btn", page)

    def test_one_entry_for_the_requests_on_the_portal_home(self):
        self.Ticket.create(
            {
                "name": "A question",
                "description": "<p>Is the clasp 18k?</p>",
                "partner_id": self.alice.id,
                "aftersales_service": "inquiry",
            }
        )
        self.authenticate("portal_alice", "portal_alice")
        home = self.url_open("/my").text
        self.assertIn('href="/my/aftersales/requests"', home)
        tickets_card = re.search(
            r'<div class="(o_portal_index_card[^"]*)">\s*<a href="/my/tickets"', home
        )
        self.assertTrue(tickets_card)
        self.assertIn("d-none", tickets_card[1], "OCA's Tickets entry is hidden")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ticket_count", "aftersales_request_count"]}
        )
        self.assertEqual(counters, {"ticket_count": 0, "aftersales_request_count": 1})


@tagged("post_install", "-at_install")
class TestAftersalesPortalAcceptance(PortalCase):
    """A service quotation is accepted by the customer's signature in the
    portal; a deposit online only when the company asks for one."""

    def _sign(self, order):
        self.authenticate("portal_alice", "portal_alice")
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order._portal_ensure_token(),
                "name": "Alice Portal",
                "signature": base64.b64encode(PNG).decode(),
            },
        )

    def test_signing_confirms_the_quotation(self):
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        self.assertTrue(quote.require_signature)
        self.assertFalse(quote.require_payment)
        quote.action_quotation_sent()
        result = self._sign(quote)
        self.assertNotIn("error", result)
        self.assertNotIn("allow_payment", result["redirect_url"])
        self.assertEqual(quote.state, "sale")
        self.assertEqual(ticket.aftersales_billing_state, "to_invoice")
        page = self.url_open("/my/aftersales/requests").text
        self.assertIn("Accepted by you", page)
        self.assertNotIn("Confirmed by", page)
        self.assertIn("accepted by you", self.url_open(f"/my/ticket/{ticket.id}").text)

    def test_a_quotation_confirmed_by_staff_says_who_confirmed_it(self):
        ticket = self._quoted_restoration()
        ticket.aftersales_sale_order_id.action_confirm()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open("/my/aftersales/requests").text
        self.assertIn(f"Confirmed by {self.env.company.name}", page)
        self.assertNotIn("Accepted by you", page)

    def test_the_quotation_shows_names_and_the_after_sales_team(self):
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        service = quote.order_line.product_id.filtered(
            lambda p: p.aftersales_service_kind != "shipping"
        )
        self.assertTrue(service.default_code)
        self.assertNotIn(
            service.default_code, " ".join(quote.order_line.mapped("name"))
        )
        quote.action_quotation_sent()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(quote.get_portal_url()).text
        contact = re.search(
            r'id="aftersales_quotation_contact">(.*?)</div>\s*</div>', page, re.S
        ).group(1)
        self.assertIn(ticket.team_id.name or self.env.company.name, contact)
        self.assertIn(ticket.number, contact)
        self.assertNotIn("OdooBot", contact)
        self.assertNotIn(f"[{service.default_code}]", page)

    def test_a_deposit_online_when_the_company_asks_for_one(self):
        self.env.company.write(
            {"aftersales_quotation_deposit": True, "aftersales_deposit_percent": 30.0}
        )
        transfer = self.env.ref("payment.payment_provider_transfer")
        transfer.write({"state": "enabled", "is_published": True})
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        self.assertTrue(quote.require_signature and quote.require_payment)
        self.assertAlmostEqual(quote.prepayment_percent, 0.3)
        quote.action_quotation_sent()
        result = self._sign(quote)
        self.assertIn("allow_payment=yes", result["redirect_url"])
        self.assertEqual(quote.state, "sent", "confirmed once the deposit is paid")
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                quote.company_id.id,
                quote.partner_id.id,
                quote._get_prepayment_required_amount(),
                sale_order_id=quote.id,
            )
        )
        self.assertIn(transfer, providers)
        page = self.url_open(quote.get_portal_url(query_string="&allow_payment=yes"))
        self.assertIn(transfer.name, page.text)
        # The deposit paid (the accountant confirms the transfer): confirmed.
        transaction = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": transfer.id,
                    "payment_method_id": transfer.payment_method_ids[:1].id,
                    "amount": quote._get_prepayment_required_amount(),
                    "currency_id": quote.currency_id.id,
                    "partner_id": quote.partner_id.id,
                    "sale_order_ids": [Command.set(quote.ids)],
                }
            )
        )
        transaction._set_done()
        transaction._check_amount_and_confirm_order()
        self.assertEqual(quote.state, "sale")


@tagged("post_install", "-at_install")
class TestAftersalesPortalTours(PortalCase):
    """In Chromium, as the customer does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.name = "Tour Ring"

    def test_resize_request_from_the_home_page(self):
        self.start_tour(
            "/my", "sparklife_portal_aftersales_request", login="portal_alice"
        )
        ticket = self._requests_of(self.alice)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.aftersales_service, "resize")
        self.assertEqual(ticket.aftersales_sale_line_id, self.ring_line)
        self.assertEqual(ticket.aftersales_requested_size, "52")
        self.assertEqual(ticket.aftersales_photo_ids.mapped("mimetype"), ["image/png"])
        self.assertIn("One size smaller, please.", ticket.description)

    def test_accept_a_paid_quotation(self):
        ticket = self._quoted_restoration()
        quote = ticket.aftersales_sale_order_id
        quote.action_quotation_sent()
        self.start_tour(
            "/my/aftersales/requests",
            "sparklife_portal_aftersales_quotation",
            login="portal_alice",
        )
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.signed_by, "Alice Tour")
        self.assertTrue(quote.signature)
