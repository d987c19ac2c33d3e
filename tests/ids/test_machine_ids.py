"""Machine numbers on leases: the registry, a frozen worker, restarts."""

import pytest

from sysdesign.ids import SNOWFLAKE, Registry, restart_duplicates, simulate_leases


def test_registry_hands_out_the_lowest_free_number_and_expires_silent_holders():
    registry = Registry(machine_ids=2, session_timeout_ms=1000)
    assert [registry.claim(w, 0) for w in "AB"] == [0, 1]
    assert registry.claim("C", 500) is None  # both held
    assert registry.renew("B", 900)
    assert registry.holder(0, 999) == "A" and registry.holder(0, 1000) is None
    assert registry.claim("C", 1000) == 0 and not registry.renew("A", 1001)
    assert registry.holder(1, 1899) == "B"


def test_a_freeze_longer_than_the_lease_makes_duplicates_unless_the_lease_is_checked():
    run = simulate_leases(pause_ms=5000, check_lease=False)
    assert run.duplicates() > 0
    # Every duplicate is made while A still uses number 0 and B holds it: between B's
    # claim and A's next heartbeat.
    b_claim = next(t for t, w, m in run.claims if w == "B")
    a_learns = next(t for t, w, m in run.claims if w == "A" and t > 0)
    assert all(b_claim < t <= a_learns for t in run.duplicate_times())
    assert run.believed("A", a_learns - 1) == 0 == run.believed("B", a_learns - 1)
    assert run.holder(0, a_learns - 1) == "B"
    checked = simulate_leases(pause_ms=5000, check_lease=True)
    assert checked.duplicates() == 0
    assert checked.believed("A", checked.duration_ms) == 1


def test_a_freeze_shorter_than_the_lease_is_harmless():
    # A's last heartbeat before freezing is at 4 s, the session lasts 3 s: a freeze ending
    # before 7 s leaves its lease intact, and B gets another number.
    run = simulate_leases(pause_ms=2000, check_lease=False)
    assert run.duplicates() == 0 and run.believed("B", run.duration_ms) == 1


def test_the_lease_run_repeats_with_its_seed():
    first, second = simulate_leases(seed=4), simulate_leases(seed=4)
    assert first.ids == second.ids and first.events == second.events


def test_ids_in_the_lease_run_are_snowflakes_of_the_number_used():
    run = simulate_leases(pause_ms=5000)
    for _time, _worker, machine, id_ in run.ids[:200]:
        assert SNOWFLAKE.decode(id_)["machine"] == machine


@pytest.mark.parametrize("step_back", [10, 50])
def test_a_restart_must_wait_out_the_clock_step(step_back):
    assert restart_duplicates(step_back, startup_wait_ms=0) > 0
    assert restart_duplicates(step_back, startup_wait_ms=step_back) == 0
    assert restart_duplicates(0, startup_wait_ms=0) == 0
    # Less waiting, more milliseconds lived twice, more duplicates.
    assert (restart_duplicates(step_back, 0) >= restart_duplicates(step_back, step_back // 2)
            >= restart_duplicates(step_back, step_back))


@pytest.mark.parametrize("call, error, names", [
    (lambda: Registry(machine_ids=0), ValueError, "machine_ids"),
    (lambda: Registry(session_timeout_ms=0), ValueError, "session_timeout_ms"),
    (lambda: simulate_leases(pause_ms=-1), ValueError, "pause_ms"),
    (lambda: simulate_leases(rate_per_ms=0), ValueError, "rate_per_ms"),
    (lambda: simulate_leases(heartbeat_ms=0), ValueError, "heartbeat_ms"),  # never ends
    (lambda: simulate_leases(safety_ms=-1), ValueError, "safety_ms"),
    (lambda: simulate_leases(pause_at_ms=float("nan")), ValueError, "pause_at_ms"),
    (lambda: simulate_leases(b_starts_ms=-5), ValueError, "b_starts_ms"),
    (lambda: restart_duplicates(-5), ValueError, "step_back_ms"),
    (lambda: restart_duplicates(5, startup_wait_ms=1.5), TypeError, "startup_wait_ms"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


@pytest.mark.parametrize("pause_ms", [1000, 2000, 3000, 3700])
def test_a_freeze_that_ends_before_anyone_else_gets_the_number_is_harmless(pause_ms):
    """A freezes at 4.2 s; B is given a number at 8 s. Waking before that, A learns at its
    next heartbeat whether its lease lapsed, before anyone else can use number 0."""
    run = simulate_leases(pause_ms=pause_ms)
    assert run.params["pause_at_ms"] + pause_ms < run.params["b_starts_ms"]
    assert run.duplicates() == 0
