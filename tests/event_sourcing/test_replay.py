"""Replay is a fold; past states; snapshots + tail == full replay; upcasting."""

import functools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.event_sourcing import (
    EMPTY,
    Event,
    EventStore,
    Overdraft,
    RecordedEvent,
    apply,
    deposit,
    experiments,
    load,
    open_account,
    replay,
    upcast,
    withdraw,
)

# A history: signed amounts in cents (+ deposit, - withdrawal), never below zero.
amounts = st.lists(st.integers(-5_000, 5_000).filter(lambda c: c != 0), max_size=40)


def build(changes, snapshot_every=0):
    """A store holding an account with the given changes (overdrafts skipped)."""
    store = EventStore(clock=lambda: 0.0)
    balance, kept = 0, []
    for cents in [None] + changes:
        if cents is None:
            open_account(store, "a", "ada")
        elif balance + cents < 0:
            continue
        else:
            (deposit if cents > 0 else withdraw)(store, "a", abs(cents))
            balance += cents
            kept.append(cents)
        if snapshot_every and store.version("a") % snapshot_every == 0:
            store.save_snapshot("a", store.version("a"), load(store, "a")[0])
    return store, kept


@settings(max_examples=60, deadline=None)
@given(changes=amounts)
def test_replay_equals_the_fold_and_the_closed_form(changes):
    store, kept = build(changes)
    events = store.read("a")
    folded = functools.reduce(apply, events, EMPTY)
    assert replay(events) == folded == load(store, "a")[0]
    # closed form: the balance is the sum of the entries, the counts are the counts
    assert folded["balance"] == sum(kept)
    assert folded["deposits"] == sum(c > 0 for c in kept)
    assert folded["withdrawals"] == sum(c < 0 for c in kept)
    store.close()


@settings(max_examples=25, deadline=None)
@given(changes=amounts, every=st.integers(1, 7))
def test_snapshot_plus_tail_equals_full_replay_at_every_version(changes, every):
    store, _ = build(changes, snapshot_every=every)
    for version in range(1, store.version("a") + 1):
        full, v1, read_full = load(store, "a", to_version=version)
        snap, v2, read_snap = load(store, "a", to_version=version, snapshots=True)
        assert (snap, v2) == (full, v1) == (full, version)
        assert read_full == version
        assert read_snap == (version % every if version >= every else version)
    store.close()


def test_state_at_a_time_replays_events_recorded_by_then():
    ticks = iter([0.0, 10.0, 20.0])
    with EventStore(clock=lambda: next(ticks)) as store:
        open_account(store, "a", "ada")
        deposit(store, "a", 700)
        withdraw(store, "a", 200)
        assert [load(store, "a", until=t)[0]["balance"] for t in (0, 10, 15, 20)] == \
            [0, 700, 700, 500]


def test_commands_enforce_the_rule_and_bad_amounts():
    with EventStore(clock=lambda: 0.0) as store:
        open_account(store, "a", "ada")
        deposit(store, "a", 100)
        with pytest.raises(Overdraft):
            withdraw(store, "a", 101)
        with pytest.raises(ValueError, match="cents"):
            deposit(store, "a", 0)
        with pytest.raises(ValueError, match="not open"):
            deposit(store, "b", 5)
        with pytest.raises(ValueError, match="event.type"):
            apply(EMPTY, Event("Closed", {}))
        for snapshots in (False, True):  # the error names the caller's parameter
            with pytest.raises(ValueError, match="to_version"):
                load(store, "a", to_version=-1, snapshots=snapshots)
        assert store.version("a") == 2


def test_history_counts_match_the_snapshot_arithmetic():
    result = experiments.history(60, 10, 45)
    assert (result["read full"], result["read with snapshot"], result["snapshot used"]) == \
        (45, 5, 40)
    assert experiments.history(60, 0, 45)["read with snapshot"] == 45
    table = experiments.events_read(1000, 150)
    assert list(table["events read"]) == [1000, 100]


# --- upcasting -------------------------------------------------------------------------

def recorded(kind, schema, data):
    return RecordedEvent("a", 1, 1, kind, schema, data, 0.0)


@given(cents=st.integers(0, 10**9))
def test_dollar_floats_upcast_back_to_the_exact_cents(cents):
    event = upcast(recorded("Deposited", 1, {"amount": cents / 100}))
    assert event.data == {"cents": cents, "currency": "USD"} and event.schema == 3


@given(mills=st.integers(0, 10**9))
def test_upcast_agrees_with_the_decimal_closed_form(mills):
    """Also for amounts with a third decimal: half a cent rounds to even, as written."""
    from decimal import ROUND_HALF_EVEN, Decimal
    amount = mills / 1000
    exact = (Decimal(repr(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    assert upcast(recorded("Deposited", 1, {"amount": amount})).data["cents"] == int(exact)


def test_current_events_pass_through_and_errors_are_clear():
    current = recorded("Deposited", 3, {"cents": 5, "currency": "EUR"})
    assert upcast(current) is current
    with pytest.raises(ValueError, match="newer than the current schema"):
        upcast(recorded("Deposited", 4, {}))
    with pytest.raises(ValueError, match="no upcaster"):
        upcast(recorded("Deposited", 1, {"amount": 1}), upcasters={})
    with pytest.raises(TypeError, match="event must be"):
        upcast({"type": "Deposited"})


def test_upcasting_never_rewrites_stored_rows():
    store = experiments.legacy_store()
    before = store.raw_rows()
    table = experiments.upcasting_table(store)
    assert set(table["read as schema"]) <= {1, 2, 3}
    assert load(store, "acct-1")[0]["balance"] == 1250 + 2000 - 500 + 300
    assert store.raw_rows() == before
    assert [row[4] for row in before] == [1, 1, 2, 1, 3]  # schemas as written
    store.close()


def test_float_dollars_were_a_real_hazard():
    assert 19.99 * 100 != 1999 and math.isclose(19.99 * 100, 1999)
    assert upcast(recorded("Deposited", 1, {"amount": 19.99})).data["cents"] == 1999
    # 1.005 * 100 is 100.49999999999999 in binary: rounding the product would give 100
    assert round(1.005 * 100) == 100
    assert [upcast(recorded("Deposited", 1, {"amount": a})).data["cents"]
            for a in (1.005, 1.015, 12)] == [100, 102, 1200]  # half to even, as written


def test_every_snapshot_the_figure_draws_exists_even_at_an_interval_of_one():
    for version in (1, 2, 60):
        result = experiments.history(60, 1, version)
        assert result["snapshots"][0] == 1
        assert (result["snapshot used"], result["read with snapshot"]) == (version, 0)
