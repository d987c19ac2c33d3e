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


# --- time-ordered IDs: only IDs from the same tick can be equal ---------------------------
#
# A UUIDv7 (or any time | counter | random layout) from one generator never repeats: within
# a tick its counter differs, across ticks its time does. Two IDs can only be equal if two
# *different* generators made them in the same tick, gave them the same counter value and
# drew the same random bits. So the birthday bound counts far fewer pairs than n(n-1)/2:
# only the pairs that share a tick and a counter value.

# The most IDs per tick per generator the model takes: its arrays grow with the rate (and
# the seeded sum with its square), and a real counter runs out sooner (UUIDv7's 12 bits hold
# 4,096 values), which the model assumes never happens.
MAX_IDS_PER_TICK = 10_000


def _ids_per_tick(value, name: str) -> float:
    return checks.number(value, name, 0, MAX_IDS_PER_TICK, lo_open=True,
                         hint="IDs per tick per generator; the model assumes the counter "
                              "never runs out within a tick")


def poisson_tail(mean, terms: int | None = None) -> np.ndarray:
    """P(X > k) for k = 0, 1, ...: X is Poisson(``mean``), how many IDs one generator
    makes in a tick. The tail is summed from the far end, so small values stay accurate.

    >>> poisson_tail(1.0, 3).round(3).tolist()
    [0.632, 0.264, 0.08]
    """
    mean = _ids_per_tick(mean, "mean")
    if terms is None:  # far enough that the rest of the tail is below 1e-16
        terms = int(mean + 12 * math.sqrt(mean) + 40)
    terms = checks.integer(terms, "terms", 1, hint="how many tail values to return")
    k = np.arange(terms + 60)
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, len(k))))])
    pmf = np.exp(k * math.log(mean) - mean - log_factorial)
    tail = np.cumsum(pmf[::-1])[::-1]  # tail[k] = P(X >= k)
    return tail[1:terms + 1]


def shared_counter_pairs(ids_per_tick, seed_bits: int = 0) -> float:
    """Expected pairs (one ID from generator A, one from generator B) with the same counter
    value in one tick, when each generator makes Poisson(``ids_per_tick``) IDs in it.

    Counters that start at 0 share the values 0, 1, 2, ...: the i-th IDs of A and B pair
    up. A counter seeded with ``seed_bits`` random bits (RFC 9562 §6.2) starts anywhere in
    0..S-1, S = 2^seed_bits, so the i-th ID of A meets the j-th of B only if their starts
    differ by j - i, which happens with chance (S - |i - j|) / S².

    >>> round(shared_counter_pairs(1.0), 3), round(shared_counter_pairs(1.0, 11) * 2048, 2)
    (0.476, 1.0)
    """
    seed_bits = checks.integer(seed_bits, "seed_bits", 0, 62)
    # tail[i] = chance a generator makes an (i+1)-th ID
    tail = poisson_tail(_ids_per_tick(ids_per_tick, "ids_per_tick"))
    if seed_bits == 0:
        return float(np.sum(tail**2))
    space = 2.0**seed_bits
    overlap = np.correlate(tail, tail, mode="full")  # sum over i of tail[i] * tail[i + d]
    shift = np.abs(np.arange(-(len(tail) - 1), len(tail)))
    return float(np.sum(overlap * np.maximum(space - shift, 0) / space**2))


def time_ordered_collision_probability(n, generators, ids_per_tick, random_bits: int,
                                       seed_bits: int = 0) -> float | np.ndarray:
    """Chance of at least one duplicate among ``n`` time-ordered IDs (time | counter | random
    bits) made by ``generators`` generators, each making Poisson(``ids_per_tick``) per tick.

    The run lasts n / (generators × ids_per_tick) ticks; in each, every pair of generators
    adds :func:`shared_counter_pairs` candidate pairs, each equal with chance 2^-random_bits.
    Assumes the counter never runs out within a tick (rate far below its space).

    >>> p = time_ordered_collision_probability(1e14, 1000, 1.0, 62)
    >>> round(float(p), 4)     # 1,000 generators, counters from 0: 62 bits are not many
    0.0051
    """
    generators = checks.integer(generators, "generators", 1)
    random_bits = checks.integer(random_bits, "random_bits", 1)
    rate = _ids_per_tick(ids_per_tick, "ids_per_tick")
    if np.ndim(n) == 0:
        n = checks.number(n, "n", 0, finite=False, hint="how many IDs")
    n = np.asarray(n, dtype=float)
    if np.any(np.isnan(n) | (n < 0)):
        raise ValueError("n must be numbers >= 0 (how many IDs), got a negative or NaN one")
    ticks = n / (generators * rate)
    pairs = ticks * generators * (generators - 1) / 2 * shared_counter_pairs(rate, seed_bits)
    p = -np.expm1(-pairs / 2.0**random_bits)
    return float(p) if p.ndim == 0 else p
