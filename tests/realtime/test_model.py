"""Closed forms against their limits and against the simulation on core.events."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.realtime import experiments, model, simulate, simulation
from sysdesign.realtime.model import METHODS


def test_short_polling_is_half_the_interval_plus_half_a_round_trip():
    assert model.mean_latency("short polling", poll_interval=2.0, rtt=0.1) == pytest.approx(1.05)
    assert model.requests_per_second("short polling", poll_interval=0.5) == 2.0


@given(st.floats(0.01, 50), st.floats(0.001, 0.5), st.floats(0.5, 60))
def test_long_polling_bounds(rate, rtt, timeout):
    lat = model.mean_latency("long polling", message_rate=rate, rtt=rtt)
    assert rtt / 2 <= lat <= rtt + 1e-12          # between a push and a push plus a gap
    rps = model.requests_per_second("long polling", message_rate=rate, rtt=rtt,
                                    timeout=timeout)
    assert rps <= 1 / rtt + 1 / timeout + 1e-9    # at most one request per round trip (+ empties)
    assert 0 <= model.held_requests("long polling", message_rate=rate, rtt=rtt) <= 1


def test_long_polling_limits():
    # Rare messages: one request per message, delivered in half a round trip.
    assert model.requests_per_second("long polling", message_rate=1e-3, rtt=0.1,
                                     timeout=1e6) == pytest.approx(1e-3, rel=1e-3)
    assert model.mean_latency("long polling", message_rate=1e-6, rtt=0.1) == pytest.approx(0.05)
    # Nothing ever arrives: a timeout and a round trip, again and again.
    assert model.requests_per_second("long polling", message_rate=0, rtt=0.1,
                                     timeout=29.9) == pytest.approx(1 / 30)
    # A flood: a request per round trip, each message waits a whole round trip on average.
    assert model.requests_per_second("long polling", message_rate=1e4, rtt=0.1) == pytest.approx(10)
    assert model.mean_latency("long polling", message_rate=1e4, rtt=0.1) == pytest.approx(0.1)


@pytest.mark.parametrize("rate, rtt, interval", [(1.0, 0.05, 1.0), (20.0, 0.1, 0.5),
                                                  (5.0, 0.3, 2.0)])
@pytest.mark.parametrize("method", METHODS)
def test_closed_form_matches_the_simulation(method, rate, rtt, interval):
    run = simulate(method, message_rate=rate, duration=3000 / rate, rtt=rtt,
                   poll_interval=interval, timeout=60.0, seed=11)
    lat = run.latencies()
    assert len(lat) == len(run.published)  # every message delivered
    kw = {"message_rate": rate, "rtt": rtt, "poll_interval": interval}
    # The mean of ~3000 latencies: within 4 standard errors of the closed form.
    se = lat.std() / math.sqrt(len(lat)) + 1e-9
    assert abs(lat.mean() - model.mean_latency(method, **kw)) <= 4 * se
    rps = run.requests / run.duration
    expected = model.requests_per_second(method, timeout=60.0, **kw)
    assert rps == pytest.approx(expected, rel=0.05, abs=1e-9)


def test_rare_messages_cost_long_polling_more_than_one_request_each():
    # Below about one message per timeout, empty answers dominate: requests per message are
    # 1 + 1/(e^(λ·timeout) − 1) when the gap is negligible (the costs figure's left floor).
    rate, timeout = 0.01, 30.0
    per_msg = model.requests_per_second("long polling", message_rate=rate, rtt=0.1,
                                        timeout=timeout) / rate
    assert per_msg == pytest.approx(1 + 1 / math.expm1(rate * timeout), rel=0.01)
    assert per_msg > 3
    # ... and about one per message in the middle: 1/timeout << rate << 1/rtt.
    mid = model.requests_per_second("long polling", message_rate=0.3, rtt=0.01, timeout=timeout)
    assert mid / 0.3 == pytest.approx(1.0, abs=0.01)
    floor = experiments.costs()["curves"]["long polling"]["requests"][0]
    assert floor > 3 * 10_000 * experiments.RATES[0]


def _same_run(fast, engine) -> None:
    """Two runs equal float for float (nan: not delivered)."""
    assert fast.method == engine.method and fast.duration == engine.duration
    assert fast.published == engine.published
    assert len(fast.delivered) == len(engine.delivered)
    for a, b in zip(fast.delivered, engine.delivered, strict=True):
        assert a == b or (math.isnan(a) and math.isnan(b)), (a, b)
    assert len(fast.exchanges) == len(engine.exchanges)
    for e, f in zip(fast.exchanges, engine.exchanges, strict=True):
        for name in ("sent", "after", "at_server", "answered", "received", "messages"):
            a, b = getattr(e, name), getattr(f, name)
            assert type(a) is type(b), (name, a, b)
            assert a == b or (math.isnan(a) and math.isnan(b)), (name, e, f)


@settings(max_examples=200, deadline=None)
@given(method=st.sampled_from(METHODS), rate=st.floats(0.01, 100),
       duration=st.floats(0.01, 20), interval=st.floats(0.02, 10),
       rtt=st.one_of(st.just(0.0), st.floats(0.0, 3.0)), timeout=st.floats(0.05, 40),
       seed=st.integers(0, 10_000))
def test_fast_path_equals_the_event_engine(method, rate, duration, interval, rtt, timeout,
                                           seed):
    kw = {"message_rate": rate, "duration": duration, "poll_interval": interval, "rtt": rtt,
          "timeout": timeout, "seed": seed}
    _same_run(simulate(method, **kw), simulation.simulate_events(method, **kw))


@pytest.mark.parametrize("method", METHODS)
def test_fast_path_equals_the_event_engine_on_the_notebook_runs(method):
    for kw in ({"message_rate": 20, "duration": 150, "rtt": 0.2, "poll_interval": 2.0,
                "seed": 1},
               {"message_rate": 1.0, "duration": 10, "rtt": 0.2, "poll_interval": 2.0,
                "timeout": 10, "seed": 4},
               {"message_rate": 0.05, "duration": 2000.0, "rtt": 0.05, "timeout": 5.0,
                "seed": 2}):
        _same_run(simulate(method, **kw), simulation.simulate_events(method, **kw))


def test_long_poll_timeouts_answer_empty():
    run = simulate("long polling", message_rate=0.05, duration=2000.0, rtt=0.05, timeout=5.0,
                   seed=2)
    expected = model.requests_per_second("long polling", message_rate=0.05, rtt=0.05,
                                         timeout=5.0)
    assert run.empty_answers > 0
    assert run.requests / run.duration == pytest.approx(expected, rel=0.05)


def test_bytes_per_message_ranking_and_wire_defaults():
    sizes = model.Wire()
    assert sizes.message_bytes == len('{"id":1000,"data":"' + "x" * 32 + '"}')
    assert sizes.ws_frame == sizes.message_bytes + 2
    assert sizes.sse_event == sizes.message_bytes + len("id: 1000\ndata: \n\n") + 2 + 4
    rows = {r["method"]: r for r in model.compare(message_rate=1.0, poll_interval=1.0)}
    per_msg = {m: r["bytes per message"] for m, r in rows.items()}
    assert per_msg["WebSocket"] < per_msg["SSE"] < per_msg["short polling"]
    assert rows["SSE"]["held open"] == rows["WebSocket"]["held open"] == 10_000


def test_short_polling_batches_below_stream_bytes_at_high_rates():
    # 100 messages/s polled every 5 s: ~500 messages share one exchange's headers, so a
    # message costs its JSON line plus under a byte of headers, less than an SSE event.
    kw = {"message_rate": 100.0, "poll_interval": 5.0, "rtt": 0.1}
    per_msg = {m: model.bytes_per_second(m, **kw) / 100.0 for m in METHODS}
    assert per_msg["short polling"] < per_msg["SSE"]
    assert per_msg["short polling"] == pytest.approx(model.Wire().poll_line, abs=1.0)
    assert per_msg["WebSocket"] - per_msg["short polling"] < 2


def test_costs_alt_text_says_where_short_polling_undercuts_the_streams():
    from sysdesign.realtime import plots

    result = experiments.costs()  # the notebook's figure: 5 s polls, no extra headers
    text = plots._bytes_sentence(result)
    assert "than SSE from about 1.8 " in text and "than WebSocket from about 42." in text
    bytes_ = {m: c["bytes"] for m, c in result["curves"].items()}
    first = next(i for i, r in enumerate(experiments.RATES) if r > 1.7)
    assert bytes_["short polling"][first] < bytes_["SSE"][first]
    assert bytes_["short polling"][first - 1] > bytes_["SSE"][first - 1]
    heavy = plots._bytes_sentence(experiments.costs(poll_interval=0.1, extra_header_bytes=2000))
    assert "stays above both" in heavy


def test_extra_headers_cost_polling_only():
    plain, heavy = model.Wire(), model.Wire(extra_header_bytes=500)
    for method in METHODS:
        a = model.bytes_per_second(method, sizes=plain)
        b = model.bytes_per_second(method, sizes=heavy)
        assert (b > a) == method.endswith("polling")


def test_bad_input():
    with pytest.raises(ValueError, match="method"):
        model.mean_latency("comet")
    with pytest.raises(ValueError, match="poll_interval"):
        model.mean_latency("short polling", poll_interval=0)
    with pytest.raises(ValueError, match="message_rate"):
        model.requests_per_second("long polling", message_rate=-1)
    with pytest.raises(ValueError, match="id_digits"):
        model.Wire(id_digits=0)
