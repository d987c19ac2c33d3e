"""The "Try it" exercises of notebooks 09 (CAP and PACELC) and 10 (consistency).

Expected answers are computed from the models (or their closed forms) when the exercise is
judged, so the notebooks never show them; each worked solution lives in the notebook's
``<details>`` block, and ``tests/course/test_exercises.py`` runs it against these entries.
"""

from __future__ import annotations

import math

from sysdesign.core.exercises import Exercise

from .clocks import later_write_loses
from .cluster import Cluster
from .metrics import stale_probability
from .multileader import MultiLeader


def _nodes_that_can_write() -> int:
    """Five CP nodes, majority quorums, split {0, 1} | {2, 3, 4}: who still writes?"""
    cluster = Cluster(5, "cp", 0)
    cluster.partition({0, 1}, {2, 3, 4})
    return sum(cluster.write("x", node, node=node).ok for node in range(5))


def _gap_for_rare_loss(skew: float = 20.0, share: float = 0.01) -> float:
    """The gap (ms) after which a later write loses with probability ``share``: the model's
    chance falls from 1/2 at gap 0 to 0 at 2 * skew, so bisect it there."""
    low, high = 0.0, 2 * skew
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if later_write_loses(skew, middle) > share else (low, middle)
    return (low + high) / 2


def _wait_for_fresh_reads(latency: float = 5.0, jitter: float = 5.0,
                          stale: float = 0.01) -> float:
    """The wait after which a follower read is stale with probability ``stale``:
    L + J ln(1 / stale), checked against the model's formula."""
    t = latency + jitter * math.log(1 / stale)
    assert math.isclose(float(stale_probability(t, latency, jitter)), stale, rel_tol=1e-9)
    return t


def _semi_sync_count(servers: int = 5) -> int:
    """The fewest replica acknowledgements a source must wait for so that every majority
    of the ``servers`` (source included) holds each acknowledged transaction."""
    majority = servers // 2 + 1
    return next(k for k in range(servers) if (k + 1) + majority > servers)


def _lost_in_three_datacentres(later_ms: float = 50.0) -> int:
    """Datacentres 0 and 1 add an item to an empty cart at once; ``later_ms`` later a client
    of datacentre 2 adds a third item to the cart it reads there; last writer wins."""
    ml = MultiLeader(datacentres=3, resolve="lww")
    ml.write(0, "cart", {"book"})
    ml.write(1, "cart", {"lamp"})
    ml.sim.run(ml.sim.now + later_ms)
    seen = set().union(*map(set, ml.read(ml.size * 2, "cart")))  # datacentre 2's leader
    ml.write(2, "cart", seen | {"pen"})
    ml.settle()
    return len(ml.lost)


EXERCISES = [
    Exercise(
        "09.1", expected=_nodes_that_can_write,
        hint="a write needs W = 3 replicas it can reach, itself included; count, node by "
             "node, the replicas each one reaches",
        wrong={2: "that is the size of the minority side, whose nodes reach only two "
                  "replicas: they are the ones that cannot write",
               5: "the nodes on the minority side reach only two replicas, fewer than W",
               0: "the majority side reaches three replicas, enough for W = 3"}),
    Exercise(
        "09.2", expected=_gap_for_rare_loss,
        hint="the later write loses when its clock is behind the other one's by more than "
             "the gap; the difference of two uniform offsets has a triangular distribution, "
             "so find the gap whose tail holds 1 %",
        wrong=lambda: {
            40.0: "that is 2s, where the chance reaches zero; 1 % is reached sooner",
            39.2: "that treats the clocks' difference as uniform on ±40 ms; it is triangular, "
                  "so its tail thins faster",
            round(_gap_for_rare_loss(skew=50.0), 2): "that is for clocks off by ±50 ms, as "
                                                     "in the figure; here they are off by ±20",
            round(40.0 - _gap_for_rare_loss(), 2): "that is 2s − g, the clocks' disagreement "
                                                   "left beyond the gap; the gap is 40 ms "
                                                   "minus it"},
        tolerance=0.01, close=0.15, decide=True),
    Exercise(
        "09.3", expected="CP majority quorums",
        options=("CP majority quorums", "AP, R = W = 1", "CP, W = N"),
        hint="the store must keep selling on one side and never let two sides sell",
        wrong={"AP, R = W = 1": "both sides would sell the last seat; after the heal "
                                "last-writer-wins keeps one sale, and the other customer "
                                "holds a ticket for a seat that is gone",
               "CP, W = N": "with W = N every sale needs every replica, so during any "
                            "partition nobody can sell at all"},
        decide=True),
    Exercise(
        "10.1", expected=_wait_for_fresh_reads,
        hint="solve e^(-(t - L)/J) = 0.01 for t",
        wrong={10.0: "that is L + J, where 37 % of follower reads are still stale",
               5.0: "at t = L every follower read is still stale",
               23.025850929940457: "that is J ln(100) alone: add the latency L"},
        tolerance=0.01, close=0.1),
    Exercise(
        "10.2", expected=_semi_sync_count,
        hint="count the servers that hold an acknowledged transaction (the source plus the "
             "replicas it waited for) and make every majority of the five overlap them",
        wrong={1: "that is MySQL's default: the transaction is then on 2 of 5 servers, and "
                  "a majority of 3 can be found that holds neither",
               3: "that works, but a smaller count already makes every majority overlap",
               4: "that is fully synchronous: every replica must answer"},
        decide=True),
    Exercise(
        "10.3", expected=_lost_in_three_datacentres,
        hint="had any leader seen another datacentre's write when its client wrote? Then "
             "recall what last-writer-wins does with concurrent versions (the "
             "two-datacentre table above)",
        wrong={2: "that treats all three writes as concurrent; the third client read the "
                  "cart after both earlier writes had reached it, so its write saw what "
                  "survived of them",
               0: "the first two writes are still concurrent, and last-writer-wins had "
                  "already dropped one of them when the third client read the cart",
               3: "the third write saw the survivor of the first two, so it replaces it "
                  "without a conflict, and it survives itself"},
        decide=True),
]
