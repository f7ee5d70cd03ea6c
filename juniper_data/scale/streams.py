"""Stream a chunked build's work files into the artifacts, and verify artifacts by streaming.

Every array reaches the NPZ (and Parquet) in pieces of at most one block, and
its sha256 is computed on the same pieces: the C-order bytes of the whole
array, equal to :func:`juniper_data.recipe.array_hash` of it.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.scale.tasks import Job, read_at
from juniper_data.split import one_hot

READ_BYTES = 1 << 24
#: Rows of each split the card sees (a preview; counts come from the metadata).
PREVIEW_ROWS = 10_000


def split_pieces(job: Job, split: str) -> Iterator[tuple[int, int, int]]:
    """``(bucket, first, last)``: rows ``first:last`` of bucket files that make ``split``, in order."""
    plan = job.plan
    lo, hi = (0, plan.n_train) if split == "train" else (plan.n_train, plan.n_used)
    for bucket in range(lo // plan.block_size, -(-hi // plan.block_size)):
        start, stop = plan.bucket_rows(bucket)
        if max(lo, start) < min(hi, stop):
            yield bucket, max(lo, start) - start, min(hi, stop) - start


def read_rows(job: Job, kind: str, index: int, region: str, first: int, last: int) -> np.ndarray:
    """Rows ``first:last`` of ``X``, ``labels`` or one-hot ``y`` of work file ``kind-index``."""
    plan = job.plan
    if region == "y":
        return one_hot(read_rows(job, kind, index, "labels", first, last), plan.n_classes)
    rows = (plan.block_rows if kind == "full" else plan.bucket_rows)(index)
    f = plan.n_features
    with open(job.path(kind, index), "rb") as handle:
        if region == "X":
            return read_at(handle, np.float32, (last - first) * f, 4 * f * first).reshape(last - first, f)
        base = 4 * f * (rows[1] - rows[0])
        return read_at(handle, plan.label_dtype, last - first, base + plan.label_dtype.itemsize * first)


def member_pieces(job: Job, key: str) -> Iterator[np.ndarray]:
    """Array ``key`` (``X_train`` ... ``y_full``) in C-order pieces of at most one block."""
    region, split = key.split("_", 1)
    if split == "full":
        for block in range(job.plan.n_blocks):
            start, stop = job.plan.block_rows(block)
            yield read_rows(job, "full", block, region, 0, stop - start)
    else:
        for bucket, first, last in split_pieces(job, split):
            yield read_rows(job, "bucket", bucket, region, first, last)


class FullHashes:
    """sha256 of ``X_full`` and ``y_full``, fed block by block in order (while later blocks are made)."""

    def __init__(self, job: Job):
        self.job, self.x, self.y = job, hashlib.sha256(), hashlib.sha256()

    def add(self, block: int) -> None:
        start, stop = self.job.plan.block_rows(block)
        self.x.update(read_rows(self.job, "full", block, "X", 0, stop - start).data)
        self.y.update(read_rows(self.job, "full", block, "y", 0, stop - start).data)

    def hashes(self) -> dict[str, str]:
        return {"X_full": f"sha256:{self.x.hexdigest()}", "y_full": f"sha256:{self.y.hexdigest()}"}


class ChunkedSource:
    """A chunked build's work files as an :class:`~juniper_data.artifacts.source.ArraySource` for the writer.

    Pieces are at most one block; it pickles small (a plan and a folder name), so
    engines can write the Parquet splits on their workers.
    """

    def __init__(self, job: Job, meta: dict[str, Any]):
        self.job, self.meta = job, meta

    def shape(self, key: str) -> tuple[int, int]:
        return self.job.plan.shape(key)

    def dtype(self, key: str) -> np.dtype:
        return np.dtype(np.float32)

    def pieces(self, key: str) -> Iterator[np.ndarray]:
        return member_pieces(self.job, key)

    def split_pieces(self, split: str) -> Iterator[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]]:
        plan, any_rows = self.job.plan, False
        for bucket, first, last in split_pieces(self.job, split):
            any_rows = True
            X = read_rows(self.job, "bucket", bucket, "X", first, last)
            yield X, read_rows(self.job, "bucket", bucket, "labels", first, last).astype(np.int64), {}
        if not any_rows:
            yield np.zeros((0, plan.n_features), np.float32), np.zeros(0, np.int64), {}

    def preview(self) -> Any:
        """The first :data:`PREVIEW_ROWS` shuffled rows of each split (full = train + test previews)."""
        from juniper_data.dataset import Dataset

        arrays: dict[str, np.ndarray] = {}
        for key in ("X_train", "y_train", "X_test", "y_test"):
            pieces, rows = [], 0
            for piece in member_pieces(self.job, key):
                pieces.append(piece[: PREVIEW_ROWS - rows])
                rows += pieces[-1].shape[0]
                if rows >= PREVIEW_ROWS:
                    break
            width = self.job.plan.shape(key)[1]
            arrays[key] = np.concatenate(pieces) if pieces else np.zeros((0, width), np.float32)
        arrays["X_full"] = np.concatenate([arrays["X_train"], arrays["X_test"]])
        arrays["y_full"] = np.concatenate([arrays["y_train"], arrays["y_test"]])
        return Dataset(arrays, self.meta)


def npz_member_hashes(path: str | Path, read_bytes: int = READ_BYTES) -> dict[str, dict[str, Any]]:
    """Shape, dtype and sha256 of every member of an NPZ, read in pieces (bounded memory).

    Examples
    --------
    >>> import io
    >>> from juniper_data.recipe import array_hash
    >>> a = np.arange(6, dtype=np.float32).reshape(3, 2); out = io.BytesIO(); np.savez(out, a=a)
    >>> npz_member_hashes(out)["a"]["hash"] == array_hash(a)
    True
    """
    found: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            with archive.open(name) as member:
                version = np.lib.format.read_magic(member)
                if version not in ((1, 0), (2, 0)):
                    raise ValueError(f"{path}: {name} has .npy format {version}; allowed: 1.0 or 2.0")
                read_header = getattr(np.lib.format, f"read_array_header_{version[0]}_0")
                shape, fortran, dtype = read_header(member)
                if fortran or dtype.hasobject:
                    raise ValueError(f"{path}: {name} is not a plain C-order array")
                digest = hashlib.sha256()
                while piece := member.read(read_bytes):
                    digest.update(piece)
            found[name.removesuffix(".npy")] = {
                "shape": list(shape),
                "dtype": str(dtype),
                "hash": f"sha256:{digest.hexdigest()}",
            }
    return found
