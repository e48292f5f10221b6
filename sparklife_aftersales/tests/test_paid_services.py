# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Paid services from the accepted quotation to the reconciled payment:
invoices carry their request and service, the request shows where payment
stands, and accounting finds it all in *Paid services*."""

from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesCase, utc

BOUGHT = utc(2025, 3, 10, 11, 0)
RECEIVED = utc(2025, 3, 12, 9, 0)


@tagged("post_install", "-at_install")
class TestPaidServices(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.accountant = new_test_user(
            cls.env,
            login="paid_services_accountant",
            groups="account.group_account_invoice",
        )
        # Bank statements are kept by accountants with the "Basic" accounting
        # rights (which include invoicing).
        cls.bookkeeper = new_test_user(
            cls.env,
            login="paid_services_bookkeeper",
            groups="account.group_account_basic",
        )
        cls.manager = new_test_user(
            cls.env,
            login="paid_services_manager",
            groups="sparklife_aftersales.group_aftersales_manager",
        )
        cls.portal = new_test_user(
            cls.env,
            login="paid_services_portal",
            groups="base.group_portal",
        )
        cls.customer.write({"user_ids": [fields.Command.link(cls.portal.id)]})
        cls.company.write(
            {"aftersales_invoice_method": "full", "aftersales_paid_before_done": True}
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.Report = cls.env["sparklife.aftersales.paid.service.report"]
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    # Helpers ----------------------------------------------------------------------

    def _accepted_request(self, service="restoration", **values):
        """A request of a paid service whose quotation the customer accepted."""
        ticket = self._new_request(service, **values)
        ticket.with_user(self.aftersales_user).action_aftersales_create_quotation()
        ticket.aftersales_sale_order_id.with_user(self.aftersales_user).action_confirm()
        return ticket

    def _invoice(self, ticket, invoice_date=None):
        """Invoice the request (after-sales user) and post it (accountant)."""
        ticket.with_user(self.aftersales_user).action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids.filtered(lambda m: m.state == "draft")
        if invoice_date:
            invoice.with_user(self.accountant).invoice_date = invoice_date
        invoice.with_user(self.accountant).action_post()
        return invoice

    def _pay(self, invoice, amount=None, on=None):
        values = {"payment_date": on or fields.Date.today()}
        if amount is not None:
            values["amount"] = amount
        return (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
            ._create_payments()
        )

    def _report(self, invoice):
        return self.Report.search([("move_id", "=", invoice.id)])

    def _state(self, ticket):
        ticket.invalidate_recordset()
        return ticket.aftersales_billing_state

    # From the quotation to the invoice -------------------------------------------

    def test_invoice_carries_the_request_and_service(self):
        ticket = self._accepted_request()
        self.assertEqual(self._state(ticket), "to_invoice")
        ticket.with_user(self.aftersales_user).action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.aftersales_ticket_id, ticket)
        self.assertEqual(self._state(ticket), "to_invoice")
        lines = invoice.invoice_line_ids
        self.assertEqual(len(lines), 2)  # the repolishing and the shipping fee
        self.assertEqual(set(lines.mapped("aftersales_service")), {"restoration"})
        self.assertEqual(lines.aftersales_ticket_id, ticket)
        self.assertEqual(set(lines.mapped("aftersales_ticket_ref")), {ticket.number})
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(self._state(ticket), "not_paid")
        self.assertEqual(ticket.aftersales_amount_due, invoice.amount_total)
        rows = self._report(invoice)
        self.assertEqual(len(rows), 2)
        self.assertEqual(set(rows.mapped("service")), {"restoration"})
        self.assertEqual(set(rows.mapped("ticket_ref")), {ticket.number})
        self.assertEqual(rows.partner_id, self.customer)
        self.assertAlmostEqual(sum(rows.mapped("amount")), invoice.amount_untaxed)
        self.assertEqual(set(rows.mapped("payment_state")), {"not_paid"})
        self.assertIn(f'data-oe-id="{invoice.id}"', ticket.message_ids[0].body)

    def test_nothing_to_invoice_before_the_customer_accepts(self):
        ticket = self._new_request("restoration")
        ticket.action_aftersales_create_quotation()
        self.assertEqual(self._state(ticket), "quotation")
        with self.assertRaises(UserError):
            ticket.with_user(self.aftersales_user).action_aftersales_create_invoice()

    def test_full_payment(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._state(ticket), "paid")
        self.assertEqual(ticket.aftersales_amount_due, 0)
        self.assertEqual(ticket.aftersales_amount_paid, invoice.amount_total)
        rows = self._report(invoice)
        self.assertEqual(set(rows.mapped("paid_date")), {fields.Date.today()})
        paid_this_month = self.Report.search(
            [
                ("payment_state", "in", ("paid", "in_payment")),
                ("paid_date", ">=", fields.Date.today().replace(day=1)),
            ]
        )
        self.assertEqual(paid_this_month & rows, rows)

    def test_partial_payment(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        half = invoice.currency_id.round(invoice.amount_total / 2)
        self._pay(invoice, amount=half)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(self._state(ticket), "partial")
        self.assertAlmostEqual(ticket.aftersales_amount_paid, half)
        self.assertAlmostEqual(
            ticket.aftersales_amount_due, invoice.amount_total - half
        )
        self.assertEqual(
            set(self._report(invoice).mapped("payment_state")), {"partial"}
        )
        self.assertFalse(any(self._report(invoice).mapped("paid_date")))

    def test_bank_statement_line_reconciled_with_the_invoice(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket, invoice_date=date(2026, 10, 20))
        statement_line = (
            self.env["account.bank.statement.line"]
            .with_user(self.bookkeeper)
            .create(
                {
                    "journal_id": self.bank_journal.id,
                    "date": date(2026, 11, 2),
                    "payment_ref": ticket.number,
                    "partner_id": self.customer.id,
                    "amount": invoice.amount_total,
                }
            )
        )
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        suspense.with_user(self.bookkeeper).account_id = receivable.account_id
        (suspense + receivable).with_user(self.bookkeeper).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._state(ticket), "paid")
        rows = self._report(invoice)
        self.assertEqual(set(rows.mapped("payment_state")), {"paid"})
        self.assertEqual(set(rows.mapped("paid_date")), {date(2026, 11, 2)})

    def test_down_payment_then_the_rest(self):
        self.company.write(
            {
                "aftersales_invoice_method": "down_payment",
                "aftersales_down_payment_percent": 40.0,
            }
        )
        ticket = self._accepted_request()
        order = ticket.aftersales_sale_order_id
        down_payment = self._invoice(ticket)
        self.assertAlmostEqual(down_payment.amount_total, order.amount_total * 0.4)
        self.assertEqual(
            set(down_payment.invoice_line_ids.mapped("aftersales_service")),
            {"restoration"},
        )
        self.assertEqual(self._state(ticket), "not_paid")
        self._pay(down_payment)
        self.assertEqual(self._state(ticket), "partial")
        rest = self._invoice(ticket)
        self.assertNotEqual(rest, down_payment)
        self.assertAlmostEqual(rest.amount_total, order.amount_total * 0.6)
        self.assertEqual(rest.invoice_line_ids.aftersales_ticket_id, ticket)
        self._pay(rest)
        self.assertEqual(self._state(ticket), "paid")

    # Done once paid ----------------------------------------------------------------

    def test_done_only_once_paid(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        with self.assertRaises(UserError) as caught:
            ticket.with_user(self.aftersales_user).stage_id = self.done
        self.assertIn(
            "cannot be done before its service is paid", str(caught.exception)
        )
        # Other closed stages (cancelled, rejected) are not "done"
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertFalse(cancelled.aftersales_work_done)
        self._pay(invoice)
        ticket.with_user(self.aftersales_user).stage_id = self.done
        self.assertEqual(ticket.stage_id, self.done)

    def test_done_before_paid_when_the_company_allows_it(self):
        self.company.aftersales_paid_before_done = False
        ticket = self._accepted_request()
        self._invoice(ticket)
        ticket.with_user(self.aftersales_user).stage_id = self.done
        self.assertEqual(ticket.stage_id, self.done)

    def test_free_services_are_done_without_payment(self):
        ticket = self._new_request("cleaning")
        ticket.stage_id = self.done
        self.assertEqual(ticket.stage_id, self.done)

    # Prices -----------------------------------------------------------------------

    def test_a_redesign_is_priced_by_staff_before_it_is_sent(self):
        ticket = self._new_request("resize", aftersales_redesign=True)
        ticket.with_user(self.aftersales_user).action_aftersales_create_quotation()
        order = ticket.aftersales_sale_order_id.with_user(self.aftersales_user)
        with self.assertRaises(UserError):
            order.action_quotation_sent()
        with self.assertRaises(UserError):
            order.action_confirm()
        redesign = order.order_line.filtered(
            lambda line: line.product_id.aftersales_service_kind == "resize_redesign"
        )
        redesign.price_unit = 280.0
        order.action_quotation_sent()
        self.assertEqual(order.state, "sent")

    def test_service_prices_are_edited_by_managers(self):
        repolishing = self.env.ref(
            "sparklife_aftersales.product_service_repolishing"
        ).product_tmpl_id
        repolishing.with_user(self.manager).list_price = 95.0
        self.assertEqual(repolishing.list_price, 95.0)
        with self.assertRaises(AccessError):
            repolishing.with_user(self.aftersales_user).list_price = 10.0

    def _filtered(self, name):
        """The report's rows under the search view's filter ``name``, its
        domain evaluated as the web client does."""
        arch = self.Report.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")[0]
        domain = safe_eval(
            node.get("domain"),
            {"context_today": date.today, "relativedelta": relativedelta},
        )
        return self.Report.search(domain)

    def test_filters_unpaid_partially_paid_and_paid_this_month(self):
        unpaid = self._invoice(self._accepted_request())
        partial = self._invoice(self._accepted_request())
        paid = self._invoice(self._accepted_request())
        self._pay(partial, amount=partial.currency_id.round(partial.amount_total / 3))
        self._pay(paid)
        ours = self.Report.search([("move_id", "in", (unpaid | partial | paid).ids)])
        for name, invoice in (
            ("unpaid", unpaid),
            ("partially_paid", partial),
            ("paid_this_month", paid),
        ):
            with self.subTest(filter=name):
                self.assertEqual((self._filtered(name) & ours).move_id, invoice)

    def test_a_row_opens_its_document_and_its_request(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        row = self._report(invoice)[:1].with_user(self.accountant)
        # The list opens the row's document when a row is clicked.
        arch = etree.fromstring(self.Report.get_view(view_type="list")["arch"].encode())
        self.assertEqual(
            (arch.get("action"), arch.get("type")), ("action_open_document", "object")
        )
        action = row.action_open_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("account.move", invoice.id)
        )
        # The request is opened by after-sales staff; accountants, who may not
        # read requests, neither see the button nor open it.
        staff_row = row.with_user(self.aftersales_user)
        action = staff_row.action_open_request()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("helpdesk.ticket", ticket.id)
        )
        accountant_arch = self.Report.with_user(self.accountant).get_view(
            view_type="list"
        )["arch"]
        self.assertNotIn("action_open_request", accountant_arch)
        self.assertIn(
            "action_open_request",
            self.Report.with_user(self.aftersales_user).get_view(view_type="list")[
                "arch"
            ],
        )
        with self.assertRaises(AccessError):
            row.action_open_request()

    def test_the_report_opens_grouped_by_service_and_month(self):
        action = self.env.ref("sparklife_aftersales.action_paid_service_report")
        context = safe_eval(action.context)
        self.assertTrue(context.get("search_default_group_service"))
        self.assertTrue(context.get("search_default_group_month"))
        search = etree.fromstring(
            self.Report.get_view(view_type="search")["arch"].encode()
        )
        group_bys = {
            node.get("name"): safe_eval(node.get("context"))["group_by"]
            for node in search.iter("filter")
            if node.get("context")
        }
        self.assertEqual(group_bys["group_service"], "service")
        self.assertEqual(group_bys["group_month"], "date:month")

    def test_accountants_see_the_report_menu_only(self):
        menus = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(
            self.env.ref("sparklife_aftersales.menu_paid_service_report").id, menus
        )
        self.assertNotIn(
            self.env.ref("sparklife_aftersales.menu_service_requests").id, menus
        )

    # Who sees what -----------------------------------------------------------------

    def test_accountants_read_paid_services(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        rows = self.Report.with_user(self.accountant).search_read(
            [("move_id", "=", invoice.id)],
            ["ticket_ref", "service", "partner_id", "amount", "payment_state"],
        )
        self.assertEqual({row["ticket_ref"] for row in rows}, {ticket.number})
        groups = self.Report.with_user(self.accountant).formatted_read_group(
            [("move_id", "=", invoice.id)],
            ["service", "date:month"],
            ["amount:sum"],
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["amount:sum"], invoice.amount_untaxed)
        # The accountant reconciles: registering the payment is theirs
        self._pay(invoice)
        self.assertEqual(self._state(ticket), "paid")

    def test_after_sales_users_see_amounts_but_cannot_post_or_reconcile(self):
        ticket = self._accepted_request()
        ticket.with_user(self.aftersales_user).action_aftersales_create_invoice()
        invoice = ticket.aftersales_invoice_ids.with_user(self.aftersales_user)
        self.assertTrue(invoice.amount_total)
        with self.assertRaises(AccessError):
            invoice.action_post()
        invoice.sudo().action_post()
        self.assertTrue(
            self.Report.with_user(self.aftersales_user).search(
                [("move_id", "=", invoice.id)]
            )
        )
        with self.assertRaises(AccessError):
            self._pay_as(self.aftersales_user, invoice)

    def _pay_as(self, user, invoice):
        return (
            self.env["account.payment.register"]
            .with_user(user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )

    def test_portal_customers_have_no_report(self):
        ticket = self._accepted_request()
        self._invoice(ticket)
        with self.assertRaises(AccessError):
            self.Report.with_user(self.portal).search([])

    def test_other_companies_paid_services_are_hidden(self):
        ticket = self._accepted_request()
        invoice = self._invoice(ticket)
        other = self.env["res.company"].create({"name": "Other Jeweller"})
        outsider = new_test_user(
            self.env,
            login="other_company_accountant",
            groups="account.group_account_invoice",
            company_id=other.id,
            company_ids=[fields.Command.set(other.ids)],
        )
        self.assertFalse(
            self.Report.with_user(outsider).search([("move_id", "=", invoice.id)])
        )
