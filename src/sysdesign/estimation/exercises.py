"""The "Try it" exercises of notebook 01 (estimation): answers computed from the models.

Each expected answer, and each known wrong answer, is computed by the same helpers the
notebook teaches, so a change to a model cannot leave an exercise behind.
"""

from __future__ import annotations

from dataclasses import replace

from sysdesign.availability import downtime, parallel, series
from sysdesign.core.exercises import Exercise

from .capacity import URL_SHORTENER, Workload, estimate

# 01.1: how many deploys fit in a monthly promise
PROMISE, DEPLOY_SECONDS = 0.9995, 45


def _minutes(availability: float, period: str = "month", **lengths) -> float:
    return downtime(availability, period, **lengths).total_seconds() / 60


def _deploys(availability: float = PROMISE, **lengths) -> int:
    """Whole deploys of DEPLOY_SECONDS that fit in a month's downtime budget."""
    return int(_minutes(availability, **lengths) * 60 // DEPLOY_SECONDS)


# 01.2: one more machine, where?
WEB, DATABASE = 0.99, 0.999
DESIGNS = ("third web server", "standby database")


def _better_design() -> str:
    third_web = series(parallel(WEB, WEB, WEB), DATABASE)
    standby = series(parallel(WEB, WEB), parallel(DATABASE, DATABASE))
    return DESIGNS[0] if third_web > standby else DESIGNS[1]


# 01.3: the photo service's disks for one year (the 70 % model applied to storage)
PHOTOS = Workload(daily_active_users=10e6, requests_per_user=2, read_write_ratio=0,
                  object_size_bytes=200e3, retention_years=1, replication_factor=3)


def _terabytes(workload: Workload, field: str = "storage_provisioned") -> float:
    return getattr(estimate(workload), field) / 1e12


# 01.4: keep links twice as long; what happens to the cache's hit ratio?
TRENDS = ("up", "down", "same")


def _hit_ratio_trend() -> str:
    now = estimate(URL_SHORTENER).cache_hit_ratio
    longer = estimate(replace(URL_SHORTENER, retention_years=2 * URL_SHORTENER.retention_years)
                      ).cache_hit_ratio
    if abs(longer - now) < 1e-3:
        return "same"
    return "up" if longer > now else "down"


EXERCISES = [
    Exercise(
        id="01.1",
        expected=lambda: _deploys(month_days=30),
        hint="the budget is the unavailable share (1 minus the availability) times the "
             "length of the period, here 30 days of 1,440 minutes; count the whole deploys "
             "that fit in it",
        wrong=lambda: {
            _deploys(): "29 deploys fit only in a month of a twelfth of a year (30.44 days); "
                        "in a 30-day month they take 21.75 minutes, over the budget: count "
                        "whole deploys that fit, rounding down",
            _minutes(PROMISE, month_days=30) * 60 / DEPLOY_SECONDS: "round down: part of a "
                                                                   "deploy does not fit",
            _minutes(PROMISE, month_days=30): "that is the budget in minutes; how many "
                                              "45-second deploys fit in it?",
            _deploys(0.999, month_days=30): "that is three nines (99.9 %); 99.95 % allows "
                                            "half the downtime",
        },
        tolerance=0.0,
    ),
    Exercise(
        id="01.2",
        expected=_better_design,
        options=DESIGNS,
        decide=True,
        hint="work out how often each tier is down on its own: the system is down whenever "
             "either tier is, so the weaker tier decides",
        wrong={"third web server": "two web servers are both down only 0.01 % of the time; "
                                   "the lone database is down 0.1 % of the time, ten times "
                                   "as often, so it is the part to double"},
    ),
    Exercise(
        id="01.3",
        expected=lambda: _terabytes(PHOTOS),
        hint="a day's uploads times their size gives a day's new data; a year of it, times "
             "the copies, is the data; the 70 % model then says that data may fill only "
             "70 % of the disks you buy",
        wrong=lambda: {
            _terabytes(PHOTOS, "storage_total"): "that is the data itself; with the 70 % "
                                                 "model the data fills only 70 % of the "
                                                 "disks, so buy more",
            _terabytes(PHOTOS, "storage_total") * 0.7: "that multiplies by 70 %; the data "
                                                       "must fill 70 % of the disks, so "
                                                       "divide by 0.7",
            _terabytes(replace(PHOTOS, replication_factor=1)): "that counts one copy of "
                                                               "each photo; there are three",
        },
        tolerance=0.005,
    ),
    Exercise(
        id="01.4",
        expected=_hit_ratio_trend,
        options=TRENDS,
        decide=True,
        hint="the day's reads do not change, but they are spread over a catalogue twice as "
             "large; think about what that does to each hot link's share of the reads when "
             "the skew is below 1",
        wrong={
            "same": "the traffic is the same, but the probabilities are not: with α below 1 "
                    "the long tail of old links keeps drawing reads away from the hot ones",
            "up": "a larger catalogue gives the cache more to choose from, but each hot link "
                  "gets a smaller share of the reads, so the hottest fifth catches less",
        },
    ),
]
