"""The chunked form of a generator: any block of its rows from the block's own stream.

A chunked build (``juniper_data.scale``) cuts the generation order into blocks
of ``block_size`` rows. Block ``k`` covers rows ``[k * block_size, ...)`` and
draws only from :func:`block_rng` ``(seed, k)``, so a block's rows depend on the
recipe and ``k`` alone: never on which worker makes it, nor in which order.
A generator opts in by giving its :class:`~juniper_data.generators.registry.GeneratorSpec`
a :class:`BlockForm`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np


class Layout(NamedTuple):
    """Shape of a recipe's rows, known before any is generated."""

    n_rows: int
    n_features: int
    class_names: tuple[str, ...]


@dataclass(frozen=True)
class BlockForm:
    """How a generator makes the rows ``[start, stop)`` of its generation order.

    Attributes
    ----------
    layout : callable ``(params) -> Layout``
    generate : callable ``(params, start, stop, rng) -> (X, labels)``
        ``X`` of shape (stop - start, n_features), float32; ``labels`` of shape
        (stop - start,), of :func:`label_dtype` (a block's labels are 8x smaller
        than int64, which is measurable at 1e8 rows). Every draw comes from
        ``rng``, in an order the generator documents.
    refuse : callable ``(params) -> str | None``
        Why these parameters have no multi-block form (``None``: they have one).
    """

    layout: Callable[[Any], Layout]
    generate: Callable[[Any, int, int, np.random.Generator], tuple[np.ndarray, np.ndarray]]
    refuse: Callable[[Any], str | None] = lambda params: None


def block_rng(seed: int, block: int) -> np.random.Generator:
    """PCG64 stream of block ``block``: ``default_rng(SeedSequence(seed, spawn_key=(block,)))``.

    Examples
    --------
    >>> float(block_rng(42, 0).random()) != float(block_rng(42, 1).random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


def class_segments(start: int, stop: int, bounds: Sequence[int]) -> Iterator[tuple[int, int, int]]:
    """``(class, lo, hi)`` for each class present in rows ``[start, stop)``.

    ``bounds`` are the first rows of each class plus the total (``[0, n0, n0 + n1, ...]``);
    ``lo, hi`` are indices *within the class* (rows ``bounds[class] + lo ...``).

    Examples
    --------
    >>> list(class_segments(3, 9, [0, 5, 10]))
    [(0, 3, 5), (1, 0, 4)]
    """
    for cls in range(len(bounds) - 1):
        lo, hi = max(start, bounds[cls]), min(stop, bounds[cls + 1])
        if lo < hi:
            yield cls, lo - bounds[cls], hi - bounds[cls]


def label_dtype(n_classes: int) -> np.dtype:
    """The smallest unsigned integer dtype holding labels ``0 .. n_classes - 1``.

    Examples
    --------
    >>> label_dtype(2), label_dtype(300)
    (dtype('uint8'), dtype('uint16'))
    """
    return np.min_scalar_type(max(n_classes - 1, 0))


def row_classes(start: int, stop: int, bounds: Sequence[int]) -> np.ndarray:
    """Class of each row in ``[start, stop)``, shape (stop - start,), of :func:`label_dtype`."""
    labels = np.empty(stop - start, dtype=label_dtype(len(bounds) - 1))
    at = 0
    for cls, lo, hi in class_segments(start, stop, bounds):
        labels[at : at + hi - lo] = cls
        at += hi - lo
    return labels


def equal_bounds(n_classes: int, per_class: int) -> list[int]:
    """``bounds`` for ``n_classes`` consecutive classes of ``per_class`` rows each."""
    return [cls * per_class for cls in range(n_classes + 1)]
