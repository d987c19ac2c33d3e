"""Scenarios shared by notebook 27, its panels and the tests."""

from __future__ import annotations

import numpy as np

from ..core import checks
from .pitfalls import novelty_lift
from .simulate import experiments_at_fixed_horizon, peeking
from .stats import power_at, sample_size

BASELINE = 0.10


def fixed_horizon(*, lift: float = 0.02, users: float = 3841, experiments: int = 1000,
                  seed: int = 2) -> dict:
    """Many experiments of ``users`` per group with a true ``lift``: what one analysis shows."""
    users = int(round(checks.number(users, "users", 1)))  # a log slider gives floats
    run = experiments_at_fixed_horizon(experiments=experiments, users=users,
                                       rate_a=BASELINE, rate_b=BASELINE + lift, seed=seed)
    run["predicted_power"] = power_at(BASELINE, lift, users) if lift > 0 else None
    run["users"] = users
    return run


def peeking_run(*, days: int = 14, users_per_day: int = 500, lift: float = 0.0,
                experiments: int = 2000, seed: int = 1) -> dict:
    """Daily looks at many experiments: share that declared a winner by each day."""
    return peeking(experiments=experiments, days=days, users_per_day=users_per_day,
                   rate_a=BASELINE, rate_b=BASELINE + lift, seed=seed)


def novelty(*, days: int = 28, novelty_lift_pts: float = 2.0, half_life_days: float = 3.0,
            lasting_lift_pts: float = 0.5) -> dict:
    """True daily lift and the running average an experiment reports (in points)."""
    daily = novelty_lift(days, lasting=lasting_lift_pts / 100, novelty=novelty_lift_pts / 100,
                         half_life_days=half_life_days) * 100
    running = daily.cumsum() / np.arange(1, days + 1)
    return {"daily": daily, "running": running, "lasting": lasting_lift_pts}


__all__ = ["BASELINE", "fixed_horizon", "novelty", "peeking_run", "sample_size"]
