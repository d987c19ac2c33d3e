"""Workload generators: seeded, shaped as promised, inputs checked."""

from __future__ import annotations

import numpy as np
import pytest

import sysdesign.core.workloads as core
from sysdesign.caching import (
    EXTERNAL_WRITE,
    READ,
    WORKLOADS,
    WRITE,
    loop_trace,
    read_write_trace,
    shifting_hot_set_trace,
    top_share,
    uniform_trace,
    workload,
    zipf_probabilities,
    zipf_trace,
    zipf_with_scans_trace,
)


def test_zipf_is_seeded_and_follows_its_probabilities():
    a = zipf_trace(200_000, 50, 1.2, seed=3)
    assert np.array_equal(a, zipf_trace(200_000, 50, 1.2, seed=3))
    assert not np.array_equal(a, zipf_trace(200_000, 50, 1.2, seed=4))
    observed = np.bincount(a, minlength=50) / len(a)
    assert np.allclose(observed, zipf_probabilities(50, 1.2), atol=0.003)


def test_zipf_alpha_zero_is_uniform_and_top_share_is_the_80_20_link():
    assert np.allclose(zipf_probabilities(10, 0.0), 0.1)
    assert top_share(1_000, 0.0) == pytest.approx(0.2)
    # The hottest 20% of keys get about 80% of requests near α = 1 on 1,000 keys.
    assert 0.75 < top_share(1_000, 1.0) < 0.85
    assert top_share(1_000, 1.5) > top_share(1_000, 1.0)


def test_zipf_comes_from_core_with_core_argument_order():
    # One Zipf for the whole course: caching re-exports core's (n_keys, alpha, top).
    assert top_share is core.top_share and zipf_trace is core.zipf_trace
    assert zipf_probabilities is core.zipf_probabilities and uniform_trace is core.uniform_trace
    assert top_share(1_000, 1.0, top=0.1) < top_share(1_000, 1.0)


def test_uniform_loop_and_scans():
    assert set(uniform_trace(5_000, 7, seed=0).tolist()) == set(range(7))
    assert loop_trace(5, 2).tolist() == [0, 1, 0, 1, 0]
    trace = zipf_with_scans_trace(1_000, 50, 1.0, scan_length=100, scan_every=200)
    assert trace[200:400:2].tolist() == list(range(50, 150))  # fresh keys, each once
    assert trace[:200].max() < 50 and trace[201:400:2].max() < 50  # regular traffic goes on
    assert trace[400:600].max() < 50 and trace[600:800:2].tolist() == list(range(150, 250))


def test_shifting_hot_set_moves():
    trace = shifting_hot_set_trace(40_000, 1_000, hot_keys=10, hot_share=0.9, phases=4)
    first, last = trace[:10_000], trace[-10_000:]
    assert np.mean(first < 10) > 0.85 and np.mean((last >= 30) & (last < 40)) > 0.85


def test_read_write_mix():
    ops = read_write_trace(50_000, 100, read_ratio=0.8, external_write_share=0.5, seed=1)
    assert len(ops) == 50_000 and ops.read_ratio == pytest.approx(0.8, abs=0.01)
    writes = np.isin(ops.ops, [WRITE, EXTERNAL_WRITE])
    assert np.mean(ops.ops[writes] == EXTERNAL_WRITE) == pytest.approx(0.5, abs=0.02)
    assert np.all(read_write_trace(100, 10, read_ratio=1.0).ops == READ)


def test_every_named_workload_builds():
    for name in WORKLOADS:
        trace = workload(name, 5_000, n_keys=200, alpha=0.9)
        assert len(trace) == 5_000


def test_bad_inputs_are_explained():
    with pytest.raises(ValueError, match="alpha"):
        zipf_trace(10, 10, -1)
    with pytest.raises(ValueError, match="n_keys"):
        zipf_trace(10, 0, 1.0)
    with pytest.raises(TypeError, match="n_requests"):
        uniform_trace(2.5, 10)
    with pytest.raises(ValueError, match="read_ratio"):
        read_write_trace(10, 10, read_ratio=1.5)
    with pytest.raises(ValueError, match="hot_keys"):
        shifting_hot_set_trace(100, 10, hot_keys=5, phases=4)
    with pytest.raises(ValueError, match="name must be one of 'zipf'"):
        workload("bursty", 100)
    with pytest.raises(ValueError, match="hot_share"):
        shifting_hot_set_trace(100, 10, hot_share=90)
    assert len(zipf_trace(np.int64(10), np.int32(5), 1.0)) == 10
