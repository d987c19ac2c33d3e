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


def _lost_in_three_datacentres() -> int:
    """Three datacentres each add an item to an empty cart at once, last writer wins."""
    ml = MultiLeader(datacentres=3, resolve="lww")
    for dc, item in enumerate(("book", "lamp", "pen")):
        ml.write(dc, "cart", {item})
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
        "09.2", expected=lambda: later_write_loses(skew=20.0, gap=10.0),
        hint="the later write loses when its clock is behind the other one's by more than "
             "the gap; the difference of two uniform offsets has a triangular distribution",
        wrong={0.5: "that is the chance when both writes happen at the same instant "
                    "(g = 0); a 10 ms head start helps the later write",
               0.0: "the clocks can disagree by up to 40 ms, more than the 10 ms gap",
               0.25: "that is g / 2s, the gap as a share of the 40 ms the clocks can "
                     "disagree by; but their difference is not uniform: it lies near 0 far "
                     "more often than near ±40 ms"},
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
        wrong={1: "that is the two-datacentre case; here three writes compete",
               0: "with last-writer-wins only one concurrent write survives; a merge "
                  "(a set union) would lose none",
               3: "one write survives: the one with the highest timestamp"},
        decide=True),
]
