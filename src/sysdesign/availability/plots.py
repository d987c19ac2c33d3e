"""Figures for availability: formula vs simulation, and a readable log time axis.

Quantities that span orders of magnitude are drawn as dots on a log axis, never as bars: a
bar's length on a log axis depends on where the axis happens to start, so it means nothing.
Each function takes model output (or a value to draw), an optional ``ax=``, and returns a
Figure with its alt text; the ``*_view`` functions draw the panels of ``widgets.py``.
"""

from __future__ import annotations

import math

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from sysdesign.core import style
from sysdesign.core.units import format_duration, percent

from .budget import YEAR_DAYS
from .slo import episodes as slo_episodes
from .slo import spent as slo_spent

_YEAR_S = YEAR_DAYS * 86_400
# Readable grid lines for durations: SI steps below a second, human units above.
SI_TICKS = [(1e-9, "1 ns"), (1e-6, "1 µs"), (1e-3, "1 ms"), (1.0, "1 s")]
HUMAN_TICKS = [(1e-3, "1 ms"), (1.0, "1 s"), (60.0, "1 minute"), (3_600.0, "1 hour"),
               (86_400.0, "1 day"), (_YEAR_S, "1 year"), (100 * _YEAR_S, "100 years"),
               (1e4 * _YEAR_S, "10,000 years"), (1e6 * _YEAR_S, "1 million years")]


def time_axis(ax, lo: float, hi: float, ticks=HUMAN_TICKS, axis: str = "x") -> list[float]:
    """A log axis of durations from ``lo`` to ``hi`` seconds, labelled at ``ticks``.

    Labelled grid lines sit at the named durations; faint unlabelled lines mark every
    factor of ten. Labels are plain text (no mathtext), and the faint lines are one
    collection rather than minor ticks, so the axis draws fast. Returns the labelled tick
    positions.
    """
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)
    shown = [(value, text) for value, text in ticks if lo <= value <= hi]
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mticker.FixedLocator([v for v, _ in shown]))
    target.set_major_formatter(mticker.FixedFormatter([t for _, t in shown]))
    target.set_minor_locator(mticker.NullLocator())
    decades = [10.0 ** e for e in range(math.ceil(math.log10(lo)), math.floor(math.log10(hi)) + 1)]
    lines = ax.vlines if axis == "x" else ax.hlines
    transform = ax.get_xaxis_transform() if axis == "x" else ax.get_yaxis_transform()
    lines(decades, 0, 1, transform=transform, colors="#000000", linewidths=0.6, alpha=0.1,
          zorder=0)
    ax.grid(axis=axis, which="major", alpha=0.45)
    return [v for v, _ in shown]


def _percent_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Decades between lo and hi labelled as percentages: 1 %, 0.1 %, 0.01 %... When there
    are more than five, every other one is left unlabelled (long labels cost drawing time
    and crowd the axis)."""
    exponents = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    sparse = len(exponents) > 5
    return [(10.0 ** e, "" if sparse and e % 2 else percent(10.0 ** e, max(0, -e - 2)))
            for e in exponents]


@style.styled()
def availability_check_chart(rows: pd.DataFrame, *, ax=None):
    """Formula vs Monte Carlo unavailability for each arrangement, as dots on a log axis.

    ``rows`` comes from ``experiments.arrangement_availability``. The simulated dot carries
    ± 2 standard errors; an arrangement that never failed in the simulation gets an upper
    bound instead (3 / trials, the "rule of three" for a 95 % bound after zero failures).
    """
    fig, ax = style.new_axes(ax, figsize=(7, 3.0))
    y = np.arange(len(rows))[::-1].astype(float)
    exact = 1 - rows["formula"].to_numpy()
    simulated = 1 - rows["simulated"].to_numpy()
    trials = rows["trials"].to_numpy()
    error = 2 * np.sqrt(np.maximum(exact * (1 - exact), 0) / trials)
    seen = simulated > 0
    ax.plot(exact, y + 0.12, "o", ms=9, mfc="none", mew=2, color=style.PALETTE["blue"],
            label="formula")
    ax.errorbar(simulated[seen], y[seen] - 0.12, xerr=error[seen], fmt="o", ms=6, capsize=3,
                color=style.PALETTE["orange"], label="Monte Carlo ± 2 SE")
    bound = 3 / trials[~seen]
    ax.plot(bound, y[~seen] - 0.12, "<", ms=8, color=style.PALETTE["orange"])
    for xi, yi, n in zip(bound, y[~seen], trials[~seen], strict=True):
        ax.annotate(f"no failure in {n:,} trials: below 3/{n:,}", (xi, yi - 0.12),
                    textcoords="offset points", xytext=(8, -3), fontsize=8,
                    color=style.PALETTE["orange"])
    values = np.concatenate([exact[exact > 0], simulated[seen], bound])
    lo, hi = values.min() / 5, min(1.0, values.max() * 5)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = _percent_ticks(lo, hi)
    ax.set_xticks([v for v, _ in ticks], [t for _, t in ticks])
    ax.xaxis.set_minor_locator(mticker.NullLocator())  # minor ticks cost time, add nothing
    ax.set_yticks(y, rows.index)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    style.label(ax, "Unavailability: formula vs simulation", "fraction of time down "
                "(log scale)", "")
    parts = "; ".join(f"{name}: formula {percent(e, 4)}, simulated "
                      + (percent(s, 4) if s > 0 else f"no failure in {n:,} trials")
                      for name, e, s, n in zip(rows.index, exact, simulated, trials,
                                               strict=True))
    off = [name for name, e, s, err in zip(rows.index, exact, simulated, error, strict=True)
           if s > 0 and abs(s - e) > err]
    verdict = (f"The simulation is more than two standard errors off for {', '.join(off)}."
               if off else "Where failures were seen, the simulation is within two standard "
                           "errors of the formula.")
    return style.describe(fig, "Dot plot of unavailability by arrangement, formula against "
                               f"Monte Carlo: {parts}. {verdict}")


def downtime_view(result: pd.DataFrame, **_values) -> pd.DataFrame:
    """The downtime panel's view: the table of each period's length and downtime (four
    numbers read better as a table, which the browser draws at once, than as a figure)."""
    return result


def availability_view(result: pd.DataFrame, **_values):
    """The availability panel's figure."""
    return availability_check_chart(result)


# --- notebook 08 ---------------------------------------------------------------------------

@style.styled()
def composition_chart(table: pd.DataFrame, *, ax=None):
    """Unavailability of k of n parts without zones, in one shared zone and one zone each:
    the closed form (hollow) beside the MTBF/MTTR simulation (filled), on a log axis."""
    fig, ax = style.new_axes(ax, figsize=(7, 2.8))
    y = np.arange(len(table))[::-1].astype(float)
    exact = 1 - table["formula"].to_numpy()
    simulated = 1 - table["simulated"].to_numpy()
    part = 1 - float(table["part"].iloc[0])
    ax.plot(exact, y + 0.1, "o", ms=9, mfc="none", mew=2, color=style.PALETTE["blue"],
            label="closed form")
    seen = simulated > 0
    ax.plot(simulated[seen], y[seen] - 0.1, "o", ms=6, color=style.PALETTE["orange"],
            label=f"simulated, {table['years'].iloc[0]:,.0f} years")
    ax.axvline(part, color=style.NEUTRAL, ls="--", lw=1, label="one part alone")
    values = np.concatenate([exact[exact > 0], simulated[seen], [part]])
    lo, hi = max(values.min() / 5, 1e-12), min(1.0, values.max() * 5)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = _percent_ticks(lo, hi)
    ax.set_xticks([v for v, _ in ticks], [t for _, t in ticks])
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    ax.set_yticks(y, table.index)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    quorum = table["k of n"].iloc[0]
    style.label(ax, f"{quorum} parts: unavailability", "fraction of time down (log scale)", "")
    parts = "; ".join(f"{name}: closed form {percent(e, 4)}, simulated {percent(s, 4)}"
                      for name, e, s in zip(table.index, exact, simulated, strict=True))
    return style.describe(fig, f"Dot plot of the unavailability of {quorum} parts. {parts}; "
                               f"one part alone is down {percent(part, 3)} of the time.")


PHASE_COLORS = {"detecting": style.PALETTE["vermillion"], "promoting": style.PALETTE["orange"],
                "rerouting": style.PALETTE["yellow"]}


@style.styled()
def failover_chart(result: dict, *, horizon: float = 40.0):
    """Both failover modes on one time axis: the share of requests each serves, the
    selected mode's phases shaded behind, and a cursor at the scrub time."""
    fig, ax = style.figure(figsize=(7, 3.2))
    t = result["t"]
    selected = result["timelines"][result["selected"]]
    for step, (name, start, end) in enumerate(selected.phases):
        ax.axvspan(start, end, color=PHASE_COLORS[name], alpha=0.35, lw=0)
        ax.text(start + 0.2, 1.26 - 0.08 * step, name, fontsize=8)  # stacked: spans are narrow
    for row, (mode, line) in enumerate(result["timelines"].items()):
        # Each mode's served share is a step: full, a dip from the failure, full again.
        dip = float(line.served(line.fail_at))
        xs = [0, line.fail_at, line.fail_at, line.restored, line.restored, horizon]
        weight = 2.5 if mode == result["selected"] else 1.2
        ax.plot(xs, [1, 1, dip, dip, 1, 1], lw=weight, label=mode,
                color=style.COLORS[row + 4])
    ax.axvline(t, color=style.PALETTE["black"], lw=1.2)
    # The status changes at every step: inside the axes, so the layout is reused.
    ax.text(0.99, 0.2, f"t = {t} s: {result['selected']} is {selected.phase_at(t)}; "
            f"recovery time {selected.rto:g} s", transform=ax.transAxes, ha="right", fontsize=9)
    ax.set_xlim(0, horizon)
    ax.set_xticks(np.arange(0, horizon + 1, 10))  # few fixed ticks: cheaper redraws
    ax.set_ylim(-0.05, 1.32)
    ax.set_yticks([0, 0.5, 1.0])
    style.percent_axis(ax)
    ax.legend(loc="center right", fontsize=8)
    style.label(ax, "Failover: the primary fails at 10 s", "seconds", "requests served")
    passive, active = result["timelines"]["active-passive"], result["timelines"]["active-active"]
    return style.describe(fig, (
        f"Requests served over time for both failover modes, cursor at {t} s, phases of "
        f"{result['selected']} shaded. Active-passive: detected after "
        f"{passive.detection:g} s, promoted after {passive.promoted - passive.fail_at:g} s, "
        f"serving again after {passive.rto:g} s, nothing served in between. Active-active: "
        f"detected after {active.detection:g} s; until then "
        f"{1 - active.served(active.fail_at):.0%} of requests fail."))


@style.styled()
def dr_chart(plan: pd.DataFrame, *, ax=None):
    """The DR strategies: standing cost against RTO (log axis), each labelled with its RPO."""
    fig, ax = style.new_axes(ax, figsize=(7, 3.4))
    rto = plan["RTO (min)"].to_numpy() * 60
    cost = plan["standing cost"].to_numpy()
    ax.plot(rto, cost, "o-", color=style.PALETTE["blue"], ms=8)
    for name, x, y, rpo in zip(plan.index, rto, cost, plan["RPO (min)"], strict=True):
        ax.annotate(f"{name}\nRPO {format_duration(rpo * 60)}", (x, y),
                    textcoords="offset points", xytext=(8, 4), fontsize=8)
    time_axis(ax, rto.min() / 6, rto.max() * 6)
    ax.set_ylim(-0.05, 1.15)
    style.percent_axis(ax)
    style.label(ax, "Disaster recovery: pay to run more, recover sooner",
                "RTO (log scale)", "standing cost, illustrative\n(share of production)")
    parts = "; ".join(f"{name}: RTO {format_duration(r)}, RPO {format_duration(p * 60)}, "
                      f"cost {c:.0%}" for name, r, p, c in
                      zip(plan.index, rto, plan["RPO (min)"], cost, strict=True))
    return style.describe(fig, f"Line of the four DR strategies, illustrative standing cost "
                               f"against RTO: {parts}.")


@style.styled()
def month_chart(month, alerts):
    """A simulated month: the hourly error ratio with incidents shaded, the budget left,
    and when each alert fired."""
    fig, (rate, budget, fired) = style.figure(3, 1, figsize=(10, 6.2), sharex=True,
                                              gridspec_kw={"height_ratios": [1.3, 1, 1]})
    days = np.arange(month.requests.size) / 1440
    hourly = month.errors.reshape(-1, 60).sum(1) / month.requests.reshape(-1, 60).sum(1)
    rate.plot(np.arange(hourly.size) / 24, np.maximum(hourly, 1e-5), lw=0.8,
              color=style.PALETTE["black"])
    rate.axhline(1 - month.slo, color=style.BAD, ls="--", lw=1, label="1 − SLO (burn rate 1)")
    rate.set_yscale("log")
    rate.set_ylim(1e-5, 1)
    rate.yaxis.set_minor_locator(mticker.NullLocator())
    rate.set_yticks([1e-4, 1e-3, 1e-2, 1e-1], ["0.01 %", "0.1 %", "1 %", "10 %"])
    for number, incident in enumerate(month.incidents, 1):
        start, end = incident.start / 1440, (incident.start + incident.minutes) / 1440
        for ax in (rate, budget, fired):
            ax.axvspan(start, max(end, start + 0.08), color=style.PALETTE["orange"], alpha=0.25,
                       lw=0)
        rate.annotate(str(number), (start, 0.3), fontsize=8, ha="left")
    rate.legend(loc="lower left", fontsize=8)
    style.label(rate, "A simulated month: errors, budget and alerts", "", "error ratio\n(hourly)")
    left = month.budget_left()
    budget.plot(days, left, color=style.PALETTE["blue"])
    budget.axhline(0, color=style.NEUTRAL, lw=1)
    style.percent_axis(budget)
    style.label(budget, "", "", "budget left")
    names = []
    worthy = [i for i in month.incidents if slo_spent(month, i) >= 0.02]
    delays = []
    for row, alert in enumerate(alerts):
        fired_at = slo_episodes(month.firing(alert))
        spans = [(s / 1440, (e - s) / 1440) for s, e in fired_at]
        fired.broken_barh([(s, max(w, 0.05)) for s, w in spans], (row - 0.3, 0.6),
                          color=style.BAD if alert.severity == "page" else style.PALETTE["sky"])
        names.append(alert.name)
        if alert.long_minutes < 60:
            continue  # the naive rule fires at once, and all month long
        for incident in worthy:  # time to detect, written beside the first firing
            end = incident.start + incident.minutes
            first = next((s for s, e in fired_at if e > incident.start and s < end), None)
            if first is not None:
                delay = first - incident.start
                text = f"+{delay} min" if delay < 120 else f"+{delay / 60:.0f} h"
                fired.annotate(text, (first / 1440 + 0.12, row), va="center", fontsize=7)
                delays.append(f"{alert.name} after {text[1:]}")
    fired.set_yticks(range(len(alerts)), names, fontsize=8)
    fired.set_ylim(len(alerts) - 0.5, -0.5)
    fired.set_xlim(0, days[-1] + 1 / 1440)
    fired.grid(axis="y", visible=False)
    style.label(fired, "", "day of the month", "")
    fired_counts = [(a.name, len(slo_episodes(month.firing(a)))) for a in alerts]
    counts = "; ".join(f"{name}: fired {n} time{'' if n == 1 else 's'}"
                       for name, n in fired_counts)
    return style.describe(fig, (
        f"Three stacked panels over {month.requests.size // 1440} days: the hourly error "
        f"ratio on a log axis with {len(month.incidents)} incidents shaded, the error budget "
        f"left falling to {left[-1]:.0%} at the end, and alert firings as bars. {counts}. "
        f"Time to detect, written beside the first firing: {'; '.join(delays)}."))


def composition_view(result: pd.DataFrame, **_values):
    """The composition panel's figure."""
    return composition_chart(result)


def failover_view(result: dict, **_values):
    """The failover panel's figure and the writes lost at promotion."""
    lost = result["lost writes"]
    note = pd.DataFrame({"data lost: the replication lag": [f"{result['lag']:g} s"],
                         "acknowledged writes lost (200 writes/s)": [f"{lost:,.0f}"]})
    return [failover_chart(result), note]
