"""Balls into bins: throw ``n_balls`` balls, each into the least loaded of ``choices``
bins drawn at random, and see how full the fullest bin gets.

With one choice the fullest of n bins holds Θ(ln n / ln ln n) balls (n balls), more
precisely (1 + o(1)) ln n / ln ln n; with d >= 2 choices ln ln n / ln d + Θ(1) (Azar,
Broder, Karlin and Upfal, 1994/1999), both with high probability. Asymptotic statements:
at a given n the lower-order terms are not small. That gap is why "power of two choices"
load balancers work.

>>> max_load(1000, 1000, 1, seed=0) > max_load(1000, 1000, 2, seed=0)
True
"""

from __future__ import annotations

import math

import numpy as np

from ..core import checks


def _check(n_balls, n_bins, choices, seed) -> tuple[int, int, int]:
    n_balls = checks.integer(n_balls, "n_balls", 0)
    n_bins = checks.integer(n_bins, "n_bins", 1)
    choices = checks.integer(choices, "choices", 1, hint="bins drawn per ball")
    if seed is not None:
        checks.integer(seed, "seed", 0)
    return n_balls, n_bins, choices


def draws(n_balls: int, n_bins: int, choices: int, seed) -> np.ndarray:
    """The bins each ball may pick from: an ``n_balls x choices`` array, fixed by ``seed``."""
    return np.random.default_rng(seed).integers(0, n_bins, size=(n_balls, choices))


def max_load(n_balls, n_bins, choices=1, *, seed=0) -> int:
    """Throw each ball into the least loaded of ``choices`` random bins; the fullest bin's load.

    The ``choices`` bins are independent uniform draws (with replacement: a ball may draw
    one bin twice). Ties go to the bin drawn first; the draws being independent, that is a
    uniformly random choice among the tied bins. The same seed gives the same answer.

    >>> max_load(10, 1, seed=3)
    10
    """
    n_balls, n_bins, choices = _check(n_balls, n_bins, choices, seed)
    loads = [0] * n_bins
    for candidates in draws(n_balls, n_bins, choices, seed).tolist():
        best = min(candidates, key=lambda b: loads[b])  # first of the least loaded
        loads[best] += 1
    return max(loads) if n_balls else 0


def one_choice_estimate(n: int) -> float:
    """ln n / ln ln n: the leading term of the fullest bin with one choice (n balls, n bins)."""
    n = checks.integer(n, "n", 3, hint="ln ln n must be positive")
    return math.log(n) / math.log(math.log(n))


def two_choice_estimate(n: int, choices: int = 2) -> float:
    """ln ln n / ln d: the leading term with d = ``choices`` >= 2 (the fullest bin: this + O(1))."""
    n = checks.integer(n, "n", 3, hint="ln ln n must be positive")
    choices = checks.integer(choices, "choices", 2)
    return math.log(math.log(n)) / math.log(choices)
