"""Fixed-horizon statistics for a two-proportion A/B test: sample size, z-test, interval.

Only numpy-free stdlib maths here (``statistics.NormalDist``), so every formula reads as
it is written on paper. The tests check each one against statsmodels and scipy.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from ..core import checks

STANDARD_NORMAL = NormalDist()


def _z(q: float) -> float:
    """The standard normal quantile at ``q``."""
    return STANDARD_NORMAL.inv_cdf(q)


def sample_size(baseline: float, mde: float, *, alpha: float = 0.05,
                power: float = 0.8) -> int:
    """Users per group for a two-sided two-proportion z-test to detect ``baseline + mde``.

    n = (z(1-alpha/2)·sqrt(2·p̄(1-p̄)) + z(power)·sqrt(p1(1-p1) + p2(1-p2)))² / mde²,
    with p1 = baseline, p2 = baseline + mde and p̄ = (p1 + p2)/2: the pooled variance
    under H0 for the alpha term, the unpooled variance under H1 for the power term
    (the far tail of the two-sided test is ignored), rounded up. A baseline + mde that
    reaches 1 raises ValueError naming ``mde`` (no rate can exceed 100 %).

    >>> sample_size(0.10, 0.02)
    3841
    """
    p1 = checks.fraction(baseline, "baseline", lo_open=True, hi_open=True)
    diff = checks.number(mde, "mde", 0, lo_open=True, hint="an absolute lift, e.g. 0.01")
    if p1 + diff >= 1:
        raise ValueError(f"mde must keep baseline + mde < 1 (mde < {1 - p1:g}), got {diff:g}")
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    b = checks.fraction(power, "power", lo_open=True, hi_open=True)
    p2 = p1 + diff
    pooled = (p1 + p2) / 2
    root = (_z(1 - a / 2) * math.sqrt(2 * pooled * (1 - pooled))
            + _z(b) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
    return int(math.ceil(round(root * root / (diff * diff), 9)))


def power_at(baseline: float, mde: float, n: float, *, alpha: float = 0.05) -> float:
    """Approximate power with ``n`` users per group: :func:`sample_size` solved for power."""
    p1 = checks.fraction(baseline, "baseline", lo_open=True, hi_open=True)
    diff = checks.number(mde, "mde", 0, lo_open=True)
    n = checks.number(n, "n", 0, lo_open=True)
    alpha = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    p2 = p1 + diff
    if p2 >= 1:
        raise ValueError(f"mde must keep baseline + mde < 1, got {diff:g}")
    pooled = (p1 + p2) / 2
    null_sd = math.sqrt(2 * pooled * (1 - pooled) / n)
    alt_sd = math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n)
    return STANDARD_NORMAL.cdf((diff - _z(1 - alpha / 2) * null_sd) / alt_sd)


def z_test(conversions_a: int, users_a: int, conversions_b: int, users_b: int) -> dict:
    """Two-sided pooled two-proportion z-test of B against A: lift, z and p-value.

    >>> r = z_test(100, 1000, 130, 1000)
    >>> round(r["z"], 3), round(r["p_value"], 4)
    (2.103, 0.0355)
    """
    na = checks.integer(users_a, "users_a", 1)
    nb = checks.integer(users_b, "users_b", 1)
    xa = checks.integer(conversions_a, "conversions_a", 0, na)
    xb = checks.integer(conversions_b, "conversions_b", 0, nb)
    pa, pb = xa / na, xb / nb
    pooled = (xa + xb) / (na + nb)
    se = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = 0.0 if se == 0 else (pb - pa) / se
    return {"rate_a": pa, "rate_b": pb, "lift": pb - pa, "z": z,
            "p_value": 2 * STANDARD_NORMAL.cdf(-abs(z))}


def lift_interval(conversions_a: int, users_a: int, conversions_b: int, users_b: int,
                  *, confidence: float = 0.95) -> tuple[float, float]:
    """Wald (unpooled) confidence interval for rate_b - rate_a.

    >>> [round(x, 4) for x in lift_interval(100, 1000, 130, 1000)]
    [0.0021, 0.0579]
    """
    r = z_test(conversions_a, users_a, conversions_b, users_b)
    level = checks.fraction(confidence, "confidence", lo_open=True, hi_open=True)
    pa, pb = r["rate_a"], r["rate_b"]
    se = math.sqrt(pa * (1 - pa) / users_a + pb * (1 - pb) / users_b)
    half = _z(0.5 + level / 2) * se
    return r["lift"] - half, r["lift"] + half
