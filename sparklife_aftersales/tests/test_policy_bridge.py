# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import dataclasses
import datetime as dt

from odoo.tests import tagged

from odoo.addons.sparklife_aftersales import policy

from .common import AftersalesCase, utc


@tagged("post_install", "-at_install")
class TestPolicyBridge(AftersalesCase):
    """The Odoo side asks the policy engine and words its answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["sparklife.aftersales.policy"]
        cls.line = cls._bought(cls.ring, utc(2026, 3, 1, 9), utc(2026, 3, 10, 9))

    def test_free_resize_sentence(self):
        decision = self.Policy.evaluate(self.line, policy.RESIZE, utc(2026, 4, 1, 12))
        self.assertEqual(
            (decision.outcome, decision.reason), (policy.FREE, "free_resize")
        )
        self.assertEqual(
            self.Policy.describe(decision), "Free resize available until Jun 1, 2026."
        )

    def test_free_resizes_left_are_counted_in_the_sentence(self):
        pair = self._bought(self.ring, utc(2026, 3, 1, 9), qty=2)
        decision = self.Policy.evaluate(pair, policy.RESIZE, utc(2026, 4, 1, 12))
        self.assertEqual(
            self.Policy.describe(decision),
            "2 free resizes available until Jun 1, 2026.",
        )

    def test_return_window_closed_sentence(self):
        decision = self.Policy.evaluate(
            self.line, policy.RETURN_SATISFACTION, utc(2026, 4, 10, 12)
        )
        self.assertTrue(decision.is_refused)
        self.assertEqual(
            self.Policy.describe(decision),
            "Returns are accepted within 30 days of receiving the item; this period "
            "ended on Apr 9, 2026.",
        )

    def test_used_resize_counts_from_the_line(self):
        self.line.aftersales_free_resizes_used = 1
        decision = self.Policy.evaluate(self.line, policy.RESIZE, utc(2026, 4, 1, 12))
        self.assertEqual(
            (decision.outcome, decision.reason), (policy.PAID, "free_resize_used")
        )

    def test_settings_reach_the_engine(self):
        self.company.aftersales_return_days = 60
        decision = self.Policy.evaluate(
            self.line, policy.RETURN_SATISFACTION, utc(2026, 4, 10, 12)
        )
        self.assertTrue(decision.is_free)
        self.assertEqual(str(decision.deadline), "2026-05-09")

    def test_every_reason_has_a_sentence(self):
        """Each answer the engine can give reads as a sentence."""
        request_variants = [
            policy.Request(),
            policy.Request(damage_cause=policy.MANUFACTURING_DEFECT),
            policy.Request(damage_cause=policy.ACCIDENTAL_DAMAGE),
            policy.Request(redesign=True),
            policy.Request(conditions={"unused": False, "certificate": False}),
            policy.Request(conditions=dict.fromkeys(policy.RETURN_CONDITIONS, True)),
            policy.Request(photo_count=1, confirmed=True),
            policy.Request(photo_count=1, confirmed=True, defect_found=True),
            policy.Request(photo_count=1, confirmed=True, defect_found=False),
            policy.Request(same_piece=False),
        ]
        draft = self._order([(self.ring, 1)]).order_line
        undelivered = self._bought(self.fixed_ring, utc(2026, 3, 1, 9))
        earrings = self._bought(self.earrings, utc(2026, 3, 1, 9))
        seen = set()
        for line in (self.line, undelivered, draft, earrings):
            for service in policy.SERVICES:
                for at in (utc(2026, 3, 20, 12), utc(2028, 1, 1, 12)):
                    for request in request_variants:
                        decision = self.Policy.evaluate(line, service, at, request)
                        text = self.Policy.describe(decision)
                        self.assertTrue(text.endswith("."), text)
                        self.assertNotIn("%(", text)
                        seen.add(decision.reason)
        self.line.aftersales_free_resizes_used = 1
        seen.add(
            self.Policy.evaluate(self.line, policy.RESIZE, utc(2026, 3, 20)).reason
        )
        no_item = self.Policy.evaluate(self.env["sale.order.line"], policy.CLEANING)
        self.assertEqual(no_item.reason, "no_item")
        self.assertTrue(self.Policy.describe(no_item))
        seen.add(no_item.reason)
        # A piece that changed hands, and an appraisal the company offers.
        settings = self.company._aftersales_policy_settings()
        at = utc(2026, 3, 20, 12)
        handed = dataclasses.replace(
            self.line._aftersales_item(), transferred_on=dt.date(2026, 3, 1)
        )
        offered = dataclasses.replace(settings, appraisal_free_days=3650)
        # Instead of a refund: an exchange, a trade-up.
        item = dataclasses.replace(self.line._aftersales_item(), free_resizes_used=0)
        certified = dataclasses.replace(
            item, trade_up_eligible=True, certificate=True, unit_price=1000.0
        )
        five_years = dataclasses.replace(settings, trade_up_years=5)
        for decision in (
            policy.evaluate(handed, policy.RESIZE, at, settings),
            policy.evaluate(handed, policy.RETURN_SATISFACTION, at, settings),
            policy.evaluate(handed, policy.APPRAISAL, at, offered),
            policy.evaluate(
                item,
                policy.EXCHANGE,
                at,
                settings,
                policy.Request(size_exchange=True),
            ),
            policy.evaluate(
                dataclasses.replace(item, exchanged=True, received_date=None),
                policy.WARRANTY,
                at,
                settings,
            ),
            policy.evaluate(
                dataclasses.replace(item, trade_up_eligible=True),
                policy.TRADE_UP,
                at,
                settings,
            ),
            policy.evaluate(
                dataclasses.replace(certified, transferred_on=dt.date(2026, 3, 1)),
                policy.TRADE_UP,
                at,
                settings,
            ),
            policy.evaluate(
                certified, policy.TRADE_UP, utc(2032, 1, 1, 12), five_years
            ),
            policy.evaluate(
                certified, policy.TRADE_UP, at, settings, policy.Request(new_price=1500)
            ),
            policy.evaluate(
                certified,
                policy.TRADE_UP,
                at,
                settings,
                policy.Request(trade_in_condition=False),
            ),
            policy.evaluate(certified, policy.TRADE_UP, at, settings),
            policy.evaluate(
                certified,
                policy.TRADE_UP,
                at,
                settings,
                policy.Request(trade_in_condition=True),
            ),
        ):
            text = self.Policy.describe(decision)
            self.assertTrue(text.endswith("."), text)
            self.assertNotIn("%(", text)
            seen.add(decision.reason)
        self.assertEqual(
            seen,
            {
                "customer_service",
                "no_item",
                "not_purchased",
                "warranty_defect",
                "warranty_to_assess",
                "warranty_expired",
                "warranty_excluded_cause",
                "cleaning_lifetime",
                "resize_not_adjustable",
                "resize_redesign",
                "free_resize_expired",
                "free_resize_used",
                "free_resize",
                "accessory_quality",
                "accessory_paid",
                "restoration_paid",
                "not_received",
                "return_window_closed",
                "return_conditions_failed",
                "return_satisfaction",
                "return_conditions_met",
                "quality_return_expired",
                "quality_return",
                "quality_return_confirmed",
                "quality_defect_confirmed",
                "quality_defect_not_found",
                "return_not_the_piece_sold",
                "resize_not_offered",
                "appraisal_paid",
                "appraisal_free",
                "free_resize_first_buyer",
                "return_first_buyer",
                "exchange_offered",
                "exchange_conditions_met",
                "exchange_conditions_failed",
                "exchange_free_resize_first",
                "exchange_not_delivered",
                "trade_up_not_eligible",
                "trade_up_first_buyer",
                "trade_up_certificate_missing",
                "trade_up_expired",
                "trade_up_price_too_low",
                "trade_up_condition",
                "trade_up_offered",
                "trade_up_accepted",
            },
        )

    def test_sentence_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        decision = self.Policy.evaluate(self.line, policy.RESIZE, utc(2026, 4, 1, 12))
        text = self.Policy.with_context(lang="fr_FR").describe(decision)
        self.assertIn("1 juin 2026", text)

    def test_dates_in_sentences_read_as_date_fields_do(self):
        """Written out in the reader's language, as Odoo shows date fields,
        never in the numeric order of one country."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("en_GB")
        line = self._bought(self.ring, utc(2026, 2, 18, 9), utc(2026, 2, 20, 9))
        decision = self.Policy.evaluate(line, policy.WARRANTY, utc(2026, 3, 1, 12))
        for lang, date in (
            ("en_US", "Feb 18, 2027"),
            ("fr_FR", "18 févr. 2027"),
            ("en_GB", "18 Feb 2027"),
        ):
            with self.subTest(lang=lang):
                text = self.Policy.with_context(lang=lang).describe(decision)
                self.assertIn(date, text)
                self.assertNotIn("02/18/2027", text)
                self.assertNotIn("18/02/2027", text)
        # The customer's request tells it in the customer's language.
        self.customer.lang = "fr_FR"
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(lang="fr_FR")
            .create(
                {
                    "name": "Garantie",
                    "description": "<p>La perle se décolle.</p>",
                    "partner_id": self.customer.id,
                    "aftersales_service": policy.WARRANTY,
                    "aftersales_sale_line_id": line.id,
                    "aftersales_requested_on": utc(2026, 3, 1, 12),
                }
            )
        )
        self.assertIn("18 févr. 2027", ticket.aftersales_reason)

    def test_every_plan_answer_has_a_sentence_in_each_language(self):
        """What the engine answers with a protection plan reads as a
        sentence, its deductible in the company's currency."""
        self.env["res.lang"]._activate_lang("fr_FR")
        settings = policy.Settings(timezone="Europe/Paris")
        start = self.line.aftersales_purchase_date

        def answer(service, on, cause=policy.NOT_ASSESSED, **plan_values):
            plan = policy.Plan(
                start=start,
                end=start.replace(year=start.year + 5),
                covers=frozenset(policy.CARE_COVERS),
                claims_allowed=3,
                deductible=50.0,
                extra_free_resizes=1,
                **plan_values,
            )
            item = policy.Item(
                purchase_date=start,
                received_date=start,
                adjustable=True,
                free_resizes_used=1,
                plan=plan,
            )
            request = policy.Request(damage_cause=cause)
            return policy.evaluate(item, service, on, settings, request)

        later = start.replace(year=start.year + 2)
        decisions = [
            answer(policy.WARRANTY, later, policy.ACCIDENTAL_DAMAGE),
            answer(policy.RESIZE, later),
            answer(policy.WARRANTY, later),
            answer(policy.WARRANTY, later, policy.LOST_STONE, claims_used=3),
            answer(policy.RESIZE, later, extra_resizes_used=1),
            answer(
                policy.WARRANTY,
                later,
                policy.ACCIDENTAL_DAMAGE,
                inspection_due=start.replace(year=start.year + 1),
            ),
            answer(policy.CLEANING, later),
        ]
        self.assertEqual(
            [decision.reason for decision in decisions],
            [
                "care_covered",
                "care_resize",
                "care_to_assess",
                "care_claims_used",
                "care_resizes_used",
                "care_suspended",
                "care_cleaning_shipping",
            ],
        )
        for decision in decisions:
            with self.subTest(reason=decision.reason):
                english = self.Policy.describe(decision)
                french = self.Policy.with_context(lang="fr_FR").describe(decision)
                self.assertIn("Sparklife Care", english)
                self.assertNotEqual(english, french)
        covered = self.Policy.describe(decisions[0])
        self.assertIn("50.00", covered)
        self.assertIn(self.env.company.currency_id.symbol, covered)
