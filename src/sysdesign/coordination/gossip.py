"""Gossip in synchronous rounds: rumour spreading, heartbeat failure detection, anti-entropy.

In each round of :func:`spread` every node picks ``fanout`` other nodes uniformly at random
(never itself). In ``push`` mode an informed node tells the nodes it picked; in ``pull``
mode an uninformed node asks the nodes it picked and learns if any of them knew at the
start of the round; ``push-pull`` does both. Push needs about log2(n) + ln(n) rounds
(Frieze and Grimmett 1985; Pittel 1987); Doerr and Künnemann (2014) bound the expectation
between floor(log2 n) + ln n - 1.116 and ceil(log2 n) + ln n + 2.765 + o(1). Push-pull
needs fewer, log3 n + O(log log n) (Karp et al. 2000): pull squares the uninformed share
each round.

>>> spread(8, seed=1)
[1, 2, 3, 5, 6, 7, 8]
"""

from __future__ import annotations

import math

import numpy as np

from ..core import checks

MODES = ("push", "pull", "push-pull")
MAX_ROUNDS = 10_000  # a safety net; spreading to 10**6 nodes takes about 35 rounds


def _peers(rng, callers: np.ndarray, n: int, fanout: int) -> np.ndarray:
    """For each caller, ``fanout`` random nodes other than itself (shape callers x fanout)."""
    picks = rng.integers(0, n - 1, size=(len(callers), fanout))
    return picks + (picks >= callers[:, None])  # skip the caller's own number


def spread(n, *, fanout=1, mode="push", seed=0) -> list[int]:
    """Informed counts per round, from 1 at round 0 until all ``n`` nodes know."""
    n = checks.integer(n, "n", 1, hint="nodes")
    fanout = checks.integer(fanout, "fanout", 1, hint="peers contacted per round")
    mode = checks.choice(mode, "mode", MODES)
    rng = np.random.default_rng(seed)
    informed = np.zeros(n, dtype=bool)
    informed[0] = True
    counts = [1]
    nodes = np.arange(n)
    while counts[-1] < n:
        before = informed.copy()
        if mode in ("push", "push-pull"):
            callers = nodes[before]
            informed[_peers(rng, callers, n, fanout).ravel()] = True
        if mode in ("pull", "push-pull"):
            callers = nodes[~before]
            asked = _peers(rng, callers, n, fanout)
            informed[callers[before[asked].any(axis=1)]] = True
        counts.append(int(informed.sum()))
        if len(counts) > MAX_ROUNDS:  # pragma: no cover - impossible for n >= 1
            raise RuntimeError("gossip did not finish")
    return counts


def push_rounds_estimate(n) -> float:
    """log2(n) + ln(n): the rounds push gossip with fanout 1 needs, to first order."""
    n = checks.integer(n, "n", 1)
    return math.log2(n) + math.log(n)


def heartbeats(n=16, *, crashed=3, crash_round=10, t_fail=8, rounds=40, seed=0) -> dict:
    """Gossip-style failure detection (van Renesse, Minsky and Hayden 1998).

    Each live node bumps its own heartbeat counter every round and sends its whole table
    to one random peer, which keeps the larger counter per node. A node suspects another
    whose counter has not grown for ``t_fail`` rounds. Node ``crashed`` stops at
    ``crash_round``. Returns, per round, how many live nodes suspect the crashed node,
    and how many (observer, node) suspicions of a live node there were (false positives).
    """
    n = checks.integer(n, "n", 2)
    crashed = checks.integer(crashed, "crashed", 0, n - 1)
    crash_round = checks.integer(crash_round, "crash_round", 0)
    t_fail = checks.integer(t_fail, "t_fail", 1, hint="rounds without news before suspecting")
    rounds = checks.integer(rounds, "rounds", 1)
    rng = np.random.default_rng(seed)
    beat = np.zeros((n, n), dtype=int)  # beat[i, j]: node i's view of j's counter
    fresh = np.zeros((n, n), dtype=int)  # round at which i last saw j's counter grow
    suspects, false = [], 0
    nodes = np.arange(n)
    for r in range(1, rounds + 1):
        alive = nodes != crashed if r > crash_round else np.ones(n, dtype=bool)
        live = nodes[alive]
        beat[live, live] += 1
        fresh[live, live] = r
        targets = _peers(rng, live, n, 1)[:, 0]
        sent = beat[live].copy()
        for src, dst in zip(range(len(live)), targets, strict=True):
            if alive[dst]:
                grew = sent[src] > beat[dst]
                beat[dst] = np.maximum(beat[dst], sent[src])
                fresh[dst, grew] = r
        suspicious = (r - fresh) >= t_fail
        suspects.append(int(suspicious[live, crashed].sum()))
        mask = suspicious[np.ix_(live, live)]
        false += int(mask.sum())
    return {"suspecting": suspects, "false_suspicions": false, "live": n - 1}


def anti_entropy(n=32, *, missed=0.5, seed=0) -> list[int]:
    """Replicas that still differ from the newest state, per round of anti-entropy.

    One update reached each replica with probability 1 - ``missed`` (a rumour that died
    out). Each round every replica compares its state with one random peer's (a digest
    exchange, push-pull) and both keep the newer. Returns the number of stale replicas
    per round, down to 0. The replica at node 0 always has the update.
    """
    n = checks.integer(n, "n", 2)
    missed = checks.fraction(missed, "missed", hi_open=True)
    rng = np.random.default_rng(seed)
    fresh = rng.random(n) >= missed
    fresh[0] = True
    stale = [int((~fresh).sum())]
    nodes = np.arange(n)
    while stale[-1]:
        peers = _peers(rng, nodes, n, 1)[:, 0]
        before = fresh.copy()
        fresh = before | before[peers]
        np.logical_or.at(fresh, peers, before)
        stale.append(int((~fresh).sum()))
    return stale
