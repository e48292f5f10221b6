# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reminders before a window closes: the exact day, once, on the channels
the customer did not block, in the customer's language."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo.fields import Domain
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase
from odoo.addons.sparklife_aftersales import policy

from .common import BOUGHT, RECEIVED, AftersalesCase, FlushBatchesMixin, utc


def _noon_in_paris(day):
    return utc(day.year, day.month, day.day, 11, 0)


@tagged("post_install", "-at_install")
class TestReminders(FlushBatchesMixin, AftersalesCase, MockEmail, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"phone": "+33 6 11 22 33 44", "lang": "en_US"})
        cls.line = cls._bought(cls.ring, BOUGHT, RECEIVED)
        cls.Reminder = cls.env["sparklife.aftersales.reminder"]

    def _run(self, kind, day):
        with freeze_time(_noon_in_paris(day)):
            with self.mock_mail_gateway(), self.mockSMSGateway():
                return self.Reminder._send_due_reminders(kind)

    def _reminders(self, line=None):
        return self.Reminder.search([("sale_line_id", "=", (line or self.line).id)])

    def _reminder_mails(self, line=None):
        line = line or self.line
        return self._new_mails.filtered(
            lambda m: m.model == "sale.order.line" and m.res_id == line.id
        )

    def _sms_to(self, partner):
        return self._new_sms.filtered(lambda s: s.partner_id == partner)

    def _assert_sent_once_from(self, kind, first_day, subject_part):
        """Nothing the day before ``first_day``, one email and one SMS on it,
        nothing more the next day."""
        self._run(kind, first_day - timedelta(days=1))
        self.assertFalse(self._reminders().filtered(lambda r: r.kind == kind))
        self._run(kind, first_day)
        reminder = self._reminders().filtered(lambda r: r.kind == kind)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.channels, "email, sms")
        mail = self._reminder_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn(subject_part, mail.subject)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(len(self._sms_to(self.customer)), 1)
        self.assertEqual(self._sms_to(self.customer).state, "outgoing")
        self._run(kind, first_day + timedelta(days=1))
        self.assertFalse(self._reminder_mails())
        self.assertFalse(self._sms_to(self.customer))
        self.assertEqual(len(self._reminders().filtered(lambda r: r.kind == kind)), 1)

    def test_free_resize_reminder_14_days_before(self):
        self.assertEqual(self.line.aftersales_free_resize_end, date(2026, 4, 10))
        self._assert_sent_once_from(
            policy.REMIND_FREE_RESIZE, date(2026, 3, 27), "free resize ends on"
        )

    def test_return_reminder_5_days_before(self):
        self.assertEqual(self.line.aftersales_return_end, date(2026, 2, 11))
        self._assert_sent_once_from(
            policy.REMIND_RETURN, date(2026, 2, 6), "returns of Test Adjustable Ring"
        )

    def test_warranty_reminder_30_days_before(self):
        self.assertEqual(self.line.aftersales_warranty_end, date(2027, 1, 10))
        self._assert_sent_once_from(
            policy.REMIND_WARRANTY,
            date(2026, 12, 11),
            "warranty of Test Adjustable Ring",
        )

    def test_no_reminder_after_the_last_day(self):
        self._run(policy.REMIND_RETURN, date(2026, 2, 12))
        self.assertFalse(self._reminders())

    def test_lead_time_is_a_setting(self):
        self.company.aftersales_remind_return_days = 10
        self._run(policy.REMIND_RETURN, date(2026, 2, 1))
        self.assertEqual(len(self._reminders()), 1)

    def test_no_free_resize_reminder_once_it_was_used(self):
        self.line.sudo().aftersales_free_resizes_used = 1
        self._run(policy.REMIND_FREE_RESIZE, date(2026, 4, 1))
        self.assertFalse(self._reminders())

    def test_email_blacklisted_gets_sms_only(self):
        self.env["mail.blacklist"].sudo()._add(self.customer.email)
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        self.assertEqual(self._reminders().channels, "sms")
        self.assertFalse(self._reminder_mails())
        self.assertEqual(len(self._sms_to(self.customer)), 1)

    def test_phone_blacklisted_or_missing_gets_email_only(self):
        self.env["phone.blacklist"].sudo().add(self.customer.phone)
        no_phone = self.customer.copy({"name": "No Phone", "phone": False})
        other_line = self._bought(self.ring, BOUGHT, RECEIVED, partner=no_phone)
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        for line, partner in ((self.line, self.customer), (other_line, no_phone)):
            with self.subTest(partner=partner.name):
                self.assertEqual(self._reminders(line).channels, "email")
                self.assertEqual(len(self._reminder_mails(line)), 1)
                self.assertFalse(self._sms_to(partner))

    def test_number_taken_off_the_blacklist_gets_sms_again(self):
        """The blacklist is read for the whole batch: a number blocked in
        any format is skipped, one taken off it (archived) is texted."""
        blocked = self.customer.copy({"name": "Blocked", "phone": "+33 6 55 66 77 88"})
        other_line = self._bought(self.ring, BOUGHT, RECEIVED, partner=blocked)
        Blacklist = self.env["phone.blacklist"].sudo()
        Blacklist.add("+33655667788")
        Blacklist.add(self.customer.phone)
        Blacklist.remove(self.customer.phone)
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        self.assertEqual(self._reminders().channels, "email, sms")
        self.assertEqual(len(self._sms_to(self.customer)), 1)
        self.assertEqual(self._reminders(other_line).channels, "email")
        self.assertFalse(self._sms_to(blocked))

    def test_every_channel_blocked_is_recorded_and_not_retried(self):
        self.env["mail.blacklist"].sudo()._add(self.customer.email)
        self.env["phone.blacklist"].sudo().add(self.customer.phone)
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        self.assertEqual(self._reminders().channels, False)
        self.assertFalse(self._reminder_mails() or self._sms_to(self.customer))
        self._run(policy.REMIND_RETURN, date(2026, 2, 9))
        self.assertEqual(len(self._reminders()), 1)

    def test_channels_are_settings(self):
        self.company.aftersales_remind_by_sms = False
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        self.assertEqual(self._reminders().channels, "email")
        self.assertFalse(self._sms_to(self.customer))

    def test_reminder_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("sparklife_aftersales.mail_template_remind_return")
        template.with_context(lang="fr_FR").subject = (
            "Retours de {{ object.product_id.name }} jusqu'au "
            "{{ object.aftersales_return_end_text }}"
        )
        self.customer.lang = "fr_FR"
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        mail = self._reminder_mails()
        self.assertEqual(
            mail.subject, "Retours de Test Adjustable Ring jusqu'au 11/02/2026"
        )
        self.assertIn("11/02/2026", mail.body_html)
        self.assertRegex(mail.body_html, r"(Your|Votre) bijou</span>")
        self.assertIn("11/02/2026", self._sms_to(self.customer).body)

    def test_templates_render_without_evaluating_code(self):
        """The reminders' templates use only values Odoo renders without
        evaluating code: rendered for a whole batch without being compiled
        for each item, and open to staff who are not template editors."""
        Template = self.env["mail.template"]
        for kind in (
            policy.REMIND_FREE_RESIZE,
            policy.REMIND_RETURN,
            policy.REMIND_WARRANTY,
        ):
            with self.subTest(kind=kind):
                mail = self.env.ref(f"sparklife_aftersales.mail_template_remind_{kind}")
                sms = self.env.ref(f"sparklife_aftersales.sms_template_remind_{kind}")
                model = "sale.order.line"
                self.assertFalse(
                    Template._has_unsafe_expression_template_qweb(mail.body_html, model)
                )
                for text in (
                    mail.subject,
                    mail.email_from,
                    mail.partner_to,
                    mail.lang,
                    sms.body,
                ):
                    self.assertFalse(
                        Template._has_unsafe_expression_template_inline_template(
                            text, model
                        ),
                        text,
                    )

    def test_reminder_is_an_email_in_the_company_layout(self):
        """A reminder goes out as a mailing's emails do: rendered from its
        template in batch, wrapped in Odoo's light email layout (the piece
        in the header, the company in the footer), queued for the mail queue,
        to the customer only: the order's followers are not notified."""
        self.line.order_id.message_subscribe(self.aftersales_user.partner_id.ids)
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        mail = self._reminder_mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent by the job")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("You can still return your", mail.body_html)
        header, footer = mail.body_html.rsplit("You can still", 1)
        self.assertIn("Your piece", header)
        self.assertIn("Test Adjustable Ring", header)
        self.assertIn(self.company.name, footer)
        # The message kept with the email holds what was written, as in
        # Odoo's mass mode: the layout is the email's only.
        self.assertIn("You can still return your", mail.body)
        self.assertNotIn("Your piece", mail.body)
        self.assertIn("returns of Test Adjustable Ring", mail.subject)
        self.assertFalse(
            self.env["mail.notification"].search(
                [("res_partner_id", "=", self.aftersales_user.partner_id.id)]
            )
        )

    def test_each_email_holds_its_own_piece_and_message(self):
        """The layout is shared by the emails of a language and a company;
        each still names its own piece, escaped as the layout's own fields
        are, around its own message, in its customer's language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        pendant = self._covered_product("Sun & Moon <Pendant>/Gold")
        french = self.customer.copy({"name": "Camille", "lang": "fr_FR"})
        ada = self.customer.copy({"name": "Ada"})
        lines = {
            self.customer: self.line,
            french: self._bought(self.ring, BOUGHT, RECEIVED, partner=french),
            ada: self._bought(pendant, BOUGHT, RECEIVED, partner=ada),
        }
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        mails = {partner: self._reminder_mails(line) for partner, line in lines.items()}
        self.assertIn("Sun &amp; Moon &lt;Pendant&gt;-Gold", mails[ada].body_html)
        self.assertIn("returns of Sun & Moon <Pendant>/Gold", mails[ada].subject)
        self.assertIn("Test Adjustable Ring", mails[self.customer].body_html)
        self.assertNotIn("Sun &amp; Moon", mails[self.customer].body_html)
        for partner, mail in mails.items():
            with self.subTest(customer=partner.name):
                self.assertEqual(len(mail), 1)
                self.assertIn(partner.name, mail.body_html)
                self.assertNotIn("sparklife-", mail.body_html)
                self.assertEqual(mail.body_html.count("<html"), 1)
        self.assertIn(' lang="fr', mails[french].body_html)
        self.assertNotIn(' lang="fr', mails[self.customer].body_html)

    def test_logged_on_the_order(self):
        self._run(policy.REMIND_WARRANTY, date(2026, 12, 20))
        note = self.line.order_id.message_ids[0]
        self.assertIn("Reminder sent to the customer", note.body)
        self.assertIn("Test Adjustable Ring", note.body)

    def test_job_selects_what_the_policy_says_is_due(self):
        """The job's search and :func:`policy.reminder_due` agree, line by line,
        around the edges of the window."""
        lines = self.line
        for days in (1, 20, 40, 80, 85, 89, 95):
            lines |= self._bought(self.ring, BOUGHT - timedelta(days=days), RECEIVED)
        for day in (date(2026, 3, 1), date(2026, 3, 27), date(2026, 4, 10)):
            with self.subTest(day=day), freeze_time(_noon_in_paris(day)):
                domain = self.Reminder._due_lines_domain(policy.REMIND_FREE_RESIZE)
                found = self.env["sale.order.line"].search(
                    domain & Domain("id", "in", lines.ids)
                )
                expected = lines.filtered(
                    lambda line, d=day: policy.reminder_due(
                        line.aftersales_free_resize_end, d, 14
                    )
                )
                self.assertEqual(found, expected)
                self.assertTrue(expected)

    def test_reminders_of_other_companies_are_not_shown(self):
        tokyo = self.env["res.company"].create({"name": "Sparklife Tokyo"})
        self._run(policy.REMIND_RETURN, date(2026, 2, 8))
        reminder = self._reminders()
        self.assertTrue(
            self.Reminder.with_user(self.aftersales_user).search(
                [("id", "=", reminder.id)]
            )
        )
        reminder.sudo().company_id = tokyo
        self.assertFalse(
            self.Reminder.with_user(self.aftersales_user).search(
                [("id", "=", reminder.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestReminderTemplatesMigration(AftersalesCase):
    """Migration 19.0.1.11.0 gives installed reminder templates the
    expressions the shipped ones have, keeping staff's wording."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = Path(__file__).parent.parent / "migrations/19.0.1.11.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("reminders_migration", path)
        cls.migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cls.migration)

    def test_old_expressions_become_the_shipped_ones(self):
        rewritten = self.migration._rewritten
        self.assertEqual(
            rewritten(
                "<p>Dear <t t-out=\"object.aftersales_owner_id.name or ''\">Chloé</t>:"
                ' until <strong t-out="format_date(object.aftersales_return_end)'
                " or ''\">11 March</strong>.</p>"
            ),
            '<p>Dear <t t-out="object.aftersales_owner_id.name">Chloé</t>:'
            ' until <strong t-out="object.aftersales_return_end_text">'
            "11 March</strong>.</p>",
        )
        self.assertEqual(
            rewritten(
                "{{ object.company_id.email_formatted or user.email_formatted }}"
            ),
            "{{ object.company_id.email_formatted }}",
        )
        self.assertEqual(
            rewritten("Ends {{ format_date(object.aftersales_warranty_end) }}!"),
            "Ends {{ object.aftersales_warranty_end_text }}!",
        )

    def test_shipped_templates_are_left_as_they_are(self):
        for kind in (
            policy.REMIND_FREE_RESIZE,
            policy.REMIND_RETURN,
            policy.REMIND_WARRANTY,
        ):
            mail = self.env.ref(f"sparklife_aftersales.mail_template_remind_{kind}")
            sms = self.env.ref(f"sparklife_aftersales.sms_template_remind_{kind}")
            for text in (mail.subject, mail.email_from, str(mail.body_html), sms.body):
                with self.subTest(kind=kind, text=text[:40]):
                    self.assertEqual(self.migration._rewritten(text), text)
