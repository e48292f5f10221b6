# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A piece handed over to a new owner: offered by email, accepted, refused,
withdrawn or expired; what follows the piece (warranty, care plan) and what
stays its first buyer's (free resize, return)."""

import re
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from .common import AftersalesCase, FlushBatchesMixin, PortalCase, freeze_time, utc

BOUGHT = utc(2026, 1, 10, 10)
RECEIVED = utc(2026, 1, 12, 10)
#: Within the free resize and return windows of a piece bought on BOUGHT.
HANDED_OVER = utc(2026, 2, 1, 10)


@tagged("post_install", "-at_install")
class TestOwnership(FlushBatchesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.friend = cls.env["res.partner"].create(
            {"name": "Test Friend", "email": "friend@example.com"}
        )
        cls.Transfer = cls.env["sparklife.aftersales.transfer"]
        cls.Policy = cls.env["sparklife.aftersales.policy"]

    def _offer(self, line=None, email="Friend@Example.com", at=HANDED_OVER):
        with freeze_time(at):
            return self.Transfer._aftersales_offer(
                line or self.line, email, self.customer
            )

    def _handed_over(self, at=HANDED_OVER):
        transfer = self._offer(at=at)
        with freeze_time(at):
            transfer._aftersales_accept(self.friend)
        return transfer

    def test_an_offer_is_mailed_to_the_new_owner(self):
        transfer = self._offer()
        self.assertRecordValues(
            transfer,
            [
                {
                    "state": "pending",
                    "from_partner_id": self.customer.id,
                    "to_email": "friend@example.com",
                    "valid_until": date(2026, 2, 15),
                }
            ],
        )
        self.assertGreaterEqual(len(transfer.sudo().access_token), 32)
        mail = self.env["mail.mail"].search([("email_to", "=", "friend@example.com")])
        self.assertEqual(len(mail), 1)
        self.assertIn(transfer._aftersales_url(), mail.body_html)
        self.assertIn("Test Adjustable Ring", mail.subject)
        self.assertEqual(self.line.aftersales_owner_id, self.customer, "not yet")

    def test_accepted_the_piece_and_its_plan_follow_the_new_owner(self):
        care = self.env.ref("sparklife_aftersales.care_template_2_years")
        care.company_id = self.company
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": care.product_id.id,
                            "aftersales_care_item_id": self.line.id,
                        }
                    )
                ],
            }
        )
        self._confirm(order, utc(2026, 1, 20, 10))
        plan = self.line.aftersales_care_plan_id
        transfer = self._handed_over()
        self.assertEqual(transfer.state, "accepted")
        self.assertEqual(transfer.to_partner_id, self.friend)
        self.assertRecordValues(
            self.line,
            [
                {
                    "aftersales_owner_id": self.friend.id,
                    "aftersales_transferred_on": date(2026, 2, 1),
                    # The buyer's windows ended when the piece changed hands.
                    "aftersales_free_resize_end": date(2026, 1, 31),
                    "aftersales_return_end": date(2026, 1, 31),
                    "aftersales_warranty_end": date(2027, 1, 10),
                }
            ],
        )
        self.assertEqual(plan.partner_id, self.friend, "the plan follows the piece")
        self.assertIn("follows it", plan.message_ids[0].body)
        # The buyer is told, on the offer they follow.
        told = transfer.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("accepted the piece", told.body)
        self.assertEqual(
            self.env["sparklife.aftersales.transfer"]
            .search([("sale_line_id", "=", self.line.id)])
            .mapped("state"),
            ["accepted"],
        )
        self.assertEqual(
            [owner for owner, _since in self.line._aftersales_owner_history()],
            [self.customer, self.friend],
        )

    def test_the_engine_keeps_the_purchase_windows_for_the_first_buyer(self):
        self._handed_over()
        at = utc(2026, 2, 2, 10)
        resize = self.Policy.evaluate(self.line, policy.RESIZE, at=at)
        self.assertEqual(
            (resize.outcome, resize.reason), (policy.PAID, "free_resize_first_buyer")
        )
        self.assertIn("first owner", self.Policy.describe(resize))
        for service in (policy.RETURN_SATISFACTION, policy.RETURN_QUALITY):
            decision = self.Policy.evaluate(self.line, service, at=at)
            self.assertEqual(
                (decision.outcome, decision.reason),
                (policy.REFUSED, "return_first_buyer"),
            )
        warranty = self.Policy.evaluate(
            self.line,
            policy.WARRANTY,
            at=at,
            request=policy.Request(damage_cause=policy.MANUFACTURING_DEFECT),
        )
        self.assertTrue(warranty.is_free, "the warranty follows the piece")
        # Before the day it changed hands, the buyer had them.
        before = self.Policy.evaluate(self.line, policy.RESIZE, at=utc(2026, 1, 30, 10))
        self.assertEqual(before.reason, "free_resize")

    def test_requests_are_the_new_owners(self):
        self._handed_over()
        with freeze_time(utc(2026, 2, 3, 10)):
            ticket = self._new_request("cleaning", self.line, partner_id=self.friend.id)
            self.assertEqual(ticket.partner_id, self.friend)
            with self.assertRaisesRegex(ValidationError, "belongs to another customer"):
                self._new_request("cleaning", self.line)

    def test_reminders_go_to_the_owner(self):
        self._handed_over()
        Reminder = self.env["sparklife.aftersales.reminder"]
        reminder = Reminder._claim(self.line, policy.REMIND_WARRANTY)
        self.assertEqual(reminder.partner_id, self.friend)
        # The buyer's windows closed with the transfer: nothing to remind.
        with freeze_time(utc(2026, 1, 25, 10)):
            self.assertNotIn(
                self.line,
                self.env["sale.order.line"].search(
                    Reminder._due_lines_domain(policy.REMIND_RETURN)
                ),
            )

    def test_refused_the_piece_stays_its_buyers(self):
        transfer = self._offer()
        with freeze_time(HANDED_OVER):
            transfer._aftersales_refuse(None)
        self.assertEqual(transfer.state, "refused")
        self.assertEqual(self.line.aftersales_owner_id, self.customer)
        told = transfer.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("refused the piece", told.body)
        with (
            freeze_time(HANDED_OVER),
            self.assertRaisesRegex(UserError, "no longer open"),
        ):
            transfer._aftersales_accept(self.friend)

    def test_an_offer_expires(self):
        transfer = self._offer()
        other_line = self._bought(self.fixed_ring, BOUGHT, RECEIVED)
        other = self._offer(other_line, email="someone@example.com")
        with freeze_time(utc(2026, 2, 16, 10)):
            with self.assertRaisesRegex(UserError, "no longer open"):
                transfer._aftersales_accept(self.friend)
            self.assertEqual(transfer.state, "expired")
            self.assertEqual(self.Transfer._cron_expire(), 1)
        self.assertEqual(other.state, "expired")
        self.assertEqual(self.line.aftersales_owner_id, self.customer)
        # Expired, the piece can be offered again.
        self.assertTrue(self._offer(at=utc(2026, 2, 17, 10)))

    def test_what_cannot_be_offered(self):
        cases = [
            (lambda: self._offer(email="not an email"), "email address"),
            (lambda: self._offer(email="customer@example.com"), "already yours"),
        ]
        for offer, message in cases:
            with self.subTest(message), self.assertRaisesRegex(UserError, message):
                offer()
        pair = self._bought(self.fixed_ring, BOUGHT, RECEIVED, qty=2)
        with self.assertRaisesRegex(UserError, "several pieces"):
            self._offer(pair)
        transfer = self._offer()
        with self.assertRaisesRegex(UserError, "already offered to friend@"):
            self._offer(email="other@example.com")
        with freeze_time(HANDED_OVER):
            transfer._aftersales_cancel()
            self.assertEqual(transfer.state, "cancelled")
            self._new_request("cleaning", self.line)
        with self.assertRaisesRegex(UserError, "request in progress"):
            self._offer()
        # Someone else's piece, and the buyer's once handed over.
        with self.assertRaisesRegex(UserError, "not yours"):
            self.Transfer._aftersales_offer(
                self._bought(self.ring, BOUGHT, RECEIVED, partner=self.friend),
                "x@example.com",
                self.customer,
            )

    def test_the_buyer_cannot_accept_their_own_offer(self):
        transfer = self._offer()
        with (
            freeze_time(HANDED_OVER),
            self.assertRaisesRegex(UserError, "for someone else"),
        ):
            transfer._aftersales_accept(self.customer)
        self.assertEqual(transfer.state, "pending")

    def test_staff_withdraw_an_offer(self):
        transfer = self._offer()
        manager = self._new_user("transfer_manager", "manager")
        with freeze_time(HANDED_OVER):
            transfer.with_user(manager).action_cancel()
        self.assertEqual(transfer.state, "cancelled")
        self.assertFalse(self.Transfer._aftersales_from_token("short"))
        self.assertEqual(
            self.Transfer._aftersales_from_token(transfer.sudo().access_token),
            transfer,
        )


class HandOverMixin:
    def _offer_alice_ring(self):
        return self.env["sparklife.aftersales.transfer"]._aftersales_offer(
            self.ring_line, "bob@example.com", self.alice
        )

    def _csrf(self, url):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@tagged("post_install", "-at_install")
class TestOwnershipPortal(HandOverMixin, PortalCase):
    def test_alice_offers_her_ring_from_its_page(self):
        self.authenticate("portal_alice", "portal_alice")
        url = f"/my/aftersales/item/{self.ring_line.id}"
        self.assertIn("aftersales_transfer_email", self.url_open(url).text)
        response = self.url_open(
            f"{url}/transfer",
            data={"csrf_token": self._csrf(url), "email": "bob@example.com"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        page = self.url_open(url).text
        self.assertIn("aftersales_transfer_pending", page)
        # A wrong address is refused with a sentence, and nothing is offered.
        response = self.url_open(
            f"/my/aftersales/item/{self.necklace_line.id}/transfer",
            data={"csrf_token": self._csrf(url), "email": "nobody"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("aftersales_transfer_error", response.text)
        # Withdrawn from the same page.
        response = self.url_open(
            f"{url}/transfer/cancel",
            data={"csrf_token": self._csrf(url)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        transfers = self.ring_line.aftersales_transfer_ids
        self.assertEqual(transfers.mapped("state"), ["cancelled"])
        # Bob cannot offer Alice's ring.
        self.authenticate("portal_bob", "portal_bob")
        response = self.url_open(
            f"{url}/transfer",
            data={"csrf_token": self._csrf("/my"), "email": "eve@example.com"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(self.ring_line.aftersales_transfer_ids), 1)

    def test_the_offer_page_shows_the_piece_not_its_price(self):
        transfer = self._offer_alice_ring()
        token = transfer.sudo().access_token
        # Without a session: the piece and what follows it, a sign-in button.
        self.authenticate(None, None)
        page = self.url_open(f"/my/aftersales/transfer/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Test Portal Ring", page.text)
        self.assertIn("aftersales_transfer_sign_in", page.text)
        self.assertIn("belong to the first buyer", page.text)
        # (Formatted amounts only: a random token may hold any digits.)
        for private in ("450.00", self.ring_line.order_id.name, "alice@example.com"):
            self.assertNotIn(private, page.text)
        altered = token[:-1] + ("A" if token[-1] != "A" else "B")
        for wrong in ("x" * 43, "short", altered):
            self.assertEqual(
                self.url_open(f"/my/aftersales/transfer/{wrong}").status_code, 404
            )

    def test_bob_accepts_alices_ring(self):
        transfer = self._offer_alice_ring()
        token = transfer.sudo().access_token
        self.authenticate("portal_bob", "portal_bob")
        offer = f"/my/aftersales/transfer/{token}"
        response = self.url_open(
            f"{offer}/accept",
            data={"csrf_token": self._csrf(offer)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.ring_line.aftersales_owner_id, self.bob)
        self.assertIn("Test Portal Ring", self.url_open("/my/aftersales").text)
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_aftersales_owner_since", page.text)
        self.assertNotIn(self.ring_line.order_id.name, page.text)
        # Alice no longer sees the ring.
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{self.ring_line.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn("Test Portal Ring", self.url_open("/my/aftersales").text)

    def test_a_visitor_refuses_the_offer(self):
        transfer = self._offer_alice_ring()
        offer = f"/my/aftersales/transfer/{transfer.sudo().access_token}"
        self.authenticate(None, None)
        response = self.url_open(
            f"{offer}/refuse", data={"csrf_token": self._csrf(offer)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("aftersales_transfer_state", response.text)
        self.assertEqual(transfer.state, "refused")
        self.assertEqual(self.ring_line.aftersales_owner_id, self.alice)


@tagged("post_install", "-at_install")
class TestOwnershipTour(HandOverMixin, PortalCase):
    """In Chromium: Alice hands her ring over to Bob, who accepts it and
    finds it among his items."""

    def test_alice_hands_her_ring_over_to_bob(self):
        self.ring.name = "Gift Ring"
        self.start_tour(
            "/my/aftersales", "sparklife_portal_transfer_offer", login="portal_alice"
        )
        transfer = self.ring_line.aftersales_transfer_ids
        self.assertRecordValues(
            transfer, [{"state": "pending", "to_email": "bob@example.com"}]
        )
        self.start_tour(
            f"/my/aftersales/transfer/{transfer.sudo().access_token}",
            "sparklife_portal_transfer_accept",
            login="portal_bob",
        )
        self.assertEqual(transfer.state, "accepted")
        self.assertEqual(self.ring_line.aftersales_owner_id, self.bob)
        self.assertEqual(transfer.to_partner_id, self.bob)
