"""The "Try it" answers of notebook 20, checked by hand and against the simulation."""

import math

from sysdesign.realtime import exercises as ex
from sysdesign.realtime.fanout import expected_nodes
from sysdesign.realtime.model import mean_latency
from sysdesign.realtime.simulation import simulate


def test_201_longest_interval_meets_the_target_exactly():
    interval = ex._longest_poll_interval()
    assert math.isclose(interval, 2 * (1.0 - 0.1 / 2), rel_tol=1e-9)
    assert math.isclose(mean_latency("short polling", poll_interval=interval, rtt=0.1), 1.0)


def test_202_timeouts_outweigh_batching_in_the_simulation():
    # model: about 1.05 requests per message; the simulation of 2,000 messages agrees
    run = simulate("long polling", message_rate=0.1, duration=20_000, rtt=0.1, timeout=30.0,
                   seed=1)
    per_message = run.requests / len(run.published)
    assert 1.02 < per_message < 1.08 and run.empty_answers > 50
    assert ex._long_poll_requests() == "one or more"


def test_203_smallest_topic_for_nine_of_ten_nodes():
    assert math.ceil(math.log(0.1) / math.log(0.9)) == 22 == ex._subscribers_for_nodes()
    assert expected_nodes(10, 21) < 9 <= expected_nodes(10, 22)
