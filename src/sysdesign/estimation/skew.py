"""The 80/20 rule as one point on a curve: how Zipf skew concentrates requests.

When the key of rank i is requested in proportion to 1 / i^α (a Zipf law), the share
of requests that reach the hottest 20 % of keys depends on α and on the number of keys.
The Zipf helpers themselves live in :mod:`sysdesign.core.workloads`, shared by every
topic, with one argument order: how many keys, then the skew α, then the hot share.

>>> zipf_top_share(10_000, 0.0)   # no skew: the top 20 % of keys get 20 %
0.2
>>> round(alpha_for_top_share(0.8, n_keys=10_000), 2)
0.95
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sysdesign.core.workloads import alpha_for_top_share, top_share

# The name this lesson uses for core.workloads.top_share(n_keys, alpha, top=0.2).
zipf_top_share = top_share

ALPHAS = tuple(float(a) for a in np.linspace(0, 2, 41))  # skews from uniform to steep

__all__ = ["ALPHAS", "alpha_for_top_share", "zipf_share_curve", "zipf_top_share"]


def zipf_share_curve(n_keys: int = 10_000, top: float = 0.2,
                     alphas=ALPHAS) -> pd.DataFrame:
    """``zipf_top_share`` for a range of skews, as a table (alpha, share).

    >>> zipf_share_curve(1_000, 0.2, alphas=[0.0, 1.0]).round(3).values.tolist()
    [[0.0, 0.2], [1.0, 0.785]]
    """
    return pd.DataFrame({"alpha": list(alphas),
                         "share": [zipf_top_share(n_keys, a, top) for a in alphas]})
