"""The one train/test split every generator shares (JuniperData 0.4 semantics)."""

from __future__ import annotations

import numpy as np


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
