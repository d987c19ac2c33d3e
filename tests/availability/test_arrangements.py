"""Series, parallel, k-of-n: invariants, an exact cross-check by enumerating every
up/down state, and the Monte Carlo estimate against the formula."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.availability import arrangements as m

fractions = st.floats(0.0, 1.0, allow_nan=False)


def enumerated(availabilities, k) -> float:
    """P(at least k parts up), summing the probability of each of the 2^n up/down states."""
    total = 0.0
    for states in itertools.product((True, False), repeat=len(availabilities)):
        if sum(states) >= k:
            total += math.prod(a if up else 1 - a
                               for a, up in zip(availabilities, states, strict=True))
    return total


@given(st.lists(fractions, min_size=1, max_size=6))
def test_series_never_beats_weakest_and_parallel_never_below_strongest(parts):
    assert m.series(*parts) <= min(parts) + 1e-12
    assert m.parallel(*parts) >= max(parts) - 1e-12


@given(st.lists(fractions, min_size=1, max_size=6))
def test_series_and_parallel_match_enumeration(parts):
    assert math.isclose(m.series(*parts), enumerated(parts, len(parts)), abs_tol=1e-12)
    assert math.isclose(m.parallel(*parts), enumerated(parts, 1), abs_tol=1e-12)


@given(st.integers(1, 8), fractions, st.data())
def test_k_of_n_matches_enumeration(n, a, data):
    # k = 0 is allowed (the contract says 0 <= k <= n): "at least 0 up" holds with
    # probability 1, which the enumeration confirms. It used to be rejected.
    k = data.draw(st.integers(0, n))
    assert math.isclose(m.k_of_n(k, n, a), enumerated([a] * n, k), abs_tol=1e-12)


@given(st.integers(1, 8), fractions)
def test_k_of_n_reduces_to_series_and_parallel(n, a):
    assert m.k_of_n(0, n, a) == 1.0
    assert math.isclose(m.k_of_n(n, n, a), m.series(*[a] * n), abs_tol=1e-12)
    assert math.isclose(m.k_of_n(1, n, a), m.parallel(*[a] * n), abs_tol=1e-12)


@pytest.mark.parametrize(("k", "n", "a"), [(3, 3, 0.99), (1, 3, 0.9), (2, 3, 0.95), (3, 5, 0.9)])
def test_monte_carlo_agrees_with_formula_within_sampling_error(k, n, a):
    trials = 200_000
    exact = m.k_of_n(k, n, a)
    simulated = m.monte_carlo_availability([a] * n, k, trials=trials, seed=1)
    sigma = math.sqrt(exact * (1 - exact) / trials)
    assert abs(simulated - exact) <= 4 * sigma + 1e-9


def test_monte_carlo_handles_parts_that_differ():
    parts, trials = [0.9, 0.8, 0.95], 200_000
    for k in (1, 2, 3):
        exact = enumerated(parts, k)
        simulated = m.monte_carlo_availability(parts, k, trials=trials, seed=3)
        assert abs(simulated - exact) <= 4 * math.sqrt(exact * (1 - exact) / trials) + 1e-9


def test_monte_carlo_is_seeded():
    runs = {m.monte_carlo_availability([0.9, 0.8], 1, trials=1000, seed=7) for _ in range(3)}
    assert len(runs) == 1
    assert m.monte_carlo_availability([1.0, 0.0], 1, trials=10) == 1.0


@pytest.mark.parametrize(("call", "message"), [
    (lambda: m.k_of_n(4, 3, 0.9), r"k must be an integer in 0\.\.3"),
    (lambda: m.k_of_n(-1, 3, 0.9), r"k must be an integer in 0\.\.3"),
    (lambda: m.k_of_n(0, 3, 1.5), "availability"),
    (lambda: m.k_of_n(1, 0, 0.9), "n must be an integer >= 1"),
    (lambda: m.k_of_n(1, 2, 99.0), "percentage"),
    (lambda: m.series(), "availabilities must hold at least one"),
    (lambda: m.parallel(), "availabilities must hold at least one"),
    (lambda: m.series(0.9, 1.5), "availability must be a fraction"),
    (lambda: m.monte_carlo_availability([], 1), "availabilities must hold at least one"),
    (lambda: m.monte_carlo_availability([0.9], 2), r"k must be an integer in 0\.\.1"),
    (lambda: m.monte_carlo_availability([0.9], 1, trials=0), "trials must be an integer >= 1"),
])
def test_bad_input_raises_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call", [
    lambda: m.k_of_n(2.5, 3, 0.9),
    lambda: m.k_of_n(2, "3", 0.9),
    lambda: m.series("0.9"),
    lambda: m.monte_carlo_availability([0.9], 1, trials=1e5),
])
def test_wrong_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()
