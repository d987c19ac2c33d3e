"""jump_hash against the paper's C++ (compiled here when a compiler exists) and a transcription."""

import ctypes
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.sharding import JumpPartitioner, jump_hash, jump_hash_array

PAPER_CODE = r"""
#include <stdint.h>
extern "C" int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
  int64_t b = -1, j = 0;
  while (j < num_buckets) {
    b = j;
    key = key * 2862933555777941757ULL + 1;
    j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
  }
  return b;
}
"""


def paper_transcription(key, num_buckets):
    """The reference algorithm with numpy's fixed-width C types standing in for C++'s."""
    key = np.uint64(key)
    b, j = np.int64(-1), np.int64(0)
    with np.errstate(over="ignore"):
        while j < num_buckets:
            b = j
            key = key * np.uint64(2862933555777941757) + np.uint64(1)
            ratio = np.float64(1 << 31) / np.float64((key >> np.uint64(33)) + np.uint64(1))
            j = np.int64(np.float64(b + np.int64(1)) * ratio)
    return int(b)


def seeded_cases(n=400, seed=6):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 2**64, size=n, dtype=np.uint64, endpoint=False)
    buckets = rng.integers(1, 100_000, size=n)
    return [(int(k), int(b)) for k, b in zip(keys, buckets, strict=True)] + [
        (0, 1), (2**64 - 1, 1), (2**64 - 1, 2**31 - 1), (1, 2**31 - 1)]


def test_equals_numpy_transcription_of_the_paper():
    for key, buckets in seeded_cases():
        assert jump_hash(key, buckets) == paper_transcription(key, buckets)


@pytest.fixture(scope="module")
def compiled_reference(tmp_path_factory):
    compiler = shutil.which("g++") or shutil.which("clang++")
    if compiler is None:
        pytest.skip("no C++ compiler to build the paper's reference code")
    folder = tmp_path_factory.mktemp("jump")
    (folder / "jump.cc").write_text(PAPER_CODE)
    library = folder / "libjump.so"
    subprocess.run([compiler, "-O2", "-shared", "-fPIC", str(folder / "jump.cc"),
                    "-o", str(library)], check=True)
    function = ctypes.CDLL(str(library)).JumpConsistentHash
    function.argtypes, function.restype = [ctypes.c_uint64, ctypes.c_int32], ctypes.c_int32
    return function


def test_equals_the_compiled_c_reference(compiled_reference):
    cases = seeded_cases(2_000, seed=7)
    assert [jump_hash(k, b) for k, b in cases] == [compiled_reference(k, b) for k, b in cases]
    keys = np.array([k for k, _ in cases], dtype=np.uint64)
    assert jump_hash_array(keys, 1_000).tolist() == [compiled_reference(int(k), 1_000)
                                                     for k in keys]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(1, 5_000))
def test_vectorised_equals_scalar(key, buckets):
    assert jump_hash_array(np.array([key], dtype=np.uint64), buckets)[0] == \
        jump_hash(key, buckets)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**64 - 1), st.integers(1, 2_000))
def test_result_is_a_valid_bucket_and_growth_only_moves_to_the_new_bucket(key, n):
    before, after = jump_hash(key, n), jump_hash(key, n + 1)
    assert 0 <= before < n
    assert after in (before, n)


def test_growth_moves_about_one_in_n_plus_one_all_to_the_new_bucket():
    keys = np.random.default_rng(1).integers(0, 2**63, 100_000).astype(np.uint64)
    for n in (1, 5, 10, 50):
        before, after = jump_hash_array(keys, n), jump_hash_array(keys, n + 1)
        moved = before != after
        assert set(after[moved].tolist()) == {n}
        assert moved.mean() == pytest.approx(1 / (n + 1), rel=0.05)
        assert np.bincount(after).std() / np.bincount(after).mean() < 0.05


def test_partitioner_bulk_equals_scalar():
    part = JumpPartitioner(np.int64(7))
    keys = [f"k{i}" for i in range(300)]
    assert part.assign(keys).tolist() == [part.shard_for(k) for k in keys]


@pytest.mark.parametrize("key, buckets, error", [
    (-1, 5, ValueError), (2**64, 5, ValueError), (1, 0, ValueError), (1, 2**31, ValueError),
    (1.0, 5, TypeError), ("1", 5, TypeError), (True, 5, TypeError), (1, 2.0, TypeError),
])
def test_rejects_bad_input(key, buckets, error):
    with pytest.raises(error):
        jump_hash(key, buckets)


def test_numpy_integers_are_accepted():
    assert jump_hash(np.uint64(2**63), np.int32(10)) == jump_hash(2**63, 10)


def test_jump_hash_steps_counts_the_loop_and_averages_the_harmonic_number():
    """Bucket b >= 1 is a stop on a key's path with probability 1/(b+1), so the loop runs
    H_n = 1 + 1/2 + ... + 1/n times on average: 2.72 at n = 8 (not 2 + H_7 = 4.59)."""
    from sysdesign.sharding import expected_jump_steps, hash64_many, jump_hash_steps

    assert expected_jump_steps(8) == pytest.approx(sum(1 / k for k in range(1, 9)))
    assert expected_jump_steps(8) == pytest.approx(2.7179, abs=1e-4)
    keys = hash64_many(np.arange(100_000))
    for n in (8, 1000):
        _, steps = jump_hash_array(keys, n, steps=True)
        assert steps.mean() == pytest.approx(expected_jump_steps(n), rel=0.01)
        assert steps.min() == 1 and steps.max() <= n
    for key in keys[:300].tolist():
        bucket, steps = jump_hash_steps(key, 50)
        assert bucket == jump_hash(key, 50) and steps >= 1
