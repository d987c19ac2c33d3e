"""Theory of independent requests: exact FIFO = Random, Che's LRU, checked three ways."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sysdesign.caching import (
    che_lru_hit_ratio,
    fifo_random_hit_ratio,
    simulate,
    top_keys_hit_ratio,
    zipf_probabilities,
    zipf_trace,
)
from sysdesign.caching.theory import che_characteristic_time


def king_formula(p, capacity) -> float:
    """The stationary hit ratio summed over every set of ``capacity`` keys (King, 1971)."""
    weight = total = 0.0
    for keys in itertools.combinations(range(len(p)), capacity):
        w = np.prod([p[k] for k in keys])
        weight += w
        total += w * sum(p[k] for k in keys)
    return total / weight


def markov_hit_ratio(p, capacity, policy) -> float:
    """The exact long-run hit ratio of FIFO or Random from their Markov chain."""
    n = len(p)
    states = list(itertools.permutations(range(n), capacity) if policy == "fifo"
                  else itertools.combinations(range(n), capacity))
    index = {s: i for i, s in enumerate(states)}
    moves = np.zeros((len(states), len(states)))
    for s in states:
        for key in range(n):
            if key in s:
                moves[index[s], index[s]] += p[key]  # a hit changes nothing
            elif policy == "fifo":  # the oldest (first) leaves, the new key joins the end
                moves[index[s], index[s[1:] + (key,)]] += p[key]
            else:  # any key leaves with equal chance
                for victim in s:
                    after = tuple(sorted(set(s) - {victim} | {key}))
                    moves[index[s], index[after]] += p[key] / capacity
    values, vectors = np.linalg.eig(moves.T)
    stationary = np.real(vectors[:, np.argmin(abs(values - 1))])
    stationary /= stationary.sum()
    return float(sum(pi * sum(p[k] for k in s) for pi, s in zip(stationary, states,
                                                                 strict=True)))


@pytest.mark.parametrize("capacity", [1, 2, 3, 4])
def test_the_one_pass_sum_equals_kings_formula_and_both_markov_chains(capacity):
    p = [0.4, 0.25, 0.15, 0.12, 0.08]
    exact = fifo_random_hit_ratio(p, [capacity])[0]
    assert exact == pytest.approx(king_formula(p, capacity), rel=1e-12)
    # Gelenbe (1973): FIFO and Random have the same long-run hit ratio.
    assert markov_hit_ratio(p, capacity, "fifo") == pytest.approx(exact, rel=1e-9)
    assert markov_hit_ratio(p, capacity, "random") == pytest.approx(exact, rel=1e-9)


def test_every_capacity_at_once_without_underflow():
    p = zipf_probabilities(2_000, 0.8)
    sizes = [1, 10, 100, 1_000, 1_999, 2_000]
    curve = fifo_random_hit_ratio(p, sizes)
    assert np.all(np.isfinite(curve)) and np.all(np.diff(curve) > 0)
    assert curve[-1] == pytest.approx(1.0, abs=1e-9)  # every key cached: every request hits
    assert curve[0] == pytest.approx(np.sum(p**2))  # one slot: hit if the same key repeats


def test_simulated_fifo_and_random_match_the_exact_value_and_lru_matches_che():
    p = zipf_probabilities(500, 1.0)
    trace = zipf_trace(150_000, 500, 1.0, seed=8)
    for capacity in (5, 50, 200):
        exact = fifo_random_hit_ratio(p, [capacity])[0]
        for policy in ("fifo", "random"):
            measured = simulate(policy, trace, capacity, warmup=20_000).hit_ratio
            assert measured == pytest.approx(exact, abs=0.006), (policy, capacity)
        lru = simulate("lru", trace, capacity, warmup=20_000).hit_ratio
        assert lru == pytest.approx(che_lru_hit_ratio(p, [capacity])[0], abs=0.008)
        # LRU is at least as good as FIFO on independent requests (van den Berg and
        # Gandolfi, 1992), and no policy beats keeping the most popular keys.
        assert lru >= exact - 0.003
        assert simulate("lfu", trace, capacity, warmup=20_000).hit_ratio <= (
            top_keys_hit_ratio(p, [capacity])[0] + 0.005)


def test_che_characteristic_time_fills_the_cache():
    p = zipf_probabilities(300, 0.9)
    t = che_characteristic_time(p, 40)
    assert np.sum(-np.expm1(-p * t)) == pytest.approx(40, rel=1e-9)
    assert che_characteristic_time(p, 300) == float("inf")
    assert che_lru_hit_ratio(p, [300])[0] == 1.0


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="probabilities"):
        fifo_random_hit_ratio([0.5, 0.2], [1])
    with pytest.raises(ValueError, match="capacities"):
        che_lru_hit_ratio([0.5, 0.5], [0])
    with pytest.raises(TypeError, match="capacities"):
        top_keys_hit_ratio([0.5, 0.5], [1.5])
