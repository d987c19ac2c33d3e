"""SLOs, error budgets, burn rates and the alerts built on them.

- An **SLI** is a measurement: here, the share of requests that succeed.
- An **SLO** is the target for it over a window: 99.9 % of requests succeed over 30 days.
- An **SLA** is a contract with users that names consequences (credits, refunds) when a
  promised level is missed; it is usually looser than the internal SLO.

The **error budget** is what the SLO allows to fail: 1 - SLO of the requests. The **burn
rate** is how fast it is spent: the error ratio divided by 1 - SLO (1 spends exactly the
budget over the SLO's window). Alerts follow the SRE workbook's multiwindow,
multi-burn-rate scheme: page when both a long and a short window burn above a threshold.

>>> round(burn_rate(0.0144, 0.999), 6), round(budget_spent(14.4, hours=1), 4)
(14.4, 0.02)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sysdesign.core import checks

PERIOD_DAYS = 30  # the SLO window of the workbook's examples
MINUTE = 1  # the simulation's time step, in minutes


@dataclass(frozen=True)
class Alert:
    """Fire when the error ratio over both windows exceeds ``burn`` × (1 - SLO)."""

    name: str
    long_minutes: int
    short_minutes: int
    burn: float
    severity: str  # "page" or "ticket"


# The SRE workbook, "Alerting on SLOs", Table 5-8: its three recommended starting pairs
# for a 30-day SLO. (The workbook's example rule just before that table also tickets at
# 3x over 24 h / 2 h, as tools such as Sloth do; Table 5-8 leaves that pair out.)
WORKBOOK_ALERTS = (
    Alert("2 % of budget in 1 h", 60, 5, 14.4, "page"),
    Alert("5 % of budget in 6 h", 360, 30, 6.0, "page"),
    Alert("10 % of budget in 3 d", 3 * 1440, 360, 1.0, "ticket"),
)
# A naive rule: any 5 minutes worse than the SLO. (The workbook's first attempt is the same
# rule over 10 minutes, "error ratio over the last 10 min >= 1 - SLO"; 5 minutes here.)
NAIVE_ALERT = Alert("error ratio over the SLO for 5 min", 5, 5, 1.0, "page")


def burn_rate(error_ratio: float, slo: float) -> float:
    """How many times faster than sustainable the budget burns at ``error_ratio``."""
    error_ratio = checks.fraction(error_ratio, "error_ratio")
    slo = checks.fraction(slo, "slo", hi_open=True)
    return error_ratio / (1 - slo)


def budget_spent(burn: float, *, hours: float, period_days: float = PERIOD_DAYS) -> float:
    """Share of the period's budget that ``hours`` at burn rate ``burn`` spend.

    >>> budget_spent(6, hours=6), round(budget_spent(1, hours=72), 6)
    (0.05, 0.1)
    """
    burn = checks.number(burn, "burn", 0, hint="burn rate")
    hours = checks.number(hours, "hours", 0)
    period_days = checks.number(period_days, "period_days", 0, lo_open=True)
    return burn * hours / (period_days * 24)


def burn_for(share: float, *, hours: float, period_days: float = PERIOD_DAYS) -> float:
    """The burn rate that spends ``share`` of the budget in ``hours`` (inverse of
    :func:`budget_spent`).

    >>> round(burn_for(0.02, hours=1), 6)
    14.4
    """
    share = checks.fraction(share, "share")
    hours = checks.number(hours, "hours", 0, lo_open=True)
    return share * period_days * 24 / hours


@dataclass(frozen=True)
class Incident:
    """``error_ratio`` of requests fail from minute ``start`` for ``minutes`` minutes."""

    start: int
    minutes: int
    error_ratio: float


# A month of trouble: a hard outage, a bad deploy, a slow leak, and short blips that
# users barely notice (they should not page anyone).
MONTH_INCIDENTS = (  # in order of time, numbered 1-6 in the tables and the figure
    Incident(3 * 1440 + 600, 25, 0.20),     # day 3: hard outage, 20 % of requests fail
    Incident(9 * 1440 + 200, 240, 0.012),   # day 9: bad deploy, 1.2 % fail for 4 h
    Incident(12 * 1440 + 900, 6, 0.004),    # a blip: a few minutes at a few times the SLO
    Incident(16 * 1440, 4 * 1440, 0.0015),  # days 16-19: slow leak, 0.15 % for 4 days
    Incident(22 * 1440 + 300, 4, 0.005),    # two more blips
    Incident(25 * 1440 + 1000, 7, 0.003),
)


@dataclass(frozen=True)
class Month:
    """Per-minute requests and failures over a simulated month, and its SLO."""

    requests: np.ndarray
    errors: np.ndarray
    slo: float
    incidents: tuple[Incident, ...]

    def ratio(self, window: int) -> np.ndarray:
        """Error ratio over the trailing ``window`` minutes, at each minute.

        Before the month began, traffic is taken to have been clean, at the first minute's
        rate: a window reaching back before minute 0 counts those requests, with no errors.
        """
        window = checks.integer(window, "window", 1, hint="minutes")
        req = np.concatenate([[0], np.cumsum(self.requests)])
        err = np.concatenate([[0], np.cumsum(self.errors)])
        end = np.arange(1, self.requests.size + 1)
        start = np.maximum(end - window, 0)
        before = (window - (end - start)) * self.requests[0]
        return (err[end] - err[start]) / np.maximum(req[end] - req[start] + before, 1)

    def firing(self, alert: Alert) -> np.ndarray:
        """True at each minute the alert's condition holds."""
        threshold = alert.burn * (1 - self.slo)
        return (self.ratio(alert.long_minutes) > threshold) & (
            self.ratio(alert.short_minutes) > threshold)

    def budget_left(self) -> np.ndarray:
        """Share of the month's error budget left after each minute."""
        budget = (1 - self.slo) * self.requests.sum()
        return 1 - np.cumsum(self.errors) / budget


def _check_incident(incident) -> Incident:
    """Return ``incident`` if it is a well-formed :class:`Incident`, or raise. (An incident
    that runs past the simulated days is cut at their end; one that starts after them
    leaves no trace, so that a shorter run can keep the month's incidents.)"""
    if not isinstance(incident, Incident):
        raise TypeError(f"incidents must hold Incident(start, minutes, error_ratio) values, "
                        f"got {type(incident).__name__} {incident!r}")
    checks.integer(incident.start, "incident start", 0, hint="minute of the month it begins")
    checks.integer(incident.minutes, "incident minutes", 1, hint="how long it lasts")
    checks.fraction(incident.error_ratio, "incident error_ratio")
    return incident


def simulate_month(slo: float = 0.999, *, requests_per_minute: int = 2_000,
                   baseline: float = 0.0003, incidents=MONTH_INCIDENTS,
                   days: int = PERIOD_DAYS, seed: int = 0) -> Month:
    """A seeded month, minute by minute: binomial failures around a ``baseline`` error
    ratio, and each incident's error ratio (on top of it) while it lasts."""
    slo = checks.fraction(slo, "slo", hi_open=True)
    requests_per_minute = checks.integer(requests_per_minute, "requests_per_minute", 1)
    baseline = checks.fraction(baseline, "baseline")
    days = checks.integer(days, "days", 1)
    minutes = days * 1440
    incidents = tuple(_check_incident(incident) for incident in incidents)
    ratio = np.full(minutes, baseline)
    for incident in incidents:
        end = min(incident.start + incident.minutes, minutes)
        ratio[incident.start:end] = np.minimum(ratio[incident.start:end]
                                               + incident.error_ratio, 1.0)
    rng = np.random.default_rng(seed)
    requests = np.full(minutes, requests_per_minute)
    errors = rng.binomial(requests, ratio)
    return Month(requests, errors, slo, tuple(incidents))


def episodes(firing: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive True minutes as ``(start, end)`` (end exclusive).

    >>> episodes(np.array([0, 1, 1, 0, 1], bool))
    [(1, 3), (4, 5)]
    """
    edges = np.diff(np.concatenate([[0], firing.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(),
                    strict=True))


def alert_report(month: Month, alerts=WORKBOOK_ALERTS + (NAIVE_ALERT,),
                 worth: float = 0.02) -> pd.DataFrame:
    """Minutes from each incident worth acting on until each alert first fired (its time
    to detect; ``None`` if it never fired during the incident), the alert's firings, how
    many of them were false (overlapping no incident worth acting on), and how many of
    those overlapped no incident at all (background noise alone set them off).

    An incident is *worth* acting on when it spends at least ``worth`` of the month's
    budget. A firing overlapping such an incident, or ending within the alert's long window
    after it, belongs to it (the long window keeps firing for a while after recovery).
    """
    worthy = [(number, i) for number, i in enumerate(month.incidents, 1)
              if spent(month, i) >= worth]
    rows = {}
    for alert in alerts:
        fired = episodes(month.firing(alert))
        row = {}
        for number, incident in worthy:
            end = incident.start + incident.minutes
            starts = [s for s, e in fired if e > incident.start and s < end]
            row[f"incident {number}"] = (starts[0] - incident.start) if starts else None
        false = [(s, e) for s, e in fired
                 if not any(s < i.start + i.minutes + alert.long_minutes and e > i.start
                            for _, i in worthy)]
        noise = [(s, e) for s, e in false
                 if not any(s < i.start + i.minutes + alert.long_minutes and e > i.start
                            for i in month.incidents)]
        row["firings"] = len(fired)
        row["false"] = len(false)
        row["of them on no incident"] = len(noise)
        rows[alert.name] = row
    return pd.DataFrame.from_dict(rows, orient="index").astype("Int64")


def spent(month: Month, incident: Incident) -> float:
    """Share of the month's error budget the incident's extra failures spend."""
    budget = (1 - month.slo) * month.requests.sum()
    end = incident.start + incident.minutes
    return incident.error_ratio * month.requests[incident.start:end].sum() / budget


def incident_table(month: Month) -> pd.DataFrame:
    """Each incident's start (day, hour), length, error ratio and share of budget spent."""
    rows = []
    for number, i in enumerate(month.incidents, 1):
        rows.append({"incident": number, "day": i.start // 1440,
                     "starts": f"{i.start % 1440 // 60:02d}:{i.start % 60:02d}",
                     "minutes": i.minutes, "error ratio": i.error_ratio,
                     "burn rate": round(i.error_ratio / (1 - month.slo), 1),
                     "budget spent": round(spent(month, i), 3)})
    return pd.DataFrame(rows).set_index("incident")


def alert_table(alerts=WORKBOOK_ALERTS, slo: float = 0.999) -> pd.DataFrame:
    """The alerts as a table: windows, burn rate, the error ratio it means at ``slo``, and
    the share of a 30-day budget the long window spends at that burn rate."""
    return pd.DataFrame([{
        "alert": a.name, "long window": f"{a.long_minutes / 60:g} h",
        "short window": (f"{a.short_minutes:g} min" if a.short_minutes < 60
                         else f"{a.short_minutes / 60:g} h"), "burn rate": a.burn,
        "error ratio": f"{a.burn * (1 - slo):.2%}",
        "budget spent": f"{budget_spent(a.burn, hours=a.long_minutes / 60):.0%}",
        "action": a.severity} for a in alerts]).set_index("alert")
