"""The computations behind the estimation panels and figures, shared by the notebook, the
panels (``widgets.py``) and the tests. Each panel's function takes its control values by
name."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .capacity import Estimate, Workload, estimate
from .decisions import redirect_designs
from .latency import latency_table
from .skew import ALPHAS, BRESLAU_ALPHAS, hot_share, zipf_share_curve

# Skews from 0.5 to 1.5, with the ends of Breslau et al.'s range among them.
REDIRECT_ALPHAS = tuple(sorted({float(a) for a in np.round(np.arange(0.5, 1.51, 0.05), 2)}
                               | set(BRESLAU_ALPHAS)))


def human_scale(reference: str, reference_takes: float) -> pd.DataFrame:
    """The human-scale panel: every latency as if ``reference`` took ``reference_takes`` s."""
    return latency_table(reference, reference_takes)


def estimator(**assumptions) -> Estimate:
    """The estimator panel: the estimate for a :class:`Workload` built from the controls."""
    return estimate(Workload(**assumptions))


def zipf(alpha: float, n_keys: int, top: float) -> tuple[pd.DataFrame, float]:
    """The Zipf panel: the share curve over skews, and the share at ``alpha`` to mark on it."""
    hot = max(1, round(top * n_keys))
    return zipf_share_curve(n_keys, top, ALPHAS), hot_share(n_keys, alpha, hot)


def zipf_curves(key_counts=(10_000, 100, 1_000_000_000), top: float = 0.2
                ) -> dict[int, pd.DataFrame]:
    """The share curve for several numbers of keys (the first is the one to stress)."""
    return {n: zipf_share_curve(n, top, ALPHAS) for n in key_counts}


def redirect_curve(workload: Workload, alphas=REDIRECT_ALPHAS) -> pd.DataFrame:
    """Disks needed by the two redirect designs, and the cache's hit ratio, per skew α."""
    rows = []
    for alpha in alphas:
        table = redirect_designs(replace(workload, zipf_alpha=float(alpha)))
        disks = table["disks for peak reads"]
        rows.append((float(alpha), int(disks.iloc[0]), int(disks.iloc[1]),
                     float(table["reads served from memory"].iloc[1])))
    return pd.DataFrame(rows, columns=["alpha", "disks A", "disks B", "hit ratio"])
