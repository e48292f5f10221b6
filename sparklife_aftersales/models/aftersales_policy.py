# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Odoo side of the policy engine.

Every entry point (back office, portal, returns, scheduled jobs) goes through
this model: it reads the company's settings and an item's facts, asks
:mod:`..policy`, and words the answer in the reader's language.
"""

from odoo import api, fields, models, tools
from odoo.tools.misc import format_amount, format_date

from .. import policy

#: The sentence telling each reason of the engine's decisions:
#: ``reason: sentence(engine, params)``, the engine's environment giving the
#: reader's language. Built once, not on every sentence told: a page tells
#: many.
SENTENCES = {
    "customer_service": lambda self, params: self.env._(
        "Our customer service answers every request, at any hour, free of charge."
    ),
    "no_item": lambda self, params: self.env._(
        "Please choose the purchased item this request is about."
    ),
    "not_purchased": lambda self, params: self.env._(
        "This item's order is not confirmed: it is not covered by the "
        "after-sales policy."
    ),
    "warranty_defect": lambda self, params: self.env._(
        "Manufacturing defects are repaired or replaced free of charge under "
        "the warranty, valid until %(date)s.",
        **params,
    ),
    "warranty_to_assess": lambda self, params: self.env._(
        "Covered by the warranty until %(date)s: the repair is free if our "
        "workshop finds a manufacturing defect.",
        **params,
    ),
    "warranty_expired": lambda self, params: self.env._(
        "The warranty ended on %(date)s: we can repair the item as a paid service.",
        **params,
    ),
    "warranty_excluded_cause": lambda self, params: self.env._(
        "The warranty does not cover %(cause)s: we can repair the item as a "
        "paid service.",
        **params,
    ),
    "cleaning_lifetime": lambda self, params: self.env._(
        "Cleaning and maintenance are free for life; shipping is at the "
        "customer's expense."
    ),
    "resize_not_adjustable": lambda self, params: self.env._(
        "This piece cannot be adjusted: resizing it means redesigning it, "
        "a paid service priced by our workshop for the design."
    ),
    "resize_not_offered": lambda self, params: self.env._(
        "Resizing is not offered for this kind of piece."
    ),
    "resize_redesign": lambda self, params: self.env._(
        "A resize that needs a redesign is a paid service, priced for the design."
    ),
    "free_resize_expired": lambda self, params: self.env._(
        "The free resize period ended on %(date)s: a resize is now a paid service.",
        **params,
    ),
    "free_resize_first_buyer": lambda self, params: self.env._(
        "The free resize was the first owner's: this piece changed hands "
        "on %(date)s, so a resize is now a paid service.",
        **params,
    ),
    "return_first_buyer": lambda self, params: self.env._(
        "Returns and refunds belong to the first buyer: this piece changed "
        "hands on %(date)s. Its warranty still covers manufacturing defects.",
        **params,
    ),
    "free_resize_used": lambda self, params: self.env._(
        "The free resize of this item has already been used: a further resize "
        "is a paid service."
    ),
    "free_resize": lambda self, params: (
        self.env._("Free resize available until %(date)s.", **params)
        if params.get("remaining", 1) <= 1
        else self.env._(
            "%(remaining)s free resizes available until %(date)s.", **params
        )
    ),
    "accessory_quality": lambda self, params: self.env._(
        "A quality issue of an accessory is covered by the warranty until %(date)s.",
        **params,
    ),
    "accessory_paid": lambda self, params: self.env._(
        "Repairing or replacing an accessory (small diamonds, earring backs, "
        "clasps) is a paid service."
    ),
    "restoration_paid": lambda self, params: self.env._(
        "Restoration (repolishing, replating) is a paid service, at list price."
    ),
    "appraisal_free": lambda self, params: self.env._(
        "An appraisal for your insurer is free until %(date)s.", **params
    ),
    "appraisal_paid": lambda self, params: self.env._(
        "An appraisal for your insurer (its replacement value, valid for "
        "a few years) is a paid service, at list price."
    ),
    "not_received": lambda self, params: self.env._(
        "This item has not been delivered yet, so it cannot be returned."
    ),
    "return_window_closed": lambda self, params: self.env._(
        "Returns are accepted within %(days)s days of receiving the item; "
        "this period ended on %(date)s.",
        **params,
    ),
    "return_conditions_failed": lambda self, params: self.env._(
        "The return cannot be refunded: %(conditions)s not met.",
        **params,
    ),
    "return_satisfaction": lambda self, params: self.env._(
        "Return accepted until %(date)s if the item is unused, in its original "
        "packaging, with its certificate.",
        **params,
    ),
    "quality_return_expired": lambda self, params: self.env._(
        "Quality issues are handled within the warranty period, which ended "
        "on %(date)s.",
        **params,
    ),
    "return_conditions_met": lambda self, params: self.env._(
        "The item came back unused, in its original packaging, with its "
        "certificate: the return is refunded."
    ),
    "quality_return_confirmed": lambda self, params: self.env._(
        "Customer service confirmed the quality issue: send the item to our "
        "after-sales address; it is refunded or replaced once our workshop "
        "has checked it (quality issues found before %(date)s).",
        **params,
    ),
    "quality_defect_confirmed": lambda self, params: self.env._(
        "Our workshop confirmed the defect: the item is refunded or replaced."
    ),
    "return_not_the_piece_sold": lambda self, params: self.env._(
        "The piece received is not the one sold: its serial number is not "
        "one delivered with this item, so it is not refunded."
    ),
    "quality_defect_not_found": lambda self, params: self.env._(
        "Our workshop did not find the quality issue described: a manager "
        "decides on the refund."
    ),
    "quality_return": lambda self, params: self.env._(
        "Quality issues found before %(date)s are refunded or replaced; send "
        "photos and wait for our confirmation before shipping the item.",
        **params,
    ),
    # Protection plans (Sparklife Care)
    "care_covered": lambda self, params: self.env._(
        "Covered by your Sparklife Care plan until %(date)s: the repair is "
        "free, you pay the deductible of %(deductible)s.",
        **params,
    ),
    "care_resize": lambda self, params: self.env._(
        "Your Sparklife Care plan gives this extra resize until %(date)s: "
        "you pay the deductible of %(deductible)s.",
        **params,
    ),
    "care_to_assess": lambda self, params: self.env._(
        "Your Sparklife Care plan, valid until %(date)s, may cover this "
        "damage: our workshop assesses it first.",
        **params,
    ),
    "care_claims_used": lambda self, params: self.env._(
        "The %(allowed)s claims of your Sparklife Care plan are used up: "
        "this is a paid service.",
        **params,
    ),
    "care_resizes_used": lambda self, params: self.env._(
        "The %(allowed)s extra resizes of your Sparklife Care plan are used: "
        "this resize is a paid service.",
        **params,
    ),
    "care_suspended": lambda self, params: self.env._(
        "Your Sparklife Care plan does not cover accidental damage while its "
        "inspection, due on %(date)s, is overdue: this is a paid service "
        "until the piece is inspected.",
        **params,
    ),
    "exchange_not_delivered": lambda self, params: self.env._(
        "This piece was given in exchange for another: it is covered from "
        "the day it is delivered."
    ),
    "exchange_offered": lambda self, params: self.env._(
        "Exchange accepted until %(date)s for another size or another piece, "
        "if the item is unused, in its original packaging, with its "
        "certificate; the price difference is invoiced or refunded.",
        **params,
    ),
    "exchange_conditions_met": lambda self, params: self.env._(
        "The item came back unused, in its original packaging, with its "
        "certificate: the new piece is on its way."
    ),
    "exchange_conditions_failed": lambda self, params: self.env._(
        "The item cannot be exchanged: %(conditions)s not met.",
        **params,
    ),
    "exchange_free_resize_first": lambda self, params: self.env._(
        "Your free resize is open until %(date)s: we can adjust this piece to "
        "your size free of charge. If you still prefer another size, say so "
        "and we exchange it.",
        **params,
    ),
    "trade_up_not_eligible": lambda self, params: self.env._(
        "This piece is not part of our trade-up programme."
    ),
    "trade_up_first_buyer": lambda self, params: self.env._(
        "A trade-up credits what the first buyer paid: this piece changed "
        "hands on %(date)s.",
        **params,
    ),
    "trade_up_certificate_missing": lambda self, params: self.env._(
        "A trade-up needs the piece's grading certificate, which we do not "
        "have on record."
    ),
    "trade_up_expired": lambda self, params: self.env._(
        "Trade-ups of this piece were possible until %(date)s.",
        **params,
    ),
    "trade_up_price_too_low": lambda self, params: self.env._(
        "A trade-up credits %(credit)s towards a piece of at least %(minimum)s.",
        **params,
    ),
    "trade_up_condition": lambda self, params: self.env._(
        "The piece did not come back in a condition to be traded in: it is "
        "sent back to you."
    ),
    "trade_up_offered": lambda self, params: self.env._(
        "Trade it up: we credit %(credit)s towards a piece of at least "
        "%(minimum)s, once we have checked its condition.",
        **params,
    ),
    "trade_up_accepted": lambda self, params: self.env._(
        "Trade-up accepted: %(credit)s credited towards your new piece.",
        **params,
    ),
    "care_cleaning_shipping": lambda self, params: self.env._(
        "Cleaning is free for life, and your Sparklife Care plan pays "
        "shipping both ways until %(date)s.",
        **params,
    ),
}


class SparklifeAftersalesPolicy(models.AbstractModel):
    _name = "sparklife.aftersales.policy"
    _description = "Sparklife after-sales policy"

    @api.model
    def evaluate(
        self,
        line,
        service,
        at=None,
        request=None,
        released_resizes=0,
        released_claim=None,
    ):
        """The policy's :class:`~..policy.Decision` for ``line`` and ``service``.

        :param line: a ``sale.order.line`` (the purchased item) or an empty
            recordset for a customer-service request naming no item
        :param at: date or datetime of the request (default: now)
        :param request: a :class:`~..policy.Request`
        :param released_resizes: free resizes of the item to count as not
            used, because the request being judged is the one that used them
        :param released_claim: the service (``resize`` or another) of a
            claim of the item's care plan to count as not used, for the same
            reason
        """
        company = line.company_id if line else self.env.company
        item = line._aftersales_item(released_resizes, released_claim) if line else None
        return policy.evaluate(
            item,
            service,
            at or fields.Datetime.now(),
            company._aftersales_policy_settings(),
            request,
        )

    @api.model
    def evaluate_services(self, line, services, at=None, settings=None, item=None):
        """The decisions for each of ``services`` on the item ``line`` at
        ``at``, the same as :meth:`evaluate` gives one by one; the item (given
        as the engine sees it, or built) and the company's settings (given,
        or read) are built once."""
        item = item or line._aftersales_item()
        settings = settings or line.company_id._aftersales_policy_settings()
        at = at or fields.Datetime.now()
        return policy.evaluate_services(item, services, at, settings)

    @api.model
    def format_date(self, day):
        """``day`` as the reader's language writes it, the way Odoo shows
        date fields: "Feb 18, 2027", "18 févr. 2027", "18 Feb 2027"."""
        return self._format_date_in(self.env.lang or "en_US", day)

    @tools.ormcache("lang", "day")
    def _format_date_in(self, lang, day):
        # A page tells many dates, most of them the same few: each is
        # formatted once per language.
        return format_date(self.with_context(lang=lang).env, day, date_format="medium")

    @api.model
    def format_short_date(self, day):
        """``day`` as Odoo shows a date field in the reader's language (what
        ``t-field`` prints), each day formatted once per language: a list
        of items shows many."""
        return self._format_short_date_in(self.env.lang or "en_US", day)

    @tools.ormcache("lang", "day")
    def _format_short_date_in(self, lang, day):
        return format_date(self.with_context(lang=lang).env, day)

    @api.model
    def describe(self, decision):
        """A sentence the customer can read, explaining ``decision``, in the
        language of this environment (its dates included)."""
        params = dict(decision.params)
        if params.get("date"):
            params["date"] = self.format_date(params["date"])
        if "cause" in params:
            params["cause"] = self._cause_label(params["cause"])
        if "conditions" in params:
            labels = self._condition_labels()
            params["conditions"] = ", ".join(labels[c] for c in params["conditions"])
        for amount in ("deductible", "credit", "minimum"):
            if amount in params:
                params[amount] = format_amount(
                    self.env, params[amount], self.env.company.currency_id
                )
        return SENTENCES[decision.reason](self, params)

    @api.model
    def describe_requirements(self, decision, requirements=None):
        """What must still happen before ``decision`` can go ahead, in words:
        all its requirements, or only ``requirements`` when given."""
        labels = {
            policy.REQ_DAMAGE_ASSESSMENT: self.env._(
                "the workshop's assessment of the damage"
            ),
            policy.REQ_PHOTOS: self.env._("photos of the item"),
            policy.REQ_CONFIRMATION: self.env._(
                "customer service's confirmation of the quality issue"
            ),
            policy.REQ_CONDITION_CHECK: self.env._(
                "the check of the item's condition when it arrives"
            ),
            policy.REQ_DEFECT_CHECK: self.env._(
                "the workshop's check of the defect when the item arrives"
            ),
            policy.REQ_RESIZE_DECLINED: self.env._(
                "the customer's choice of another size over the free resize"
            ),
        }
        if requirements is None:
            requirements = decision.requirements
        return ", ".join(labels[name] for name in requirements)

    @api.model
    def _cause_label(self, cause):
        return {
            policy.NOT_ASSESSED: self.env._("a damage not yet assessed"),
            policy.MANUFACTURING_DEFECT: self.env._("manufacturing defects"),
            policy.ACCIDENTAL_DAMAGE: self.env._("accidental damage"),
            policy.IMPROPER_USE: self.env._("improper use"),
            policy.UNAUTHORIZED_REPAIR: self.env._("unauthorized repairs"),
            policy.NORMAL_WEAR: self.env._("normal wear"),
            policy.LOST_STONE: self.env._("a lost stone"),
        }[cause]

    @api.model
    def _condition_labels(self):
        return {
            "unused": self.env._("unused"),
            "original_packaging": self.env._("original packaging"),
            "certificate": self.env._("certificate included"),
            "resalable": self.env._("resalable"),
        }

    @api.model
    def summarize(self, company):
        """The policy of ``company`` in a few sentences, for documents the
        customer keeps (the warranty card): a list of strings in the
        language of this environment."""
        settings = company._aftersales_policy_settings()
        sentences = []
        if settings.warranty_months:
            sentences.append(
                self.env._(
                    "Manufacturing defects are repaired or replaced free of charge "
                    "for %(months)s months after purchase.",
                    months=settings.warranty_months,
                )
            )
        sentences.append(self.env._("Cleaning and maintenance are free for life."))
        if settings.free_resizes_per_unit and settings.free_resize_months:
            if settings.free_resizes_per_unit == 1:
                sentences.append(
                    self.env._(
                        "Adjustable jewelry: one free resize within %(months)s "
                        "months of purchase.",
                        months=settings.free_resize_months,
                    )
                )
            else:
                sentences.append(
                    self.env._(
                        "Adjustable jewelry: %(count)s free resizes within "
                        "%(months)s months of purchase.",
                        count=settings.free_resizes_per_unit,
                        months=settings.free_resize_months,
                    )
                )
        else:
            sentences.append(
                self.env._("Adjustable jewelry can be resized as a paid service.")
            )
        sentences.append(
            self.env._(
                "Pieces that cannot be adjusted are resized by a redesign, a paid "
                "service priced for the design."
            )
        )
        if settings.return_days:
            sentences.append(
                self.env._(
                    "Returns are accepted within %(days)s days of receiving the item, "
                    "if it is unused, in its original packaging, with its certificate.",
                    days=settings.return_days,
                )
            )
        sentences.append(
            self.env._(
                "Accessory repairs (small diamonds, earring backs, clasps) and "
                "restoration (repolishing, replating) are paid services."
            )
        )
        return sentences
