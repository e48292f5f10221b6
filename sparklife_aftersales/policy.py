# Copyright 2026 Sparklife
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparklife's after-sales policy, as pure functions over plain values.

This module is the single place where the policy is decided. Back office,
portal, returns and scheduled jobs all ask :func:`evaluate` (what does this
item get for this service, on this day?) and :func:`coverage` (until when is
the item covered?). It imports nothing from Odoo so it can be tested without a
database; the Odoo side turns a :class:`Decision` into a translatable sentence.

Dates are calendar dates in the company's time zone. A window "ends" on its
last day included: a return window of 30 days after receiving on 1 March ends
on 31 March, and a request on 31 March at 23:59:59 (company time) is on time.
"""

import calendar
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

# Outcomes -----------------------------------------------------------------
FREE = "free"
PAID = "paid"
REFUSED = "refused"
#: Outcomes from the most to the least favourable to the customer.
OUTCOME_RANK = {FREE: 0, PAID: 1, REFUSED: 2}

# Who pays shipping ----------------------------------------------------------
CUSTOMER = "customer"
COMPANY = "company"

# Services -------------------------------------------------------------------
WARRANTY = "warranty"
CLEANING = "cleaning"
RESIZE = "resize"
ACCESSORY = "accessory"
RESTORATION = "restoration"
APPRAISAL = "appraisal"
RETURN_SATISFACTION = "return_satisfaction"
RETURN_QUALITY = "return_quality"
#: Instead of a refund: the piece comes back and another size of it, or
#: another piece, goes out (the price difference paid or refunded).
EXCHANGE = "exchange"
#: The piece comes back as credit of its price paid towards a dearer one.
TRADE_UP = "trade_up"
INQUIRY = "inquiry"
COMPLAINT = "complaint"
SERVICES = (
    WARRANTY,
    CLEANING,
    RESIZE,
    ACCESSORY,
    RESTORATION,
    APPRAISAL,
    RETURN_SATISFACTION,
    RETURN_QUALITY,
    EXCHANGE,
    TRADE_UP,
    INQUIRY,
    COMPLAINT,
)
#: Services of customer service itself: no purchased item is needed.
CUSTOMER_SERVICE = (INQUIRY, COMPLAINT)
#: The services a customer can ask for about one purchased item, in the
#: order they are offered.
ITEM_SERVICES = (
    WARRANTY,
    CLEANING,
    RESIZE,
    ACCESSORY,
    RESTORATION,
    APPRAISAL,
    RETURN_SATISFACTION,
    RETURN_QUALITY,
    EXCHANGE,
    TRADE_UP,
)

#: What a customer can ask for from one of their items in the portal: the
#: services above, and a complaint about the item.
PORTAL_ITEM_SERVICES = (*ITEM_SERVICES, COMPLAINT)

# Damage causes, as recorded by the workshop -----------------------------------
NOT_ASSESSED = "not_assessed"
MANUFACTURING_DEFECT = "manufacturing_defect"
ACCIDENTAL_DAMAGE = "accidental_damage"
IMPROPER_USE = "improper_use"
UNAUTHORIZED_REPAIR = "unauthorized_repair"
NORMAL_WEAR = "normal_wear"
LOST_STONE = "lost_stone"
DAMAGE_CAUSES = (
    NOT_ASSESSED,
    MANUFACTURING_DEFECT,
    ACCIDENTAL_DAMAGE,
    IMPROPER_USE,
    UNAUTHORIZED_REPAIR,
    NORMAL_WEAR,
    LOST_STONE,
)

# Conditions of a satisfaction return, checked when the item is received -----
RETURN_CONDITIONS = ("unused", "original_packaging", "certificate", "resalable")

# Requirements still to be met before a free service can go ahead -------------
REQ_DAMAGE_ASSESSMENT = "damage_assessment"
REQ_PHOTOS = "photos"
REQ_CONFIRMATION = "confirmation"
REQ_CONDITION_CHECK = "condition_check"
REQ_DEFECT_CHECK = "defect_check"
#: The customer chose an exchange for another size over the free resize.
REQ_RESIZE_DECLINED = "resize_declined"
#: Requirements met only once the item has arrived.
REQ_ON_RECEIPT = (REQ_CONDITION_CHECK, REQ_DEFECT_CHECK)

# What a protection plan (Sparklife Care) can cover, beyond the policy ---------
CARE_ACCIDENTAL = "accidental_damage"
#: Wear of prongs, clasps and chains; a manufacturing defect found after the
#: warranty year counts as wear.
CARE_WEAR = "wear"
CARE_LOST_STONE = "lost_stone"
#: Free resizes beyond the policy's, up to the plan's number.
CARE_EXTRA_RESIZES = "extra_resizes"
#: The company pays shipping both ways for a cleaning.
CARE_CLEANING_SHIPPING = "cleaning_shipping"
CARE_COVERS = (
    CARE_ACCIDENTAL,
    CARE_WEAR,
    CARE_LOST_STONE,
    CARE_EXTRA_RESIZES,
    CARE_CLEANING_SHIPPING,
)


@dataclass(frozen=True)
class Settings:
    """The company's policy. Defaults are Sparklife's published policy."""

    warranty_months: int = 12
    free_resize_months: int = 3
    free_resizes_per_unit: int = 1
    return_days: int = 30
    #: Shipping of services the customer asks for (cleaning, resize,
    #: accessory repair, restoration).
    service_shipping_payer: str = CUSTOMER
    #: Shipping of warranty repairs (quality issues).
    warranty_shipping_payer: str = COMPANY
    #: Shipping of returns because the customer is not satisfied.
    return_shipping_payer: str = CUSTOMER
    #: Shipping of returns because of a quality issue.
    quality_return_shipping_payer: str = COMPANY
    #: IANA name of the company's time zone: days start and end there.
    timezone: str = "UTC"
    #: Days after the purchase during which an appraisal is free (0: an
    #: appraisal is always a paid service).
    appraisal_free_days: int = 0
    #: A trade-up credits the price paid towards a piece costing at least
    #: this many times as much...
    trade_up_ratio: float = 2.0
    #: ...within this many years of the purchase (0: for life).
    trade_up_years: int = 0

    def __post_init__(self):
        for name in (
            "warranty_months",
            "free_resize_months",
            "free_resizes_per_unit",
            "return_days",
            "appraisal_free_days",
            "trade_up_years",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"{name} must be a non-negative integer, got {value!r}"
                )
        for name in (
            "service_shipping_payer",
            "warranty_shipping_payer",
            "return_shipping_payer",
            "quality_return_shipping_payer",
        ):
            if getattr(self, name) not in (CUSTOMER, COMPANY):
                raise ValueError(f"{name} must be {CUSTOMER!r} or {COMPANY!r}")
        if self.trade_up_ratio < 1:
            raise ValueError("trade_up_ratio must be at least 1")
        ZoneInfo(self.timezone)  # raises on an unknown time zone


@dataclass(frozen=True)
class Plan:
    """A protection plan (Sparklife Care) on a piece, as the policy sees it.

    ``start`` and ``end`` are its first and last days included. ``covers``
    names what it covers (:data:`CARE_COVERS`). A claim is a repair or an
    extra resize the plan makes free; ``claims_allowed`` None means no limit.
    The customer pays ``deductible`` per claim. When inspections are
    required, ``inspection_due`` is the next one's last day: past it and
    ``inspection_grace_days`` more, accidental damage is not covered until
    the inspection is done.
    """

    start: dt.date
    end: dt.date
    covers: frozenset = frozenset()
    claims_allowed: int | None = None
    claims_used: int = 0
    deductible: float = 0.0
    extra_free_resizes: int = 0
    extra_resizes_used: int = 0
    inspection_due: dt.date | None = None
    inspection_grace_days: int = 0

    def __post_init__(self):
        unknown = set(self.covers) - set(CARE_COVERS)
        if unknown:
            raise ValueError(f"unknown plan covers {sorted(unknown)}")
        if self.end < self.start:
            raise ValueError("a plan cannot end before it starts")
        for name in (
            "claims_used",
            "extra_free_resizes",
            "extra_resizes_used",
            "inspection_grace_days",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"{name} must be a non-negative integer, got {value!r}"
                )
        if self.claims_allowed is not None and (
            not isinstance(self.claims_allowed, int) or self.claims_allowed < 0
        ):
            raise ValueError("claims_allowed must be None or a non-negative integer")
        if self.deductible < 0:
            raise ValueError("the deductible cannot be negative")

    def in_force(self, today):
        return self.start <= today <= self.end

    def claims_left(self):
        """Claims still allowed (None: no limit)."""
        if self.claims_allowed is None:
            return None
        return max(self.claims_allowed - self.claims_used, 0)

    def suspended_since(self, today):
        """The inspection day missed when the plan is suspended on ``today``
        (past the grace period), else None."""
        due = self.inspection_due
        if due and today > due + dt.timedelta(days=self.inspection_grace_days):
            return due
        return None


@dataclass(frozen=True)
class Item:
    """A purchased item: one sale order line, as the policy sees it.

    ``purchase_date`` is None while the order is not confirmed (or when it was
    cancelled); ``received_date`` is None until the item was delivered.
    """

    purchase_date: dt.date | None
    received_date: dt.date | None = None
    quantity: int = 1
    adjustable: bool = False
    free_resizes_used: int = 0
    #: Whether this kind of piece can be resized at all (a ring, a bracelet)
    #: or not (earrings): a resize is then not offered.
    resizable: bool = True
    #: The protection plan on the piece, if any (see :class:`Plan`).
    plan: Plan | None = None
    #: The day the piece first passed to a next owner, if it did. The
    #: warranty and the plan follow the piece; the windows bound to the
    #: purchase (free resize, return) stay the first buyer's and end the day
    #: before.
    transferred_on: dt.date | None = None
    #: The piece went out in exchange for another one: its windows start on
    #: the day it was delivered, not on the day of the order.
    exchanged: bool = False
    #: What one unit was paid, taxes included (the credit of a trade-up).
    unit_price: float = 0.0
    #: The product takes part in the trade-up programme...
    trade_up_eligible: bool = False
    #: ...and the piece has its grading certificate.
    certificate: bool = False


@dataclass(frozen=True)
class Request:
    """What the customer asks for and what staff found, beyond the item."""

    damage_cause: str = NOT_ASSESSED
    redesign: bool = False
    photo_count: int = 0
    confirmed: bool = False
    #: Conditions of a satisfaction return (names from RETURN_CONDITIONS):
    #: True/False once checked; a missing name is not checked yet.
    conditions: dict = field(default_factory=dict)
    #: What the workshop found on receipt of a quality return: True (the
    #: defect is confirmed), False (it is not), None (not checked yet).
    defect_found: bool | None = None
    #: Whether the piece that came back is the one sold (its serial number is
    #: one delivered on the item): None while unknown (not received yet, or
    #: a piece without serial number).
    same_piece: bool | None = None
    #: An exchange for another size of the same piece (not another piece).
    size_exchange: bool = False
    #: The customer was offered the free resize and prefers an exchange.
    resize_declined: bool = False
    #: The price, taxes included, of the piece a trade-up is for (None: not
    #: chosen yet).
    new_price: float | None = None
    #: The traded-in piece's condition as found on receipt: True (fit to be
    #: sold again), False (not), None (not checked yet).
    trade_in_condition: bool | None = None

    def __post_init__(self):
        if self.damage_cause not in DAMAGE_CAUSES:
            raise ValueError(f"unknown damage cause {self.damage_cause!r}")
        unknown = set(self.conditions) - set(RETURN_CONDITIONS)
        if unknown:
            raise ValueError(f"unknown return conditions {sorted(unknown)}")


@dataclass(frozen=True)
class Coverage:
    """Until when an item is covered; each date is the last day included."""

    warranty_end: dt.date | None
    free_resize_end: dt.date | None
    return_end: dt.date | None
    free_resizes_allowed: int

    def remaining_free_resizes(self, used):
        return remaining_free_resizes(self.free_resizes_allowed, used)


@dataclass(frozen=True)
class Decision:
    """The policy's answer for one item, one service and one day.

    ``reason`` is a code and ``params`` its values (dates, counts); the Odoo
    side turns them into a sentence in the customer's language.
    ``requirements`` lists what must still happen before the service can go
    ahead (photos, a confirmation, the workshop's assessment...).
    """

    service: str
    outcome: str
    reason: str
    params: dict = field(default_factory=dict)
    deadline: dt.date | None = None
    shipping_payer: str | None = None
    requirements: tuple = ()
    #: The service is a redesign of the piece: paid, priced for the design by
    #: the workshop, never from a price list.
    redesign: bool = False
    #: The piece's plan makes the service free: one of its claims, of which
    #: the customer pays ``deductible``.
    care_claim: bool = False
    deductible: float = 0.0

    @property
    def is_free(self):
        return self.outcome == FREE

    @property
    def is_paid(self):
        return self.outcome == PAID

    @property
    def is_refused(self):
        return self.outcome == REFUSED

    @property
    def pending_before_sending(self):
        """What must happen before the customer sends the item: every
        requirement but the checks made when it arrives."""
        return tuple(r for r in self.requirements if r not in REQ_ON_RECEIPT)

    @property
    def ready(self):
        """True when nothing is pending before the service can go ahead."""
        return self.outcome != REFUSED and not self.requirements

    @property
    def awaits_finding(self):
        """True when the answer depends on what the workshop finds on the
        piece (its damage cause): the piece may come in for assessment
        first, and the answer is given once the cause is recorded."""
        return REQ_DAMAGE_ASSESSMENT in self.requirements


# Calendar helpers -------------------------------------------------------------


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the month's end.

    30 November + 3 months is 28 February (29 in a leap year); 29 February
    + 12 months is 28 February of the next year.
    """
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class PlanTerms:
    """The dates of a protection plan bought on ``start``: it ends after
    ``duration_years`` and, when it requires inspections every
    ``inspection_months``, the first one is due one interval after start."""

    start: dt.date
    end: dt.date
    inspection_due: dt.date | None


def care_plan_terms(start, duration_years, inspection_months=0):
    """The :class:`PlanTerms` of a plan bought on ``start``."""
    if duration_years < 1 or inspection_months < 0:
        raise ValueError("a plan lasts at least a year; inspections cannot be negative")
    return PlanTerms(
        start=start,
        end=add_months(start, 12 * duration_years),
        inspection_due=(
            add_months(start, inspection_months) if inspection_months else None
        ),
    )


def care_plan_sale_refusal(purchase_date, today, purchase_days, same_order):
    """Why a plan bought on ``today`` cannot protect a piece bought on
    ``purchase_date``, or None when it can: a plan is bought on the piece's
    own order (``same_order``) or, when its type allows ``purchase_days``,
    within that many days of the piece's purchase."""
    if same_order:
        return None
    if purchase_date is None:
        return "care_piece_not_sold"
    if purchase_days and today <= purchase_date + dt.timedelta(days=purchase_days):
        return None
    return "care_bought_late"


def care_plan_refund(price, start, end, today, cooling_off_days, pro_rata=True):
    """What cancelling on ``today`` a plan paid ``price`` for the days
    ``start`` to ``end`` gives back: all of it within ``cooling_off_days`` of
    the start; later, with ``pro_rata``, the share of the days not yet begun
    (nothing once it ended), else nothing. Rounded by the caller to its
    currency."""
    if today < start or today <= start + dt.timedelta(days=cooling_off_days):
        return price
    if today > end or not pro_rata:
        return 0.0
    days = (end - start).days + 1
    left = (end - today).days
    return price * left / days


def remaining_free_resizes(allowed, used):
    """Free resizes left when ``used`` of ``allowed`` were approved."""
    return max(allowed - used, 0)


def local_date(moment, timezone="UTC"):
    """The calendar day of ``moment`` in ``timezone``.

    ``moment`` is a date (returned as is), an aware datetime, or a naive
    datetime in UTC (as Odoo stores them).
    """
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(ZoneInfo(timezone)).date()


# The policy -------------------------------------------------------------------


def coverage(item, settings):
    """The windows of ``item`` under ``settings`` (see :class:`Coverage`)."""
    start = coverage_start(item)
    if start is None:
        return Coverage(None, None, None, 0)
    allowed = max(int(item.quantity), 0) * settings.free_resizes_per_unit
    free_resize = item.adjustable and item.resizable
    return Coverage(
        warranty_end=add_months(start, settings.warranty_months),
        free_resize_end=(
            _first_buyers(add_months(start, settings.free_resize_months), item)
            if free_resize
            else None
        ),
        return_end=(
            _first_buyers(
                item.received_date + dt.timedelta(days=settings.return_days), item
            )
            if item.received_date
            else None
        ),
        free_resizes_allowed=allowed if free_resize else 0,
    )


def coverage_start(item):
    """The day ``item``'s windows start from: its purchase, or, for a piece
    given in exchange for another, its own delivery (None until then)."""
    if item.purchase_date is None:
        return None
    if item.exchanged:
        return item.received_date
    return item.purchase_date


def _first_buyers(end, item):
    """The last day of a window bound to the purchase: ``end``, or the day
    before the piece passed to a next owner when it did earlier."""
    if item.transferred_on is None:
        return end
    return min(end, item.transferred_on - dt.timedelta(days=1))


def _passed_on(item, today):
    """Whether ``item`` belongs to a next owner on ``today``."""
    return item.transferred_on is not None and today >= item.transferred_on


@dataclass(frozen=True)
class WindowStates:
    """Which windows of an item are open on a given day."""

    warranty_active: bool
    free_resize_available: bool
    return_window_open: bool


def window_states(warranty_end, free_resize_end, return_end, free_resizes_left, today):
    """The windows open on ``today``, from an item's stored coverage.

    A window is open until its last day included; a free resize also needs
    one left. (The Odoo side searches with the same conditions in SQL.)
    """
    return WindowStates(
        warranty_active=bool(warranty_end and today <= warranty_end),
        free_resize_available=bool(
            free_resize_end and today <= free_resize_end and free_resizes_left > 0
        ),
        return_window_open=bool(return_end and today <= return_end),
    )


# Reminders before a window closes ---------------------------------------------
REMIND_FREE_RESIZE = "free_resize"
REMIND_RETURN = "return"
REMIND_WARRANTY = "warranty"
REMINDERS = (REMIND_FREE_RESIZE, REMIND_RETURN, REMIND_WARRANTY)


def reminder_due(window_end, today, lead_days):
    """True when a reminder that ``window_end`` is near is due on ``today``:
    from ``lead_days`` days before the last day of the window to that day
    included. A reminder is sent once, on the first run within that span.
    """
    if window_end is None or lead_days < 0:
        return False
    return window_end - dt.timedelta(days=lead_days) <= today <= window_end


def evaluate(item, service, on, settings, request=None):
    """Decide what ``item`` gets for ``service`` on ``on``.

    :param item: the purchased :class:`Item`, or None for a customer-service
        request that names no item
    :param service: one of :data:`SERVICES`
    :param on: the date or datetime of the request (naive datetimes are UTC)
    :param settings: the company's :class:`Settings`
    :param request: the :class:`Request` details, when known
    :rtype: Decision
    """
    return evaluate_services(item, (service,), on, settings, request)[0]


def evaluate_services(item, services, on, settings, request=None):
    """The decisions of :func:`evaluate` for each of ``services`` on the same
    ``item``, day and ``settings``, in order: the day and the item's
    coverage are worked out once for all of them."""
    unknown = [service for service in services if service not in SERVICES]
    if unknown:
        raise ValueError(f"unknown service {unknown[0]!r}")
    request = request or Request()
    today = local_date(on, settings.timezone)
    cover = None
    if item is not None and coverage_start(item) is not None:
        cover = coverage(item, settings)
    return [
        _decide(item, service, cover, today, settings, request) for service in services
    ]


def _decide(item, service, cover, today, settings, request):
    """What :func:`evaluate` decides, given the day and ``item``'s coverage
    (None when its windows have not started)."""
    if service in CUSTOMER_SERVICE:
        return Decision(service, FREE, "customer_service")
    if item is None:
        return Decision(service, REFUSED, "no_item")
    if item.purchase_date is None:
        return Decision(service, REFUSED, "not_purchased")
    if cover is None:
        return Decision(service, REFUSED, "exchange_not_delivered")
    decision = _RULES[service](item, cover, today, settings, request)
    if item.plan is not None and item.plan.in_force(today):
        decision = _with_plan(decision, item, today, request)
    return decision


def _warranty(item, cover, today, settings, request):
    end = cover.warranty_end
    payer = settings.warranty_shipping_payer
    if today > end:
        return Decision(
            WARRANTY,
            PAID,
            "warranty_expired",
            {"date": end},
            shipping_payer=settings.service_shipping_payer,
        )
    cause = request.damage_cause
    if cause == MANUFACTURING_DEFECT:
        return Decision(WARRANTY, FREE, "warranty_defect", {"date": end}, end, payer)
    if cause == NOT_ASSESSED:
        return Decision(
            WARRANTY,
            FREE,
            "warranty_to_assess",
            {"date": end},
            end,
            payer,
            requirements=(REQ_DAMAGE_ASSESSMENT,),
        )
    return Decision(
        WARRANTY,
        PAID,
        "warranty_excluded_cause",
        {"cause": cause},
        shipping_payer=settings.service_shipping_payer,
    )


def _cleaning(item, cover, today, settings, request):
    return Decision(
        CLEANING,
        FREE,
        "cleaning_lifetime",
        shipping_payer=settings.service_shipping_payer,
    )


def offers(item, service):
    """True when ``service`` is offered for this kind of piece: every service
    is, but a resize for a piece that cannot be resized at all (earrings).
    ``item`` may be None (a request naming no item)."""
    return not (service == RESIZE and item is not None and not item.resizable)


def offered_services(item, services=ITEM_SERVICES):
    """The ``services`` offered for ``item``'s kind of piece, in order."""
    return tuple(service for service in services if offers(item, service))


def resize_needs_redesign(item):
    """True when resizing ``item`` can only be done by redesigning it: a piece
    that can be resized but is not adjustable. Such a resize is never refused
    and never free."""
    return item.resizable and not item.adjustable


def _resize(item, cover, today, settings, request):
    payer = settings.service_shipping_payer
    if not offers(item, RESIZE):
        return Decision(RESIZE, REFUSED, "resize_not_offered")
    if resize_needs_redesign(item):
        return Decision(
            RESIZE, PAID, "resize_not_adjustable", shipping_payer=payer, redesign=True
        )
    if request.redesign:
        return Decision(
            RESIZE, PAID, "resize_redesign", shipping_payer=payer, redesign=True
        )
    end = cover.free_resize_end
    if _passed_on(item, today):
        return Decision(
            RESIZE,
            PAID,
            "free_resize_first_buyer",
            {"date": item.transferred_on},
            shipping_payer=payer,
        )
    if today > end:
        return Decision(
            RESIZE, PAID, "free_resize_expired", {"date": end}, shipping_payer=payer
        )
    remaining = cover.remaining_free_resizes(item.free_resizes_used)
    if remaining <= 0:
        return Decision(
            RESIZE,
            PAID,
            "free_resize_used",
            {"allowed": cover.free_resizes_allowed},
            shipping_payer=payer,
        )
    return Decision(
        RESIZE,
        FREE,
        "free_resize",
        {"date": end, "remaining": remaining},
        end,
        payer,
    )


def _accessory(item, cover, today, settings, request):
    if request.damage_cause == MANUFACTURING_DEFECT and today <= cover.warranty_end:
        return Decision(
            ACCESSORY,
            FREE,
            "accessory_quality",
            {"date": cover.warranty_end},
            cover.warranty_end,
            settings.warranty_shipping_payer,
        )
    return Decision(
        ACCESSORY,
        PAID,
        "accessory_paid",
        shipping_payer=settings.service_shipping_payer,
    )


def _restoration(item, cover, today, settings, request):
    return Decision(
        RESTORATION,
        PAID,
        "restoration_paid",
        shipping_payer=settings.service_shipping_payer,
    )


def _appraisal(item, cover, today, settings, request):
    """An appraisal for an insurer: paid at the service's price, free within
    the company's days after the purchase when it offers one then."""
    payer = settings.service_shipping_payer
    if settings.appraisal_free_days:
        end = item.purchase_date + dt.timedelta(days=settings.appraisal_free_days)
        if today <= end:
            return Decision(
                APPRAISAL, FREE, "appraisal_free", {"date": end}, end, payer
            )
    return Decision(APPRAISAL, PAID, "appraisal_paid", shipping_payer=payer)


def _return_satisfaction(item, cover, today, settings, request):
    payer = settings.return_shipping_payer
    if item.received_date is None:
        return Decision(RETURN_SATISFACTION, REFUSED, "not_received")
    if _passed_on(item, today):
        return Decision(
            RETURN_SATISFACTION,
            REFUSED,
            "return_first_buyer",
            {"date": item.transferred_on},
        )
    if request.same_piece is False:
        return Decision(RETURN_SATISFACTION, REFUSED, "return_not_the_piece_sold")
    end = cover.return_end
    if today > end:
        return Decision(
            RETURN_SATISFACTION,
            REFUSED,
            "return_window_closed",
            {"date": end, "days": settings.return_days},
            end,
        )
    checked = request.conditions
    failed = tuple(name for name in RETURN_CONDITIONS if checked.get(name) is False)
    if failed:
        return Decision(
            RETURN_SATISFACTION,
            REFUSED,
            "return_conditions_failed",
            {"conditions": failed},
            end,
            payer,
        )
    pending = any(checked.get(name) is None for name in RETURN_CONDITIONS)
    if not pending:
        return Decision(
            RETURN_SATISFACTION, FREE, "return_conditions_met", {}, end, payer
        )
    return Decision(
        RETURN_SATISFACTION,
        FREE,
        "return_satisfaction",
        {"date": end},
        end,
        payer,
        requirements=(REQ_CONDITION_CHECK,),
    )


def _return_quality(item, cover, today, settings, request):
    if item.received_date is None:
        return Decision(RETURN_QUALITY, REFUSED, "not_received")
    if _passed_on(item, today):
        # A refund goes back to whoever paid: the next owner's defect is a
        # warranty repair instead.
        return Decision(
            RETURN_QUALITY, REFUSED, "return_first_buyer", {"date": item.transferred_on}
        )
    if request.same_piece is False:
        return Decision(RETURN_QUALITY, REFUSED, "return_not_the_piece_sold")
    end = cover.warranty_end
    if today > end:
        return Decision(
            RETURN_QUALITY, REFUSED, "quality_return_expired", {"date": end}, end
        )
    payer = settings.quality_return_shipping_payer
    if request.defect_found is False:
        # The workshop did not find the issue: no refund unless a manager
        # decides otherwise.
        return Decision(RETURN_QUALITY, REFUSED, "quality_defect_not_found", {}, end)
    if request.defect_found:
        return Decision(
            RETURN_QUALITY, FREE, "quality_defect_confirmed", {}, end, payer
        )
    requirements = []
    if request.photo_count < 1:
        requirements.append(REQ_PHOTOS)
    if not request.confirmed:
        requirements.append(REQ_CONFIRMATION)
    return Decision(
        RETURN_QUALITY,
        FREE,
        "quality_return" if requirements else "quality_return_confirmed",
        {"date": end},
        end,
        payer,
        (*requirements, REQ_DEFECT_CHECK),
    )


#: A satisfaction return's answers that read differently for an exchange.
_EXCHANGE_REASONS = {
    "return_satisfaction": "exchange_offered",
    "return_conditions_met": "exchange_conditions_met",
    "return_conditions_failed": "exchange_conditions_failed",
}


def _exchange(item, cover, today, settings, request):
    """An exchange is a satisfaction return that ends with another piece
    instead of a refund: same window, same conditions, same shipping. A size
    exchange of a piece whose free resize is still open offers the resize
    first: the exchange waits for the customer to decline it."""
    decision = _return_satisfaction(item, cover, today, settings, request)
    decision = _replace(
        decision,
        service=EXCHANGE,
        reason=_EXCHANGE_REASONS.get(decision.reason, decision.reason),
    )
    if decision.is_free and request.size_exchange and not request.resize_declined:
        resize = _resize(item, cover, today, settings, request)
        if resize.is_free:
            return _replace(
                decision,
                reason="exchange_free_resize_first",
                params={"date": resize.deadline},
                requirements=(REQ_RESIZE_DECLINED, *decision.requirements),
            )
    return decision


def _trade_up(item, cover, today, settings, request):
    """The piece comes back as a credit of what was paid for it, towards a
    piece at least ``trade_up_ratio`` times as dear: only for products of the
    programme, with their certificate, within ``trade_up_years`` (0: for
    life), for the buyer, and in a condition to be sold again."""
    payer = settings.service_shipping_payer
    if not item.trade_up_eligible:
        return Decision(TRADE_UP, REFUSED, "trade_up_not_eligible")
    if _passed_on(item, today):
        return Decision(
            TRADE_UP, REFUSED, "trade_up_first_buyer", {"date": item.transferred_on}
        )
    if not item.certificate:
        return Decision(TRADE_UP, REFUSED, "trade_up_certificate_missing")
    end = None
    if settings.trade_up_years:
        end = add_months(item.purchase_date, 12 * settings.trade_up_years)
        if today > end:
            return Decision(TRADE_UP, REFUSED, "trade_up_expired", {"date": end}, end)
    minimum = item.unit_price * settings.trade_up_ratio
    params = {"credit": item.unit_price, "minimum": minimum}
    if request.new_price is not None and request.new_price < minimum:
        return Decision(TRADE_UP, REFUSED, "trade_up_price_too_low", params, end)
    if request.trade_in_condition is False:
        return Decision(TRADE_UP, REFUSED, "trade_up_condition", {}, end)
    if request.trade_in_condition is None:
        return Decision(
            TRADE_UP,
            FREE,
            "trade_up_offered",
            params,
            end,
            payer,
            requirements=(REQ_CONDITION_CHECK,),
        )
    return Decision(TRADE_UP, FREE, "trade_up_accepted", params, end, payer)


_RULES = {
    WARRANTY: _warranty,
    CLEANING: _cleaning,
    RESIZE: _resize,
    ACCESSORY: _accessory,
    RESTORATION: _restoration,
    APPRAISAL: _appraisal,
    RETURN_SATISFACTION: _return_satisfaction,
    RETURN_QUALITY: _return_quality,
    EXCHANGE: _exchange,
    TRADE_UP: _trade_up,
}


# Protection plans --------------------------------------------------------------

#: The damage causes a plan may cover, and what it must cover for them.
_CARE_CAUSES = {
    ACCIDENTAL_DAMAGE: CARE_ACCIDENTAL,
    NORMAL_WEAR: CARE_WEAR,
    MANUFACTURING_DEFECT: CARE_WEAR,
    LOST_STONE: CARE_LOST_STONE,
}
#: The paid answers a plan can turn into a claim: repairs of a damage whose
#: cause the plan covers, and resizes past the policy's free ones.
_CARE_REPAIRS = {
    (WARRANTY, "warranty_expired"),
    (WARRANTY, "warranty_excluded_cause"),
    (ACCESSORY, "accessory_paid"),
}
_CARE_RESIZES = {
    (RESIZE, "free_resize_expired"),
    (RESIZE, "free_resize_used"),
    (RESIZE, "free_resize_first_buyer"),
}


def _with_plan(decision, item, today, request):
    """``decision`` as the piece's plan, in force on ``today``, improves it.

    A plan only ever makes the answer better: a free answer stays free and
    is never charged a deductible (a plan may only pay its shipping), a
    refusal stays a refusal, and a paid answer becomes a claim (free, the
    customer paying the deductible) when the plan covers it and has claims
    left; otherwise the paid answer stays, with the plan's reason when it is
    the plan that cannot help (claims used up, suspended).
    """
    plan = item.plan
    if decision.outcome == FREE:
        if (
            decision.service == CLEANING
            and CARE_CLEANING_SHIPPING in plan.covers
            and decision.shipping_payer != COMPANY
        ):
            return _replace(
                decision,
                reason="care_cleaning_shipping",
                params={"date": plan.end},
                shipping_payer=COMPANY,
            )
        return decision
    if decision.outcome != PAID or decision.redesign:
        return decision
    key = (decision.service, decision.reason)
    if key in _CARE_RESIZES:
        if CARE_EXTRA_RESIZES not in plan.covers or not plan.extra_free_resizes:
            return decision
        if plan.extra_resizes_used >= plan.extra_free_resizes:
            return _replace(
                decision,
                reason="care_resizes_used",
                params={"allowed": plan.extra_free_resizes},
            )
        return _claim(decision, plan, "care_resize")
    if key not in _CARE_REPAIRS:
        return decision
    cause = request.damage_cause
    if cause == NOT_ASSESSED:
        if not set(_CARE_CAUSES.values()) & set(plan.covers):
            return decision
        # Whether the plan covers it depends on what the workshop finds.
        return _replace(
            decision,
            outcome=FREE,
            reason="care_to_assess",
            params={"date": plan.end},
            deadline=plan.end,
            requirements=(REQ_DAMAGE_ASSESSMENT,),
        )
    if _CARE_CAUSES.get(cause) not in plan.covers:
        return decision
    missed = plan.suspended_since(today)
    if cause == ACCIDENTAL_DAMAGE and missed:
        return _replace(decision, reason="care_suspended", params={"date": missed})
    return _claim(decision, plan, "care_covered")


def _claim(decision, plan, reason):
    """``decision`` made free by one of ``plan``'s claims, if any is left."""
    left = plan.claims_left()
    if left == 0:
        return _replace(
            decision, reason="care_claims_used", params={"allowed": plan.claims_allowed}
        )
    return _replace(
        decision,
        outcome=FREE,
        reason=reason,
        params={"date": plan.end, "deductible": plan.deductible},
        deadline=plan.end,
        care_claim=True,
        deductible=plan.deductible,
    )


def _replace(decision, **changes):
    return dataclasses.replace(decision, **changes)
