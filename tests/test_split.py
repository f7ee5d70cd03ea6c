"""split: the one train/test split (SPEC §3) and the one-hot encoding."""

from __future__ import annotations

import numpy as np
import pytest

from juniper_data.split import one_hot, split_indices, split_sizes


@pytest.mark.parametrize(
    ("n", "train_ratio", "test_ratio", "expected"),
    [
        (100, 0.8, 0.2, (80, 20)),
        (13, 0.6, 0.4, (8, 5)),  # 7.8 -> 8, 5.2 -> 5
        (11, 0.9, 0.1, (10, 1)),  # 9.9 -> 10, 1.1 -> 1
        (6, 0.75, 0.25, (4, 2)),  # half to even: 4.5 -> 4, 1.5 -> 2
        (20, 0.125, 0.375, (2, 8)),  # 2.5 -> 2, 7.5 -> 8
        (5, 0.5, 0.5, (2, 2)),  # 2.5 -> 2 twice: one row dropped
        (10, 0.25, 0.25, (2, 2)),  # six rows dropped
        (7, 0.5, 0.5, (4, 3)),  # 3.5 -> 4 twice = 8 > 7: test shrinks to 3
        (3, 0.5, 0.5, (2, 1)),  # 1.5 -> 2 twice: overflow
        (1, 0.5, 0.5, (0, 0)),  # 0.5 -> 0 twice: everything dropped
        (9, 1.0, 0.0, (9, 0)),
        (9, 0.0, 1.0, (0, 9)),
        (0, 0.8, 0.2, (0, 0)),
    ],
)
def test_split_sizes_round_half_to_even_and_shrink_test_on_overflow(
    n: int, train_ratio: float, test_ratio: float, expected: tuple[int, int]
) -> None:
    sizes = split_sizes(n, train_ratio, test_ratio)
    assert sizes == expected
    assert all(type(s) is int for s in sizes)


@pytest.mark.parametrize("n", [1, 2, 7, 100, 1001])
def test_shuffled_split_is_a_fresh_default_rng_permutation(seed: int, n: int) -> None:
    train, test = split_indices(n, train_ratio=0.6, test_ratio=0.3, seed=seed, shuffle=True)
    n_train, n_test = split_sizes(n, 0.6, 0.3)
    order = np.random.default_rng(seed).permutation(n)
    np.testing.assert_array_equal(train, order[:n_train])
    np.testing.assert_array_equal(test, order[n_train : n_train + n_test])


def test_split_ignores_any_other_use_of_the_seed(seed: int) -> None:
    """The split stream is independent of the generation stream: drawing from one never moves the other."""
    first = split_indices(50, train_ratio=0.8, test_ratio=0.2, seed=seed, shuffle=True)
    np.random.default_rng(seed).standard_normal(1000)
    second = split_indices(50, train_ratio=0.8, test_ratio=0.2, seed=seed, shuffle=True)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_train_and_test_are_disjoint_in_range_and_skip_dropped_rows(seed: int) -> None:
    train, test = split_indices(10, train_ratio=0.3, test_ratio=0.3, seed=seed, shuffle=True)
    assert len(train) == 3 and len(test) == 3
    assert not set(train) & set(test)
    assert set(train) | set(test) < set(range(10))


def test_unshuffled_split_takes_leading_rows() -> None:
    train, test = split_indices(7, train_ratio=0.5, test_ratio=0.5, seed=None, shuffle=False)
    assert train.tolist() == [0, 1, 2, 3] and test.tolist() == [4, 5, 6]


def test_different_seeds_give_different_orders() -> None:
    a, _ = split_indices(100, train_ratio=0.8, test_ratio=0.2, seed=1, shuffle=True)
    b, _ = split_indices(100, train_ratio=0.8, test_ratio=0.2, seed=2, shuffle=True)
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("n_classes", [1, 2, 5])
def test_one_hot_has_exactly_one_float32_one_per_row_at_the_label(n_classes: int) -> None:
    labels = np.arange(40) % n_classes
    y = one_hot(labels, n_classes)
    assert y.dtype == np.float32 and y.shape == (40, n_classes) and y.flags.c_contiguous
    assert (y.sum(axis=1) == 1.0).all() and np.isin(y, [0.0, 1.0]).all()
    np.testing.assert_array_equal(np.argmax(y, axis=1), labels)


def test_one_hot_keeps_a_column_for_a_class_with_no_rows() -> None:
    y = one_hot(np.array([0, 0, 2]), 4)
    assert y.tolist() == [[1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0]]


def test_one_hot_of_no_rows_is_an_empty_matrix() -> None:
    assert one_hot(np.array([], dtype=np.int64), 3).shape == (0, 3)
