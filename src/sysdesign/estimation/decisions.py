"""Numbers that decide between designs, in the style of Jeff Dean's back-of-the-envelope
examples: write each design as a sum of latencies from the table, then compare.

Dean's own example (LADIS 2009 keynote, "Back of the Envelope Calculations"): a results
page shows 30 thumbnails, each made on the fly from a 256 kB image read from disk. Read the
images one after the other, and each costs a seek and a transfer; read in parallel, the
page costs one of each:

>>> round(thumbnail_page(parallel=False) * 1e3), round(thumbnail_page(parallel=True) * 1e3)
(556, 19)

(Dean's slide says 560 ms and 18 ms, and adds that the parallel figure "ignores variance,
so really more like 30-60 ms".) :func:`redirect_designs` asks the same kind of
question of the course's URL shortener: read every redirect from disk, or cache the hot
links in memory?
"""

from __future__ import annotations

import math

import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import format_bytes, format_duration, percent

from .capacity import Estimate, Workload, estimate
from .latency import LATENCIES_S

SEEK_S = LATENCIES_S["Disk seek"]
ROUND_TRIP_S = LATENCIES_S["Round trip within a datacenter"]
MEMORY_S = LATENCIES_S["Main memory reference"]
DEAN_DISK_BYTES_PER_S = 30e6  # the disk throughput Dean's thumbnail example assumes


def thumbnail_page(n_images: int = 30, image_bytes: float = 256e3, *, parallel: bool,
                   seek_s: float = SEEK_S,
                   disk_bytes_per_s: float = DEAN_DISK_BYTES_PER_S) -> float:
    """Seconds to read the ``n_images`` images of a thumbnail page from disk, one after
    another or all at once.

    Serial: every image pays a seek and its transfer. Parallel (one disk per image): the
    page waits for one seek and one transfer.
    """
    n_images = checks.integer(n_images, "n_images", 1)
    image_bytes = checks.number(image_bytes, "image_bytes", 0)
    seek_s = checks.number(seek_s, "seek_s", 0)
    disk_bytes_per_s = checks.number(disk_bytes_per_s, "disk_bytes_per_s", 0, lo_open=True)
    one = seek_s + image_bytes / disk_bytes_per_s
    return one if parallel else n_images * one


def disks_needed(random_reads_per_s: float, *, seek_s: float = SEEK_S,
                 target_utilization: float = 0.7) -> int:
    """Disks that serve ``random_reads_per_s`` random reads, each disk kept at the target
    utilisation: a disk does one seek at a time, so at most 1 / seek_s reads a second.

    >>> disks_needed(2_315)   # 100 seeks/s per disk, 70 of them planned
    34
    """
    reads = checks.number(random_reads_per_s, "random_reads_per_s", 0)
    target_utilization = checks.fraction(target_utilization, "target_utilization",
                                         lo_open=True)
    per_disk = target_utilization / checks.number(seek_s, "seek_s", 0, lo_open=True)
    # The small tolerance keeps 4.0000000001 disks from becoming 5.
    return max(1, math.ceil(reads / per_disk - 1e-9))


def redirect_designs(workload: Workload, result: Estimate | None = None) -> pd.DataFrame:
    """Two designs for the redirect path of a read-heavy service, compared with numbers.

    A. Every redirect asks the database, whose disk seeks once per read:
       a datacenter round trip plus a seek, and disks for every peak read.
    B. The hottest links (the estimate's cache) sit in memory in front of the same disks:
       a hit costs a round trip to the cache; a miss then goes on to the database as in A.
       Only misses reach the disks.

    The 500 bytes a redirect reads are ignored: a seek dwarfs their transfer.
    """
    if not isinstance(workload, Workload):
        raise TypeError(f"workload must be a Workload, got {type(workload).__name__}")
    if result is not None and not isinstance(result, Estimate):
        raise TypeError(f"result must be an Estimate or None, got {type(result).__name__}")
    result = estimate(workload) if result is None else result
    hit = result.cache_hit_ratio
    miss_path = ROUND_TRIP_S + SEEK_S
    rows = {
        "A: every redirect reads the disk": (
            miss_path, 0.0, disks_needed(result.peak_read_qps,
                                         target_utilization=workload.target_utilization),
            0.0),
        "B: hot links cached in memory": (
            ROUND_TRIP_S + MEMORY_S + (1 - hit) * miss_path, hit,
            disks_needed((1 - hit) * result.peak_read_qps,
                         target_utilization=workload.target_utilization),
            result.cache_memory),
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=[
        "mean latency (s)", "reads served from memory", "disks for peak reads",
        "cache memory (bytes)"])


def redirect_table(workload: Workload) -> pd.DataFrame:
    """:func:`redirect_designs` with units, for reading."""
    table = redirect_designs(workload)
    return pd.DataFrame({
        "mean latency": [format_duration(v) for v in table["mean latency (s)"]],
        "reads served from memory": [percent(v) for v in table["reads served from memory"]],
        "disks for peak reads": table["disks for peak reads"].astype(int),
        "cache memory": [format_bytes(v) for v in table["cache memory (bytes)"]],
    }, index=table.index)
