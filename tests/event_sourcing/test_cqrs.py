"""The projection: equals the fold, survives partial catch-ups, rebuilds; the lag simulation."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.event_sourcing import (
    EventStore,
    Projection,
    deposit,
    experiments,
    load,
    open_account,
    rebuild,
    withdraw,
)


def busy_store(seed=0, writes=30):
    import random
    rng = random.Random(seed)
    store = EventStore(clock=lambda: 0.0)
    for name in "abc":
        open_account(store, name, name.upper())
    for _ in range(writes):
        name = rng.choice("abc")
        if rng.random() < 0.3 and load(store, name)[0]["balance"] >= 100:
            withdraw(store, name, 100)
        else:
            deposit(store, name, rng.randrange(1, 500))
    return store


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), limits=st.lists(st.integers(1, 7), min_size=1))
def test_catching_up_in_any_pieces_equals_the_fold_of_each_stream(seed, limits):
    store = busy_store(seed)
    view = Projection(store)
    for limit in limits:
        view.catch_up(limit)
    view.catch_up()
    assert view.position == store.head()
    for name in "abc":
        state, version, _ = load(store, name)
        assert view.balance(name) == state["balance"]
        assert view.version_of(name) == version
    assert view.rows() == rebuild(store, batch=4).rows()
    with pytest.raises(ValueError, match="already applied"):
        view.apply(store.read_all()[0])


def test_an_empty_read_model_knows_nothing_yet():
    store = busy_store()
    view = Projection(store)
    assert (view.balance("a"), view.version_of("a"), view.position) == (None, 0, 0)
    with pytest.raises(TypeError, match="store"):
        Projection("not a store")


def test_the_simulation_marks_a_read_stale_exactly_when_the_lag_exceeds_the_wait():
    result = experiments.cqrs()
    writes = result["writes"]
    assert len(writes) == 40 and (writes["lag_ms"] > 0).all()
    assert (writes["stale read"] == (writes["lag_ms"] > 50)).all()
    assert result["rebuilt equals live"]
    assert result["at t"]["head"] >= result["at t"]["checkpoint"]


@pytest.mark.parametrize("poll_ms", [10.0, 37.0, 100.0])
def test_with_free_applies_the_lag_is_the_wait_for_the_next_poll(poll_ms):
    """Closed form: polls at k * poll_ms, so a write at w shows at the next multiple."""
    writes = experiments.cqrs(poll_ms=poll_ms, apply_ms=0.0)["writes"]
    for w, lag in zip(writes["written_ms"], writes["lag_ms"], strict=True):
        next_poll = math.floor(w / poll_ms + 1e-9) * poll_ms
        next_poll = next_poll if next_poll >= w and w > 0 else next_poll + poll_ms
        assert lag == pytest.approx(next_poll - w, abs=1e-6)


def test_polling_faster_means_fewer_stale_reads():
    shares = [experiments.cqrs(poll_ms=p)["writes"]["stale read"].mean()
              for p in (20.0, 100.0, 300.0)]
    assert shares == sorted(shares) and shares[0] == 0 < shares[-1]


def test_read_your_writes_waits_for_the_version():
    table = experiments.read_your_writes()
    at_once, waited = table.iloc[0], table.iloc[1]
    assert at_once["balance read (cents)"] == 5000 and at_once["read model's version"] == 2
    assert waited["balance read (cents)"] == 7500 and waited["read model's version"] == 3
    assert waited["time (ms)"] == 100 + 2  # the next poll, plus one apply


def test_crud_versus_events_and_bad_input():
    table = experiments.crud_vs_events(50)
    assert list(table["rows stored"]) == [1, 51]
    assert "refused" in table.loc["event stream", "can erase the customer's data"]
    with pytest.raises(ValueError, match="poll_ms"):
        experiments.cqrs(poll_ms=0)


def test_a_failed_apply_moves_neither_row_nor_checkpoint():
    from sysdesign.event_sourcing import RecordedEvent
    store = busy_store(writes=0)
    view = Projection(store)
    view.catch_up()
    bad = RecordedEvent("a", 2, store.head() + 1, "Deposited", 3, {"currency": "USD"}, 0.0)
    before = (view.rows(), view.position)
    with pytest.raises(KeyError):
        view.apply(bad)
    assert (view.rows(), view.position) == before


@pytest.mark.parametrize("poll_ms, apply_ms", [(100.0, 2.0), (30.0, 7.5)])
def test_each_write_shows_after_the_next_poll_and_the_events_queued_before_it(poll_ms,
                                                                             apply_ms):
    """Re-derived by hand: the projector polls at p, applies its batch one event per
    apply_ms, and polls again poll_ms after the batch ends."""
    writes = experiments.cqrs(poll_ms=poll_ms, apply_ms=apply_ms)["writes"]
    written = dict(zip(writes["position"], writes["written_ms"], strict=True))
    expected, poll, checkpoint = {}, poll_ms, min(written) - 1
    while len(expected) < len(written):
        batch = sorted(p for p, w in written.items() if p > checkpoint and w <= poll)
        for rank, position in enumerate(batch, start=1):
            expected[position] = poll + rank * apply_ms
        checkpoint = max(batch, default=checkpoint)
        poll += len(batch) * apply_ms + poll_ms
    for position, visible in zip(writes["position"], writes["visible_ms"], strict=True):
        assert visible == pytest.approx(expected[position], abs=1e-9)


def test_an_event_type_the_read_model_does_not_use_moves_only_versions():
    from sysdesign.event_sourcing import Event
    store = busy_store(writes=0)
    deposit(store, "a", 300)
    store.append("a", 2, [Event("AddressChanged", {"city": "Oslo"})])
    view = Projection(store)
    view.catch_up()
    assert (view.balance("a"), view.version_of("a"), view.position) == (300, 3, store.head())
