"""Gossip: spread curves, the log2 n + ln n result for push, heartbeats, anti-entropy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.coordination import experiments, gossip


@settings(max_examples=80, deadline=None)
@given(n=st.integers(1, 300), fanout=st.integers(1, 3), mode=st.sampled_from(gossip.MODES),
       seed=st.integers(0, 10**6))
def test_spread_starts_at_one_ends_at_n_and_never_shrinks(n, fanout, mode, seed):
    counts = gossip.spread(n, fanout=fanout, mode=mode, seed=seed)
    assert counts[0] == 1 and counts[-1] == n
    assert all(b >= a for a, b in zip(counts, counts[1:], strict=False))
    assert all(isinstance(c, int) for c in counts)
    if mode == "push":  # each informed node tells at most fanout others per round
        assert all(b <= a * (1 + fanout) for a, b in zip(counts, counts[1:], strict=False))


def test_spread_is_deterministic_per_seed():
    assert gossip.spread(500, seed=7) == gossip.spread(500, seed=7)


@pytest.mark.parametrize("n", [256, 1024, 4096])
def test_push_matches_log2_plus_ln_within_a_fair_band(n):
    # Doerr and Kuennemann (ANALCO 2014) bound the expected push time:
    # floor(log2 n) + ln n - 1.116 <= E[S_n] <= ceil(log2 n) + ln n + 2.765 + o(1).
    # The rounds have a standard deviation of about 1.5, so the mean of 200 runs is within
    # 0.35 of E[S_n] (3 standard errors): widen the band by that much.
    rounds = [len(gossip.spread(n, seed=s)) - 1 for s in range(200)]
    mean = np.mean(rounds)
    assert math.floor(math.log2(n)) + math.log(n) - 1.116 - 0.35 <= mean
    assert mean <= math.ceil(math.log2(n)) + math.log(n) + 2.765 + 0.35
    assert abs(mean - gossip.push_rounds_estimate(n)) <= 2.5  # the notebook's "about"


def test_push_pull_is_faster_than_push_and_pull():
    table = experiments.rounds_table(sizes=(1024,), seeds=30)
    row = table.loc[1024]
    assert row["push-pull"] < row["pull"] < row["push"]
    # back of the envelope: the informed count about triples per round (log3 n rounds),
    # and the end is short because pull squares the uninformed share each round
    assert row["push-pull"] < row["log3 n"] + 2 * math.log2(math.log2(1024))


def test_more_fanout_spreads_faster():
    one = np.mean([len(gossip.spread(2000, fanout=1, seed=s)) for s in range(20)])
    three = np.mean([len(gossip.spread(2000, fanout=3, seed=s)) for s in range(20)])
    assert three < one


@pytest.mark.parametrize("kwargs, name", [
    ({"n": 0}, "n"), ({"n": 2.5}, "n"), ({"n": 10, "fanout": 0}, "fanout"),
    ({"n": 10, "mode": "shout"}, "mode"),
])
def test_spread_checks_its_input(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        gossip.spread(**kwargs)


def test_heartbeats_detect_the_crash_and_longer_timeouts_trade_speed_for_fewer_mistakes():
    runs = experiments.heartbeat_runs()
    for run in runs.values():
        assert run["suspecting"][-1] == run["live"]  # everyone suspects it in the end
    # a timeout shorter than gossip's spread time suspects the node while it is alive
    assert max(runs[4]["suspecting"][:10]) > 0
    assert max(runs[8]["suspecting"][:10]) == max(runs[12]["suspecting"][:10]) == 0
    everyone = {t: r["suspecting"].index(r["live"]) for t, r in runs.items()}
    assert everyone[8] < everyone[12]
    falses = [r["false_suspicions"] for r in runs.values()]
    assert falses[0] > falses[1] >= falses[2]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 200), missed=st.floats(0, 0.95), seed=st.integers(0, 10**6))
def test_anti_entropy_converges_and_never_loses_the_update(n, missed, seed):
    stale = gossip.anti_entropy(n, missed=missed, seed=seed)
    assert stale[-1] == 0
    assert all(b <= a for a, b in zip(stale, stale[1:], strict=False))
