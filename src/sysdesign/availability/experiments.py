"""Experiments shared by the notebooks, the panels and the tests.

``arrangement_availability`` sets the formulas of :mod:`.arrangements` beside their
Monte Carlo estimates. ``downtime`` and ``availability`` are the computations behind
the panels ``downtime_panel`` and ``availability_panel`` (see ``widgets.py``).
"""

from __future__ import annotations

import pandas as pd

from .arrangements import k_of_n, monte_carlo_availability
from .budget import downtime_table, month_days_for
from .budget import nines as with_nines  # the panel's control is called ``nines``


def arrangement_availability(availability: float, n: int, trials: int = 20_000,
                             seed: int = 0) -> pd.DataFrame:
    """Formula and Monte Carlo availability of n identical parts: series, parallel, majority.

    One row per arrangement; ``trials`` says how many draws the simulation made.
    """
    needed = {"series": n, "parallel": 1, f"{n // 2 + 1} of {n}": n // 2 + 1}
    rows = {name: (k_of_n(k, n, availability),
                   monte_carlo_availability([availability] * n, k, trials=trials, seed=seed))
            for name, k in needed.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["formula", "simulated"])
    table["trials"] = trials
    return table


def downtime(nines: float, year_days: float, month: str) -> pd.DataFrame:
    """The downtime panel: each period's length and the downtime ``nines`` nines allow in
    it, with a year of ``year_days`` days and a month of the named convention ("twelfth" or
    "30")."""
    return downtime_table(with_nines(nines), month_days=month_days_for(month),
                          year_days=year_days)


def availability(availability: float, n: int, trials: int) -> pd.DataFrame:
    """The availability panel: n identical parts arranged three ways, formula vs simulation."""
    return arrangement_availability(availability, n, trials)
