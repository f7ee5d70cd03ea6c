"""NPZ: the six arrays in a fixed key order, byte-deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.dataset import ARRAY_KEYS


def write_npz(path: Path, arrays: Mapping[str, np.ndarray], *, compress: bool = False) -> None:
    """Write the contract arrays to ``path``: ``ARRAY_KEYS`` first, then any extras in mapping order.

    numpy writes zip entries with a fixed timestamp, so equal arrays give equal
    bytes (tests/artifacts check it). ``compress`` trades ~10x write time for
    ~2x smaller one-hot data.
    """
    save: Any = np.savez_compressed if compress else np.savez
    with open(path, "wb") as handle:
        keys = list(ARRAY_KEYS) + [k for k in arrays if k not in ARRAY_KEYS]
        save(handle, **{key: np.ascontiguousarray(arrays[key]) for key in keys})


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """Read every array of an NPZ; never unpickles."""
    with np.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}
