"""The appraisal service in the policy engine: paid, or free within the
company's days after the purchase."""

import datetime as dt

import pytest

from conftest import policy as P

D = dt.date
ITEM = P.Item(purchase_date=D(2026, 1, 10), received_date=D(2026, 1, 12))


def test_an_appraisal_is_paid_by_default():
    dec = P.evaluate(ITEM, P.APPRAISAL, D(2026, 1, 11), P.Settings())
    assert (dec.outcome, dec.reason) == (P.PAID, "appraisal_paid")


def test_free_within_the_companys_days_then_paid():
    settings = P.Settings(appraisal_free_days=30)
    dec = P.evaluate(ITEM, P.APPRAISAL, D(2026, 2, 9), settings)
    assert (dec.outcome, dec.reason, dec.deadline) == (
        P.FREE,
        "appraisal_free",
        D(2026, 2, 9),
    )
    dec = P.evaluate(ITEM, P.APPRAISAL, D(2026, 2, 10), settings)
    assert dec.outcome == P.PAID


def test_offered_for_every_piece_and_a_next_owner_alike():
    assert P.APPRAISAL in P.offered_services(ITEM)
    handed = P.Item(
        purchase_date=D(2026, 1, 10), transferred_on=D(2026, 1, 20), resizable=False
    )
    dec = P.evaluate(
        handed, P.APPRAISAL, D(2026, 1, 21), P.Settings(appraisal_free_days=30)
    )
    assert dec.outcome == P.FREE


def test_negative_free_days_are_refused():
    with pytest.raises(ValueError):
        P.Settings(appraisal_free_days=-1)
