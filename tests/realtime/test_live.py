"""The real servers on 127.0.0.1: bytes exactly as the wire model says, latency within
bands the model derives, SSE resume without gaps or duplicates, heartbeats that notice a
silent peer. Each test starts and stops its own servers."""

import asyncio

import pytest

from sysdesign.realtime import experiments, heartbeat, live, measure, resume, wire_bytes
from sysdesign.realtime.servers import CountingProxy, Hub


def test_counted_bytes_equal_the_wire_model_exactly():
    table = experiments.wire_table(wire_bytes())
    assert (table["model (B)"] == table["counted (B)"]).all(), table


def test_measured_run_agrees_with_the_model():
    measured = measure(message_rate=60.0, duration=0.5, poll_interval=0.05, seed=3)
    table = experiments.measured_vs_model(measured)
    assert (table["received"] == table["messages"]).all()
    assert table["latency ok"].all(), table
    assert (table["bytes"] == table["model bytes"]).all(), table
    # Requests: short polling one per interval (give or take the ends), long polling at
    # most one per message (fewer when messages arrive during a re-request).
    short, long = table.loc["short polling"], table.loc["long polling"]
    assert abs(short["requests"] - short["model requests"]) <= 3
    assert long["requests"] <= long["messages"] + 1
    # Push methods beat short polling's wait by far (medians: a busy machine's hiccups
    # delay every method at once).
    lat = table["median (ms)"]
    assert max(lat["SSE"], lat["WebSocket"], lat["long polling"]) < lat["short polling"] / 3


def test_sse_resume_delivers_exactly_the_missed_events():
    got = resume(before=4, missed=3, after=2)
    assert got["received"] == list(range(1, 10))
    assert got["missing"] == [] and got["duplicates"] == 0
    assert got["reconnect_header"] == "4" and got["retry_ms"] == 50


def test_sse_without_last_event_id_loses_what_it_missed():
    got = resume(before=4, missed=3, after=2, send_last_event_id=False)
    assert got["missing"] == [5, 6, 7] and got["duplicates"] == 0


def test_heartbeat_detects_a_silent_peer_and_nothing_else_does():
    out = heartbeat(ping_interval=0.1, ping_timeout=0.1, healthy_s=0.25, watch_s=0.3)
    pings = out["with pings"]
    assert pings["open while healthy"] and pings["detected"]
    assert pings["detected after s"] <= out["bound_s"] + 0.3  # loose: a busy machine
    # At least one ping (6 B) and its masked pong (10 B) went by, and nothing else.
    beats = pings["heartbeat bytes while healthy"]
    assert beats >= 16 and beats % 16 == 0
    assert not out["without pings"]["detected"]


def test_hub_and_proxy_basics():
    hub = Hub()
    assert hub.since(0) == [] and hub.publish("a") == 1 and hub.since(0) == [(1, "a")]
    assert hub.since(1) == [] and hub.last_id == 1
    assert CountingProxy(1).counts() == (0, 0)


def test_closing_the_hub_releases_a_waiting_reader_at_once():
    async def main():
        hub = Hub()
        waiter = asyncio.create_task(hub.wait_since(0, 5.0))
        await asyncio.sleep(0.01)
        assert hub.waiting == 1
        hub.close()
        got = await asyncio.wait_for(waiter, 1.0)  # not the 5 s timeout
        return got, await hub.wait_since(0, 5.0), hub.waiting

    assert asyncio.run(main()) == ([], [], 0)


def test_bad_input_is_refused_before_any_server_starts():
    with pytest.raises(ValueError, match="duration"):
        measure(duration=10)
    with pytest.raises(ValueError, match="messages"):
        live.wire_bytes(0)
    with pytest.raises(ValueError, match="ping_interval"):
        heartbeat(ping_interval=0)
