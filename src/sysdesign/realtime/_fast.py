"""Fast path for the real-time simulation: the code that makes the lesson's numbers quick.

Nothing here is new behaviour. :func:`play` returns exactly the :class:`.simulation.Run`
that :func:`.simulation.simulate_events` plays out on ``core.events``, event by event,
without the event queue: one client and one server on a link of fixed delay ``rtt / 2``
leave nothing to schedule that cannot be computed in order.

- SSE and WebSocket: each message arrives half a round trip after it is published.
- Short polling: the polls are on a fixed schedule, so numpy computes every request's
  arrival, answer and cursor at once.
- Long polling: one request at a time, each sent when the previous answer arrives: a
  plain loop, one step per request.

Ties are broken as the engine breaks them: actions at the same simulated time run in the
order they were scheduled, and the publishes and the short poller's requests are all
scheduled before the run starts, so they run before any message that arrives at that
moment. ``tests/realtime/test_model.py::test_fast_path_equals_the_event_engine`` (a
hypothesis property over methods, rates, round trips, intervals, timeouts and seeds)
checks that both give the same run, float for float.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right

import numpy as np


def play(run, published: list[float], *, half: float, interval: float, timeout: float,
         seed) -> None:
    """Fill ``run`` (a fresh :class:`.simulation.Run`) for ``published`` message times.

    ``half`` is the link's one-way delay (``rtt / 2``, as the engine's network holds it).
    """
    from .simulation import Exchange

    nan = math.nan
    run.published = list(published)
    if run.method in ("SSE", "WebSocket"):  # pushed down the open connection
        run.delivered = [p + half for p in published]
        return
    delivered = [nan] * len(published)
    if run.method == "short polling":
        phase = random.Random(seed).uniform(0, interval)  # the engine's first draw
        polls = math.ceil((run.duration - phase) / interval) + 1
        sent = phase + np.arange(polls) * interval          # as phase + k * interval
        at_server = sent + half
        received = at_server + half
        upto = np.searchsorted(np.asarray(published, dtype=float), at_server, side="right")
        # The cursor when poll k leaves: the last answer that arrived strictly before it
        # (an answer arriving at that very moment is processed after the poll).
        arrived = np.searchsorted(received, sent, side="left")
        after = np.where(arrived > 0, upto[np.maximum(arrived - 1, 0)], 0)
        sent_l, at_l, got_l = sent.tolist(), at_server.tolist(), received.tolist()
        upto_l, after_l = upto.tolist(), after.tolist()
        run.exchanges = [Exchange(s, a, at, at, r, u - a)
                         for s, a, at, r, u in zip(sent_l, after_l, at_l, got_l, upto_l,
                                                   strict=True)]
        # Each message arrives with the first answer (in arrival order) that covers it.
        first = 0
        for u, r in zip(upto_l, got_l, strict=True):
            while first < u:
                delivered[first] = r
                first += 1
        run.delivered = delivered
        return
    # Long polling: ask at 0; the server answers at once if something is new, otherwise
    # holds the request until the next publish or the timeout; ask again on arrival.
    n, cursor, now = len(published), 0, 0.0
    exchanges = []
    while True:
        at = now + half
        count = bisect_right(published, at)     # published by the time it arrives
        if count > cursor:
            answered, upto = at, count
        else:
            expire = at + timeout
            if count < n and published[count] <= expire:   # a publish answers it first
                answered, upto = published[count], count + 1
            else:                                          # answered empty
                answered, upto = expire, cursor
        received = answered + half
        exchanges.append(Exchange(now, cursor, at, answered, received, upto - cursor))
        for i in range(cursor, upto):
            delivered[i] = received
        cursor = upto
        if not received < run.duration:
            break
        now = received
    run.exchanges = exchanges
    run.delivered = delivered
