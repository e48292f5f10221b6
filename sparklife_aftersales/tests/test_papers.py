# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A piece's papers: its public verification page, and a piece reported lost
or stolen, which every flow stops with a manager alerted."""

import base64
import re
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PDF, AftersalesCase, PiecesMixin, PortalCase


def _activities(lot):
    return lot.env["mail.activity"].search(
        [("res_model", "=", "stock.lot"), ("res_id", "=", lot.id)]
    )


@tagged("post_install", "-at_install")
class TestMissingPieces(PiecesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Test Papers Solitaire")
        cls._stock_serials(cls.solitaire, "PAP-001", "PAP-002")
        now = fields.Datetime.now()
        cls.line = cls._bought(
            cls.solitaire, now - timedelta(days=10), now - timedelta(days=8)
        )
        cls.lot = cls.line.aftersales_lot_ids
        cls.manager = cls._new_user("papers_manager", "manager")

    def test_every_piece_has_a_long_token_of_its_own(self):
        lots = self.env["stock.lot"].search([("name", "in", ["PAP-001", "PAP-002"])])
        tokens = lots.mapped("aftersales_verify_token")
        self.assertEqual(len(set(tokens)), 2)
        self.assertTrue(all(len(token) >= 32 for token in tokens))
        Lot = self.env["stock.lot"]
        self.assertFalse(
            Lot._aftersales_from_verify_token(self.lot.aftersales_verify_token),
            "no certificate, no verification page",
        )
        self.env["sparklife.aftersales.certificate"].create(
            {"lot_id": self.lot.id, "laboratory": "GIA", "number": "PAP-GIA-1"}
        )
        self.assertEqual(
            Lot._aftersales_from_verify_token(self.lot.aftersales_verify_token),
            self.lot,
        )
        self.assertFalse(Lot._aftersales_from_verify_token("PAP-001"))

    def test_reporting_a_piece_stolen_needs_a_date_and_the_police(self):
        today = self.company._aftersales_today()
        cases = [
            (("stolen", today, ""), "police"),
            (("stolen", None, "PV-1"), "missing"),
            (("lost", today + timedelta(days=1), ""), "future"),
            (("broken", today, ""), "lost or stolen"),
        ]
        for args, message in cases:
            with self.subTest(message), self.assertRaisesRegex(UserError, message):
                self.lot._aftersales_report_missing(*args)
        self.lot._aftersales_report_missing("stolen", today, " PV-2026-123 ")
        self.assertRecordValues(
            self.lot,
            [
                {
                    "aftersales_status": "stolen",
                    "aftersales_missing_since": today,
                    "aftersales_police_ref": "PV-2026-123",
                }
            ],
        )
        self.assertIn("Reported stolen", self.lot.message_ids[0].body)

    def test_a_stolen_piece_received_at_the_workshop_is_stopped(self):
        ticket = self._new_request("cleaning", self.line)
        ticket.action_aftersales_approve()
        ticket.action_aftersales_send_to_workshop()
        receipt = ticket.aftersales_repair_id.aftersales_receipt_id
        self.lot._aftersales_report_missing(
            "stolen", self.company._aftersales_today(), "PV-9"
        )
        receipt.action_assign()
        receipt.move_ids.picked = True
        result = receipt.with_context(skip_sms=True).button_validate()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("PAP-", result["params"]["message"])
        self.assertNotEqual(receipt.state, "done")
        activity = _activities(self.lot)
        self.assertEqual(len(activity), 1)
        self.assertTrue(
            activity.user_id.has_group("sparklife_aftersales.group_aftersales_manager")
        )
        self.assertIn(receipt.name, activity.note)
        # A new request or return about it is refused to staff, who are told.
        with self.assertRaisesRegex(ValidationError, "reported lost or stolen"):
            self._new_request("warranty", self.line)
        # Recovered: logged, and the piece comes in.
        self.lot.with_user(self.manager).action_aftersales_recovered()
        self.assertEqual(self.lot.aftersales_status, "genuine")
        self.assertFalse(self.lot.aftersales_police_ref)
        self.assertIn("Recovered", self.lot.message_ids[0].body)
        receipt.with_context(skip_sms=True, skip_backorder=True).button_validate()
        self.assertEqual(receipt.state, "done")

    def test_a_stolen_piece_is_not_sold(self):
        other = self.env["stock.lot"].search([("name", "=", "PAP-002")])
        other._aftersales_report_missing("lost", self.company._aftersales_today())
        order = self._confirm(self._order([(self.solitaire, 1)]), fields.Datetime.now())
        delivery = order.picking_ids
        delivery.action_assign()
        delivery.move_line_ids.lot_id = other
        delivery.move_ids.picked = True
        result = delivery.button_validate()
        self.assertEqual(result["tag"], "display_notification")
        self.assertNotEqual(delivery.state, "done")
        self.assertTrue(_activities(other))

    def test_a_missing_piece_cannot_be_handed_over(self):
        self.lot._aftersales_report_missing("lost", self.company._aftersales_today())
        with self.assertRaisesRegex(UserError, "reported lost or stolen"):
            self.env["sparklife.aftersales.transfer"]._aftersales_offer(
                self.line, "friend@example.com", self.customer
            )

    def test_only_managers_record_a_recovery(self):
        self.lot._aftersales_report_missing("lost", self.company._aftersales_today())
        clerk = self._new_user("papers_clerk", "clerk")
        with self.assertRaises(UserError):
            self.lot.with_user(clerk).action_aftersales_recovered()
        self.assertEqual(self.lot.aftersales_status, "lost")


@tagged("post_install", "-at_install")
class TestVerificationPage(PiecesMixin, PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.solitaire = cls._serial_product("Verified Solitaire")
        cls.solitaire.list_price = 4321.0
        cls._stock_serials(cls.solitaire, "VER-1", "VER-2")
        cls.alice.write({"street": "12 rue des Lilas", "city": "Lyon"})
        cls.line = cls._bought(
            cls.solitaire,
            fields.Datetime.now() - timedelta(days=5),
            fields.Datetime.now() - timedelta(days=3),
            partner=cls.alice,
        )
        cls.lot = cls.line.aftersales_lot_ids
        cls.certificate = cls.env["sparklife.aftersales.certificate"].create(
            {
                "lot_id": cls.lot.id,
                "laboratory": "IGI",
                "number": "IGI-808",
                "date": date(2026, 3, 1),
                "document": base64.b64encode(PDF),
            }
        )
        cls.url = f"/aftersales/verify/{cls.lot.aftersales_verify_token}"

    def test_the_page_shows_the_public_fields_only(self):
        self.env["sparklife.aftersales.appraisal"].create(
            {"lot_id": self.lot.id, "value": 9876.0, "date": date(2026, 3, 2)}
        ).action_issue()
        self.authenticate(None, None)
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        for public in ("Verified Solitaire", "VER-", "IGI", "IGI-808", "genuine"):
            self.assertIn(public, page.text)
        for private in (
            "Alice",
            "portal_alice",
            "alice@example.com",
            "rue des Lilas",
            "Lyon",
            # Formatted amounts only: a random token may hold any digits.
            "4,321",
            "9,876",
            "APR/",
            self.line.order_id.name,
        ):
            self.assertNotIn(private, page.text)

    def test_a_wrong_short_or_other_token_shows_nothing_of_this_piece(self):
        token = self.lot.aftersales_verify_token
        altered = token[:-1] + ("A" if token[-1] != "A" else "B")
        for wrong in ("x" * 43, "short", altered, self.lot.name):
            response = self.url_open(f"/aftersales/verify/{wrong}")
            self.assertEqual(response.status_code, 404, wrong)
            self.assertNotIn("IGI-808", response.text)
        other = self.env["stock.lot"].search([("name", "=", "VER-2")])
        self.env["sparklife.aftersales.certificate"].create(
            {"lot_id": other.id, "laboratory": "GIA", "number": "GIA-OTHER"}
        )
        page = self.url_open(f"/aftersales/verify/{other.aftersales_verify_token}")
        self.assertIn("GIA-OTHER", page.text)
        self.assertNotIn("IGI-808", page.text)

    def test_the_page_in_french_and_a_stolen_piece(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.lot._aftersales_report_missing(
            "stolen", self.company._aftersales_today(), "PV-1"
        )
        self.opener.cookies["frontend_lang"] = "fr_FR"
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("signalée volée", page.text)
        self.assertNotIn("PV-1", page.text)

    def test_the_owner_reports_her_piece_stolen_and_a_request_is_stopped(self):
        self.authenticate("portal_alice", "portal_alice")
        item = f"/my/aftersales/item/{self.line.id}"
        page = self.url_open(item).text
        self.assertIn(self.lot.aftersales_verify_url, page)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"csrf_token": csrf, "lot_id": str(self.lot.id), "kind": "stolen"}
        today = str(self.company._aftersales_today())
        response = self.url_open(f"{item}/missing", data={**form, "since": today})
        self.assertEqual(
            response.status_code, 400, "a theft needs the police's reference"
        )
        self.assertIn("aftersales_missing_error", response.text)
        response = self.url_open(
            f"{item}/missing",
            data={**form, "since": today, "police_ref": "PV-77"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.lot.aftersales_status, "stolen")
        # A request about it is stopped without saying why; a manager knows.
        response = self._submit(
            self.line, service="cleaning", description="Please clean it."
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("contact our customer service", response.text)
        self.assertNotIn(
            "stolen", response.text.split("aftersales_request_error")[1][:400]
        )
        self.assertFalse(self._requests_of(self.alice))
        self.assertTrue(_activities(self.lot))
        # Bob cannot report Alice's piece.
        self.authenticate("portal_bob", "portal_bob")
        csrf = re.search(
            r'name="csrf_token" value="([^"]+)"',
            self.url_open(f"/my/aftersales/item/{self.bob_line.id}").text,
        ).group(1)
        response = self.url_open(
            f"{item}/missing",
            data={**form, "csrf_token": csrf, "since": today, "police_ref": "X"},
        )
        self.assertEqual(response.status_code, 404)
