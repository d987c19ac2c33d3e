"""Latency numbers every programmer should know, and the same numbers on a human scale.

Nanoseconds are hard to feel. :func:`latency_table` rescales every row so that one
reference operation takes a human-sized time (one L1 cache reference = one second),
which keeps the ratios between rows and makes them easy to compare.

>>> table = latency_table("L1 cache reference", 1.0).set_index("operation")
>>> table.loc["Main memory reference", "on the human scale"]
'3.33 minutes'
"""

from __future__ import annotations

import pandas as pd

from sysdesign.core import checks
from sysdesign.core.units import format_duration

# Jeff Dean's "Numbers everyone should know" (2009-2010 talks) as collected in
# Jonas Bonér's gist (2012). They are orders of magnitude, not measurements of
# today's hardware: what matters is the ratio between rows.
LATENCIES_S = {
    "L1 cache reference": 0.5e-9,
    "Branch mispredict": 5e-9,
    "L2 cache reference": 7e-9,
    "Mutex lock/unlock": 25e-9,
    "Main memory reference": 100e-9,
    "Compress 1 kB with Snappy": 3e-6,
    "Send 1 kB over 1 Gbps network": 10e-6,
    "Read 4 kB randomly from SSD": 150e-6,
    "Read 1 MB sequentially from memory": 250e-6,
    "Round trip within a datacenter": 500e-6,
    "Read 1 MB sequentially from SSD": 1e-3,
    "Disk seek": 10e-3,
    "Read 1 MB sequentially from disk": 20e-3,
    "Packet California → Netherlands → California": 150e-3,
}


def latency_table(reference: str = "L1 cache reference",
                  reference_takes: float = 1.0) -> pd.DataFrame:
    """Every latency, and how long it would feel if ``reference`` took ``reference_takes`` s."""
    reference = checks.choice(reference, "reference", LATENCIES_S)
    reference_takes = checks.number(reference_takes, "reference_takes", 0, lo_open=True,
                                    hint="seconds on the human scale")
    # One factor for every row keeps the ratios between rows exactly as they were.
    scale = reference_takes / LATENCIES_S[reference]
    rows = [(name, seconds, format_duration(seconds), seconds * scale,
             format_duration(seconds * scale)) for name, seconds in LATENCIES_S.items()]
    return pd.DataFrame(rows, columns=["operation", "seconds", "latency",
                                       "human seconds", "on the human scale"])
