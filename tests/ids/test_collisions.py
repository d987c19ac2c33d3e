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
