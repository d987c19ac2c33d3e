"""Failover timelines: detection from heartbeats, RTO, requests served, writes lost."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.availability import failover
from sysdesign.core.events import Simulator


def simulated_detection(fail_at: float, heartbeat: float, misses: int) -> float:
    """The same detector on the course's event simulator: heartbeats arrive until the
    failure; a watchdog re-armed by each one fires ``misses`` periods after the last."""
    sim = Simulator(seed=0)
    state = {"deadline": None, "declared": None}

    def beat(now):
        if now >= fail_at:
            return
        state["deadline"] = now + misses * heartbeat
        sim.at(now + heartbeat, beat, now + heartbeat)  # first: a beat due at a deadline wins
        sim.at(state["deadline"], check, state["deadline"])

    def check(deadline):
        if state["deadline"] == deadline and state["declared"] is None:
            state["declared"] = deadline

    sim.at(0.0, beat, 0.0)
    sim.run(until=fail_at + (misses + 2) * heartbeat)
    return state["declared"]


@given(st.floats(0.0, 100.0), st.sampled_from([0.5, 1.0, 2.0, 5.0]), st.integers(1, 6))
def test_detection_matches_an_event_simulation(fail_at, heartbeat, misses):
    if abs(fail_at / heartbeat - round(fail_at / heartbeat)) < 1e-9:
        fail_at += heartbeat / 3  # a failure exactly at a heartbeat is ambiguous
    assert math.isclose(failover.detection_time(fail_at, heartbeat, misses),
                        simulated_detection(fail_at, heartbeat, misses))


@given(st.floats(0.0, 100.0), st.floats(0.1, 10.0), st.integers(1, 6))
def test_detection_takes_between_misses_minus_one_and_misses_periods(fail_at, heartbeat,
                                                                      misses):
    delay = failover.detection_time(fail_at, heartbeat, misses) - fail_at
    assert (misses - 1) * heartbeat - 1e-9 <= delay <= misses * heartbeat + 1e-9


@pytest.mark.parametrize(("fail_at", "heartbeat"), [(10.0, 1.0), (0.3, 0.1), (0.7, 0.1),
                                                   (2.1, 0.7)])
def test_a_failure_at_a_heartbeat_instant_waits_the_full_misses(fail_at, heartbeat):
    # The notebook's convention: failing at a heartbeat's instant comes just after it was
    # sent, so detection takes all 3 periods, also where fail_at / heartbeat rounds down.
    assert failover.detection_time(fail_at, heartbeat, 3) - fail_at == pytest.approx(
        3 * heartbeat)


def test_active_passive_rto_adds_detection_promotion_and_reroute():
    line = failover.timeline("active-passive", fail_at=10.5, heartbeat=2, misses=3,
                             promotion=8, reroute=2)
    assert line.detected == 16.0
    assert line.rto == 15.5
    assert [p[0] for p in line.phases] == ["detecting", "promoting", "rerouting"]
    assert line.served(np.array([10.0, 10.5, 25.9, 26.0])).tolist() == [1, 0, 0, 1]
    assert line.phase_at(17) == "promoting" and line.phase_at(30) == "recovered"


@given(st.integers(2, 8))
def test_active_active_loses_only_the_dead_nodes_share_until_detection(nodes):
    line = failover.timeline("active-active", fail_at=10, heartbeat=1, misses=3, nodes=nodes)
    assert line.rto == line.detection == 3.0
    assert line.served(11.0) == pytest.approx(1 - 1 / nodes)
    passive = failover.timeline("active-passive", fail_at=10, heartbeat=1, misses=3)
    assert line.rto <= passive.rto


def test_lost_writes_are_the_lag_times_the_write_rate():
    assert failover.lost_writes(200, 0.5) == 100.0
    assert failover.lost_writes(200, 0.5, synchronous=True) == 0.0


@pytest.mark.parametrize(("call", "message"), [
    (lambda: failover.timeline("hot"), "mode must be one of"),
    (lambda: failover.detection_time(1, 0, 3), "heartbeat"),
    (lambda: failover.timeline("active-active", nodes=1), "nodes"),
    (lambda: failover.lost_writes(-1, 1), "write_rate"),
])
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_synchronous_must_be_a_bool():
    with pytest.raises(TypeError, match="synchronous must be True or False"):
        failover.lost_writes(200, 0.5, synchronous="no")  # a truthy string, not a yes
