# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consent to marketing per channel, the mailing lists that follow it, and
campaigns that reach only those who consented, blacklist and opt-out
honoured."""

import re
from datetime import timedelta
from unittest.mock import patch

from odoo.sql_db import BaseCursor
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestMarketingConsent(AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.email_lists = (
            ref("sparklife_aftersales.mailing_list_new_products_email")
            | ref("sparklife_aftersales.mailing_list_promotions_email")
            | ref("sparklife_aftersales.mailing_list_updates_email")
        )
        cls.sms_lists = (
            ref("sparklife_aftersales.mailing_list_new_products_sms")
            | ref("sparklife_aftersales.mailing_list_promotions_sms")
            | ref("sparklife_aftersales.mailing_list_updates_sms")
        )
        Partner = cls.env["res.partner"]
        cls.both = Partner.create(
            {
                "name": "Both Channels",
                "email": "both@example.com",
                "phone": "+33 6 20 00 00 01",
                "aftersales_marketing_email_consent": True,
                "aftersales_marketing_sms_consent": True,
            }
        )
        cls.email_only = Partner.create(
            {
                "name": "Email Only",
                "email": "email.only@example.com",
                "phone": "+33 6 20 00 00 02",
                "aftersales_marketing_email_consent": True,
            }
        )
        cls.no_consent = Partner.create(
            {
                "name": "No Consent",
                "email": "no.consent@example.com",
                "phone": "+33 6 20 00 00 03",
            }
        )

    def _later(self):
        """Odoo dates unsubscriptions with the transaction's time: a test's
        single transaction is moved a day on."""
        later = self.env.cr.now() + timedelta(days=1)
        return patch.object(BaseCursor, "now", lambda cr: later)

    def _subscribed(self, lists):
        """Customers subscribed (not opted out) to every list of ``lists``."""
        subs = self.env["mailing.subscription"].search(
            [("list_id", "in", lists.ids), ("opt_out", "=", False)]
        )
        partners = subs.contact_id.aftersales_partner_id
        return partners.filtered(
            lambda p: all(
                subs.filtered(
                    lambda s, p=p, m=m: s.list_id == m
                    and s.contact_id.aftersales_partner_id == p
                )
                for m in lists
            )
        )

    def test_lists_follow_consent(self):
        ours = self.both | self.email_only | self.no_consent
        self.assertEqual(
            self._subscribed(self.email_lists) & ours, self.both | self.email_only
        )
        self.assertEqual(self._subscribed(self.sms_lists) & ours, self.both)
        contact = self.both.aftersales_mailing_contact_ids
        self.assertEqual(len(contact), 1)
        self.assertEqual(contact.mobile, self.both.phone_sanitized)

    def test_withdrawing_consent_unsubscribes(self):
        self.both.aftersales_marketing_sms_consent = False
        self.assertNotIn(self.both, self._subscribed(self.sms_lists))
        self.assertIn(self.both, self._subscribed(self.email_lists))
        # The contact and its history stay: the subscriptions are opted out.
        self.assertTrue(
            self.both.aftersales_mailing_contact_ids.subscription_ids.filtered(
                lambda s: s.list_id in self.sms_lists and s.opt_out
            )
        )
        self.both.aftersales_marketing_sms_consent = True
        self.assertIn(self.both, self._subscribed(self.sms_lists))

    def test_consent_without_an_address_subscribes_nothing(self):
        no_phone = self.env["res.partner"].create(
            {
                "name": "No Phone",
                "email": "np@example.com",
                "aftersales_marketing_sms_consent": True,
            }
        )
        self.assertNotIn(no_phone, self._subscribed(self.sms_lists))

    def test_new_address_reaches_the_lists(self):
        self.email_only.email = "new.address@example.com"
        self.assertEqual(
            self.email_only.aftersales_mailing_contact_ids.email,
            "new.address@example.com",
        )

    def test_unsubscribing_from_a_mailing_withdraws_consent(self):
        promotions = self.env.ref("sparklife_aftersales.mailing_list_promotions_email")
        # What Odoo's unsubscribe page does for a mailing sent to the list, a
        # day after the consent was given.
        with self._later():
            promotions._update_subscription_from_email(
                self.email_only.email, opt_out=True
            )
            self.env.flush_all()
        self.assertTrue(self.email_only.aftersales_marketing_email_consent)
        with patch.object(IrCron, "_commit_progress", lambda *a, **k: float("inf")):
            self.env["res.partner"]._cron_sync_marketing_lists()
        self.assertFalse(self.email_only.aftersales_marketing_email_consent)
        self.assertNotIn(self.email_only, self._subscribed(self.email_lists))
        self.assertIn("Consent withdrawn", self.email_only.message_ids[0].body)
        # Giving it again later subscribes again.
        self.email_only.aftersales_marketing_email_consent = True
        self.assertIn(self.email_only, self._subscribed(self.email_lists))

    def test_sync_job_repairs_lists_changed_behind_its_back(self):
        self.both.aftersales_mailing_contact_ids.subscription_ids.unlink()
        with patch.object(IrCron, "_commit_progress", lambda *a, **k: float("inf")):
            self.env["res.partner"]._cron_sync_marketing_lists()
        self.assertIn(self.both, self._subscribed(self.email_lists | self.sms_lists))

    def test_email_campaign_reaches_consenting_customers_not_blacklisted(self):
        self.env["mail.blacklist"].sudo()._add(self.email_only.email)
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "New collection",
                "mailing_type": "mail",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [
                    (
                        6,
                        0,
                        self.env.ref(
                            "sparklife_aftersales.mailing_list_new_products_email"
                        ).ids,
                    )
                ],
                "body_html": "<p>Discover our new rings.</p>",
            }
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
        sent_to = {email for mail in self._mails for email in mail["email_to"]}
        self.assertTrue(any("both@example.com" in e for e in sent_to))
        self.assertFalse(any("email.only@example.com" in e for e in sent_to))
        self.assertFalse(any("no.consent@example.com" in e for e in sent_to))
        # Every campaign email carries a one-click unsubscribe link.
        headers = next(
            m["headers"]
            for m in self._mails
            if "both@example.com" in str(m["email_to"])
        )
        self.assertIn(
            f"/mailing/{mailing.id}/unsubscribe_oneclick", headers["List-Unsubscribe"]
        )

    def test_unsubscribe_link_of_a_campaign_works(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Updates",
                "mailing_type": "mail",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [
                    (
                        6,
                        0,
                        self.env.ref(
                            "sparklife_aftersales.mailing_list_updates_email"
                        ).ids,
                    )
                ],
                "body_html": "<p>Our workshop moves.</p>",
            }
        )
        contact = self.both.aftersales_mailing_contact_ids
        url = mailing._get_unsubscribe_url(self.both.email, contact.id)
        with self._later():
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            self.assertIn("Are you sure you want to unsubscribe", page.text)
            # The customer confirms on the page: post its form as it is.
            form = dict(
                re.findall(
                    r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text
                )
            )
            confirmed = self.url_open("/mailing/confirm_unsubscribe", data=form)
            self.assertEqual(confirmed.status_code, 200)
        self.env.invalidate_all()
        updates = self.env.ref("sparklife_aftersales.mailing_list_updates_email")
        self.assertTrue(
            contact.subscription_ids.filtered(lambda s: s.list_id == updates).opt_out
        )
        with patch.object(IrCron, "_commit_progress", lambda *a, **k: float("inf")):
            self.env["res.partner"]._cron_sync_marketing_lists()
        self.assertFalse(self.both.aftersales_marketing_email_consent)
        self.assertTrue(self.both.aftersales_marketing_sms_consent)

    def test_sms_campaign_reaches_only_sms_consent(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Private sale",
                "mailing_type": "sms",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [
                    (
                        6,
                        0,
                        self.env.ref(
                            "sparklife_aftersales.mailing_list_promotions_sms"
                        ).ids,
                    )
                ],
                "body_plaintext": "Private sale this week",
            }
        )
        with self.mockSMSGateway():
            mailing.action_send_sms()
        numbers = set(self._new_sms.mapped("number"))
        self.assertIn(self.both.phone_sanitized, numbers)
        self.assertNotIn(self.email_only.phone_sanitized, numbers)
        self.assertNotIn(self.no_consent.phone_sanitized, numbers)

    def test_sync_queries_do_not_grow_with_the_customers(self):
        def queries_for(count):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"Bulk {count} {n}",
                        "email": f"bulk{count}.{n}@example.com",
                    }
                    for n in range(count)
                ]
            )
            # Consent given behind the ORM's back, as an import would.
            self.env.cr.execute(
                "UPDATE res_partner SET aftersales_marketing_email_consent = true WHERE id IN %s",
                [tuple(partners.ids)],
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners._aftersales_sync_marketing_lists()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(self._subscribed(self.email_lists) & partners), count)
            return queries

        queries_for(3)  # caches of the first call (lists, models) aside
        # Within one of the ORM's insert chunks (100 rows: 30 customers, 90
        # subscriptions), the same queries for 5 customers as for 30.
        self.assertEqual(queries_for(5), queries_for(30))
