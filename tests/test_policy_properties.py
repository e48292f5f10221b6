"""Invariants of the policy, checked on generated items, dates and settings."""

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import policy as P

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
policy_settings = st.builds(
    P.Settings,
    warranty_months=st.integers(0, 120),
    free_resize_months=st.integers(0, 24),
    free_resizes_per_unit=st.integers(0, 3),
    return_days=st.integers(0, 365),
)


@st.composite
def items(draw):
    purchase = draw(dates)
    received = draw(st.one_of(st.none(), st.integers(0, 90)))
    return P.Item(
        purchase_date=purchase,
        received_date=None
        if received is None
        else purchase + dt.timedelta(days=received),
        quantity=draw(st.integers(0, 5)),
        adjustable=draw(st.booleans()),
        free_resizes_used=draw(st.integers(0, 6)),
        resizable=draw(st.booleans()),
    )


requests = st.builds(
    P.Request,
    damage_cause=st.sampled_from(P.DAMAGE_CAUSES),
    redesign=st.booleans(),
    photo_count=st.integers(0, 5),
    confirmed=st.booleans(),
)


@hsettings(max_examples=300)
@given(
    items(),
    st.sampled_from(P.SERVICES),
    dates,
    st.integers(1, 4000),
    policy_settings,
    requests,
)
def test_later_never_better(item, service, day, later_by, settings, request):
    """Waiting never turns a refused or paid answer into a better one."""
    early = P.evaluate(item, service, day, settings, request)
    late = P.evaluate(
        item, service, day + dt.timedelta(days=later_by), settings, request
    )
    assert P.OUTCOME_RANK[late.outcome] >= P.OUTCOME_RANK[early.outcome]


@given(items(), dates, policy_settings)
def test_using_a_free_resize_never_makes_the_next_one_freer(item, day, settings):
    before = P.evaluate(item, P.RESIZE, day, settings)
    used = P.Item(**{**item.__dict__, "free_resizes_used": item.free_resizes_used + 1})
    after = P.evaluate(used, P.RESIZE, day, settings)
    assert P.OUTCOME_RANK[after.outcome] >= P.OUTCOME_RANK[before.outcome]


@given(items(), policy_settings)
def test_windows_start_at_purchase_or_receipt(item, settings):
    cover = P.coverage(item, settings)
    assert cover.warranty_end >= item.purchase_date
    if cover.free_resize_end:
        assert cover.free_resize_end >= item.purchase_date
    if item.received_date:
        assert cover.return_end >= item.received_date
    else:
        assert cover.return_end is None
    free_resize = item.adjustable and item.resizable
    expected = item.quantity * settings.free_resizes_per_unit if free_resize else 0
    assert cover.free_resizes_allowed == expected


@given(items(), st.sampled_from(P.SERVICES), dates, policy_settings, requests)
def test_free_answers_meet_their_deadline(item, service, day, settings, request):
    """A free answer with a deadline is never given after that deadline."""
    dec = P.evaluate(item, service, day, settings, request)
    if dec.is_free and dec.deadline is not None:
        assert day <= dec.deadline
    if dec.is_refused:
        assert dec.shipping_payer in (None, P.CUSTOMER, P.COMPANY)
        assert not dec.ready


@given(items(), dates, policy_settings, requests)
def test_a_piece_that_cannot_be_adjusted_is_resized_by_a_paid_redesign(
    item, day, settings, request
):
    """Never refused, never free: a paid redesign, whatever the day, the
    settings and what staff recorded."""
    fixed = P.Item(**{**item.__dict__, "adjustable": False, "resizable": True})
    dec = P.evaluate(fixed, P.RESIZE, day, settings, request)
    assert dec.is_paid
    assert dec.redesign
    assert dec.reason == "resize_not_adjustable"


@given(items(), dates, policy_settings, requests)
def test_a_redesign_is_always_paid(item, day, settings, request):
    dec = P.evaluate(item, P.RESIZE, day, settings, request)
    assert dec.redesign == (
        item.resizable and (request.redesign or not item.adjustable)
    )
    if dec.redesign:
        assert dec.is_paid


@given(items(), dates, policy_settings, requests)
def test_a_piece_that_cannot_be_resized_is_never_offered_a_resize(
    item, day, settings, request
):
    """Whatever the day, the settings and the piece's other flags: refused as
    not offered, never a free resize in its coverage."""
    earrings = P.Item(**{**item.__dict__, "resizable": False})
    dec = P.evaluate(earrings, P.RESIZE, day, settings, request)
    assert (dec.outcome, dec.reason) == (P.REFUSED, "resize_not_offered")
    assert not dec.redesign
    assert P.RESIZE not in P.offered_services(earrings)
    cover = P.coverage(earrings, settings)
    assert cover.free_resize_end is None and cover.free_resizes_allowed == 0


@given(items(), st.sampled_from(P.SERVICES), dates, policy_settings, requests)
def test_whether_a_piece_can_be_resized_changes_only_its_resize(
    item, service, day, settings, request
):
    resizable = P.Item(**{**item.__dict__, "resizable": True})
    not_resizable = P.Item(**{**item.__dict__, "resizable": False})
    if service != P.RESIZE:
        assert P.evaluate(resizable, service, day, settings, request) == P.evaluate(
            not_resizable, service, day, settings, request
        )
