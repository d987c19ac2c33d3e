"""The birthday bound: how many random IDs before two are likely to be equal.

Among ``n`` IDs with ``b`` random bits there are n(n-1)/2 pairs, and each pair is equal
with chance 1/2^b. When n is far below 2^b the pairs behave almost independently, so

    P(at least one duplicate) ≈ 1 - exp(-n(n-1) / 2^(b+1)).

>>> round(collision_probability(77_000, 32), 2)   # 32 bits: likely after ~77,000 IDs
0.5
"""

from __future__ import annotations

import math

import numpy as np

from ..core import checks


def collision_probability(n, random_bits: int) -> float | np.ndarray:
    """Chance that ``n`` random IDs of ``random_bits`` bits hold a duplicate (birthday bound).

    p = 1 - exp(-n(n-1) / 2^(b+1)), accurate when n is far below 2^b. ``n`` may be one
    number or an array of them (the answer then has the same shape).

    >>> round(float(collision_probability(2**61, 122)), 3)  # 2.3 quintillion UUIDv4s
    0.393
    """
    random_bits = checks.integer(random_bits, "random_bits", 1)
    if np.ndim(n) == 0:
        n = checks.number(n, "n", 0, finite=False, hint="how many IDs")
    n = np.asarray(n, dtype=float)
    if np.any(np.isnan(n) | (n < 0)):
        raise ValueError("n must be numbers >= 0 (how many IDs), got a negative or NaN one")
    pairs = n * np.maximum(n - 1, 0) / 2
    # expm1 keeps tiny probabilities accurate: 1 - exp(-x) would round them to 0.
    p = -np.expm1(-pairs / 2.0 ** random_bits)
    return float(p) if p.ndim == 0 else p


def ids_for_collision(probability: float, random_bits: int) -> float:
    """How many random IDs give a duplicate with this probability (the inverse bound).

    >>> f"{ids_for_collision(0.5, 64):.3g}"
    '5.06e+09'
    """
    probability = checks.fraction(probability, "probability", lo_open=True, hi_open=True,
                                  hint="the chance of a duplicate")
    random_bits = checks.integer(random_bits, "random_bits", 1)
    # Solve 1 - exp(-n²/2^(b+1)) = p for n (n(n-1) ≈ n² when n is large).
    return math.sqrt(2 * 2.0 ** random_bits * -math.log1p(-probability))
