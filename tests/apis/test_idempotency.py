"""Payments over a lossy, duplicating network: keys make retries charge at most once."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.apis import attempt_times, expected_charges_without_keys, simulate
from sysdesign.apis.experiments import idempotent_methods, method_table
from sysdesign.apis.idempotency import retention_outcome

fates = st.lists(st.sampled_from(["ok", "lost", "dup"]), max_size=40)


@given(fates=fates, payments=st.integers(1, 4), retries=st.integers(0, 4))
def test_with_a_key_each_payment_is_charged_at_most_once(fates, payments, retries):
    run = simulate(payments, use_keys=True, fates=fates, retries=retries, spacing=7.0)
    assert max(run.charges_per_payment) <= 1
    # a payment the client saw confirmed was charged
    assert all(c == 1 for c, ok in zip(run.charges_per_payment, run.confirmed, strict=True) if ok)


@given(fates=fates, payments=st.integers(1, 4), retries=st.integers(0, 4),
       retention=st.sampled_from([0.0, 50.0, 200.0, math.inf]))
def test_without_a_key_at_least_as_many_charges(fates, payments, retries, retention):
    common = dict(fates=fates, retries=retries, spacing=7.0)
    without = simulate(payments, use_keys=False, **common)
    with_key = simulate(payments, use_keys=True, retention=retention, **common)
    assert [m.fate for m in without.messages] == [m.fate for m in with_key.messages]
    for a, b in zip(without.charges_per_payment, with_key.charges_per_payment,
                    strict=True):
        assert a >= b
    # without keys every request that arrives is a charge
    arrived = sum(len(m.copies) for m in without.messages if m.src == "client")
    assert without.total_charges == arrived


def test_a_lost_response_double_charges_without_a_key():
    script = ["ok", "lost", "ok", "ok"]
    assert simulate(1, use_keys=False, fates=script).charges_per_payment == [2]
    run = simulate(1, use_keys=True, fates=script)
    assert run.charges_per_payment == [1] and run.replays == 1 and run.confirmed == [True]


def test_a_retry_after_the_key_expired_charges_again():
    script = ["ok", "lost", "lost", "ok", "ok"]  # the third try arrives at 320 ms
    assert simulate(1, use_keys=True, fates=script, retention=250.0).charges_per_payment == [2]
    assert simulate(1, use_keys=True, fates=script, retention=350.0).charges_per_payment == [1]


def test_charges_without_keys_match_the_closed_form():
    for loss, retries in ((0.1, 2), (0.3, 4)):
        run = simulate(3000, use_keys=False, loss=loss, retries=retries, seed=7)
        expected = expected_charges_without_keys(loss, retries)
        assert run.total_charges / run.payments == pytest.approx(expected, rel=0.05)


def test_attempts_back_off():
    assert attempt_times(100, 3) == [0, 100, 300, 700]
    run = simulate(1, use_keys=False, fates=["lost"] * 4, retries=3)
    assert [m.sent for m in run.messages] == [0, 100, 300, 700]
    assert run.unpaid == 1 and run.attempts == [4]


def test_methods_idempotent_by_definition():
    assert idempotent_methods() == {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}
    table = method_table()
    assert not table.loc["POST", "idempotent"] and not table.loc["PATCH", "idempotent"]
    assert (table["idempotent"] | ~table["safe"]).all()  # every safe method is idempotent


def test_bad_input():
    with pytest.raises(ValueError, match="loss"):
        simulate(1, use_keys=True, loss=1.0)
    with pytest.raises(ValueError, match="fates"):
        simulate(1, use_keys=True, fates=["gone"])
    with pytest.raises(ValueError, match="retries"):
        simulate(1, use_keys=True, retries=-1)


@pytest.mark.parametrize("retention", [0.0, 30.0, 150.0, 400.0, 1000.0, math.inf])
@pytest.mark.parametrize("loss, duplicate", [(0.2, 0.05), (0.4, 0.2)])
def test_retention_outcome_matches_full_simulations(retention, loss, duplicate):
    common = dict(loss=loss, duplicate=duplicate, retries=4, seed=3)
    without = simulate(150, use_keys=False, **common)
    run = simulate(150, use_keys=True, retention=retention, **common)
    assert run.arrivals == without.arrivals
    assert retention_outcome(without.arrivals, retention) == (run.double_charged,
                                                              run.keys_held_peak)


def test_cacheable_by_definition():
    table = method_table()
    assert set(table.index[table["cacheable"] == "yes"]) == {"GET", "HEAD"}
    # RFC 9110 §9.2.3 defines POST as cacheable too, under conditions (and RFC 5789 PATCH)
    assert set(table.index[table["cacheable"] != "no"]) == {"GET", "HEAD", "POST", "PATCH"}


def test_a_client_that_gives_up_may_still_have_been_charged():
    run = simulate(1, use_keys=False, fates=["ok", "lost", "ok", "lost"], retries=1)
    assert run.confirmed == [False] and run.charges_per_payment == [2]
    assert run.given_up_charged == 1
    keyed = simulate(1, use_keys=True, fates=["ok", "lost", "ok", "lost"], retries=1)
    assert keyed.given_up_charged == 1 and keyed.charges_per_payment == [1]


@given(seed=st.integers(0, 10_000), loss=st.sampled_from([0.1, 0.3, 0.5]),
       duplicate=st.sampled_from([0.0, 0.2, 0.5]))
def test_retention_covering_the_attempts_spread_ends_double_charges(seed, loss, duplicate):
    # the notebook's bound: the last retry leaves 100 + 200 + 400 = 700 ms after the first,
    # a duplicate arrives 5 ms after its original, and the trip itself cancels out
    bound = attempt_times(100, 3)[-1] + 5.0
    run = simulate(40, use_keys=False, loss=loss, duplicate=duplicate, retries=3, seed=seed,
                   trace=False)
    assert retention_outcome(run.arrivals, bound)[0] == 0


def test_the_retention_bound_is_tight():
    # first request charged at 20 ms, its response and the next two tries lost, the last
    # try duplicated: copies arrive at 720 and 725 ms, 705 ms after the stored key
    script = ["ok", "lost", "lost", "lost", "dup"]
    for retention, charges in ((705.0, 1), (704.0, 2)):
        run = simulate(1, use_keys=True, fates=script, retention=retention)
        assert run.charges_per_payment == [charges]


def test_zero_retention_holds_only_keys_stored_in_the_same_instant():
    from collections import Counter

    run = simulate(200, use_keys=False, loss=0.2, duplicate=0.05, retries=3, trace=False)
    doubles, peak = retention_outcome(run.arrivals, 0.0)
    assert doubles == run.double_charged  # a key kept 0 ms stops nothing
    every = [t for times in run.arrivals for t in times]
    assert peak == max(Counter(every).values()) > 1
    # and one payment's own requests never arrive in the same instant
    assert all(len(set(times)) == len(times) for times in run.arrivals)
