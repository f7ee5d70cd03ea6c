"""What the one writer writes from: a dataset's arrays as pieces, held in memory or streamed.

The writer (:func:`juniper_data.artifacts.writer.write_dataset`) never asks how
the arrays were made. It takes an :class:`ArraySource`: the metadata, every
array as C-order pieces, every split's rows as Parquet-sized pieces, and a
small in-memory preview for the card. A :class:`~juniper_data.dataset.Dataset`
is a source of one piece per array (:class:`InMemorySource`); a chunked build
(``juniper_data.scale``) is a source whose pieces are read from its work files.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import numpy as np

from juniper_data.dataset import Dataset, array_keys
from juniper_data.split_names import splits_of


class ArraySource(Protocol):
    """A dataset to write, array by array and piece by piece.

    Attributes
    ----------
    meta : dict
        The ``meta.json`` content; ``meta["hashes"]`` may lack keys the writer
        should compute while it streams them.
    """

    meta: dict[str, Any]

    def shape(self, key: str) -> tuple[int, ...]:
        """Shape of array ``key``."""

    def dtype(self, key: str) -> np.dtype:
        """Dtype of array ``key``."""

    def pieces(self, key: str) -> Iterator[np.ndarray]:
        """Array ``key`` as C-order pieces along its first axis."""

    def split_pieces(self, split: str) -> Iterator[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]]:
        """Rows of array split ``split`` (``train``, ``val``, ``test``) as ``(X, labels, {extra: values})`` pieces."""

    def preview(self) -> Dataset:
        """A small in-memory dataset (with this ``meta``) for the card's plot."""


def keys(meta: dict[str, Any]) -> list[str]:
    """Every array key of a source, in file order."""
    return array_keys(meta.get("extras", ()), splits_of(meta))


class InMemorySource:
    """A :class:`Dataset` as an :class:`ArraySource`: one piece per array.

    Examples
    --------
    >>> from juniper_data import generate
    >>> source = InMemorySource(generate("xor", n_points_per_quadrant=4, seed=0))
    >>> source.shape("X_train"), [p.shape for p in source.pieces("y_full")]
    ((13, 2), [(16, 2)])
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.meta = dict(dataset.meta)

    def shape(self, key: str) -> tuple[int, ...]:
        return tuple(self.dataset[key].shape)

    def dtype(self, key: str) -> np.dtype:
        return self.dataset[key].dtype

    def pieces(self, key: str) -> Iterator[np.ndarray]:
        yield np.ascontiguousarray(self.dataset[key])

    def split_pieces(self, split: str) -> Iterator[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]]:
        ds = self.dataset
        yield ds[f"X_{split}"], ds.labels(split), {name: ds[f"{name}_{split}"] for name in ds.extras}

    def preview(self) -> Dataset:
        return Dataset(self.dataset, self.meta)
