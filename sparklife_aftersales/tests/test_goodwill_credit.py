# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Goodwill credit: a gift card of Odoo's loyalty granted from a request,
approved by a second manager above the first one's limit, told to the
customer with its code, spent on a paid service quotation, booked as a
liability and expired."""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.sparklife_aftersales import policy

from .common import AftersalesCase, FlushBatchesMixin


@tagged("post_install", "-at_install")
class TestGoodwillCredit(FlushBatchesMixin, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought_recently(cls.ring)
        cls.complaint = cls._new_request(policy.COMPLAINT)
        cls.manager = cls._new_user("credit_manager", "manager")
        cls.second_manager = cls._new_user("credit_second_manager", "manager")
        cls.company.aftersales_credit_limit = 100.0
        Account = cls.env["account.account"]
        cls.allowance = Account.create(
            {
                "name": "Test allowances granted",
                "code": "709790",
                "account_type": "income",
            }
        )
        cls.liability = Account.create(
            {
                "name": "Test credits to give",
                "code": "419890",
                "account_type": "liability_current",
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {"name": "Test goodwill", "code": "TGW", "type": "general"}
        )
        cls.company.write(
            {
                "aftersales_credit_journal_id": cls.journal.id,
                "aftersales_credit_expense_account_id": cls.allowance.id,
                "aftersales_credit_liability_account_id": cls.liability.id,
            }
        )
        cls.Credit = cls.env["sparklife.aftersales.credit"]

    def _credit(self, amount, user=None, **values):
        return self.Credit.with_user(user or self.manager).create(
            {
                "ticket_id": self.complaint.id,
                "amount": amount,
                "reason": "delay",
                "note": "For the wait.",
                **values,
            }
        )

    def _balance(self, account):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        )
        return sum(lines.mapped("balance"))

    def test_a_credit_within_the_limit_is_a_gift_card_told_to_the_customer(self):
        credit = self._credit(60.0)
        credit.action_grant()
        card = credit.card_id
        self.assertRecordValues(
            credit,
            [{"state": "granted", "approver_id": self.manager.id, "balance": 60.0}],
        )
        self.assertRecordValues(
            card,
            [
                {
                    "partner_id": self.customer.id,
                    "points": 60.0,
                    "expiration_date": credit.expiration_date,
                }
            ],
        )
        self.assertEqual(card.history_ids.issued, 60.0)
        told = credit.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and card.code in m.body
        )
        self.assertTrue(told)
        self.assertIn(credit.name, self.complaint.message_ids[0].body)
        # A liability until spent: allowance debited, credit owed credited.
        self.assertEqual(credit.grant_move_id.state, "posted")
        self.assertAlmostEqual(self._balance(self.liability), -60.0)
        self.assertAlmostEqual(self._balance(self.allowance), 60.0)

    def test_above_the_limit_a_second_manager_approves(self):
        credit = self._credit(250.0)
        credit.action_grant()
        self.assertEqual(credit.state, "to_approve")
        self.assertFalse(credit.card_id)
        activity = credit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertNotEqual(activity.user_id, self.manager)
        with self.assertRaisesRegex(UserError, "second manager"):
            credit.action_approve()
        credit.with_user(self.second_manager).action_approve()
        self.assertRecordValues(
            credit,
            [{"state": "granted", "approver_id": self.second_manager.id}],
        )
        self.assertFalse(credit.activity_ids)
        # A manager of a higher limit of their own grants it alone.
        self.manager.aftersales_credit_limit = 500.0
        alone = self._credit(250.0)
        alone.action_grant()
        self.assertEqual(alone.state, "granted")

    def test_only_managers_grant_and_amounts_are_positive(self):
        credit = self._credit(20.0)
        with self.assertRaises(AccessError):
            credit.with_user(self.aftersales_user).action_grant()
        with self.assertRaises(AccessError):
            self._credit(20.0, user=self.aftersales_user)
        with (
            self.assertRaisesRegex(IntegrityError, "amount_positive"),
            self.cr.savepoint(),
            mute_logger("odoo.sql_db"),
        ):
            self._credit(-5.0)

    def test_spent_on_a_paid_service_quotation(self):
        credit = self._credit(50.0)
        credit.action_grant()
        repair = self.env.ref("sparklife_aftersales.product_service_repair")
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": repair.id})],
            }
        )
        before = quotation.amount_total
        self.assertIn(credit, self.Credit._aftersales_spendable(self.customer))
        credit._spend_on(quotation)
        self.assertAlmostEqual(quotation.amount_total, before - 50.0, places=2)
        quotation.action_confirm()
        self.assertEqual(credit.card_id.points, 0.0)
        self.assertNotIn(credit, self.Credit._aftersales_spendable(self.customer))
        # The card's discount is booked on the liability when invoiced.
        invoice = quotation._create_invoices()
        discount = invoice.invoice_line_ids.filtered(
            lambda line: line.price_subtotal < 0
        )
        self.assertEqual(discount.account_id, self.liability)

    def test_another_customers_quotation_cannot_take_it(self):
        credit = self._credit(30.0)
        credit.action_grant()
        other = self.env["res.partner"].create({"name": "Test Other"})
        quotation = self.env["sale.order"].create(
            {
                "partner_id": other.id,
                "order_line": [Command.create({"product_id": self.service.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "not yours"):
            credit._spend_on(quotation)

    def test_expired_credit_cannot_be_spent_and_leaves_the_liability(self):
        credit = self._credit(40.0)
        credit.action_grant()
        credit.card_id.expiration_date = fields.Date.today() - timedelta(days=1)
        credit.expiration_date = credit.card_id.expiration_date
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.service.id, "price_unit": 90})
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "expired"):
            credit._spend_on(quotation)
        self.Credit._cron_expire()
        self.assertEqual(credit.state, "expired")
        self.assertEqual(credit.expiry_move_id.state, "posted")
        self.assertAlmostEqual(self._balance(self.liability), 0.0)

    def test_the_report_counts_credit_per_month_reason_and_user(self):
        self._credit(30.0).action_grant()
        self._credit(20.0, reason="quality").action_grant()
        groups = self.Credit._read_group(
            [("state", "=", "granted"), ("ticket_id", "=", self.complaint.id)],
            ["granted_on:month", "reason", "user_id"],
            ["amount:sum"],
        )
        self.assertEqual(
            sorted((reason, user, total) for _month, reason, user, total in groups),
            [("delay", self.manager, 30.0), ("quality", self.manager, 20.0)],
        )
