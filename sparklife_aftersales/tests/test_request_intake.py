# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Requests arrive at any hour and are acknowledged at once, by email and SMS."""

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common import AftersalesCase, utc

INCOMING = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}

My ring lost a stone, what can I do?
"""


@tagged("post_install", "-at_install")
class TestRequestIntake(AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"phone": "+33 6 12 34 56 78", "lang": "en_US"})
        cls.line = cls._bought(cls.ring, utc(2026, 1, 10, 11), utc(2026, 1, 12, 9))
        cls.team = cls.env.ref("sparklife_aftersales.helpdesk_team_aftersales")
        cls.env["ir.config_parameter"].sudo().set_param(
            "mail.catchall.domain", "sparklife.example"
        )
        cls.env.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "sparklife.example"}
        )

    def _create(self, partner=None, **values):
        return self._new_request(
            "resize",
            name="Resize my ring",
            description="<p>Too small.</p>",
            partner_id=(partner or self.customer).id,
            **values,
        )

    def _mails_to(self, partner):
        return self._new_mails.filtered(lambda m: partner in m.recipient_ids)

    def test_acknowledged_by_email_and_sms(self):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket = self._create()
        mail = self._mails_to(self.customer)
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)
        self.assertIn("Please wait for our confirmation", mail.body_html)
        self.assertIn("Our after-sales address", mail.body_html)
        # Sent to the number normalized to E.164 (phonenumbers).
        self.assertEqual(self.customer.phone_sanitized, "+33612345678")
        self.assertSMSIapSent([self.customer.phone_sanitized], content=ticket.number)

    def test_no_sms_without_a_phone_or_when_blocked(self):
        no_phone = self.customer.copy({"phone": False, "name": "No Phone"})
        blocked = self.customer.copy({"name": "Blocked"})
        self.env["phone.blacklist"].sudo().add(blocked.phone)
        for partner in (no_phone, blocked):
            with self.subTest(partner=partner.name):
                line = self._bought(self.ring, utc(2026, 1, 10, 11), partner=partner)
                with self.mock_mail_gateway(), self.mockSMSGateway():
                    self._create(partner, aftersales_sale_line_id=line.id)
                self.assertEqual(self._sms, [])
                self.assertEqual(len(self._mails_to(partner)), 1)

    def test_acknowledged_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("sparklife_aftersales.mail_template_request_received")
        template.with_context(
            lang="fr_FR"
        ).subject = (
            "{{ object.company_id.name }} : demande {{ object.number }} bien reçue"
        )
        self.customer.lang = "fr_FR"
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket = self._create()
        self.assertIn(
            f"demande {ticket.number} bien reçue", self._mails_to(self.customer).subject
        )

    def test_email_to_the_alias_creates_an_acknowledged_ticket(self):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            ticket = self.format_and_process(
                INCOMING,
                self.customer.email,
                f"aftersales@{self.env.company.alias_domain_id.name}",
                subject="Lost stone",
                target_model="helpdesk.ticket",
            )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertFalse(ticket.aftersales_service)
        mail = self._mails_to(self.customer)
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)
        self.assertIn("Our customer service will read your message", mail.body_html)

    def test_records_loaded_from_data_files_are_not_acknowledged(self):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self.env["helpdesk.ticket"].with_context(install_mode=True).create(
                {
                    "name": "Imported request",
                    "description": "<p>From a data file.</p>",
                    "partner_id": self.customer.id,
                }
            )
        self.assertFalse(self._mails_to(self.customer))
        self.assertEqual(self._sms, [])
