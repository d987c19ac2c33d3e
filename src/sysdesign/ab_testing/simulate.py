"""Many A/B tests at once, vectorised with numpy: daily looks, peeking, always-valid tests.

An experiment runs ``days`` days; each day ``users_per_day`` new users enter each group.
Arrays have shape (experiments, days): cumulative users and conversions after each day.
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np

from ..core import checks

_erfc = np.frompyfunc(math.erfc, 1, 1)


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided normal p-value of each z (erfc(|z|/√2), exact in the far tail)."""
    return _erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2)).astype(float)


def daily_counts(*, experiments: int, days: int, users_per_day: int, rate_a: float,
                 rate_b: float, seed: int = 0) -> dict:
    """Cumulative conversions per group after each day, for many independent experiments."""
    sims = checks.integer(experiments, "experiments", 1)
    d = checks.integer(days, "days", 1)
    u = checks.integer(users_per_day, "users_per_day", 1)
    pa = checks.fraction(rate_a, "rate_a")
    pb = checks.fraction(rate_b, "rate_b")
    rng = np.random.default_rng(seed)
    daily = rng.binomial(u, [pa, pb], size=(sims, d, 2))
    conv = daily.cumsum(axis=1)
    users = u * np.arange(1, d + 1)
    return {"users": users, "conv_a": conv[..., 0], "conv_b": conv[..., 1]}


def z_scores(counts: dict) -> np.ndarray:
    """Pooled two-proportion z of B against A after each day (0 where the pooled rate is 0 or 1)."""
    n = counts["users"]
    xa, xb = counts["conv_a"], counts["conv_b"]
    pooled = (xa + xb) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (xb - xa) / n / se
    return np.where(se > 0, z, 0.0)


def msprt_statistic(counts: dict, *, tau: float = 0.01) -> np.ndarray:
    """Johari et al.'s mixture likelihood ratio Λ for the difference, after each day.

    With the estimate θ̂ = rate_b - rate_a, its variance V = 2·p̂(1-p̂)/n (pooled p̂)
    and a N(0, τ²) mixture over the true difference:
    Λ = sqrt(V / (V + τ²)) · exp(θ̂² τ² / (2 V (V + τ²))). Under H0, Λ is (nearly) a
    martingale with mean 1, so P(Λ ever ≥ 1/α) ≤ α (Ville's inequality).
    """
    t2 = checks.number(tau, "tau", 0, lo_open=True) ** 2
    n = counts["users"]
    xa, xb = counts["conv_a"], counts["conv_b"]
    pooled = (xa + xb) / (2 * n)
    v = np.maximum(2 * pooled * (1 - pooled) / n, 1e-12)
    theta = (xb - xa) / n
    return np.sqrt(v / (v + t2)) * np.exp(theta**2 * t2 / (2 * v * (v + t2)))


def always_valid_p(counts: dict, *, tau: float = 0.01) -> np.ndarray:
    """Always-valid p-value after each day: the running minimum of min(1, 1/Λ)."""
    return np.minimum.accumulate(np.minimum(1.0, 1 / msprt_statistic(counts, tau=tau)),
                                 axis=-1)


def obrien_fleming_bounds(looks: int, *, alpha: float = 0.05) -> np.ndarray:
    """|z| boundaries for ``looks`` equally spaced looks, Lan-DeMets O'Brien-Fleming spending.

    Spends α(t) = 2 − 2Φ(z(1−α/2)/√t) by information fraction t; each boundary is found so
    that the new probability of crossing (given no earlier crossing) equals the new spend,
    computed by numerical integration of the independent-increments Brownian model.
    Here α inside the formula is the two-sided total. Tools that work one side at a time
    put the one-sided α = 0.025 inside it (gsDesign's ``sfLDOF``), which spends less
    early: for five looks their first bound is about 4.88 where this one gives
    z(1 − α/2)/√0.2 ≈ 4.38; the last bounds differ far less (2.03 and 2.06).
    A bound in the tens (clipped at the grid's edge) means that look cannot stop the test.
    """
    return _obrien_fleming(checks.integer(looks, "looks", 1, 60),
                           checks.fraction(alpha, "alpha", lo_open=True, hi_open=True))


@functools.lru_cache(maxsize=64)
def _obrien_fleming(k: int, a: float) -> np.ndarray:
    nd = NormalDist()
    t = np.arange(1, k + 1) / k
    spent = 2 - 2 * np.array([nd.cdf(nd.inv_cdf(1 - a / 2) / math.sqrt(x)) for x in t])
    grid = np.linspace(-10, 10, 2001)  # B-values B(t) = Z(t)·√t, their density carried along
    dx = grid[1] - grid[0]
    step = 1 / k  # equal steps: one Gaussian kernel serves every look
    kernel = np.exp(-grid**2 / (2 * step)) * dx / math.sqrt(2 * math.pi * step)
    density = np.exp(-grid**2 / (2 * t[0])) / math.sqrt(2 * math.pi * t[0])  # B(t1) ~ N(0, t1)
    outer = np.flatnonzero(grid > 0)[::-1]  # the density is symmetric: use B > 0, outside in
    # Each grid point stands for a cell of width dx: its mass starts dx/2 inside it.
    edges = grid[outer] - dx / 2
    bounds = []
    for i in range(k):
        if i:  # B(t_i) = B(t_{i-1}) + an independent N(0, step): a convolution
            density = np.convolve(density, kernel, mode="same")
        target = spent[i] - (spent[i - 1] if i else 0.0)
        # Mass at |B| beyond each cell edge (both signs), growing inwards; read off the edge.
        tail = 2 * np.cumsum(density[outer]) * dx
        edge = float(np.interp(target, tail, edges))
        bounds.append(edge / math.sqrt(t[i]))
        density = np.where(np.abs(grid) < edge, density, 0.0)
    out = np.array(bounds)
    out.setflags(write=False)
    return out


def peeking(*, experiments: int = 4000, days: int = 14, users_per_day: int = 500,
            rate_a: float = 0.10, rate_b: float = 0.10, alpha: float = 0.05,
            tau: float = 0.01, seed: int = 1) -> dict:
    """Share of experiments that declare a winner by each day, under four stopping rules.

    naive: stop at the first day with p < alpha; fixed: look once, on the last day;
    obrien_fleming: stop when |z| crosses the alpha-spending boundary of that day;
    msprt: stop when the always-valid p-value drops below alpha.
    """
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    counts = daily_counts(experiments=experiments, days=days, users_per_day=users_per_day,
                          rate_a=rate_a, rate_b=rate_b, seed=seed)
    z = z_scores(counts)
    naive = np.logical_or.accumulate(two_sided_p(z) < a, axis=1)
    bounds = obrien_fleming_bounds(days, alpha=a)
    obf = np.logical_or.accumulate(np.abs(z) >= bounds, axis=1)
    msprt = np.logical_or.accumulate(msprt_statistic(counts, tau=tau) >= 1 / a, axis=1)
    fixed = np.zeros_like(naive)
    fixed[:, -1] = two_sided_p(z[:, -1]) < a
    return {"days": np.arange(1, days + 1), "naive": naive.mean(axis=0),
            "fixed": fixed.mean(axis=0), "obrien_fleming": obf.mean(axis=0),
            "msprt": msprt.mean(axis=0), "bounds": bounds, "experiments": experiments,
            "z": z}


def experiments_at_fixed_horizon(*, experiments: int = 2000, users: int = 3841,
                                 rate_a: float = 0.10, rate_b: float = 0.12,
                                 alpha: float = 0.05, seed: int = 2) -> dict:
    """Many experiments of ``users`` per group, analysed once: p-values and intervals."""
    a = checks.fraction(alpha, "alpha", lo_open=True, hi_open=True)
    counts = daily_counts(experiments=experiments, days=1, users_per_day=users,
                          rate_a=rate_a, rate_b=rate_b, seed=seed)
    xa, xb = counts["conv_a"][:, 0], counts["conv_b"][:, 0]
    z = z_scores(counts)[:, 0]
    pa, pb = xa / users, xb / users
    se = np.sqrt(pa * (1 - pa) / users + pb * (1 - pb) / users)
    half = NormalDist().inv_cdf(1 - a / 2) * se
    lift = pb - pa
    p = two_sided_p(z)
    return {"lift": lift, "low": lift - half, "high": lift + half, "p": p,
            "significant": p < a, "true_lift": rate_b - rate_a,
            "covered": (lift - half <= rate_b - rate_a) & (rate_b - rate_a <= lift + half)}
