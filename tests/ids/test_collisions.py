"""The birthday bound, against the exact product formula and against itself in bulk."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.ids import collision_probability, ids_for_collision


def exact_collision_probability(n: int, bits: int) -> float:
    """1 - (1 - 1/N)(1 - 2/N)...(1 - (n-1)/N): the exact chance, N = 2^bits values."""
    space = 2**bits
    none_equal = math.prod((space - i) / space for i in range(n))
    return 1 - none_equal


def test_birthday_bound():
    assert collision_probability(2, 1) == pytest.approx(1 - math.exp(-0.5))
    assert collision_probability(0, 10) == 0 == collision_probability(1, 10)
    assert collision_probability(2**61, 122) == pytest.approx(0.3935, abs=1e-3)
    n = ids_for_collision(0.5, 64)
    assert n == pytest.approx(5.06e9, rel=0.01)
    assert collision_probability(n, 64) == pytest.approx(0.5, rel=1e-6)


@given(st.integers(16, 40), st.floats(0.0, 0.25))
def test_bound_is_close_to_the_exact_probability_while_n_is_small(bits, share):
    n = int(share * 2 ** (bits / 2))  # well below 2^bits, where the bound is meant to hold
    exact = exact_collision_probability(n, bits)
    assert collision_probability(n, bits) == pytest.approx(exact, rel=1e-3, abs=1e-12)


@given(st.lists(st.floats(0, 1e20), min_size=1, max_size=20), st.integers(1, 128))
def test_an_array_of_n_gives_what_each_n_gives_alone(ns, bits):
    bulk = collision_probability(np.array(ns), bits)
    assert bulk.shape == (len(ns),)
    assert bulk.tolist() == [collision_probability(n, bits) for n in ns]


@given(st.floats(1e-6, 1 - 1e-6), st.integers(20, 128))
def test_ids_for_collision_inverts_the_bound(probability, bits):
    n = ids_for_collision(probability, bits)
    # The inverse takes n(n - 1) as n², off by about 1/n.
    assert collision_probability(n, bits) == pytest.approx(probability, rel=2 / n + 1e-9)


@pytest.mark.parametrize("call, error, names", [
    (lambda: collision_probability(-1, 10), ValueError, "n must"),
    (lambda: collision_probability(np.array([1.0, -1.0]), 10), ValueError, "n must"),
    (lambda: collision_probability(float("nan"), 10), ValueError, "n must"),
    (lambda: collision_probability("many", 10), TypeError, "n must"),
    (lambda: collision_probability(10, 0), ValueError, "random_bits"),
    (lambda: collision_probability(10, 8.5), TypeError, "random_bits"),
    (lambda: ids_for_collision(1.0, 10), ValueError, "probability"),
    (lambda: ids_for_collision(0, 10), ValueError, "probability"),
    (lambda: ids_for_collision(50, 10), ValueError, "percentage"),
    (lambda: ids_for_collision(0.5, 0), ValueError, "random_bits"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_numpy_numbers_are_accepted():
    assert collision_probability(np.int64(10), np.int32(16)) > 0


# --- time-ordered IDs ------------------------------------------------------------------

from collections import Counter  # noqa: E402

from sysdesign.ids import (  # noqa: E402
    Field,
    IdGenerator,
    Layout,
    ManualClock,
    shared_counter_pairs,
    time_ordered_collision_probability,
)
from sysdesign.ids.collisions import MAX_IDS_PER_TICK, poisson_tail  # noqa: E402


def test_poisson_tail_matches_the_direct_sum():
    mean = 3.7
    pmf = [math.exp(-mean) * mean**k / math.factorial(k) for k in range(60)]
    direct = [1 - sum(pmf[:k + 1]) for k in range(10)]
    assert poisson_tail(mean, 10) == pytest.approx(direct, rel=1e-9, abs=1e-15)
    assert poisson_tail(2000.0)[0] == pytest.approx(1.0)  # huge means stay finite


def test_shared_counter_pairs_limits():
    # Counters from 0, one ID per tick at most (tiny rate): pairs ~ rate².
    assert shared_counter_pairs(1e-3) == pytest.approx(1e-6, rel=2e-3)
    # Busy generators: about one shared counter value per ID made.
    assert shared_counter_pairs(400.0) == pytest.approx(400, rel=0.03)
    # Seeded counters, rate far below the seed space: about rate² / S.
    for rate, bits in ((1.0, 11), (5.0, 14)):
        assert shared_counter_pairs(rate, bits) == pytest.approx(rate**2 / 2**bits, rel=0.01)


def test_one_generator_never_collides_and_more_ids_never_help():
    assert time_ordered_collision_probability(1e20, 1, 5.0, 62) == 0.0
    n = np.logspace(6, 20, 30)
    p = time_ordered_collision_probability(n, 1000, 1.0, 62)
    assert np.all(np.diff(p) >= 0)


def count_duplicate_pairs(layout: Layout, generators: int, rate: float, ticks: int,
                          seed: int) -> int:
    """Run ``generators`` real IdGenerators tick by tick, each making Poisson(rate) IDs per
    tick, and count the pairs of equal IDs."""
    rng = np.random.default_rng(seed)
    clocks = [ManualClock(0) for _ in range(generators)]
    gens = [IdGenerator(layout, clock, seed=seed * 1000 + g) for g, clock in enumerate(clocks)]
    made: Counter = Counter()
    for tick in range(ticks):
        for clock, gen, count in zip(clocks, gens, rng.poisson(rate, generators), strict=True):
            clock.now_ms = tick
            for _ in range(count):
                made[gen.next_id()] += 1
    return sum(k * (k - 1) // 2 for k in made.values())


@pytest.mark.parametrize("seed_bits", [0, 3])
def test_time_ordered_model_matches_real_generators(seed_bits):
    """A UUIDv7-like layout shrunk to 8 random bits, so duplicates happen often enough to
    count: the model's expected number of equal pairs against real generators."""
    layout = Layout("tiny v7", (Field("time", 16, "time"), Field("counter", 5, "sequence"),
                                Field("rand", 8, "random")), total_bits=32,
                    sequence_seed_bits=seed_bits)
    generators, rate, ticks = 5, 2.0, 1500
    measured = np.mean([count_duplicate_pairs(layout, generators, rate, ticks, seed)
                        for seed in range(4)])
    expected = (ticks * generators * (generators - 1) / 2
                * shared_counter_pairs(rate, seed_bits) / 2**8)
    # Poisson counts: four runs of ~expected pairs each, so about 1/sqrt(4 * expected).
    assert measured == pytest.approx(expected, rel=4 / math.sqrt(4 * expected))


@pytest.mark.parametrize("call, error, names", [
    # A rate far past any counter would build arrays of terabytes: refused, by name.
    (lambda: shared_counter_pairs(1e12), ValueError, "ids_per_tick"),
    (lambda: shared_counter_pairs(0), ValueError, "ids_per_tick"),
    (lambda: time_ordered_collision_probability(1e6, 10, 1e12, 62), ValueError,
     "ids_per_tick"),
    (lambda: time_ordered_collision_probability(1e6, 10, "fast", 62), TypeError,
     "ids_per_tick"),
    (lambda: poisson_tail(MAX_IDS_PER_TICK + 1), ValueError, "mean"),
    (lambda: poisson_tail(1.0, 0), ValueError, "terms"),
    (lambda: poisson_tail(1.0, 2.5), TypeError, "terms"),
])
def test_time_ordered_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()


def test_the_largest_rate_allowed_still_works():
    assert shared_counter_pairs(MAX_IDS_PER_TICK, 11) > 0
