"""A piece that changed hands, in the policy engine: the warranty and the
plan follow the piece; the free resize and the return stay the first
buyer's, and the engine says why."""

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from test_policy_care import plans
from test_policy_properties import dates, items, policy_settings, requests

from conftest import policy as P

D = dt.date
S = P.Settings(timezone="Europe/Paris")
BOUGHT = D(2026, 1, 10)
HANDED_OVER = D(2026, 2, 1)


def ring(**values):
    return P.Item(
        purchase_date=BOUGHT,
        received_date=D(2026, 1, 12),
        adjustable=True,
        **{"transferred_on": HANDED_OVER, **values},
    )


def test_the_buyers_windows_end_the_day_before_the_piece_changed_hands():
    cover = P.coverage(ring(), S)
    assert cover.free_resize_end == D(2026, 1, 31)
    assert cover.return_end == D(2026, 1, 31)
    assert cover.warranty_end == D(2027, 1, 10)
    # Windows already closed stay as they were.
    late = P.coverage(ring(transferred_on=D(2026, 9, 1)), S)
    assert late.return_end == D(2026, 2, 11)


def test_the_next_owner_pays_a_resize_and_cannot_return_the_piece():
    resize = P.evaluate(ring(), P.RESIZE, D(2026, 2, 2), S)
    assert (resize.outcome, resize.reason) == (P.PAID, "free_resize_first_buyer")
    assert resize.params == {"date": HANDED_OVER}
    for service in (P.RETURN_SATISFACTION, P.RETURN_QUALITY):
        dec = P.evaluate(ring(), service, D(2026, 2, 2), S)
        assert (dec.outcome, dec.reason) == (P.REFUSED, "return_first_buyer")


def test_the_warranty_follows_the_piece():
    request = P.Request(damage_cause=P.MANUFACTURING_DEFECT)
    dec = P.evaluate(ring(), P.WARRANTY, D(2026, 6, 1), S, request)
    assert (dec.outcome, dec.reason) == (P.FREE, "warranty_defect")


def test_the_plans_extra_resizes_follow_the_piece():
    plan = P.Plan(
        start=BOUGHT,
        end=D(2031, 1, 10),
        covers=frozenset({P.CARE_EXTRA_RESIZES}),
        extra_free_resizes=1,
    )
    dec = P.evaluate(ring(plan=plan), P.RESIZE, D(2026, 2, 2), S)
    assert (dec.outcome, dec.reason) == (P.FREE, "care_resize")


@given(
    items(),
    st.one_of(st.none(), plans()),
    st.sampled_from(P.SERVICES),
    dates,
    st.integers(-400, 400),
    policy_settings,
    requests,
)
def test_changing_hands_never_improves_an_answer_nor_touches_the_warranty(
    item, plan, service, day, offset, settings, request
):
    """For the next owner, an answer is never better than for the buyer;
    what the policy gives besides the free resize and the returns is the
    same."""
    item = dataclasses.replace(item, plan=plan)
    handed = dataclasses.replace(
        item, transferred_on=P.local_date(day, settings.timezone) + dt.timedelta(offset)
    )
    buyer = P.evaluate(item, service, day, settings, request)
    owner = P.evaluate(handed, service, day, settings, request)
    assert P.OUTCOME_RANK[owner.outcome] >= P.OUTCOME_RANK[buyer.outcome]
    # The free resize, the returns and what replaces a refund (an exchange,
    # a trade-up) are the first buyer's; everything else follows the piece.
    bound_to_the_purchase = (
        P.RESIZE,
        P.RETURN_SATISFACTION,
        P.RETURN_QUALITY,
        P.EXCHANGE,
        P.TRADE_UP,
    )
    if service not in bound_to_the_purchase:
        assert owner == buyer
