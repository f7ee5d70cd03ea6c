"""split: the one train/test split (SPEC §3), the 0.17 three-way partition (SPEC-0.17 §1.4-1.6), one-hot."""

from __future__ import annotations

import doctest
import itertools

import numpy as np
import pytest

from juniper_data import split, split_names
from juniper_data.split import (
    Partition,
    additive_partition,
    carve_partition,
    one_hot,
    partition_counts,
    partition_indices,
    per_unit_count,
    split_indices,
    split_sizes,
)


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


# -- the 0.17 three-way partition -------------------------------------------------------


def test_the_modules_examples_hold() -> None:
    assert doctest.testmod(split).failed == 0


@pytest.mark.parametrize(
    ("n", "val_percent", "test_percent", "expected"),
    [
        (194, 40.0, 30.0, (194, 78, 58)),  # spiral {}: R(77.6), R(58.2)
        (200, 40.0, 30.0, (200, 80, 60)),  # moon {}, xor {}
        (100, 40.0, 30.0, (100, 40, 30)),  # circles {"seed": 42}
        (150, 25.0, 15.0, (150, 38, 22)),  # half to even: R(37.5) = 38, R(22.5) = 22
        (2, 40.0, 30.0, (2, 1, 1)),  # R(0.8), R(0.6)
        (5, 50.0, 10.0, (5, 2, 0)),  # R(2.5) = 2, R(0.5) = 0
        (7, 0.0, 1000.0, (7, 0, 70)),
        (3, 12.5, 37.5, (3, 0, 1)),  # R(0.375), R(1.125)
    ],
)
def test_additive_partition_keeps_the_train_count_and_adds_rounded_percentages_of_it(
    n: int, val_percent: float, test_percent: float, expected: tuple[int, int, int]
) -> None:
    partition = additive_partition(n, val_percent=val_percent, test_percent=test_percent)
    assert partition == Partition(*expected, rows_required=sum(expected))
    assert partition.total == partition.rows_required
    assert all(type(count) is int for count in partition)


def test_additive_partition_multiplies_before_it_divides() -> None:
    # (45 * 70.0) / 100.0 = 31.5 -> 32, but 45 * (70.0 / 100.0) = 31.499999999999996 -> 31;
    # (75 * 14.0) / 100.0 = 10.5 -> 10, but 75 * 0.14 = 10.500000000000002 -> 11.
    assert additive_partition(45, val_percent=70.0, test_percent=14.0)[:3] == (45, 32, 6)
    assert additive_partition(75, val_percent=14.0, test_percent=70.0)[:3] == (75, 10, 52)


@pytest.mark.parametrize(
    ("n", "ratios", "expected"),
    [
        # SPEC-0.17 §1.4's table
        (194, (0.8, 0.1, 0.1), (155, 19, 20)),
        (4, (0.8, 0.1, 0.1), (3, 0, 1)),
        (5, (0.5, 0.0, 0.5), (2, 0, 3)),
        (2000, (0.8, 0.1, 0.1), (1600, 200, 200)),
        (194, (0.8, 0.0, 0.2), (155, 0, 39)),
        # its worked remainder example: 4 + 2 > 5, val gives one back
        (5, (0.7, 0.3, 0.0), (4, 1, 0)),
        # 0.17.1's fingerprints: 3 x 11 at 0.5 / 0.5 gives test the row 0.4 dropped
        (33, (0.5, 0.0, 0.5), (16, 0, 17)),
        (101, (0.8, 0.0, 0.2), (81, 0, 20)),
        (2, (0.8, 0.0, 0.2), (2, 0, 0)),
        (3, (0.8, 0.0, 0.2), (2, 0, 1)),
        (194, (0.0, 0.5, 0.5), (0, 97, 97)),
        # sums below 1: independent rounding, the rest is dropped; overflow trims test
        (200, (0.5, 0.1, 0.2), (100, 20, 40)),
        (194, (0.6, 0.1, 0.2), (116, 19, 39)),
        (6, (0.42, 0.42, 0.15), (3, 3, 0)),
        (10, (0.25, 0.25, 0.25), (2, 2, 2)),
    ],
)
def test_carve_partition_matches_the_spec_and_0_17_1(
    n: int, ratios: tuple[float, float, float], expected: tuple[int, int, int]
) -> None:
    train_ratio, val_ratio, test_ratio = ratios
    partition = carve_partition(n, train_ratio=train_ratio, val_ratio=val_ratio, test_ratio=test_ratio)
    assert partition == Partition(*expected, rows_required=n)
    assert all(type(count) is int for count in partition)


def test_carve_gives_the_remainder_to_test_only_when_the_ratios_sum_to_one_within_1e_9() -> None:
    whole = carve_partition(33, train_ratio=0.5, val_ratio=0.0, test_ratio=0.5 - 1e-10)
    short = carve_partition(33, train_ratio=0.5, val_ratio=0.0, test_ratio=0.5 - 1e-8)
    assert whole[:3] == (16, 0, 17) and short[:3] == (16, 0, 16)
    # 0.7 + 0.2 + 0.1 is 0.9999999999999999 in float64: still whole
    assert carve_partition(11, train_ratio=0.7, val_ratio=0.2, test_ratio=0.1)[:3] == (8, 2, 1)


def test_carve_products_are_float64_so_194_times_0_1_rounds_down() -> None:
    assert 194 * 0.1 == 19.400000000000002
    assert carve_partition(194, train_ratio=0.1, val_ratio=0.1, test_ratio=0.1)[:3] == (19, 19, 19)


RATIO_GRID = [r / 20 for r in range(21)]


@pytest.mark.parametrize("n", [2, 3, 5, 7, 10, 33, 97, 194])
def test_carve_never_exceeds_n_never_goes_negative_and_uses_every_row_of_a_whole_split(n: int) -> None:
    for train_ratio, val_ratio in itertools.product(RATIO_GRID, repeat=2):
        for test_ratio in {round(1.0 - train_ratio - val_ratio, 10), 0.0, 0.1}:
            if test_ratio < 0 or train_ratio + val_ratio + test_ratio > 1.0:
                continue
            part = carve_partition(n, train_ratio=train_ratio, val_ratio=val_ratio, test_ratio=test_ratio)
            assert min(part) >= 0 and part.total <= n and part.rows_required == n
            if abs(train_ratio + val_ratio + test_ratio - 1.0) < 1e-9:
                assert part.total == n
            else:
                assert part.n_train == round(n * train_ratio)  # train is never trimmed


def test_partition_counts_reads_only_the_knobs_of_its_mode() -> None:
    knobs = {"train_ratio": 0.5, "val_ratio": 0.25, "test_ratio": 0.25, "val_percent": 10.0, "test_percent": 20.0}
    assert partition_counts("additive", 40, **knobs) == Partition(40, 4, 8, 52)
    assert partition_counts("carve", 40, **knobs) == Partition(20, 10, 10, 40)


@pytest.mark.parametrize("mode", ["Carve", "fixed", ""])
def test_partition_counts_refuses_an_unknown_mode_naming_it_and_the_allowed_ones(mode: str) -> None:
    knobs = {"train_ratio": 0.8, "val_ratio": 0.0, "test_ratio": 0.2, "val_percent": 40.0, "test_percent": 30.0}
    with pytest.raises(ValueError, match=f"sizing_mode = '{mode}'; allowed: one of additive, carve"):
        partition_counts(mode, 10, **knobs)


@pytest.mark.parametrize(
    ("rows", "units", "expected"),
    [(330, 2, 165), (340, 4, 85), (170, 4, 43), (56, 3, 19), (35, 3, 12), (19999, 2, 10000), (7, 1, 7), (0, 3, 0)],
)
def test_per_unit_count_is_the_ceiling_so_the_surplus_is_below_one_unit(rows: int, units: int, expected: int) -> None:
    k = per_unit_count(rows, units)
    assert k == expected and type(k) is int
    assert 0 <= units * k - rows < units


def test_per_unit_count_is_exact_beyond_float_precision() -> None:
    assert per_unit_count(2**60 + 1, 2) == 2**59 + 1


@pytest.mark.parametrize("units", [0, -1])
def test_per_unit_count_refuses_fewer_than_one_unit(units: int) -> None:
    with pytest.raises(ValueError, match=f"units = {units}; allowed: an integer >= 1"):
        per_unit_count(10, units)


def test_partition_indices_cut_one_fresh_permutation_of_every_generated_row(seed: int) -> None:
    part = additive_partition(25, val_percent=40.0, test_percent=30.0)  # 25 + 10 + 8 = 43 of 44 rows (4 units)
    n_generated = 4 * per_unit_count(part.rows_required, 4)
    train, val, test = partition_indices(n_generated, part, seed=seed, shuffle=True)
    order = np.random.default_rng(seed).permutation(n_generated)
    np.testing.assert_array_equal(np.concatenate([train, val, test]), order[: part.total])
    assert (len(train), len(val), len(test)) == (25, 10, 8)
    assert train.dtype == np.int64


def test_partition_indices_without_shuffle_are_consecutive_generation_rows() -> None:
    part = carve_partition(10, train_ratio=0.5, val_ratio=0.2, test_ratio=0.2)
    assert [ix.tolist() for ix in partition_indices(10, part, seed=3, shuffle=False)] == [
        [0, 1, 2, 3, 4], [5, 6], [7, 8]]  # fmt: skip


def test_partition_indices_equal_the_0_4_split_when_validation_is_empty(seed: int) -> None:
    for n in (7, 100, 194):
        train, val, test = partition_indices(n, carve_partition(n, train_ratio=0.8, val_ratio=0.0, test_ratio=0.2),
                                             seed=seed, shuffle=True)
        old_train, old_test = split_indices(n, train_ratio=0.8, test_ratio=0.2, seed=seed, shuffle=True)
        np.testing.assert_array_equal(train, old_train)
        np.testing.assert_array_equal(test, old_test)
        assert val.size == 0


def test_partition_indices_refuse_a_partition_larger_than_the_generated_rows() -> None:
    with pytest.raises(ValueError, match="a partition of 340 rows cannot be cut from 200 generated rows"):
        partition_indices(200, additive_partition(200), seed=1, shuffle=True)


def test_the_split_vocabulary_maps_val_to_hugging_faces_validation_and_back() -> None:
    assert split_names.array_splits(False) == split_names.TWO_WAY == ("train", "test", "full")
    assert split_names.array_splits(True) == split_names.THREE_WAY == ("train", "val", "test", "full")
    held_out = split_names.partitions(split_names.THREE_WAY)
    assert [split_names.hf_name(s) for s in held_out] == ["train", "validation", "test"]
    assert all(split_names.array_split(split_names.hf_name(s)) == s for s in split_names.THREE_WAY)


@pytest.mark.parametrize(
    ("n", "train_ratio", "test_ratio"), [(10, 0.8, 0.2), (7, 0.5, 0.5), (5, 0.5, 0.5), (0, 1.0, 0.0)]
)
def test_the_two_way_partition_cut_picks_exactly_the_rows_of_the_0_4_split(
    n: int, train_ratio: float, test_ratio: float
) -> None:
    part = split.two_way_partition(n, train_ratio=train_ratio, test_ratio=test_ratio)
    train, val, test = partition_indices(n, part, seed=4, shuffle=True)
    old_train, old_test = split_indices(n, train_ratio=train_ratio, test_ratio=test_ratio, seed=4, shuffle=True)
    assert val.size == 0
    np.testing.assert_array_equal(train, old_train)
    np.testing.assert_array_equal(test, old_test)
