"""Experiments shared by the notebooks, the panels and the tests.

``arrangement_availability`` sets the formulas of :mod:`.arrangements` beside their
Monte Carlo estimates. ``downtime`` and ``availability`` are the computations behind
the panels ``downtime_panel`` and ``availability_panel`` (see ``widgets.py``); the
functions after them serve notebook 08 (``architecture``, ``composition``, ``failover``,
``dr_table``, ``month``).
"""

from __future__ import annotations

import pandas as pd

from sysdesign.core.units import format_duration

from . import dr, renewal, slo
from . import failover as failover_model
from .arrangements import k_of_n, monte_carlo_availability, series
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


# --- notebook 08: composition with MTBF/MTTR, failover, DR, SLO alerts -----------------

def composition(mtbf_hours: float, mttr_hours: float, n: int, k: int, zone_mtbf_hours: float,
                zone_mttr_hours: float = 8.0, years: float = 500.0,
                seed: int = 0) -> pd.DataFrame:
    """k of n parts with MTBF/MTTR, without zones, all in one zone, one zone each: closed
    form beside simulation over ``years`` of simulated time.

    The panel ``composition_panel`` draws it. When k > n the quorum is cut to n. The run
    stops after about 12,000 up/down cycles in all (12,000 / n per part, at the pace of
    the fastest-cycling part or zone) to keep a redraw quick; ``years`` in the result is
    the time really simulated.
    """
    k = min(k, n)
    cycle = min(mtbf_hours + mttr_hours, zone_mtbf_hours + zone_mttr_hours)
    horizon = min(years * 8_766.0, 12_000 * cycle / n)  # 8,766 hours in a 365.25-day year
    formulas = renewal.correlated(mtbf_hours, mttr_hours, n, k, zone_mtbf_hours,
                                  zone_mttr_hours)
    rows = {}
    for zones, (name, formula) in zip(renewal.ZONES, formulas.items(), strict=True):
        simulated = renewal.simulate(mtbf_hours, mttr_hours, n, k, horizon=horizon,
                                     zones=zones, zone_mtbf=zone_mtbf_hours,
                                     zone_mttr=zone_mttr_hours, seed=seed)
        rows[name] = (formula, simulated)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["formula", "simulated"])
    table["k of n"] = f"{k} of {n}"
    table["years"] = horizon / 8_766.0
    table["part"] = renewal.steady_state(mtbf_hours, mttr_hours)
    return table


def architecture(tiers: dict, years: float = 600.0, seed: int = 0) -> pd.DataFrame:
    """A service of tiers in series, each ``name: (mtbf_hours, mttr_hours, n, k)``: every
    tier's closed form, the service's (their product), and the service simulated with
    failures and repairs over ``years``."""
    rows = {}
    for name, (mtbf, mttr, n, k) in tiers.items():
        rows[name] = {"k of n": f"{k} of {n}", "part": renewal.steady_state(mtbf, mttr),
                      "formula": k_of_n(k, n, renewal.steady_state(mtbf, mttr))}
    service = series(*(row["formula"] for row in rows.values()))
    simulated = renewal.simulate_tiers(list(tiers.values()), horizon=years * 8_766.0,
                                       seed=seed)
    rows["service (in series)"] = {"k of n": "all tiers", "formula": service,
                                   "simulated": simulated}
    return pd.DataFrame.from_dict(rows, orient="index")


def failover(t: int, mode: str, heartbeat: float, misses: int, promotion: float,
             lag: float, write_rate: float = 200.0) -> dict:
    """Both failover modes with the same detector, at scrub time ``t`` (seconds); the
    active-passive standby was ``lag`` seconds behind (the panel ``failover_panel``)."""
    timelines = {m: failover_model.timeline(m, fail_at=10.0, heartbeat=heartbeat,
                                            misses=misses, promotion=promotion)
                 for m in failover_model.MODES}
    return {"t": t, "selected": mode, "timelines": timelines,
            "lost writes": failover_model.lost_writes(write_rate, lag), "lag": lag}


def dr_table(**parameters) -> pd.DataFrame:
    """The DR strategies with RTO and RPO as readable durations."""
    plan = dr.strategies(**parameters)
    shown = pd.DataFrame({
        "RTO": [format_duration(m * 60) for m in plan["RTO (min)"]],
        "RPO (worst case)": [format_duration(m * 60) for m in plan["RPO (min)"]],
        "standing cost (share of production)": [f"{c:.0%}" for c in plan["standing cost"]],
    }, index=plan.index)
    return shown


def month(seed: int = 0, **kwargs) -> slo.Month:
    """The seeded month of the notebook (see :func:`.slo.simulate_month`)."""
    return slo.simulate_month(seed=seed, **kwargs)
