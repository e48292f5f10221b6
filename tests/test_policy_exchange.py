"""Instead of a refund, in the policy engine: exchanges (the conditions of a
satisfaction return, the free resize offered first, the new piece's own
windows) and trade-ups (programme, certificate, price ratio, age, condition)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import policy as P

D = dt.date
RING = P.Item(
    purchase_date=D(2026, 1, 10),
    received_date=D(2026, 1, 12),
    adjustable=True,
    unit_price=1000.0,
)
ALL_MET = {name: True for name in P.RETURN_CONDITIONS}


def exchange(item, day, **request):
    return P.evaluate(item, P.EXCHANGE, day, P.Settings(), P.Request(**request))


# Exchanges ---------------------------------------------------------------------


def test_an_exchange_has_the_return_window_and_shipping():
    dec = exchange(RING, D(2026, 2, 11))
    assert (dec.outcome, dec.reason, dec.deadline) == (
        P.FREE,
        "exchange_offered",
        D(2026, 2, 11),
    )
    assert dec.shipping_payer == P.Settings().return_shipping_payer
    assert dec.requirements == (P.REQ_CONDITION_CHECK,)
    late = exchange(RING, D(2026, 2, 12))
    assert (late.outcome, late.reason) == (P.REFUSED, "return_window_closed")


def test_an_exchange_needs_the_conditions_of_a_return():
    met = exchange(RING, D(2026, 1, 20), conditions=ALL_MET)
    assert (met.outcome, met.reason, met.ready) == (
        P.FREE,
        "exchange_conditions_met",
        True,
    )
    worn = exchange(RING, D(2026, 1, 20), conditions={**ALL_MET, "unused": False})
    assert (worn.outcome, worn.reason, worn.params["conditions"]) == (
        P.REFUSED,
        "exchange_conditions_failed",
        ("unused",),
    )
    not_sold = exchange(RING, D(2026, 1, 20), same_piece=False)
    assert not_sold.reason == "return_not_the_piece_sold"


def test_an_exchange_needs_the_piece_received_and_the_first_buyer():
    waiting = P.Item(purchase_date=D(2026, 1, 10))
    assert exchange(waiting, D(2026, 1, 11)).reason == "not_received"
    handed = P.Item(
        purchase_date=D(2026, 1, 10),
        received_date=D(2026, 1, 12),
        transferred_on=D(2026, 1, 15),
    )
    assert exchange(handed, D(2026, 1, 16)).reason == "return_first_buyer"


def test_a_size_exchange_offers_the_free_resize_first():
    dec = exchange(RING, D(2026, 1, 20), size_exchange=True)
    assert (dec.outcome, dec.reason, dec.params["date"]) == (
        P.FREE,
        "exchange_free_resize_first",
        D(2026, 4, 10),
    )
    assert P.REQ_RESIZE_DECLINED in dec.pending_before_sending
    assert not dec.ready
    declined = exchange(RING, D(2026, 1, 20), size_exchange=True, resize_declined=True)
    assert declined.reason == "exchange_offered"
    # Another piece, or a size exchange once the free resize is used: no detour.
    assert exchange(RING, D(2026, 1, 20)).reason == "exchange_offered"
    used = P.Item(**{**RING.__dict__, "free_resizes_used": 1})
    assert exchange(used, D(2026, 1, 20), size_exchange=True).reason == (
        "exchange_offered"
    )


def test_the_new_piece_is_covered_from_its_own_delivery():
    new = P.Item(
        purchase_date=D(2026, 1, 10),
        received_date=D(2026, 2, 20),
        adjustable=True,
        exchanged=True,
    )
    cover = P.coverage(new, P.Settings())
    assert cover.warranty_end == D(2027, 2, 20)
    assert cover.free_resize_end == D(2026, 5, 20)
    assert cover.return_end == D(2026, 3, 22)
    dec = P.evaluate(new, P.WARRANTY, D(2027, 2, 1), P.Settings())
    assert (dec.outcome, dec.params["date"]) == (P.FREE, D(2027, 2, 20))


def test_the_new_piece_is_not_covered_before_it_is_delivered():
    new = P.Item(purchase_date=D(2026, 1, 10), exchanged=True)
    assert P.coverage(new, P.Settings()).warranty_end is None
    for service in P.ITEM_SERVICES:
        dec = P.evaluate(new, service, D(2026, 2, 1), P.Settings())
        assert (dec.outcome, dec.reason) == (P.REFUSED, "exchange_not_delivered")


@given(st.integers(0, 400), st.booleans(), st.booleans(), st.integers(0, 2))
def test_an_exchange_is_never_better_than_the_return(
    days, size_exchange, declined, resizes_used
):
    """Whatever the detour, an exchange is allowed exactly when a refund is."""
    item = P.Item(**{**RING.__dict__, "free_resizes_used": resizes_used})
    day = RING.purchase_date + dt.timedelta(days=days)
    request = P.Request(size_exchange=size_exchange, resize_declined=declined)
    back = P.evaluate(item, P.RETURN_SATISFACTION, day, P.Settings(), request)
    swap = P.evaluate(item, P.EXCHANGE, day, P.Settings(), request)
    assert swap.outcome == back.outcome
    assert swap.deadline == back.deadline


# Trade-ups -----------------------------------------------------------------------

SOLITAIRE = P.Item(
    purchase_date=D(2020, 3, 1),
    received_date=D(2020, 3, 3),
    unit_price=2500.0,
    trade_up_eligible=True,
    certificate=True,
)


def trade_up(item, day, settings=None, **request):
    return P.evaluate(
        item, P.TRADE_UP, day, settings or P.Settings(), P.Request(**request)
    )


def test_a_trade_up_credits_the_price_paid_for_life_by_default():
    dec = trade_up(SOLITAIRE, D(2026, 6, 1))
    assert (dec.outcome, dec.reason) == (P.FREE, "trade_up_offered")
    assert dec.params == {"credit": 2500.0, "minimum": 5000.0}
    assert dec.requirements == (P.REQ_CONDITION_CHECK,)
    checked = trade_up(
        SOLITAIRE, D(2026, 6, 1), new_price=5000.0, trade_in_condition=True
    )
    assert (checked.outcome, checked.reason, checked.ready) == (
        P.FREE,
        "trade_up_accepted",
        True,
    )


def test_a_trade_up_needs_a_dear_enough_piece():
    dec = trade_up(SOLITAIRE, D(2026, 6, 1), new_price=4999.99)
    assert (dec.outcome, dec.reason) == (P.REFUSED, "trade_up_price_too_low")
    ratio = P.Settings(trade_up_ratio=1.5)
    assert trade_up(SOLITAIRE, D(2026, 6, 1), ratio, new_price=3750.0).is_free


def test_a_trade_up_needs_the_programme_and_the_certificate():
    plain = P.Item(**{**SOLITAIRE.__dict__, "trade_up_eligible": False})
    assert trade_up(plain, D(2026, 6, 1)).reason == "trade_up_not_eligible"
    no_paper = P.Item(**{**SOLITAIRE.__dict__, "certificate": False})
    assert trade_up(no_paper, D(2026, 6, 1)).reason == "trade_up_certificate_missing"


def test_a_trade_up_within_the_companys_years():
    five = P.Settings(trade_up_years=5)
    dec = trade_up(SOLITAIRE, D(2025, 3, 1), five)
    assert (dec.outcome, dec.deadline) == (P.FREE, D(2025, 3, 1))
    late = trade_up(SOLITAIRE, D(2025, 3, 2), five)
    assert (late.outcome, late.reason, late.params["date"]) == (
        P.REFUSED,
        "trade_up_expired",
        D(2025, 3, 1),
    )


def test_a_trade_up_refused_for_a_piece_not_in_condition_or_not_the_buyers():
    worn = trade_up(SOLITAIRE, D(2026, 6, 1), trade_in_condition=False)
    assert (worn.outcome, worn.reason) == (P.REFUSED, "trade_up_condition")
    handed = P.Item(**{**SOLITAIRE.__dict__, "transferred_on": D(2024, 1, 1)})
    assert trade_up(handed, D(2026, 6, 1)).reason == "trade_up_first_buyer"


@given(st.floats(0, 10_000), st.floats(0, 30_000), st.floats(1, 5))
def test_a_trade_up_is_allowed_exactly_from_the_ratio(price, new_price, ratio):
    item = P.Item(**{**SOLITAIRE.__dict__, "unit_price": price})
    dec = trade_up(
        item, D(2026, 6, 1), P.Settings(trade_up_ratio=ratio), new_price=new_price
    )
    assert dec.is_free == (new_price >= price * ratio)
    if dec.is_free:
        assert dec.params["credit"] == price


def test_a_trade_up_ratio_below_one_is_refused():
    with pytest.raises(ValueError):
        P.Settings(trade_up_ratio=0.5)
    with pytest.raises(ValueError):
        P.Settings(trade_up_years=-1)
