"""The computations behind the estimation panels, shared by the notebook, the panels
(``widgets.py``) and the tests. Each takes the panel's control values by name."""

from __future__ import annotations

import pandas as pd

from .capacity import Estimate, Workload, estimate
from .latency import latency_table
from .skew import zipf_share_curve, zipf_top_share


def human_scale(reference: str, reference_takes: float) -> pd.DataFrame:
    """The human-scale panel: every latency as if ``reference`` took ``reference_takes`` s."""
    return latency_table(reference, reference_takes)


def estimator(**assumptions) -> Estimate:
    """The estimator panel: the estimate for a :class:`Workload` built from the controls."""
    return estimate(Workload(**assumptions))


def zipf(alpha: float, n_keys: int, top: float) -> tuple[pd.DataFrame, float]:
    """The Zipf panel: the share curve over skews, and the share at ``alpha`` to mark on it."""
    return zipf_share_curve(n_keys, top), zipf_top_share(n_keys, alpha, top)
