# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import _find_executable, websocket

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestBrowser(HttpCase):
    """Browser tests need Chromium and websocket-client; without them Odoo
    skips every tour, so their absence is a failure here."""

    def test_browser_is_available(self):
        self.assertIsNotNone(websocket, "websocket-client is not installed")
        try:
            executable = _find_executable()
        except unittest.SkipTest as exc:
            self.fail(f"Chromium is not installed: {exc}")
        self.assertTrue(executable)


@tagged("post_install", "-at_install")
class TestPurchasedItemsTour(HttpCase, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = cls.env.cr.now()
        cls.resizable = cls._bought(cls.ring, now, now)
        cls.fixed = cls._bought(cls.fixed_ring, now, now)

    def test_filter_free_resize_available(self):
        self.start_tour(
            "/odoo/purchased-items",
            "sparklife_purchased_items_filter",
            login="aftersales_user",
        )

    def test_a_purchased_item_reloaded_is_still_a_purchased_item(self):
        """Its address, opened again (a reload, a link shared), shows its
        own form; so does every link to it (its request, its serial)."""
        action = self.resizable.with_user(self.aftersales_user).get_formview_action()
        self.assertEqual(action["path"], "purchased-items")
        form = self.env.ref("sparklife_aftersales.sale_order_line_aftersales_view_form")
        self.assertEqual(action["views"], [(form.id, "form")])
        self.assertEqual(action["res_id"], self.resizable.id)
        # Others (sales, accounting) keep the order line's own form.
        seller = new_test_user(
            self.env,
            login="plain_seller",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        other = self.resizable.with_user(seller).get_formview_action()
        self.assertNotEqual(other.get("path"), "purchased-items")
        # The action the address names opens its records with that form.
        loaded = self.env["ir.actions.act_window"]._for_xml_id(
            "sparklife_aftersales.action_purchased_items"
        )
        self.assertIn([form.id, "form"], [list(view) for view in loaded["views"]])
        self.start_tour(
            f"/odoo/purchased-items/{self.resizable.id}",
            "sparklife_purchased_item_reload",
            login="aftersales_user",
        )


@tagged("post_install", "-at_install")
class TestServiceRequestTour(HttpCase, AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = cls.env.cr.now()
        cls.line = cls._bought(cls.ring, now, now)
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Tour resize request",
                "description": "<p>One size smaller, please.</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.env.ref(
                    "sparklife_aftersales.helpdesk_team_aftersales"
                ).id,
                "aftersales_service": "resize",
                "aftersales_sale_line_id": cls.line.id,
            }
        )

    def test_assess_and_approve_a_free_resize(self):
        self.start_tour(
            "/odoo/service-requests",
            "sparklife_service_request_approve",
            login="aftersales_user",
        )
        self.assertTrue(self.ticket.aftersales_approved_on)
        self.assertEqual(self.line.aftersales_free_resizes_used, 1)


@tagged("post_install", "-at_install")
class TestClerkInvoiceTour(HttpCase, AftersalesCase):
    """A clerk with only After-Sales / User rights invoices a paid service
    on the French chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = cls.env.cr.now()
        cls.line = cls._bought(cls.ring, now, now)
        cls.company.aftersales_invoice_method = "full"
        cls.ticket = (
            cls.env["helpdesk.ticket"]
            .with_user(cls.aftersales_user)
            .create(
                {
                    "name": "Tour restoration request",
                    "description": "<p>Please repolish it.</p>",
                    "partner_id": cls.customer.id,
                    "team_id": cls.env.ref(
                        "sparklife_aftersales.helpdesk_team_aftersales"
                    ).id,
                    "aftersales_service": "restoration",
                    "aftersales_sale_line_id": cls.line.id,
                }
            )
        )
        cls.ticket.action_aftersales_create_quotation()
        cls.ticket.aftersales_sale_order_id.action_confirm()

    def test_a_clerk_invoices_an_accepted_paid_service(self):
        self.assertEqual(self.company.country_id.code, "FR")
        self.start_tour(
            "/odoo/service-requests",
            "sparklife_clerk_invoices_paid_request",
            login="aftersales_user",
        )
        invoice = self.ticket.aftersales_invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertRecordValues(
            invoice, [{"state": "draft", "partner_id": self.customer.id}]
        )
