# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Appraisals: issued with their PDF, superseded by the next one, reminded
once before they expire, and asked for as a paid service."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from .common import (
    AftersalesCase,
    FlushBatchesMixin,
    PiecesMixin,
    PortalCase,
    freeze_time,
    utc,
)


class AppraisalMixin:
    @classmethod
    def _appraised_piece(cls, name, partner=None):
        product = cls._serial_product(name)
        cls._stock_serials(product, f"{name}-1")
        now = fields.Datetime.now()
        line = cls._bought(
            product, now - timedelta(days=10), now - timedelta(days=8), partner=partner
        )
        lot = line.aftersales_lot_ids
        cls.env["sparklife.aftersales.certificate"].create(
            {
                "lot_id": lot.id,
                "laboratory": "GIA",
                "number": f"GIA-{name}",
                "stones": "Round brilliant, 1.01 ct, F, VS1",
            }
        )
        return line, lot

    def _appraisal(self, lot, value=6500.0, on=date(2026, 3, 1), **values):
        return self.env["sparklife.aftersales.appraisal"].create(
            {
                "lot_id": lot.id,
                "value": value,
                "date": on,
                "metal": "18k gold",
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestAppraisals(FlushBatchesMixin, AppraisalMixin, PiecesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line, cls.lot = cls._appraised_piece("Appraised Ring")
        cls.Policy = cls.env["sparklife.aftersales.policy"]

    def test_an_appraisal_is_issued_with_its_document(self):
        appraisal = self._appraisal(self.lot)
        self.assertRecordValues(
            appraisal,
            [
                {
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "stones": "Round brilliant, 1.01 ct, F, VS1",
                    "valid_until": date(2028, 3, 1),
                }
            ],
        )
        appraisal.action_issue()
        self.assertEqual(appraisal.state, "issued")
        self.assertTrue(appraisal.name.startswith("APR/"))
        document = appraisal.document_id.raw.decode()
        for shown in (
            appraisal._value_formatted(),
            appraisal._value_in_words(),
            self.lot.name,
            "GIA-Appraised Ring",
            "18k gold",
        ):
            self.assertIn(str(shown), document)
        self.assertIn("Issued", appraisal.message_ids[0].body)
        # The next one supersedes it.
        newer = self._appraisal(self.lot, value=7000.0, on=date(2026, 6, 1))
        newer.action_issue()
        self.assertEqual(appraisal.state, "superseded")
        self.assertEqual(self.lot.aftersales_appraisal_ids, newer | appraisal)

    def test_what_cannot_be_issued(self):
        with self.assertRaisesRegex(UserError, "replacement value"):
            self._appraisal(self.lot, value=0.0).action_issue()
        with self.assertRaisesRegex(UserError, "appraiser"):
            self._appraisal(self.lot, appraiser_id=False).action_issue()
        appraisal = self._appraisal(self.lot)
        appraisal.action_issue()
        with self.assertRaisesRegex(UserError, "already issued"):
            appraisal.action_issue()

    def test_the_owner_is_reminded_once_before_it_expires(self):
        appraisal = self._appraisal(self.lot)
        appraisal.action_issue()
        Appraisal = self.env["sparklife.aftersales.appraisal"]
        with freeze_time(utc(2028, 1, 1, 10)):
            self.assertEqual(Appraisal._cron_expire_and_remind(), 0, "not yet")
        with freeze_time(utc(2028, 2, 10, 10)):
            self.assertEqual(Appraisal._cron_expire_and_remind(), 1)
            self.assertEqual(Appraisal._cron_expire_and_remind(), 0, "only once")
        told = appraisal.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(told), 1)
        self.assertIn("Ask for a new appraisal", told.body)
        self.assertEqual(appraisal.reminded_on, date(2028, 2, 10))
        with freeze_time(utc(2028, 3, 2, 10)):
            Appraisal._cron_expire_and_remind()
        self.assertEqual(appraisal.state, "expired")

    def test_an_appraisal_is_a_paid_service_unless_the_company_offers_it(self):
        decision = self.Policy.evaluate(self.line, policy.APPRAISAL)
        self.assertEqual(
            (decision.outcome, decision.reason), ("paid", "appraisal_paid")
        )
        self.company.aftersales_appraisal_free_days = 30
        decision = self.Policy.evaluate(self.line, policy.APPRAISAL)
        self.assertEqual(
            (decision.outcome, decision.reason), ("free", "appraisal_free")
        )
        self.assertIn("free until", self.Policy.describe(decision))

    def test_a_paid_appraisal_through_the_request_flow(self):
        ticket = self._new_request("appraisal", self.line)
        self.assertEqual(ticket.aftersales_eligibility, "paid")
        ticket.action_aftersales_create_quotation()
        appraisal_product = self.env.ref(
            "sparklife_aftersales.product_service_appraisal"
        )
        quote = ticket.aftersales_sale_order_id
        self.assertIn(appraisal_product, quote.order_line.product_id)
        action = ticket.action_aftersales_appraise()
        self.assertEqual(action["context"]["default_lot_id"], self.lot.id)
        appraisal = (
            self.env["sparklife.aftersales.appraisal"]
            .with_context(**action["context"])
            .create({"value": 5000.0})
        )
        self.assertEqual(ticket.aftersales_appraisal_ids, appraisal)


@tagged("post_install", "-at_install")
class TestAppraisalsPortal(AppraisalMixin, PiecesMixin, PortalCase):
    def test_the_owner_downloads_hers_and_asks_for_a_new_one(self):
        line, lot = self._appraised_piece("Portal Appraised", partner=self.alice)
        appraisal = self._appraisal(lot, on=fields.Date.today())
        appraisal.action_issue()
        self.authenticate("portal_alice", "portal_alice")
        page = self.url_open(f"/my/aftersales/item/{line.id}").text
        self.assertIn(appraisal.name, page)
        url = f"/my/aftersales/item/{line.id}/appraisal/{appraisal.id}"
        self.assertEqual(self.url_open(url).status_code, 200)
        form = self._form(line)
        response = self.url_open(
            f"/my/aftersales/item/{line.id}/appraisal",
            data=form,
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        ticket = self._requests_of(self.alice)
        self.assertRecordValues(
            ticket,
            [{"aftersales_service": "appraisal", "aftersales_eligibility": "paid"}],
        )
        # Bob sees neither the appraisal nor its document.
        self.authenticate("portal_bob", "portal_bob")
        self.assertEqual(self.url_open(url).status_code, 404)
