"""Gateways: local counters over-admit; a shared counter needs one atomic step."""

from __future__ import annotations

import sqlite3
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.rate_limiting import local_counters, shared_counter
from sysdesign.rate_limiting.distributed import ATOMIC, READ, WRITE


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 10), st.integers(0, 200))
def test_local_counters_admit_up_to_n_times_the_limit(gateways, limit, requests):
    arrivals = np.linspace(0.0, 0.9, requests)  # all inside one 1 s window
    admitted = local_counters(arrivals, gateways, limit, 1.0)
    per_gateway = [len(range(g, requests, gateways)) for g in range(gateways)]
    assert admitted == sum(min(limit, n) for n in per_gateway)
    assert admitted <= gateways * limit


@pytest.mark.parametrize("gateways", [1, 2, 4])
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_atomic_shared_counter_never_over_admits(gateways, limit):
    run = shared_counter(requests=12, gateways=gateways, limit=limit, atomic=True)
    assert run.admitted == run.stored == limit
    assert run.latency_ms == [1.0] * 12  # one round trip each


def test_read_modify_write_loses_updates():
    run = shared_counter(requests=8, gateways=2, limit=4, atomic=False)
    assert run.admitted == 8 and run.stored < run.admitted  # lost increments
    assert run.latency_ms == [2.0] * 8  # two round trips each


def test_read_modify_write_is_safe_when_requests_do_not_overlap():
    run = shared_counter(requests=8, gateways=2, limit=4, atomic=False, spacing_ms=3.0)
    assert run.admitted == run.stored == 4


def _threads(atomic: bool, path, workers=4, attempts=25, limit=40):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    db.execute("INSERT INTO counters VALUES ('client', 0)")
    db.close()
    admitted = []
    barrier = threading.Barrier(workers)

    def work():
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        barrier.wait()
        for _ in range(attempts):
            if atomic:
                admitted.append(conn.execute(ATOMIC, ("client", limit)).fetchone() is not None)
            else:
                (n,) = conn.execute(READ, ("client",)).fetchone()
                ok = n < limit
                if ok:
                    threading.Event().wait(0.0001)  # the network round trip between the two
                    conn.execute(WRITE, (n + 1, "client"))
                admitted.append(ok)
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(admitted)


def test_threads_on_a_real_database(tmp_path):
    assert _threads(True, tmp_path / "a.db") == 40
    assert _threads(False, tmp_path / "b.db") > 40  # the race, with real threads


def test_bad_arguments():
    with pytest.raises(ValueError, match="gateways"):
        shared_counter(gateways=0)
    with pytest.raises(TypeError, match="limit"):
        shared_counter(limit=2.5)
