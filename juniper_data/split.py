"""The one split every generator shares (its names: :mod:`juniper_data.split_names`).

Two sizings live here, as pure functions of counts and seeds:

* JuniperData 0.4's train/test split (:func:`split_sizes`, :func:`split_indices`), what every
  recipe without a sizing mode gets;
* JuniperData 0.17's three-way train/validation/test partition (SPEC-0.17 §1.4-1.6):
  :func:`additive_partition` and :func:`carve_partition` count the rows,
  :func:`per_unit_count` says how large a generator's size knob must be to make them, and
  :func:`partition_indices` picks them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: The sizing modes of JuniperData 0.17 (case-sensitive).
SIZING_MODES = ("additive", "carve")

#: How close to 1 the carve ratios must sum for test to take the rounding remainder.
WHOLE_TOLERANCE = 1e-9


def split_sizes(n: int, train_ratio: float, test_ratio: float) -> tuple[int, int]:
    """Row counts of train and test for ``n`` rows.

    ``round`` is numpy's half-to-even; if the two exceed ``n`` the test set
    shrinks to fit. Rows past ``n_train + n_test`` are dropped.

    Examples
    --------
    >>> split_sizes(5, 0.5, 0.5)
    (2, 2)
    >>> split_sizes(3, 0.5, 0.5)
    (2, 1)
    """
    n_train = int(np.round(n * train_ratio))
    n_test = int(np.round(n * test_ratio))
    if n_train + n_test > n:
        n_test = n - n_train
    return n_train, n_test


def split_indices(
    n: int, *, train_ratio: float, test_ratio: float, seed: int | None, shuffle: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (into the generation-order arrays) of the train and test sets.

    The shuffle uses a *fresh* ``default_rng(seed).permutation(n)``, independent
    of the stream that generated the rows.

    Returns
    -------
    train, test : ndarray of shape (n_train,) and (n_test,), int64

    Examples
    --------
    >>> train, test = split_indices(10, train_ratio=0.8, test_ratio=0.2, seed=0, shuffle=False)
    >>> train.tolist(), test.tolist()
    ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])
    """
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    n_train, n_test = split_sizes(n, train_ratio, test_ratio)
    return order[:n_train], order[n_train : n_train + n_test]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Float32 one-hot matrix of shape (n, n_classes) with exactly one 1.0 per row.

    Examples
    --------
    >>> one_hot(np.array([1, 0]), 3).tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    """
    # Rows of the identity: one sequential gather, no scatter, no index array.
    return np.eye(n_classes, dtype=np.float32).take(labels, axis=0)


class Partition(NamedTuple):
    """Row counts of a three-way partition, and how many rows must be generated for it.

    Attributes
    ----------
    n_train, n_val, n_test : int
        Rows of each split.
    rows_required : int
        Rows the generator must produce before the cut (``G_req``): the partition's total
        in additive mode, the native ``N`` in carve mode (uncovered rows are generated and
        then discarded with the shuffled tail).
    """

    n_train: int
    n_val: int
    n_test: int
    rows_required: int

    @property
    def total(self) -> int:
        """``n_train + n_val + n_test``, what JuniperData 0.17 reports as ``n_samples``."""
        return self.n_train + self.n_val + self.n_test


def two_way_partition(n: int, *, train_ratio: float, test_ratio: float) -> Partition:
    """JuniperData 0.4's train/test split of ``n`` rows (:func:`split_sizes`) as a :class:`Partition`, no validation.

    Cut by :func:`partition_indices`, it picks exactly the rows :func:`split_indices` picks.

    Examples
    --------
    >>> two_way_partition(7, train_ratio=0.5, test_ratio=0.5)
    Partition(n_train=4, n_val=0, n_test=3, rows_required=7)
    """
    n_train, n_test = split_sizes(n, train_ratio, test_ratio)
    return Partition(n_train, 0, n_test, n)


def _round_half_even(value: float) -> int:
    """``numpy.round`` of a float64, as an int (``2.5 -> 2``, ``3.5 -> 4``)."""
    return int(np.round(value))


def additive_partition(n_train: int, *, val_percent: float = 40.0, test_percent: float = 30.0) -> Partition:
    """Counts of JuniperData 0.17's ``additive`` mode: the size knob is the train count.

    Validation and test are extra rows, sized in float64 as a percentage of train,
    multiplying before dividing: ``n_val = round((n_train * val_percent) / 100.0)``
    (half to even), the same for test; all of them are generated.

    Parameters
    ----------
    n_train : int
        The rows the generator's size knob describes (``N`` of SPEC-0.17 §1.4).
    val_percent, test_percent : float
        Percentages of ``n_train``; 0.17's defaults are 40 and 30.

    Returns
    -------
    Partition
        ``rows_required`` is the partition's total.

    Examples
    --------
    >>> additive_partition(194)  # spiral {}: R(77.6) = 78, R(58.2) = 58
    Partition(n_train=194, n_val=78, n_test=58, rows_required=330)
    >>> additive_partition(150, val_percent=25, test_percent=15)  # R(37.5) = 38, R(22.5) = 22
    Partition(n_train=150, n_val=38, n_test=22, rows_required=210)
    """
    n_val = _round_half_even((n_train * val_percent) / 100.0)
    n_test = _round_half_even((n_train * test_percent) / 100.0)
    return Partition(n_train, n_val, n_test, n_train + n_val + n_test)


def carve_partition(n: int, *, train_ratio: float, val_ratio: float, test_ratio: float) -> Partition:
    """Counts of JuniperData 0.17's ``carve`` mode: ``n`` fixed rows divided by ratios.

    Each split starts as ``round(n * ratio)`` (float64 product, half to even). When the
    ratios sum to 1 (within :data:`WHOLE_TOLERANCE`, added left to right) test takes the
    remainder ``n - n_train - n_val`` instead; a negative remainder becomes 0 and the
    shortfall is taken from validation, then from train. Otherwise, rows past ``n`` are
    trimmed from test first, then from validation; train is never trimmed.

    Parameters
    ----------
    n : int
        The rows the generator's size knob describes (``N``).
    train_ratio, val_ratio, test_ratio : float
        Shares of ``n``, each in [0, 1], summing to at most 1 (checked by the parameters,
        not here).

    Returns
    -------
    Partition
        ``rows_required`` is ``n``: a carve invents no rows.

    Examples
    --------
    >>> carve_partition(194, train_ratio=0.8, val_ratio=0.1, test_ratio=0.1)  # test takes 194 - 155 - 19
    Partition(n_train=155, n_val=19, n_test=20, rows_required=194)
    >>> carve_partition(5, train_ratio=0.7, val_ratio=0.3, test_ratio=0.0)  # 4 + 2 > 5: val gives one back
    Partition(n_train=4, n_val=1, n_test=0, rows_required=5)
    >>> carve_partition(6, train_ratio=0.42, val_ratio=0.42, test_ratio=0.15)  # 3 + 3 + 1 > 6: test trimmed
    Partition(n_train=3, n_val=3, n_test=0, rows_required=6)
    """
    n_train = _round_half_even(n * train_ratio)
    n_val = _round_half_even(n * val_ratio)
    n_test = _round_half_even(n * test_ratio)
    if abs(train_ratio + val_ratio + test_ratio - 1.0) < WHOLE_TOLERANCE:
        n_test = n - n_train - n_val
        if n_test < 0:
            shortfall, n_test = -n_test, 0
            from_val = min(shortfall, n_val)
            n_val -= from_val
            n_train -= shortfall - from_val
    excess = n_train + n_val + n_test - n
    if excess > 0:
        from_test = min(excess, n_test)
        n_test -= from_test
        n_val -= min(excess - from_test, n_val)
    return Partition(n_train, n_val, n_test, n)


def partition_counts(
    sizing_mode: str,
    n: int,
    *,
    train_ratio: float,
    val_ratio: float,
    test_ratio: float,
    val_percent: float,
    test_percent: float,
) -> Partition:
    """The :class:`Partition` of ``sizing_mode``: each mode reads only its own knobs.

    Raises
    ------
    ValueError
        For a mode other than those of :data:`SIZING_MODES`.

    Examples
    --------
    >>> knobs = dict(train_ratio=0.8, val_ratio=0.0, test_ratio=0.2, val_percent=40.0, test_percent=30.0)
    >>> partition_counts("additive", 200, **knobs).total, partition_counts("carve", 200, **knobs).total
    (340, 200)
    """
    if sizing_mode == "additive":
        return additive_partition(n, val_percent=val_percent, test_percent=test_percent)
    if sizing_mode == "carve":
        return carve_partition(n, train_ratio=train_ratio, val_ratio=val_ratio, test_ratio=test_ratio)
    raise ValueError(f"sizing_mode = {sizing_mode!r}; allowed: one of {', '.join(SIZING_MODES)}")


def per_unit_count(rows_required: int, units: int) -> int:
    """The size knob ``k' = ceil(rows_required / units)`` that generates at least ``rows_required`` rows.

    ``units`` is how many equal blocks a generator's size knob multiplies: arms of a
    spiral, the 4 quadrants of xor, classes of gaussian, 1 for a knob that counts rows.
    The ``units * k' - rows_required`` surplus rows (fewer than ``units``) are generated,
    shuffled with the rest and dropped from the tail.

    Examples
    --------
    >>> per_unit_count(330, 2)  # spiral {}: 97 per arm becomes 165
    165
    >>> per_unit_count(170, 4)  # xor with 25 per quadrant: 43 per quadrant, 2 rows surplus
    43
    >>> per_unit_count(340, 1)
    340
    """
    if units < 1:
        raise ValueError(f"units = {units}; allowed: an integer >= 1")
    return -(-rows_required // units)  # integer ceiling: exact at any size, unlike a float division


def partition_indices(
    n_generated: int, partition: Partition, *, seed: int | None, shuffle: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices (into the generation-order arrays) of train, validation and test.

    One *fresh* ``default_rng(seed).permutation(n_generated)`` over every generated row,
    surplus included (independent of the stream that generated them), cut into contiguous
    slices: train ``[0, a)``, validation ``[a, a + b)``, test ``[a + b, a + b + c)``; the
    rest is discarded. Without shuffling the slices are of the generation order.

    Returns
    -------
    train, val, test : ndarray of shape (n_train,), (n_val,), (n_test,), int64

    Raises
    ------
    ValueError
        If the partition needs more rows than were generated.

    Examples
    --------
    >>> part = carve_partition(10, train_ratio=0.6, val_ratio=0.2, test_ratio=0.2)
    >>> [ix.tolist() for ix in partition_indices(10, part, seed=None, shuffle=False)]
    [[0, 1, 2, 3, 4, 5], [6, 7], [8, 9]]
    >>> train, val, test = partition_indices(10, part, seed=0, shuffle=True)
    >>> np.array_equal(np.concatenate([train, val, test]), np.random.default_rng(0).permutation(10))
    True
    """
    if partition.total > n_generated:
        raise ValueError(f"a partition of {partition.total} rows cannot be cut from {n_generated} generated rows")
    order = np.random.default_rng(seed).permutation(n_generated) if shuffle else np.arange(n_generated)
    a, b = partition.n_train, partition.n_train + partition.n_val
    return order[:a], order[a:b], order[b : partition.total]
