"""Latency numbers every programmer should know, where each comes from, and the same numbers
on a human scale.

The list goes back to a table in Peter Norvig's essay "Teach Yourself Programming in Ten
Years" (norvig.com/21-days.html); Jeff Dean made it famous. His LADIS 2009 keynote
("Designs, Lessons and Advice from Building Large Distributed Systems") gives most rows; his
earlier Stanford CS295 lecture (around 2007, "Software Engineering Advice from Building
Large-Scale Distributed Systems") had slower numbers for a few of them and the row "read
1 MB sequentially from the network"; Jonas Bonér's gist (2012, "Latency Numbers Every
Programmer Should Know"), which credits both, added the SSD rows and "send 1 kB". They are
orders of magnitude for the hardware of those years, not measurements of today's: what
matters is the ratio between rows.

Nanoseconds are hard to feel. :func:`latency_table` rescales every row so that one
reference operation takes a human-sized time (one L1 cache reference = one second), which
keeps the ratios between rows and makes them easy to compare.

>>> table = latency_table("L1 cache reference", 1.0).set_index("operation")
>>> table.loc["Main memory reference", "on the human scale"]
'3.33 minutes'
>>> latency_ratio("Main memory reference", "L1 cache reference")
200.0
"""

from __future__ import annotations

import math

import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import format_duration

SOURCES = {
    "Dean 2009": "Jeff Dean, LADIS 2009 keynote",
    "Dean 2007": "Jeff Dean, Stanford CS295 lecture, around 2007",
    "Bonér 2012": "Jonas Bonér, gist 'Latency Numbers Every Programmer Should Know', 2012",
}

# (operation, seconds, source), fastest first.
LATENCIES = [
    ("L1 cache reference", 0.5e-9, "Dean 2009"),
    ("Branch mispredict", 5e-9, "Dean 2009"),
    ("L2 cache reference", 7e-9, "Dean 2009"),
    ("Mutex lock/unlock", 25e-9, "Dean 2009"),  # 100 ns in Dean 2007
    ("Main memory reference", 100e-9, "Dean 2009"),
    ("Compress 1 kB with Zippy (Snappy)", 3e-6, "Dean 2009"),  # 10 µs in Dean 2007
    ("Send 1 kB over a 1 Gbps network", 10e-6, "Bonér 2012"),  # Dean: 2 kB in 20 µs
    ("Read 4 kB randomly from SSD", 150e-6, "Bonér 2012"),
    ("Read 1 MB sequentially from memory", 250e-6, "Dean 2009"),
    ("Round trip within a datacenter", 500e-6, "Dean 2009"),
    ("Read 1 MB sequentially from SSD", 1e-3, "Bonér 2012"),
    ("Disk seek", 10e-3, "Dean 2009"),
    # 1 MB = 8 Mbit; at 1 Gbit/s that is 8 ms of transmission, rounded to 10 ms.
    ("Read 1 MB over a 1 Gbps network", 10e-3, "Dean 2007"),
    ("Read 1 MB sequentially from disk", 20e-3, "Dean 2009"),  # 30 ms in Dean 2007
    ("Packet California → Netherlands → California", 150e-3, "Dean 2009"),
]
LATENCIES_S = {name: seconds for name, seconds, _source in LATENCIES}
LATENCY_SOURCES = {name: source for name, _seconds, source in LATENCIES}


def latency_ratio(slow: str, fast: str) -> float:
    """How many times longer operation ``slow`` takes than operation ``fast``."""
    slow = checks.choice(slow, "slow", LATENCIES_S)
    fast = checks.choice(fast, "fast", LATENCIES_S)
    # Twelve significant digits turn 199.99999999999997 into 200 without flattening ratios
    # below one (rounding to nine decimals made L1 / packet 3e-09 instead of 3.33e-09).
    return float(f"{LATENCIES_S[slow] / LATENCIES_S[fast]:.12g}")


def orders_of_magnitude(slow: str = LATENCIES[-1][0], fast: str = LATENCIES[0][0]) -> float:
    """log10 of the ratio between two rows: by default the slowest and the fastest.

    >>> round(orders_of_magnitude(), 2)
    8.48
    """
    return math.log10(latency_ratio(slow, fast))


def latency_table(reference: str = "L1 cache reference",
                  reference_takes: float = 1.0) -> pd.DataFrame:
    """Every latency, its source, and how long it would feel if ``reference`` took
    ``reference_takes`` seconds."""
    reference = checks.choice(reference, "reference", LATENCIES_S)
    reference_takes = checks.number(reference_takes, "reference_takes", 0, lo_open=True,
                                    hint="seconds on the human scale")
    # One factor for every row keeps the ratios between rows exactly as they were.
    scale = reference_takes / LATENCIES_S[reference]
    rows = [(name, seconds, format_duration(seconds), seconds * scale,
             format_duration(seconds * scale), source)
            for name, seconds, source in LATENCIES]
    return pd.DataFrame(rows, columns=["operation", "seconds", "latency",
                                       "human seconds", "on the human scale", "source"])
