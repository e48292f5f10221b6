"""Every row of Sparklife's policy table, with its exact boundaries."""

import datetime as dt

import pytest

from conftest import policy as P

D = dt.date
S = P.Settings()
PURCHASE = D(2026, 1, 10)
RECEIVED = D(2026, 1, 15)


def item(purchase=PURCHASE, received=RECEIVED, **kw):
    return P.Item(purchase_date=purchase, received_date=received, **kw)


# Calendar -------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 5, 5), 0, D(2026, 5, 5)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert P.add_months(start, months) == expected


def test_local_date_uses_company_timezone():
    # 22:59:59 UTC on 31 March is 00:59:59 on 1 April in Paris (summer time).
    moment = dt.datetime(2026, 3, 31, 22, 59, 59)
    assert P.local_date(moment, "UTC") == D(2026, 3, 31)
    assert P.local_date(moment, "Europe/Paris") == D(2026, 4, 1)
    aware = moment.replace(tzinfo=dt.timezone.utc)
    assert P.local_date(aware, "America/New_York") == D(2026, 3, 31)
    assert P.local_date(D(2026, 3, 31), "Asia/Tokyo") == D(2026, 3, 31)
    assert P.local_date(None) is None


# Coverage -------------------------------------------------------------------


def test_coverage_of_an_adjustable_item():
    cover = P.coverage(item(D(2026, 11, 30), D(2026, 12, 3), adjustable=True), S)
    assert cover.warranty_end == D(2027, 11, 30)
    assert cover.free_resize_end == D(2027, 2, 28)
    assert cover.return_end == D(2027, 1, 2)
    assert cover.free_resizes_allowed == 1


def test_coverage_quantity_two_allows_two_free_resizes():
    cover = P.coverage(item(quantity=2, adjustable=True), S)
    assert cover.free_resizes_allowed == 2
    assert cover.remaining_free_resizes(1) == 1
    assert cover.remaining_free_resizes(5) == 0


def test_coverage_non_adjustable_has_no_free_resize():
    cover = P.coverage(item(quantity=3), S)
    assert cover.free_resize_end is None
    assert cover.free_resizes_allowed == 0


def test_never_delivered_item_has_no_return_window():
    cover = P.coverage(item(received=None), S)
    assert cover.return_end is None
    assert cover.warranty_end == D(2027, 1, 10)


def test_unconfirmed_item_has_no_coverage():
    cover = P.coverage(P.Item(purchase_date=None, adjustable=True), S)
    assert cover == P.Coverage(None, None, None, 0)


def test_coverage_follows_settings():
    settings = P.Settings(
        warranty_months=24,
        free_resize_months=6,
        free_resizes_per_unit=2,
        return_days=14,
    )
    cover = P.coverage(item(adjustable=True), settings)
    assert cover.warranty_end == D(2028, 1, 10)
    assert cover.free_resize_end == D(2026, 7, 10)
    assert cover.return_end == D(2026, 1, 29)
    assert cover.free_resizes_allowed == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"warranty_months": -1},
        {"return_days": 1.5},
        {"service_shipping_payer": "nobody"},
        {"timezone": "Mars/Olympus"},
    ],
)
def test_settings_reject_bad_values(kwargs):
    with pytest.raises(Exception):  # noqa: B017 - ValueError or ZoneInfo's error
        P.Settings(**kwargs)


# Warranty -------------------------------------------------------------------


def test_warranty_manufacturing_defect_is_free_on_the_last_day():
    req = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    dec = P.evaluate(item(), P.WARRANTY, D(2027, 1, 10), S, req)
    assert (dec.outcome, dec.reason) == (P.FREE, "warranty_defect")
    assert dec.deadline == D(2027, 1, 10)
    assert dec.shipping_payer == P.COMPANY
    assert dec.ready


def test_warranty_after_its_end_is_a_paid_repair():
    req = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    dec = P.evaluate(item(), P.WARRANTY, D(2027, 1, 11), S, req)
    assert (dec.outcome, dec.reason) == (P.PAID, "warranty_expired")
    assert dec.params == {"date": D(2027, 1, 10)}
    assert dec.shipping_payer == P.CUSTOMER


@pytest.mark.parametrize(
    "cause",
    [P.ACCIDENTAL_DAMAGE, P.IMPROPER_USE, P.UNAUTHORIZED_REPAIR, P.NORMAL_WEAR],
)
def test_warranty_excluded_causes_become_paid(cause):
    dec = P.evaluate(
        item(), P.WARRANTY, D(2026, 2, 1), S, P.Request(damage_cause=cause)
    )
    assert (dec.outcome, dec.reason) == (P.PAID, "warranty_excluded_cause")
    assert dec.params == {"cause": cause}


def test_warranty_not_assessed_waits_for_the_workshop():
    dec = P.evaluate(item(), P.WARRANTY, D(2026, 2, 1), S)
    assert dec.outcome == P.FREE
    assert dec.requirements == (P.REQ_DAMAGE_ASSESSMENT,)
    assert not dec.ready
    assert dec.awaits_finding


def test_only_an_answer_waiting_for_the_damage_cause_awaits_the_finding():
    assessed = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    assert not P.evaluate(item(), P.WARRANTY, D(2026, 2, 1), S, assessed).awaits_finding
    expired = P.evaluate(item(), P.WARRANTY, D(2027, 1, 11), S)
    assert expired.is_paid and not expired.awaits_finding
    assert not P.evaluate(item(), P.CLEANING, D(2026, 2, 1), S).awaits_finding


def test_warranty_last_second_of_the_day_in_company_timezone():
    settings = P.Settings(timezone="Europe/Paris")
    req = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    # 10 January 2027, 23:59:59 in Paris is 22:59:59 UTC: still covered.
    last_second = dt.datetime(2027, 1, 10, 22, 59, 59)
    assert P.evaluate(item(), P.WARRANTY, last_second, settings, req).is_free
    # One second later it is 11 January in Paris: the warranty is over,
    # although it is still 10 January in UTC.
    next_second = dt.datetime(2027, 1, 10, 23, 0, 0)
    assert P.evaluate(item(), P.WARRANTY, next_second, settings, req).is_paid
    assert P.evaluate(item(), P.WARRANTY, next_second, S, req).is_free


# Cleaning -------------------------------------------------------------------


def test_cleaning_is_free_for_life_customer_pays_shipping():
    dec = P.evaluate(item(), P.CLEANING, D(2066, 1, 10), S)
    assert (dec.outcome, dec.reason) == (P.FREE, "cleaning_lifetime")
    assert dec.deadline is None
    assert dec.shipping_payer == P.CUSTOMER


def test_cleaning_needs_a_purchased_item():
    assert P.evaluate(None, P.CLEANING, D(2026, 1, 1), S).reason == "no_item"
    unconfirmed = P.Item(purchase_date=None)
    assert (
        P.evaluate(unconfirmed, P.CLEANING, D(2026, 1, 1), S).reason == "not_purchased"
    )


# Resize ---------------------------------------------------------------------


def test_free_resize_purchase_30_november_ends_28_february():
    ring = item(D(2026, 11, 30), D(2026, 12, 2), adjustable=True)
    on_time = P.evaluate(ring, P.RESIZE, D(2027, 2, 28), S)
    assert (on_time.outcome, on_time.reason) == (P.FREE, "free_resize")
    assert on_time.deadline == D(2027, 2, 28)
    assert on_time.params == {"date": D(2027, 2, 28), "remaining": 1}
    late = P.evaluate(ring, P.RESIZE, D(2027, 3, 1), S)
    assert (late.outcome, late.reason) == (P.PAID, "free_resize_expired")


def test_free_resize_purchase_on_29_february():
    ring = item(D(2028, 2, 29), D(2028, 3, 1), adjustable=True)
    assert P.coverage(ring, S).free_resize_end == D(2028, 5, 29)
    assert P.coverage(ring, S).warranty_end == D(2029, 2, 28)


@pytest.mark.parametrize(
    "on",
    [
        PURCHASE,  # day 1
        PURCHASE + dt.timedelta(days=88),  # day 89, inside the free resize months
        P.add_months(PURCHASE, 60),  # year 5
    ],
)
def test_resize_of_a_piece_that_cannot_be_adjusted_is_a_paid_redesign(on):
    dec = P.evaluate(item(), P.RESIZE, on, S)
    assert (dec.outcome, dec.reason) == (P.PAID, "resize_not_adjustable")
    assert dec.redesign
    assert dec.shipping_payer == P.CUSTOMER
    assert dec.ready
    assert P.resize_needs_redesign(item())


def test_a_fixed_piece_never_gets_a_free_resize_whatever_the_settings():
    generous = P.Settings(free_resize_months=120, free_resizes_per_unit=3)
    dec = P.evaluate(item(quantity=2), P.RESIZE, PURCHASE, generous)
    assert (dec.outcome, dec.reason) == (P.PAID, "resize_not_adjustable")
    assert P.coverage(item(quantity=2), generous).free_resizes_allowed == 0


def test_adjustable_free_resize_is_no_redesign():
    ring = item(adjustable=True)
    dec = P.evaluate(ring, P.RESIZE, D(2026, 1, 20), S)
    assert (dec.outcome, dec.redesign) == (P.FREE, False)
    assert not P.resize_needs_redesign(ring)


def test_second_resize_of_a_single_ring_is_paid():
    ring = item(adjustable=True, free_resizes_used=1)
    dec = P.evaluate(ring, P.RESIZE, D(2026, 1, 20), S)
    assert (dec.outcome, dec.reason) == (P.PAID, "free_resize_used")
    assert dec.params == {"allowed": 1}


def test_quantity_two_gets_two_free_resizes_then_paid():
    pair = item(quantity=2, adjustable=True)
    for used, outcome in ((0, P.FREE), (1, P.FREE), (2, P.PAID)):
        ring = P.Item(**{**pair.__dict__, "free_resizes_used": used})
        assert P.evaluate(ring, P.RESIZE, D(2026, 1, 20), S).outcome == outcome


def test_redesign_resize_is_always_paid():
    ring = item(adjustable=True)
    dec = P.evaluate(ring, P.RESIZE, D(2026, 1, 20), S, P.Request(redesign=True))
    assert (dec.outcome, dec.reason) == (P.PAID, "resize_redesign")
    assert dec.redesign
    assert dec.shipping_payer == P.CUSTOMER


# Accessories and restoration -------------------------------------------------


def test_accessory_repair_is_paid():
    lost = P.Request(damage_cause=P.ACCIDENTAL_DAMAGE)
    dec = P.evaluate(item(), P.ACCESSORY, D(2026, 2, 1), S, lost)
    assert (dec.outcome, dec.reason, dec.shipping_payer) == (
        P.PAID,
        "accessory_paid",
        P.CUSTOMER,
    )


def test_accessory_quality_issue_under_warranty_is_free():
    defect = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    dec = P.evaluate(item(), P.ACCESSORY, D(2027, 1, 10), S, defect)
    assert (dec.outcome, dec.reason, dec.shipping_payer) == (
        P.FREE,
        "accessory_quality",
        P.COMPANY,
    )
    after = P.evaluate(item(), P.ACCESSORY, D(2027, 1, 11), S, defect)
    assert after.outcome == P.PAID


def test_restoration_is_paid_any_time():
    for day in (D(2026, 1, 11), D(2040, 6, 1)):
        dec = P.evaluate(item(), P.RESTORATION, day, S)
        assert (dec.outcome, dec.reason) == (P.PAID, "restoration_paid")


# Returns --------------------------------------------------------------------


def test_satisfaction_return_day_30_open_day_31_closed():
    bought = item(D(2026, 3, 1), D(2026, 3, 1))
    day_30 = P.evaluate(bought, P.RETURN_SATISFACTION, D(2026, 3, 31), S)
    assert (day_30.outcome, day_30.reason) == (P.FREE, "return_satisfaction")
    assert day_30.deadline == D(2026, 3, 31)
    assert day_30.shipping_payer == P.CUSTOMER
    assert day_30.requirements == (P.REQ_CONDITION_CHECK,)
    day_31 = P.evaluate(bought, P.RETURN_SATISFACTION, D(2026, 4, 1), S)
    assert (day_31.outcome, day_31.reason) == (P.REFUSED, "return_window_closed")
    assert day_31.params == {"date": D(2026, 3, 31), "days": 30}


def test_satisfaction_return_counts_from_receiving_not_purchase():
    late_delivery = item(D(2026, 1, 1), D(2026, 2, 20))
    dec = P.evaluate(late_delivery, P.RETURN_SATISFACTION, D(2026, 3, 20), S)
    assert dec.is_free


def test_never_delivered_item_cannot_be_returned():
    for service in (P.RETURN_SATISFACTION, P.RETURN_QUALITY):
        dec = P.evaluate(item(received=None), service, D(2026, 1, 12), S)
        assert (dec.outcome, dec.reason) == (P.REFUSED, "not_received")


def test_satisfaction_return_conditions():
    good = dict.fromkeys(P.RETURN_CONDITIONS, True)
    dec = P.evaluate(
        item(), P.RETURN_SATISFACTION, D(2026, 1, 20), S, P.Request(conditions=good)
    )
    assert dec.is_free and dec.ready
    # Once checked, the sentence says so rather than what to send.
    assert dec.reason == "return_conditions_met"
    unchecked = P.evaluate(item(), P.RETURN_SATISFACTION, D(2026, 1, 20), S)
    assert unchecked.requirements == (P.REQ_CONDITION_CHECK,)
    # The customer may send the item: its condition is checked on arrival.
    assert unchecked.pending_before_sending == ()
    worn = {**good, "unused": False, "certificate": False}
    dec = P.evaluate(
        item(), P.RETURN_SATISFACTION, D(2026, 1, 20), S, P.Request(conditions=worn)
    )
    assert (dec.outcome, dec.reason) == (P.REFUSED, "return_conditions_failed")
    assert dec.params == {"conditions": ("unused", "certificate")}


def test_quality_return_needs_photos_and_confirmation():
    dec = P.evaluate(item(), P.RETURN_QUALITY, D(2026, 6, 1), S)
    assert (dec.outcome, dec.reason) == (P.FREE, "quality_return")
    assert dec.requirements == (P.REQ_PHOTOS, P.REQ_CONFIRMATION, P.REQ_DEFECT_CHECK)
    assert dec.shipping_payer == P.COMPANY
    assert dec.pending_before_sending == (P.REQ_PHOTOS, P.REQ_CONFIRMATION)
    confirmed = P.Request(photo_count=2, confirmed=True)
    dec = P.evaluate(item(), P.RETURN_QUALITY, D(2026, 6, 1), S, confirmed)
    # The customer may send it; the workshop checks the defect on arrival.
    assert (dec.reason, dec.pending_before_sending) == ("quality_return_confirmed", ())
    assert dec.requirements == (P.REQ_DEFECT_CHECK,)
    assert not dec.ready


def test_quality_return_follows_what_the_workshop_found():
    found = P.Request(photo_count=1, confirmed=True, defect_found=True)
    dec = P.evaluate(item(), P.RETURN_QUALITY, D(2026, 6, 1), S, found)
    assert (dec.outcome, dec.reason) == (P.FREE, "quality_defect_confirmed")
    assert dec.ready
    not_found = P.Request(photo_count=1, confirmed=True, defect_found=False)
    dec = P.evaluate(item(), P.RETURN_QUALITY, D(2026, 6, 1), S, not_found)
    assert (dec.outcome, dec.reason) == (P.REFUSED, "quality_defect_not_found")
    assert not dec.ready


def test_a_return_of_another_piece_is_refused_whatever_was_found():
    swapped = P.Request(
        conditions={name: True for name in P.RETURN_CONDITIONS},
        defect_found=True,
        same_piece=False,
    )
    for service in (P.RETURN_SATISFACTION, P.RETURN_QUALITY):
        dec = P.evaluate(item(), service, D(2026, 1, 20), S, swapped)
        assert (dec.outcome, dec.reason) == (P.REFUSED, "return_not_the_piece_sold")
    # The piece sold, or a piece without serial number (unknown): as before.
    for same_piece in (True, None):
        request = P.Request(
            conditions={name: True for name in P.RETURN_CONDITIONS},
            same_piece=same_piece,
        )
        dec = P.evaluate(item(), P.RETURN_SATISFACTION, D(2026, 1, 20), S, request)
        assert (dec.outcome, dec.reason) == (P.FREE, "return_conditions_met")


def test_quality_return_within_the_warranty_only():
    dec = P.evaluate(item(), P.RETURN_QUALITY, D(2027, 1, 11), S)
    assert (dec.outcome, dec.reason) == (P.REFUSED, "quality_return_expired")


def test_shipping_payers_come_from_settings():
    settings = P.Settings(
        service_shipping_payer=P.COMPANY,
        return_shipping_payer=P.COMPANY,
        quality_return_shipping_payer=P.CUSTOMER,
    )
    assert (
        P.evaluate(item(), P.CLEANING, D(2026, 2, 1), settings).shipping_payer
        == P.COMPANY
    )
    ret = P.evaluate(item(), P.RETURN_SATISFACTION, D(2026, 2, 1), settings)
    assert ret.shipping_payer == P.COMPANY
    qual = P.evaluate(item(), P.RETURN_QUALITY, D(2026, 2, 1), settings)
    assert qual.shipping_payer == P.CUSTOMER


# Customer service and bad input ---------------------------------------------


@pytest.mark.parametrize("service", [P.INQUIRY, P.COMPLAINT])
def test_customer_service_is_free_without_an_item(service):
    dec = P.evaluate(None, service, dt.datetime(2026, 12, 25, 3, 0), S)
    assert (dec.outcome, dec.reason) == (P.FREE, "customer_service")


def test_unknown_service_and_cause_are_rejected():
    with pytest.raises(ValueError):
        P.evaluate(item(), "teleport", D(2026, 1, 1), S)
    with pytest.raises(ValueError):
        P.Request(damage_cause="dragon")
    with pytest.raises(ValueError):
        P.Request(conditions={"shiny": True})


def test_every_service_has_a_rule():
    for service in P.SERVICES:
        dec = P.evaluate(item(adjustable=True), service, D(2026, 1, 20), S)
        assert dec.service == service
        assert dec.outcome in P.OUTCOME_RANK


def test_window_states_last_day_included():
    states = P.window_states(
        D(2027, 1, 10), D(2026, 4, 10), D(2026, 2, 14), 1, D(2026, 2, 14)
    )
    assert states == P.WindowStates(True, True, True)
    states = P.window_states(
        D(2027, 1, 10), D(2026, 4, 10), D(2026, 2, 14), 1, D(2026, 2, 15)
    )
    assert states == P.WindowStates(True, True, False)
    states = P.window_states(D(2027, 1, 10), D(2026, 4, 10), None, 0, D(2026, 3, 1))
    assert states == P.WindowStates(True, False, False)
    assert P.window_states(None, None, None, 3, D(2026, 3, 1)) == P.WindowStates(
        False, False, False
    )


def test_reminder_due_from_lead_days_before_to_the_last_day():
    end = dt.date(2026, 4, 10)
    assert not P.reminder_due(end, dt.date(2026, 3, 26), 14)
    assert P.reminder_due(end, dt.date(2026, 3, 27), 14)
    assert P.reminder_due(end, end, 14)
    assert not P.reminder_due(end, dt.date(2026, 4, 11), 14)
    assert not P.reminder_due(None, end, 14)
    assert P.reminder_due(end, end, 0)
    assert not P.reminder_due(end, dt.date(2026, 4, 9), 0)


# Services per kind of piece -----------------------------------------------------


def test_a_piece_that_cannot_be_resized_is_not_offered_a_resize():
    earrings = item(resizable=False)
    dec = P.evaluate(earrings, P.RESIZE, PURCHASE, S)
    assert (dec.outcome, dec.reason) == (P.REFUSED, "resize_not_offered")
    assert not dec.redesign
    assert not P.resize_needs_redesign(earrings)
    assert not P.offers(earrings, P.RESIZE)
    assert P.offered_services(earrings) == tuple(
        s for s in P.ITEM_SERVICES if s != P.RESIZE
    )
    # Its other services are the same as any piece's.
    dec = P.evaluate(earrings, P.RESTORATION, PURCHASE, S)
    assert (dec.outcome, dec.reason) == (P.PAID, "restoration_paid")


def test_even_an_adjustable_piece_gets_no_free_resize_when_it_cannot_be_resized():
    earrings = item(adjustable=True, resizable=False)
    cover = P.coverage(earrings, S)
    assert (cover.free_resize_end, cover.free_resizes_allowed) == (None, 0)
    assert P.evaluate(earrings, P.RESIZE, PURCHASE, S).is_refused


def test_every_service_is_offered_for_a_piece_that_can_be_resized_or_none():
    assert P.offered_services(item()) == P.ITEM_SERVICES
    assert P.offers(None, P.RESIZE)
    assert P.offered_services(item(), P.PORTAL_ITEM_SERVICES) == (
        P.PORTAL_ITEM_SERVICES
    )
