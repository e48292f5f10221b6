# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customers choose in the portal which news they receive, by channel."""

import re

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalCommunication(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="consent_customer",
            password="consent_customer",
            groups="base.group_portal",
            email="consent.customer@example.com",
        )
        cls.customer = cls.portal_user.partner_id
        cls.customer.phone = "+33 6 30 00 00 01"
        cls.other = new_test_user(
            cls.env,
            login="other_customer",
            password="other_customer",
            groups="base.group_portal",
            email="other.customer@example.com",
        ).partner_id
        cls.sms_list = cls.env.ref("sparklife_aftersales.mailing_list_promotions_sms")

    def _form(self):
        page = self.url_open("/my/communication")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return page, token

    def test_home_links_to_the_preferences(self):
        self.authenticate("consent_customer", "consent_customer")
        home = self.url_open("/my/home")
        self.assertIn('href="/my/communication"', home.text)

    def test_customer_gives_and_withdraws_consent(self):
        self.authenticate("consent_customer", "consent_customer")
        page, token = self._form()
        self.assertIn("By SMS", page.text)
        self.assertNotIn(
            "checked", page.text.split("By email")[0].split("consent_email")[-1]
        )
        saved = self.url_open(
            "/my/communication", data={"csrf_token": token, "email": "1", "sms": "1"}
        )
        self.assertIn("Your preferences are saved", saved.text)
        self.env.invalidate_all()
        self.assertTrue(self.customer.aftersales_marketing_email_consent)
        self.assertTrue(self.customer.aftersales_marketing_sms_consent)
        self.assertIn(
            self.sms_list,
            self.customer.aftersales_mailing_contact_ids.subscription_ids.filtered(
                lambda s: not s.opt_out
            ).list_id,
        )
        # Unticking a box withdraws that consent only.
        _page, token = self._form()
        self.url_open("/my/communication", data={"csrf_token": token, "email": "1"})
        self.env.invalidate_all()
        self.assertTrue(self.customer.aftersales_marketing_email_consent)
        self.assertFalse(self.customer.aftersales_marketing_sms_consent)
        self.assertFalse(self.other.aftersales_marketing_email_consent)

    def test_form_without_csrf_token_changes_nothing(self):
        self.authenticate("consent_customer", "consent_customer")
        response = self.url_open("/my/communication", data={"email": "1"})
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertFalse(self.customer.aftersales_marketing_email_consent)

    def test_only_the_logged_in_customer_is_changed(self):
        self.authenticate("consent_customer", "consent_customer")
        _page, token = self._form()
        self.url_open(
            "/my/communication",
            data={"csrf_token": token, "email": "1", "partner_id": self.other.id},
        )
        self.env.invalidate_all()
        self.assertTrue(self.customer.aftersales_marketing_email_consent)
        self.assertFalse(self.other.aftersales_marketing_email_consent)

    def test_visitors_are_sent_to_login(self):
        response = self.url_open("/my/communication", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_customer_changes_preferences_in_the_browser(self):
        self.start_tour(
            "/my/home",
            "sparklife_portal_communication_preferences",
            login="consent_customer",
        )
        self.env.invalidate_all()
        self.assertTrue(self.customer.aftersales_marketing_sms_consent)
        self.assertFalse(self.customer.aftersales_marketing_email_consent)
