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
    simulate,
    stack_depth_probabilities,
    stack_distances,
    stack_model_depths,
    stack_model_trace,
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


def test_at_the_skews_breslau_measured_the_80_20_rule_is_50_to_70():
    # Notebook 06: web proxy traces had α ≈ 0.64-0.83 (Breslau et al., 1999); over 1,000
    # keys the hottest 20 % then take about half to two thirds of the requests.
    assert 0.5 < top_share(1_000, 0.64) < top_share(1_000, 0.83) < 0.7


def test_zipf_comes_from_core_with_core_argument_order():
    # One Zipf for the whole course: caching re-exports core's (n_keys, alpha, top).
    assert top_share is core.top_share and zipf_trace is core.zipf_trace
    assert zipf_probabilities is core.zipf_probabilities and uniform_trace is core.uniform_trace
    assert top_share(1_000, 1.0, top=0.1) < top_share(1_000, 1.0)


def test_uniform_loop_and_scans():
    assert set(uniform_trace(5_000, 7, seed=0).tolist()) == set(range(7))
    assert loop_trace(5, 2).tolist() == [0, 1, 0, 1, 0]
    trace = zipf_with_scans_trace(1_000, 50, 1.0, scan_length=100, scan_every=300)
    # A scan starts at every multiple of scan_every: requests 300, 600, 900.
    assert trace[300:500:2].tolist() == list(range(50, 150))  # fresh keys, each once
    assert trace[:300].max() < 50 and trace[301:500:2].max() < 50  # regular traffic goes on
    assert trace[500:600].max() < 50 and trace[600:800:2].tolist() == list(range(150, 250))
    assert trace[900:1_000:2].tolist() == list(range(250, 300))
    new = np.flatnonzero(trace >= 50)
    assert new[0] == 300 and np.all(np.diff(new[np.diff(new, prepend=0) > 2]) == 300)


def test_stack_model_draws_depths_and_lru_stack_distances_are_those_depths():
    # Once a key has been requested, its LRU stack distance is exactly the depth the
    # model drew: that is what "temporal locality" means here.
    trace = stack_model_trace(20_000, 300, 1.0, seed=4)
    depths = stack_model_depths(20_000, 300, 1.0, seed=4)
    distances = stack_distances(trace)
    seen = distances > 0
    assert np.array_equal(distances[seen], depths[seen])
    # So an LRU cache of c slots hits exactly the re-requests drawn at depth <= c.
    for capacity in (1, 10, 100):
        assert simulate("lru", trace, capacity).hits == int(np.sum(seen & (depths <= capacity)))
    # The depths follow P(d) ∝ 1/d^θ.
    observed = np.bincount(depths, minlength=301)[1:] / len(depths)
    assert np.allclose(observed[:5], stack_depth_probabilities(300, 1.0)[:5], atol=0.01)


def test_stack_model_keys_are_equally_popular_in_the_long_run():
    # Unlike Zipf, no key is hot for ever: recency, not popularity, predicts the next key.
    counts = np.bincount(stack_model_trace(100_000, 50, 1.0, seed=1), minlength=50)
    assert counts.min() > 0.5 * counts.mean() and counts.max() < 1.5 * counts.mean()


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
    with pytest.raises(ValueError, match="scan_every"):
        zipf_with_scans_trace(100, 10, 1.0, scan_length=30, scan_every=50)
    with pytest.raises(ValueError, match="theta"):
        stack_model_trace(10, 10, -1.0)
    assert len(zipf_trace(np.int64(10), np.int32(5), 1.0)) == 10
