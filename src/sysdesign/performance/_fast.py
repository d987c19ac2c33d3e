"""Fast paths for performance: the code that makes the lesson's numbers quick, kept apart.

Nothing here is new behaviour; each function computes exactly what a readable
counterpart computes, and a test proves it.

:func:`simulate` (behind ``experiments.littles_law`` and ``experiments.queue_timeline``)
makes exactly the :class:`QueueRun` that :func:`.simulation.simulate` makes on core.events
(the readable version, one event per arrival, finish and scrape), without the event queue:

* a FIFO queue with c identical servers starts each request, in arrival order, at the
  later of its arrival and the earliest time a server is free (a heap of the c free
  times; for one server, Lindley's recursion); it ends at start + work, the same float
  addition the engine does;
* the scraper's gauge at time s is the arrivals at or before s (an arrival is queued
  before any scrape, so it goes first at equal times) minus the requests ended before s.

Where the event order itself would decide (a request ending exactly at a scrape time), or
where the engine would refuse the input (times in the past, infinities, too many events),
it hands over to the readable version, so even the errors are the same.
``tests/performance/test_queueing.py::test_fast_simulate_equals_core_events`` and
``..._on_ties_and_bad_input`` (hypothesis) prove it.

:func:`histogram` (behind ``experiments.merged_p99``) is the :class:`LogLinearHistogram`
that calling ``record`` once per value makes, its buckets counted by numpy
(``tests/performance/test_percentiles.py::test_fast_histogram_equals_recording_one_by_one``).
"""

from __future__ import annotations

import math
from heapq import heapreplace

import numpy as np

from ..core.events import MAX_EVENTS
from .percentiles import LogLinearHistogram
from .simulation import QueueRun
from .simulation import simulate as simulate_events


def simulate(arrivals, works, servers: int = 1, *, scrape_every: float | None = None) -> QueueRun:
    """The same :class:`QueueRun` as :func:`.simulation.simulate`, computed directly."""
    a = np.asarray(arrivals, dtype=float)
    w = np.asarray(works, dtype=float)
    if (a.shape != w.shape or a.ndim != 1 or not len(a) or not np.all(np.isfinite(a))
            or not np.all(np.isfinite(w)) or a[0] < 0 or np.any(np.diff(a) < 0)
            or np.any(w < 0) or type(servers) is not int or servers < 1
            or (scrape_every is not None and (type(scrape_every) is not float
                                              or not 0 < scrape_every < math.inf))):
        # Not the plain case: the readable version raises (or copes) exactly as it does.
        return simulate_events(arrivals, works, servers, scrape_every=scrape_every)
    n, c = len(a), servers
    times: list[float] = []
    if scrape_every is not None:
        last = float(a[-1])
        if 2 * n + last / scrape_every + 2 >= MAX_EVENTS:  # the engine's own limit decides
            return simulate_events(arrivals, works, servers, scrape_every=scrape_every)
        t = scrape_every  # first scrape at scrape_every, then every scrape_every, by the
        times.append(t)  # same float additions as the engine's clock
        while t + scrape_every <= last:
            t = t + scrape_every
            times.append(t)
    starts, ends = np.empty(n), np.empty(n)
    a_list, w_list = a.tolist(), w.tolist()
    if c == 1:
        free = 0.0
        for i in range(n):
            t = a_list[i]
            if free > t:
                t = free
            starts[i] = t
            free = t + w_list[i]
            ends[i] = free
    else:
        heap = [0.0] * c  # when each server is next free (all free at the start)
        for i in range(n):
            t = a_list[i]
            f = heap[0]
            if f > t:
                t = f
            starts[i] = t
            end = t + w_list[i]
            ends[i] = end
            heapreplace(heap, end)
    if not times:
        return QueueRun(a, starts, ends, c, np.empty(0), np.empty(0), float(w.sum()))
    scrape_times = np.array(times)
    done = np.sort(ends)
    ended_before = np.searchsorted(done, scrape_times, side="left")
    if np.any(np.searchsorted(done, scrape_times, side="right") != ended_before):
        # A request ends exactly at a scrape: which the engine runs first depends on when
        # each was scheduled. Rare (never with random times); let the engine decide.
        return simulate_events(arrivals, works, servers, scrape_every=scrape_every)
    gauge = np.searchsorted(a, scrape_times, side="right") - ended_before
    return QueueRun(a, starts, ends, c, scrape_times, gauge, float(w.sum()))


def histogram(values, significant_digits: int = 2) -> LogLinearHistogram:
    """The :class:`LogLinearHistogram` that recording each of ``values`` (integers >= 0)
    one by one makes, with the buckets counted by numpy instead of one call per value.

    A value's bucket is (shift, value >> shift), shift = max(0, bit length - sub_bits), as
    in ``LogLinearHistogram.record``; numpy's frexp gives the bit length exactly for
    integers below 2^53. Anything else (larger values, floats, negatives, lists) goes
    through that loop itself, so it records or raises the same.
    """
    hist = LogLinearHistogram(significant_digits)
    data = np.asarray(values)
    if (data.ndim != 1 or data.dtype.kind not in "iu" or not len(data)
            or data.min() < 0 or data.max() >= 2**53):
        for value in values:  # exactly the loop this function stands for
            hist.record(value)
        return hist
    data = data.astype(np.int64)
    shift = np.maximum(np.frexp(data.astype(float))[1] - hist.sub_bits, 0)
    keys, counts = np.unique(shift.astype(np.int64) << 32 | (data >> shift), return_counts=True)
    buckets = zip((keys >> 32).tolist(), (keys & 0xFFFFFFFF).tolist(), strict=True)
    hist.counts.update(dict(zip(buckets, counts.tolist(), strict=True)))
    hist.count = len(data)
    return hist
