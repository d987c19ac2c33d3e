"""Pitfalls: sample ratio mismatch, many metrics, novelty effects."""

from __future__ import annotations

import math

import numpy as np

from ..core import checks


def srm_check(users_a: int, users_b: int, *, expected_share_a: float = 0.5) -> dict:
    """Chi-square goodness-of-fit test (1 degree of freedom) of a two-way traffic split.

    statistic = Σ (observed − expected)² / expected; with one degree of freedom its
    p-value is erfc(sqrt(statistic / 2)).

    >>> r = srm_check(50_000, 49_000)
    >>> round(r["statistic"], 2), r["p_value"] < 0.01
    (10.1, True)
    """
    a = checks.integer(users_a, "users_a", 0)
    b = checks.integer(users_b, "users_b", 0)
    if a + b == 0:
        raise ValueError("users_a + users_b must be > 0, got 0 users")
    share = checks.fraction(expected_share_a, "expected_share_a", lo_open=True, hi_open=True)
    total = a + b
    expected = (total * share, total * (1 - share))
    stat = sum((o - e) ** 2 / e for o, e in zip((a, b), expected, strict=True))
    return {"statistic": stat, "p_value": math.erfc(math.sqrt(stat / 2)),
            "observed_share_a": a / total}


def _p_values(p_values) -> np.ndarray:
    """A non-empty 1-d array of p-values in [0, 1], or ValueError naming ``p_values``."""
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"p_values must be a non-empty list of numbers, got {p_values!r}")
    if not np.all((p >= 0) & (p <= 1)):  # also catches NaN
        raise ValueError(f"p_values must all lie in [0, 1], got {p_values!r}")
    return p


def bonferroni(p_values, *, alpha: float = 0.05) -> np.ndarray:
    """Which hypotheses Bonferroni rejects: p < alpha / m."""
    p = _p_values(p_values)
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    return p < a / p.size


def holm(p_values, *, alpha: float = 0.05) -> np.ndarray:
    """Which hypotheses Holm's step-down method rejects (never fewer than Bonferroni)."""
    p = _p_values(p_values)
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    order = np.argsort(p, kind="stable")
    m = p.size
    passes = p[order] < a / (m - np.arange(m))
    stop = m if passes.all() else int(np.argmin(passes))
    rejected = np.zeros(m, dtype=bool)
    rejected[order[:stop]] = True
    return rejected


def family_error_rate(metrics: int, alpha: float = 0.05) -> float:
    """Chance that at least one of ``metrics`` independent null metrics looks significant."""
    m = checks.integer(metrics, "metrics", 1)
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    return 1 - (1 - a) ** m


def many_metrics(*, metrics: int = 10, experiments: int = 20_000, alpha: float = 0.05,
                 seed: int = 3) -> dict:
    """A/A tests with ``metrics`` independent null metrics each: share with ≥ 1 'winner'."""
    m = checks.integer(metrics, "metrics", 1)
    rng = np.random.default_rng(seed)
    p = rng.random((checks.integer(experiments, "experiments", 1), m))  # null p ~ U(0, 1)
    any_raw = (p < alpha).any(axis=1).mean()
    any_bonf = (p < alpha / m).any(axis=1).mean()
    return {"uncorrected": round(float(any_raw), 4), "bonferroni": round(float(any_bonf), 4),
            "closed_form": round(family_error_rate(m, alpha), 4)}


def novelty_lift(days: int = 28, *, lasting: float = 0.005, novelty: float = 0.02,
                 half_life_days: float = 3.0) -> np.ndarray:
    """True daily lift when a change first excites users, then wears off to ``lasting``."""
    d = np.arange(1, checks.integer(days, "days", 1) + 1)
    h = checks.number(half_life_days, "half_life_days", 0, lo_open=True)
    base = checks.number(lasting, "lasting")  # either may be negative (a harmful change,
    extra = checks.number(novelty, "novelty")  # or change aversion), but not NaN or inf
    return base + extra * 0.5 ** ((d - 1) / h)
