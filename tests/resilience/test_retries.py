"""Backoff formulas (Brooker 2015), contention on core.events, amplification, budgets."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.resilience import RetryBudget, amplification, backoff, contend


def aws_sleep(policy, n, base, cap, previous, rng):
    """The formulas as the AWS blog and its simulator (aws-samples) write them."""
    expo = min(cap, base * 2 ** n)
    if policy == "full":
        return rng.uniform(0, expo)
    if policy == "equal":
        return expo / 2 + rng.uniform(0, expo / 2)
    return min(cap, rng.uniform(base, previous * 3))


@given(st.sampled_from(["full", "equal", "decorrelated"]), st.integers(0, 40),
       st.floats(0.01, 10), st.floats(1, 1000), st.integers(0, 2**32))
def test_jitter_matches_the_published_formulas(policy, n, base, cap_factor, seed):
    cap = base * cap_factor
    previous = base * 2
    ours = backoff(policy, n, base=base, cap=cap, previous=previous, rng=random.Random(seed))
    assert ours == aws_sleep(policy, n, base, cap, previous, random.Random(seed))
    temp = min(cap, base * 2 ** n)
    low = {"full": 0, "equal": temp / 2, "decorrelated": min(cap, base)}[policy]
    high = {"full": temp, "equal": temp, "decorrelated": min(cap, 3 * previous)}[policy]
    assert low <= ours <= high + 1e-12


def test_exponential_and_immediate():
    assert [backoff("exponential", n, base=0.5, cap=3) for n in range(4)] == [0.5, 1, 2, 3]
    assert backoff("immediate", 7) == 0.0
    with pytest.raises(ValueError, match="none"):
        backoff("none", 0)
    with pytest.raises(ValueError, match="policy"):
        backoff("linear", 0)
    with pytest.raises(ValueError, match="cap"):
        backoff("full", 0, base=2, cap=1)


def test_contention_lock_step_policies_never_finish_and_jitter_does():
    runs = {p: contend(10, p) for p in ("none", "immediate", "exponential", "full", "equal",
                                        "decorrelated")}
    assert runs["none"]["calls"] == 10 and runs["none"]["done"] == 0
    assert runs["immediate"]["done"] == runs["exponential"]["done"] == 0
    assert runs["immediate"]["calls"] == 10 * 30  # every client uses all 30 attempts
    for p in ("full", "equal", "decorrelated"):
        assert runs[p]["done"] == 10
        assert runs[p]["calls"] < runs["immediate"]["calls"]


@given(st.integers(1, 25), st.sampled_from(["full", "equal", "decorrelated", "immediate"]),
       st.integers(0, 1000))
def test_contention_successes_never_overlap(clients, policy, seed):
    run = contend(clients, policy, seed=seed)
    wins = sorted(start for _, start, won in run["attempts"] if won)
    assert len(wins) == run["done"] <= clients
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(wins, wins[1:], strict=False))
    assert run["calls"] == len(run["attempts"])


def test_one_client_succeeds_first_time():
    run = contend(1, "immediate")
    assert (run["calls"], run["done"], run["completion"]) == (1, 1, 1.0)


@given(st.integers(0, 6), st.integers(1, 6))
def test_amplification_counts_a_tree_of_attempts(retries, layers):
    def calls(depth):  # attempts reaching the bottom through ``depth`` layers
        return 1 if depth == 0 else (retries + 1) * calls(depth - 1)
    assert amplification(retries, layers) == calls(layers) == (retries + 1) ** layers


@given(st.lists(st.booleans(), max_size=300))
def test_budget_caps_retries_at_its_ratio(events):
    budget = RetryBudget(0.1)
    firsts = 0
    for first in events:
        if first:
            firsts += 1
            budget.deposit()
        else:
            budget.withdraw()
    assert budget.allowed <= math.floor(0.1 * firsts + 1e-9)


def test_bad_previous_sleep_and_contention_parameters_are_refused():
    with pytest.raises(ValueError, match="previous"):
        backoff("decorrelated", 0, previous=-5)  # would give a negative sleep
    with pytest.raises(ValueError, match="previous"):
        backoff("decorrelated", 0, previous=float("nan"))
    with pytest.raises(TypeError, match="previous"):
        backoff("decorrelated", 0, previous="1")
    # checked even when no client ever has to back off
    with pytest.raises(ValueError, match="base"):
        contend(1, "full", base=-1)
    with pytest.raises(ValueError, match="cap"):
        contend(1, "full", base=2, cap=1)
