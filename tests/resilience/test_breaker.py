"""The circuit breaker: unit tests, a reference model under hypothesis, and pybreaker.

Where pybreaker (1.x) differs from our contract, and so is not compared:

- it raises ``CircuitBreakerError`` from the call that trips the breaker (we re-raise the
  dependency's own exception); we classify each call by whether the function ran;
- its ``current_state`` reads "open" until a call arrives after the timeout (we compute
  "half_open" from the clock when read), so states are compared right after each call;
- it counts any ``BaseException`` as a failure (we count ``Exception`` only);
- it reads ``datetime.now(UTC)``: tests replace ``pybreaker.datetime`` by a fake clock and
  use whole seconds, so both sides see exactly the same instants.
"""

from datetime import datetime, timedelta, timezone

import pybreaker
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.resilience import CircuitBreaker, CircuitOpenError


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def ok():
    return "ok"


def boom():
    raise ConnectionError("down")


def attempt(breaker, fn):
    try:
        breaker.call(fn)
        return "ok"
    except CircuitOpenError:
        return "rejected"
    except ConnectionError:
        return "failed"


def test_threshold_consecutive_failures_open_and_success_resets_count():
    clock = Clock()
    breaker = CircuitBreaker(3, 5.0, clock=clock)
    assert [attempt(breaker, f) for f in (boom, boom, ok, boom, boom)] == ["failed"] * 2 + [
        "ok"] + ["failed"] * 2
    assert breaker.state == "closed"
    assert attempt(breaker, boom) == "failed"
    assert breaker.state == "open"


def test_open_rejects_without_calling_then_half_open_trial_closes():
    clock = Clock()
    breaker = CircuitBreaker(1, 10.0, clock=clock)
    calls = []
    attempt(breaker, boom)
    with pytest.raises(CircuitOpenError):
        breaker.call(calls.append, 1)
    assert calls == []
    clock.now = 9.999
    assert breaker.state == "open"
    clock.now = 10.0
    assert breaker.state == "half_open"
    assert breaker.call(lambda x: x * 2, x=21) == 42
    assert breaker.state == "closed" and breaker.failures == 0


def test_failed_trial_reopens_from_that_moment():
    clock = Clock()
    breaker = CircuitBreaker(2, 10.0, clock=clock)
    attempt(breaker, boom)
    attempt(breaker, boom)
    clock.now = 25.0
    assert attempt(breaker, boom) == "failed"
    clock.now = 34.9
    assert breaker.state == "open"
    clock.now = 35.0
    assert breaker.state == "half_open"


def test_exceptions_propagate_unchanged():
    breaker = CircuitBreaker(1, 1.0, clock=Clock())
    with pytest.raises(ConnectionError, match="down"):
        breaker.call(boom)


def test_default_clock_is_monotonic():
    import time
    assert CircuitBreaker(1, 1.0).clock is time.monotonic


@pytest.mark.parametrize("kwargs, error, name", [
    ({"failure_threshold": 0, "reset_timeout": 1}, ValueError, "failure_threshold"),
    ({"failure_threshold": 1.5, "reset_timeout": 1}, TypeError, "failure_threshold"),
    ({"failure_threshold": 1, "reset_timeout": -1}, ValueError, "reset_timeout"),
    ({"failure_threshold": 1, "reset_timeout": "1"}, TypeError, "reset_timeout"),
])
def test_bad_parameters_name_themselves(kwargs, error, name):
    with pytest.raises(error, match=name):
        CircuitBreaker(**kwargs)


def test_zero_timeout_is_allowed_and_half_opens_at_once():
    breaker = CircuitBreaker(1, 0.0, clock=Clock())
    attempt(breaker, boom)
    assert breaker.state == "half_open"


# --- a reference model, written independently as a transition table ---------------------

def reference(threshold, timeout, script):
    """(outcome, state read) after each step of ``script`` (ok / fail / seconds to wait)."""
    state, count, opened, now, out = "closed", 0, 0.0, 0.0, []

    def read():
        return "half_open" if state == "open" and now - opened >= timeout else state

    for step in script:
        if isinstance(step, int):
            now += step
            out.append(("time", read()))
        elif read() == "open":
            out.append(("rejected", read()))
        elif step == "ok":
            state, count = "closed", 0
            out.append(("ok", read()))
        else:
            trial = read() == "half_open"
            count += 1
            if trial or count >= threshold:
                state, count, opened = "open", 0, now
            out.append(("failed", read()))
    return out


def ours(threshold, timeout, script):
    clock = Clock()
    breaker = CircuitBreaker(threshold, timeout, clock=clock)
    out = []
    for step in script:
        if isinstance(step, (int, float)):
            clock.now += step
            out.append(("time", breaker.state))
        else:
            out.append((attempt(breaker, ok if step == "ok" else boom), breaker.state))
    return out


steps = st.one_of(st.sampled_from(["ok", "fail"]), st.integers(0, 15))
scripts = st.lists(steps, max_size=60)


@given(st.integers(1, 5), st.integers(0, 12), scripts)
def test_matches_reference_model(threshold, timeout, script):
    assert ours(threshold, timeout, script) == reference(threshold, timeout, script)


@given(st.integers(1, 5), st.integers(1, 12), scripts)
def test_open_never_calls_and_counters_add_up(threshold, timeout, script):
    clock = Clock()
    breaker = CircuitBreaker(threshold, timeout, clock=clock)
    ran = 0
    for step in script:
        if isinstance(step, int):
            clock.now += step
            continue
        before = breaker.state

        def fn(step=step):
            nonlocal ran
            ran += 1
            return boom() if step == "fail" else "ok"
        outcome = attempt(breaker, fn)
        assert (outcome == "rejected") == (before == "open")
    assert ran == breaker.calls == breaker.successes + breaker.errors
    assert breaker.failures < threshold


# --- pybreaker, on a fake clock -----------------------------------------------------------

BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def pybreaker_run(threshold, timeout, script, monkeypatch):
    clock = Clock()

    class FakeDatetime:
        @staticmethod
        def now(tz=None):
            return BASE + timedelta(seconds=clock.now)

    monkeypatch.setattr(pybreaker, "datetime", FakeDatetime)
    breaker = pybreaker.CircuitBreaker(fail_max=threshold, reset_timeout=timeout)
    out = []
    for step in script:
        if isinstance(step, int):
            clock.now += step
            continue
        ran = []

        def fn(step=step, ran=ran):
            ran.append(1)
            return boom() if step == "fail" else "ok"
        try:
            breaker.call(fn)
            outcome = "ok"
        except pybreaker.CircuitBreakerError:
            outcome = "failed" if ran else "rejected"
        except ConnectionError:
            outcome = "failed"
        out.append((outcome, breaker.current_state.replace("-", "_")))
    return out


def ours_calls_only(threshold, timeout, script):
    return [item for item in ours(threshold, timeout, script) if item[0] != "time"]


@given(st.integers(1, 5), st.integers(1, 12), scripts)
def test_matches_pybreaker_call_by_call(threshold, timeout, script):
    with pytest.MonkeyPatch.context() as monkeypatch:
        theirs = pybreaker_run(threshold, timeout, script, monkeypatch)
    assert ours_calls_only(threshold, timeout, script) == theirs


def test_pybreaker_trips_on_the_same_call_at_the_timeout_boundary(monkeypatch):
    script = ["fail", "fail", "fail", 9, "ok", 1, "fail", 10, "ok", "ok"]
    theirs = pybreaker_run(3, 10, script, monkeypatch)
    assert theirs == ours_calls_only(3, 10, script)
    assert [o for o, _ in theirs] == ["failed", "failed", "failed", "rejected", "failed", "ok",
                                      "ok"]


def test_state_reads_differ_from_pybreaker_only_lazily(monkeypatch):
    """Documented difference: after the timeout we read half_open, pybreaker still open."""
    clock = Clock()
    breaker = CircuitBreaker(1, 5, clock=clock)
    attempt(breaker, boom)
    clock.now = 5
    assert breaker.state == "half_open"
    theirs = pybreaker.CircuitBreaker(fail_max=1, reset_timeout=5)

    class FakeDatetime:
        @staticmethod
        def now(tz=None):
            return BASE + timedelta(seconds=clock.now)

    monkeypatch.setattr(pybreaker, "datetime", FakeDatetime)
    clock.now = 0
    with pytest.raises(pybreaker.CircuitBreakerError):
        theirs.call(boom)
    clock.now = 5
    assert theirs.current_state == "open"


# --- edge cases of the contract ------------------------------------------------------------

def test_exactly_at_the_timeout_is_half_open_and_a_trial_runs():
    clock = Clock()
    breaker = CircuitBreaker(1, 2.5, clock=clock)
    clock.now = 100.0
    attempt(breaker, boom)
    clock.now = 102.5  # opened_at + reset_timeout exactly
    assert breaker.state == "half_open"
    assert attempt(breaker, boom) == "failed"
    assert breaker.state == "open" and breaker.opened_at == 102.5


def test_zero_timeout_every_call_after_opening_is_a_trial():
    clock = Clock()
    breaker = CircuitBreaker(2, 0, clock=clock)
    assert [attempt(breaker, boom) for _ in range(4)] == ["failed"] * 4
    assert breaker.rejected == 0 and breaker.trips == 3  # opened by 2nd, 3rd and 4th
    assert attempt(breaker, ok) == "ok" and breaker.state == "closed"


def test_successful_trial_resets_the_count_so_a_full_run_is_needed_again():
    clock = Clock()
    breaker = CircuitBreaker(3, 5, clock=clock)
    for _ in range(3):
        attempt(breaker, boom)
    clock.now = 5
    attempt(breaker, ok)
    assert breaker.failures == 0
    assert [attempt(breaker, boom) for _ in range(2)] == ["failed"] * 2
    assert breaker.state == "closed"
    attempt(breaker, boom)
    assert breaker.state == "open"


def test_fn_receives_args_and_kwargs_and_any_exception_counts():
    breaker = CircuitBreaker(2, 1, clock=Clock())
    assert breaker.call(lambda a, b=0: a + b, 1, b=2) == 3
    for error in (KeyError("k"), ValueError("v")):
        with pytest.raises(type(error)):
            breaker.call(lambda e=error: (_ for _ in ()).throw(e))
    assert breaker.state == "open"


@pytest.mark.parametrize("kwargs, name", [
    ({"failure_threshold": -3, "reset_timeout": 1}, "failure_threshold"),
    ({"failure_threshold": 1, "reset_timeout": float("nan")}, "reset_timeout"),
    ({"failure_threshold": 1, "reset_timeout": -0.001}, "reset_timeout"),
])
def test_more_bad_values_are_value_errors(kwargs, name):
    with pytest.raises(ValueError, match=name):
        CircuitBreaker(**kwargs)


def test_concurrent_calls_in_half_open_all_go_through_and_the_last_to_finish_decides():
    """Documented, out of the contract's scope: no limit on trials, no lock."""
    clock = Clock()
    breaker = CircuitBreaker(1, 10, clock=clock)
    attempt(breaker, boom)
    clock.now = 10
    ran = []

    def slow_failing_trial():  # while it runs, a second call arrives (a nested call)
        ran.append("outer")
        assert breaker.call(lambda: ran.append("inner") or "ok") == "ok"
        raise ConnectionError("outer trial failed")

    with pytest.raises(ConnectionError):
        breaker.call(slow_failing_trial)
    assert ran == ["outer", "inner"]  # both went through
    assert breaker.state == "open"  # the outer call finished last and failed


def test_a_non_callable_is_refused_and_not_counted_as_a_failure():
    breaker = CircuitBreaker(1, 10, clock=Clock())
    with pytest.raises(TypeError, match="fn"):
        breaker.call(42)
    assert breaker.state == "closed" and breaker.errors == breaker.calls == 0
