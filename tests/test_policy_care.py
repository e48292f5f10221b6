"""Protection plans (Sparklife Care) in the policy engine: what a plan covers,
and the invariant that a plan only ever makes the answer better."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_policy_properties import dates, items, policy_settings, requests

from conftest import policy as P

D = dt.date
S = P.Settings(timezone="Europe/Paris")
BOUGHT = D(2026, 1, 10)
ALL = frozenset(P.CARE_COVERS)


def ring(plan=None, **values):
    return P.Item(
        purchase_date=BOUGHT,
        received_date=D(2026, 1, 12),
        adjustable=True,
        plan=plan,
        **values,
    )


def plan(**values):
    return P.Plan(
        **{
            "start": BOUGHT,
            "end": D(2031, 1, 10),
            "covers": ALL,
            "claims_allowed": 3,
            "deductible": 50.0,
            "extra_free_resizes": 1,
            **values,
        }
    )


def evaluate(item, service, on, cause=P.NOT_ASSESSED, **request):
    return P.evaluate(item, service, on, S, P.Request(damage_cause=cause, **request))


def test_accidental_damage_in_year_two_is_a_claim_with_its_deductible():
    without = evaluate(ring(), P.WARRANTY, D(2027, 6, 1), P.ACCIDENTAL_DAMAGE)
    assert without.outcome == P.PAID
    dec = evaluate(ring(plan()), P.WARRANTY, D(2027, 6, 1), P.ACCIDENTAL_DAMAGE)
    assert (dec.outcome, dec.reason) == (P.FREE, "care_covered")
    assert dec.care_claim and dec.deductible == 50.0
    assert dec.params == {"date": D(2031, 1, 10), "deductible": 50.0}
    assert dec.deadline == D(2031, 1, 10)


def test_a_defect_in_the_warranty_year_stays_a_warranty_claim():
    dec = evaluate(ring(plan()), P.WARRANTY, D(2026, 6, 1), P.MANUFACTURING_DEFECT)
    assert (dec.outcome, dec.reason) == (P.FREE, "warranty_defect")
    assert not dec.care_claim and dec.deductible == 0


def test_a_defect_after_the_warranty_year_is_wear():
    dec = evaluate(ring(plan()), P.WARRANTY, D(2028, 6, 1), P.MANUFACTURING_DEFECT)
    assert (dec.reason, dec.care_claim) == ("care_covered", True)
    only_accidents = plan(covers=frozenset({P.CARE_ACCIDENTAL}))
    dec = evaluate(ring(only_accidents), P.WARRANTY, D(2028, 6, 1), P.NORMAL_WEAR)
    assert (dec.outcome, dec.reason) == (P.PAID, "warranty_expired")


@pytest.mark.parametrize("cause", [P.IMPROPER_USE, P.UNAUTHORIZED_REPAIR])
def test_misuse_and_repairs_elsewhere_are_never_covered(cause):
    dec = evaluate(ring(plan()), P.WARRANTY, D(2026, 6, 1), cause)
    assert (dec.outcome, dec.care_claim) == (P.PAID, False)


def test_a_lost_stone_and_a_broken_clasp_are_claims():
    stone = evaluate(ring(plan()), P.WARRANTY, D(2027, 3, 1), P.LOST_STONE)
    clasp = evaluate(ring(plan()), P.ACCESSORY, D(2027, 3, 1), P.NORMAL_WEAR)
    assert stone.care_claim and clasp.care_claim
    assert clasp.outcome == P.FREE and clasp.deductible == 50.0


def test_an_unassessed_damage_waits_for_the_workshop():
    dec = evaluate(ring(plan()), P.WARRANTY, D(2027, 6, 1))
    assert (dec.outcome, dec.reason) == (P.FREE, "care_to_assess")
    assert dec.awaits_finding and not dec.care_claim


def test_claims_used_up():
    used = plan(claims_allowed=2, claims_used=2)
    dec = evaluate(ring(used), P.WARRANTY, D(2027, 6, 1), P.ACCIDENTAL_DAMAGE)
    assert (dec.outcome, dec.reason) == (P.PAID, "care_claims_used")
    assert dec.params == {"allowed": 2}
    unlimited = plan(claims_allowed=None, claims_used=40)
    dec = evaluate(ring(unlimited), P.WARRANTY, D(2027, 6, 1), P.ACCIDENTAL_DAMAGE)
    assert dec.care_claim


def test_an_overdue_inspection_suspends_accidental_damage_only():
    overdue = plan(inspection_due=D(2027, 1, 10), inspection_grace_days=30)
    in_grace = evaluate(ring(overdue), P.WARRANTY, D(2027, 2, 9), P.ACCIDENTAL_DAMAGE)
    assert in_grace.care_claim
    late = evaluate(ring(overdue), P.WARRANTY, D(2027, 2, 10), P.ACCIDENTAL_DAMAGE)
    assert (late.outcome, late.reason) == (P.PAID, "care_suspended")
    assert late.params == {"date": D(2027, 1, 10)}
    wear = evaluate(ring(overdue), P.WARRANTY, D(2027, 2, 10), P.NORMAL_WEAR)
    assert wear.care_claim
    inspected = dataclasses.replace(overdue, inspection_due=D(2028, 1, 10))
    again = evaluate(ring(inspected), P.WARRANTY, D(2027, 2, 10), P.ACCIDENTAL_DAMAGE)
    assert again.care_claim


def test_extra_free_resizes():
    used_once = ring(plan(), free_resizes_used=1)
    dec = evaluate(used_once, P.RESIZE, D(2026, 2, 1))
    assert (dec.outcome, dec.reason, dec.care_claim) == (P.FREE, "care_resize", True)
    late = evaluate(ring(plan()), P.RESIZE, D(2027, 2, 1))
    assert late.reason == "care_resize"
    spent = ring(plan(extra_resizes_used=1), free_resizes_used=1)
    dec = evaluate(spent, P.RESIZE, D(2026, 2, 1))
    assert (dec.outcome, dec.reason) == (P.PAID, "care_resizes_used")
    # The policy's own free resize is never charged a deductible.
    first = evaluate(ring(plan()), P.RESIZE, D(2026, 2, 1))
    assert (first.reason, first.deductible) == ("free_resize", 0)


def test_a_redesign_is_never_covered():
    fixed = P.Item(
        purchase_date=BOUGHT,
        received_date=D(2026, 1, 12),
        adjustable=False,
        plan=plan(),
    )
    dec = evaluate(fixed, P.RESIZE, D(2027, 2, 1))
    assert (dec.outcome, dec.redesign, dec.care_claim) == (P.PAID, True, False)


def test_cleaning_shipping_both_ways():
    dec = evaluate(ring(plan()), P.CLEANING, D(2029, 5, 5))
    assert (dec.outcome, dec.reason) == (P.FREE, "care_cleaning_shipping")
    assert dec.shipping_payer == P.COMPANY and not dec.care_claim


def test_outside_its_dates_a_plan_changes_nothing():
    later = plan(start=D(2027, 1, 10), end=D(2029, 1, 10))
    for day in (D(2026, 12, 31), D(2029, 1, 11)):
        with_plan = evaluate(ring(later), P.WARRANTY, day, P.ACCIDENTAL_DAMAGE)
        assert with_plan == evaluate(ring(), P.WARRANTY, day, P.ACCIDENTAL_DAMAGE)


@pytest.mark.parametrize(
    "values",
    [
        {"covers": frozenset({"theft"})},
        {"end": D(2025, 1, 1)},
        {"claims_used": -1},
        {"claims_allowed": -1},
        {"deductible": -5.0},
    ],
)
def test_a_plan_that_makes_no_sense_is_refused(values):
    with pytest.raises(ValueError):
        plan(**values)


# Invariants --------------------------------------------------------------------


@st.composite
def plans(draw):
    start = draw(dates)
    allowed = draw(st.one_of(st.none(), st.integers(0, 5)))
    inspection = draw(st.one_of(st.none(), st.integers(0, 2000)))
    return P.Plan(
        start=start,
        end=start + dt.timedelta(days=draw(st.integers(0, 3000))),
        covers=frozenset(draw(st.sets(st.sampled_from(P.CARE_COVERS)))),
        claims_allowed=allowed,
        claims_used=draw(st.integers(0, 6)),
        deductible=draw(st.floats(0, 500, allow_nan=False)),
        extra_free_resizes=draw(st.integers(0, 3)),
        extra_resizes_used=draw(st.integers(0, 4)),
        inspection_due=None
        if inspection is None
        else start + dt.timedelta(days=inspection),
        inspection_grace_days=draw(st.integers(0, 90)),
    )


SHIPPING_RANK = {P.COMPANY: 0, None: 1, P.CUSTOMER: 1}


@hsettings(max_examples=500)
@given(items(), plans(), st.sampled_from(P.SERVICES), dates, policy_settings, requests)
def test_a_plan_only_ever_makes_the_answer_better(
    item, plan, service, day, settings, request
):
    """Never free into paid, never paid into refused, never a deductible on
    what the policy gives for free, never the customer paying shipping the
    policy gives; a claim only while the plan has claims left."""
    alone = P.evaluate(item, service, day, settings, request)
    covered = P.evaluate(
        dataclasses.replace(item, plan=plan), service, day, settings, request
    )
    assert P.OUTCOME_RANK[covered.outcome] <= P.OUTCOME_RANK[alone.outcome]
    if alone.outcome == P.FREE:
        assert covered.outcome == P.FREE
        assert covered.deductible == 0 and not covered.care_claim
    if alone.outcome == P.REFUSED:
        assert covered == alone
    assert SHIPPING_RANK[covered.shipping_payer] <= SHIPPING_RANK[alone.shipping_payer]
    if covered.care_claim:
        assert alone.outcome == P.PAID and not alone.redesign
        assert plan.claims_left() != 0
        assert covered.deductible == plan.deductible
    if not plan.in_force(P.local_date(day, settings.timezone)):
        assert covered == alone


@given(items(), plans(), dates, policy_settings)
def test_a_claim_used_never_makes_the_next_one_freer(item, plan, day, settings):
    request = P.Request(damage_cause=P.ACCIDENTAL_DAMAGE)
    before = P.evaluate(
        dataclasses.replace(item, plan=plan), P.WARRANTY, day, settings, request
    )
    used = dataclasses.replace(plan, claims_used=plan.claims_used + 1)
    after = P.evaluate(
        dataclasses.replace(item, plan=used), P.WARRANTY, day, settings, request
    )
    assert P.OUTCOME_RANK[after.outcome] >= P.OUTCOME_RANK[before.outcome]


def test_plan_terms_end_after_its_years_with_its_first_inspection():
    terms = P.care_plan_terms(D(2024, 2, 29), 2, inspection_months=6)
    assert terms.end == D(2026, 2, 28)
    assert terms.inspection_due == D(2024, 8, 29)
    assert P.care_plan_terms(BOUGHT, 5).inspection_due is None
    with pytest.raises(ValueError):
        P.care_plan_terms(BOUGHT, 0)


@pytest.mark.parametrize(
    ("today", "days", "same_order", "refusal"),
    [
        (D(2026, 1, 10), 0, True, None),
        (D(2027, 9, 1), 0, True, None),
        (D(2026, 2, 9), 30, False, None),
        (D(2026, 2, 10), 30, False, "care_bought_late"),
        (D(2026, 1, 11), 0, False, "care_bought_late"),
    ],
)
def test_a_plan_is_bought_with_the_piece_or_within_its_delay(
    today, days, same_order, refusal
):
    assert P.care_plan_sale_refusal(BOUGHT, today, days, same_order) == refusal


def test_a_plan_of_a_piece_not_sold_cannot_be_bought_later():
    assert P.care_plan_sale_refusal(None, BOUGHT, 30, False) == "care_piece_not_sold"


def test_cancelling_a_plan_refunds_all_then_pro_rata():
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    assert P.care_plan_refund(365.0, start, end, D(2026, 1, 15), 14) == 365.0
    assert P.care_plan_refund(365.0, start, end, D(2026, 1, 16), 14) == 349.0
    assert P.care_plan_refund(365.0, start, end, D(2026, 12, 31), 14) == 0.0
    assert P.care_plan_refund(365.0, start, end, D(2027, 1, 1), 14) == 0.0


@given(
    st.floats(min_value=0, max_value=1e6),
    dates,
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=0, max_value=60),
)
@hsettings(max_examples=200, deadline=None)
def test_a_refund_never_exceeds_the_price_nor_grows_with_time(
    price, start, years, offset, cooling
):
    terms = P.care_plan_terms(start, years)
    today = start + dt.timedelta(days=offset)
    refund = P.care_plan_refund(price, start, terms.end, today, cooling)
    later = P.care_plan_refund(
        price, start, terms.end, today + dt.timedelta(days=1), cooling
    )
    assert 0 <= later <= refund <= price


def test_without_pro_rata_nothing_is_refunded_after_the_cooling_off():
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    refund = P.care_plan_refund
    assert refund(365.0, start, end, D(2026, 1, 15), 14, pro_rata=False) == 365.0
    assert refund(365.0, start, end, D(2026, 1, 16), 14, pro_rata=False) == 0.0
