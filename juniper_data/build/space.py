"""Disk space: what a build will write, checked against the target file system before writing.

The estimate is an upper bound from the row counts alone: the NPZ holds
``X`` and one-hot ``y`` of train, test and full (float32), the Parquet splits
hold train and test features plus an int64 label (uncompressed), and the card
a preview image. A chunked build also needs its work files while it runs:
the generated rows, their shuffle moves and the shuffled buckets (about three
times the rows again), freed before the artifacts are streamed; the peak is
counted. Writes are atomic, so the old folder stays until the new one is
complete: its space is not counted as free.

Examples
--------
>>> estimate_bytes(10**6, 2, 2, n_kept=10**6) // 2**20   # 1e6 rows of 2-D, 2-class data: MiB
46
>>> estimate_bytes(10**6, 2, 2, n_kept=10**6, chunked=True) // 2**20   # plus the work files
76
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from juniper_data.build.spec import BuildError

#: Card text, preview image and metadata of one dataset, generously.
CARD_BYTES = 1 << 20
HEADER_BYTES = 1 << 12


def estimate_bytes(
    n_rows: int, n_features: int, n_classes: int, *, n_kept: int, parquet: bool = True, chunked: bool = False
) -> int:
    """Upper bound of the bytes a build writes (and, when ``chunked``, of its peak work files)."""
    row = 4 * (n_features + n_classes)
    npz = row * (n_rows + n_kept) + 16 * HEADER_BYTES
    tables = (4 * n_features + 8) * n_kept + 2 * HEADER_BYTES if parquet else 0
    work = (4 * n_features + 1) * (n_rows + 2 * n_kept) + 4 * n_kept if chunked else 0
    return npz + tables + work + CARD_BYTES


def free_bytes(folder: str | os.PathLike[str]) -> int:
    """Free bytes for an unprivileged writer on the file system that holds (or will hold) ``folder``."""
    path = Path(folder).absolute()
    while not path.exists():
        path = path.parent
    return shutil.disk_usage(path).free


def check_space(folder: str | os.PathLike[str], needed: int, what: str) -> None:
    """Raise :class:`BuildError` when the file system of ``folder`` has less than ``needed`` bytes free."""
    free = free_bytes(folder)
    if needed > free:
        raise BuildError(
            f"{what} needs about {_human(needed)} ({needed} bytes) but {folder} has only "
            f"{_human(free)} ({free} bytes) free; free space or build elsewhere (out_dir=...)"
        )


def _human(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} PiB"
