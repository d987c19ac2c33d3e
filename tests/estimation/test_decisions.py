"""Design decisions with numbers: Dean's thumbnail page from the latency table, and the
URL shortener's redirect path with and without a cache."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from sysdesign import estimation as est
from sysdesign.estimation import URL_SHORTENER, decisions, estimate
from sysdesign.estimation.latency import LATENCIES_S


def test_thumbnail_page_is_deans_arithmetic():
    seek = LATENCIES_S["Disk seek"]
    transfer = 256e3 / 30e6
    serial = decisions.thumbnail_page(parallel=False)
    parallel = decisions.thumbnail_page(parallel=True)
    assert math.isclose(serial, 30 * (seek + transfer))
    assert math.isclose(parallel, seek + transfer)
    # Dean's slide rounds these to 560 ms and 18 ms.
    assert round(serial, 2) == 0.56 and math.floor(parallel * 1e3) == 18


def test_disks_needed_follow_the_seek_time_and_the_70_percent_model():
    assert decisions.disks_needed(70) == 1
    assert decisions.disks_needed(71) == 2
    assert decisions.disks_needed(2_315) == math.ceil(2_315 / (0.7 / 0.01))
    assert decisions.disks_needed(0) == 1
    assert decisions.disks_needed(700, target_utilization=1.0) == 7


def test_redirect_designs_compare_the_same_estimate():
    e = estimate(URL_SHORTENER)
    table = decisions.redirect_designs(URL_SHORTENER)
    a, b = table.iloc[0], table.iloc[1]
    miss = LATENCIES_S["Round trip within a datacenter"] + LATENCIES_S["Disk seek"]
    assert math.isclose(a["mean latency (s)"], miss)
    assert a["disks for peak reads"] == decisions.disks_needed(e.peak_read_qps)
    assert math.isclose(b["reads served from memory"], e.cache_hit_ratio)
    assert b["disks for peak reads"] == decisions.disks_needed(
        (1 - e.cache_hit_ratio) * e.peak_read_qps)
    assert b["cache memory (bytes)"] == e.cache_memory
    assert b["mean latency (s)"] < a["mean latency (s)"]


def test_a_cache_pays_off_only_with_a_steep_skew():
    """The notebook's decision: at α = 0.8 the cache saves about a fifth of the disks,
    at α = 1.2 nearly all of them."""
    def disks(alpha):
        table = decisions.redirect_designs(replace(URL_SHORTENER, zipf_alpha=alpha))
        return table["disks for peak reads"].tolist()

    a_08, b_08 = disks(0.8)
    a_12, b_12 = disks(1.2)
    assert (a_08, b_08) == (34, 27) and a_08 == a_12
    assert b_12 / a_12 < 0.1
    # Over Breslau's range the cache saves about a tenth to a quarter of the disks (3 and 9).
    saved = [1 - b / a for a, b in (disks(alpha) for alpha in est.BRESLAU_ALPHAS)]
    assert [round(s * 34) for s in saved] == [3, 9]
    assert 0.08 < saved[0] < saved[1] < 0.27
    assert 1 - disks(1.0)[1] / disks(1.0)[0] > 0.5  # from α ≈ 1 it saves most


def test_an_ssd_read_is_about_seventy_times_faster_than_a_seek():
    ratio = LATENCIES_S["Disk seek"] / LATENCIES_S["Read 4 kB randomly from SSD"]
    assert round(ratio, -1) == 70


@pytest.mark.parametrize(("call", "error"), [
    (lambda: decisions.thumbnail_page(0, parallel=True), ValueError),
    (lambda: decisions.thumbnail_page(parallel=True, disk_bytes_per_s=0), ValueError),
    (lambda: decisions.disks_needed(-1), ValueError),
    (lambda: decisions.disks_needed(10, seek_s=0), ValueError),
    (lambda: decisions.thumbnail_page(2.5, parallel=True), TypeError),
    (lambda: decisions.disks_needed(100, target_utilization=0), ValueError),
    (lambda: decisions.disks_needed(100, target_utilization=70), ValueError),
    (lambda: decisions.redirect_designs({"daily_active_users": 1}), TypeError),
    (lambda: decisions.redirect_designs(URL_SHORTENER, result={}), TypeError),
])
def test_bad_input_raises_clear_errors(call, error):
    with pytest.raises(error):
        call()
