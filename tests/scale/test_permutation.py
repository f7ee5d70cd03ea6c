"""The shuffle of chunked builds: a seeded bijection, row by row, and the in-memory split's for one block."""

from __future__ import annotations

import numpy as np
import pytest

from juniper_data.scale.permutation import FeistelPermutation, Identity, InMemoryPermutation
from juniper_data.split import split_indices


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 17, 64, 65, 1000, 4097, 65_537])
def test_feistel_permutation_is_a_bijection_of_the_index_range(n):
    positions = FeistelPermutation(n, seed=11)(np.arange(n))
    assert positions.dtype == np.int64
    assert np.array_equal(np.sort(positions), np.arange(n))


def test_feistel_positions_do_not_depend_on_how_rows_are_grouped():
    perm = FeistelPermutation(10_007, seed=5)
    whole = perm(np.arange(10_007))
    pieces = np.concatenate([perm(np.arange(a, min(a + 333, 10_007))) for a in range(0, 10_007, 333)])
    shuffled_rows = np.random.default_rng(0).permutation(10_007)
    assert np.array_equal(whole, pieces)
    assert np.array_equal(perm(shuffled_rows), whole[shuffled_rows])


def test_feistel_permutation_is_fixed_by_the_seed_and_changes_with_it():
    rows = np.arange(5_000)
    assert np.array_equal(FeistelPermutation(5_000, 1)(rows), FeistelPermutation(5_000, 1)(rows))
    assert not np.array_equal(FeistelPermutation(5_000, 1)(rows), FeistelPermutation(5_000, 2)(rows))


def test_feistel_permutation_uses_64_bit_words_beyond_2_to_the_32_rows():
    n = 2**34 + 5
    perm = FeistelPermutation(n, seed=3)
    rows = np.arange(0, n, n // 100_000)
    positions = perm(rows)
    assert perm.dtype == np.uint64
    assert positions.min() >= 0 and positions.max() < n
    assert np.unique(positions).size == rows.size


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_feistel_shuffle_spreads_a_contiguous_class_evenly_over_train_and_test(seed):
    n = 100_000  # rows 0..n/2 are one class; a fair shuffle puts ~80% of them in the first 80%
    positions = FeistelPermutation(n, seed)(np.arange(n // 2))
    assert abs((positions < 0.8 * n).mean() - 0.8) < 0.01
    assert abs(np.corrcoef(np.arange(n // 2), positions)[0, 1]) < 0.02


@pytest.mark.parametrize("seed", [0, 42])
def test_in_memory_permutation_places_rows_as_the_in_memory_split_does(seed):
    n = 101
    train, test = split_indices(n, train_ratio=0.7, test_ratio=0.3, seed=seed, shuffle=True)
    positions = InMemoryPermutation(n, seed)(np.arange(n))
    assert np.array_equal(np.argsort(positions)[: len(train)], train)
    assert np.array_equal(np.argsort(positions)[len(train) :], test)


def test_identity_keeps_every_row_in_place():
    assert Identity()(np.arange(5)).tolist() == [0, 1, 2, 3, 4]
