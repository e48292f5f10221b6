# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.tests import tagged

from .common import AftersalesCase, utc

REPORT = "sparklife_aftersales.action_report_warranty_card"


@tagged("post_install", "-at_install")
class TestWarrantyCard(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.lang = "en_US"
        # Bought on 2 March 2026, received on 6 March (Paris time).
        cls.ring_line = cls._bought(cls.ring, utc(2026, 3, 2, 10), utc(2026, 3, 6, 15))

    def _card(self, line):
        """The warranty card of ``line`` as an HTML tree (in tests, PDF
        reports render as HTML)."""
        content, _report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, line.ids
        )
        return html.fromstring(content)

    def _text(self, card, xpath):
        return " ".join(" ".join(card.xpath(xpath)[0].itertext()).split())

    def test_card_of_a_delivered_adjustable_ring(self):
        card = self._card(self.ring_line)
        informations = self._text(card, "//div[@id='informations']")
        self.assertIn("Test Customer", informations)
        self.assertIn("Test Adjustable Ring", informations)
        self.assertIn(self.ring_line.order_id.name, informations)
        self.assertIn("03/02/2026", informations)
        self.assertIn("03/06/2026", informations)
        self.assertIn("Warranty card", self._text(card, "//h2"))
        self.assertIn("03/02/2027", self._text(card, "//tr[@name='warranty']"))
        resize = self._text(card, "//tr[@name='free_resize']")
        self.assertIn("06/02/2026", resize)
        self.assertIn("Free resizes left: 1", resize)
        self.assertIn("04/05/2026", self._text(card, "//tr[@name='return']"))

    def test_card_of_a_fixed_ring_not_yet_received(self):
        line = self._bought(self.fixed_ring, utc(2026, 3, 2, 10))
        card = self._card(line)
        self.assertNotIn("Received on", self._text(card, "//div[@id='informations']"))
        self.assertIn("03/02/2027", self._text(card, "//tr[@name='warranty']"))
        self.assertIn(
            "This piece cannot be adjusted: it can be resized by a redesign",
            self._text(card, "//tr[@name='free_resize']"),
        )
        self.assertIn(
            "The return period starts on the day you receive the item.",
            self._text(card, "//tr[@name='return']"),
        )

    def test_policy_in_short_follows_the_company_settings(self):
        card = self._card(self.ring_line)
        summary = self._text(card, "//div[@name='policy_summary']")
        self.assertIn("free of charge for 12 months after purchase", summary)
        self.assertIn("Cleaning and maintenance are free for life.", summary)
        self.assertIn("one free resize within 3 months of purchase", summary)
        self.assertIn("within 30 days of receiving the item", summary)
        self.assertIn("are paid services", summary)

        self.company.write(
            {
                "aftersales_warranty_months": 24,
                "aftersales_free_resizes_per_unit": 2,
                "aftersales_return_days": 14,
            }
        )
        card = self._card(self.ring_line)
        summary = self._text(card, "//div[@name='policy_summary']")
        self.assertIn("free of charge for 24 months after purchase", summary)
        self.assertIn("2 free resizes within 3 months of purchase", summary)
        self.assertIn("within 14 days of receiving the item", summary)
        # The item's own dates follow the new policy too.
        self.assertIn("03/02/2028", self._text(card, "//tr[@name='warranty']"))
        self.assertIn("03/20/2026", self._text(card, "//tr[@name='return']"))
        self.assertIn(
            "Free resizes left: 2", self._text(card, "//tr[@name='free_resize']")
        )

    def test_card_tells_where_to_send_items(self):
        self.company.aftersales_address_id = self.env["res.partner"].create(
            {"name": "Sparklife Workshop", "city": "Lyon"}
        )
        address = self._text(
            self._card(self.ring_line), "//div[@name='aftersales_address']"
        )
        self.assertIn("Sparklife Workshop", address)
        self.assertIn("Lyon", address)

    def test_card_is_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        card = self._card(self.ring_line)
        self.assertIn("02/03/2027", self._text(card, "//tr[@name='warranty']"))

    def test_report_file_name(self):
        self.assertEqual(
            self.ring_line._get_report_base_filename(),
            "Warranty card - Test Adjustable Ring",
        )
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "sale.order.line")
        self.assertIn(
            self.env.ref("sparklife_aftersales.group_aftersales_user"), report.group_ids
        )
