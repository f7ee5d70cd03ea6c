"""The two kinds of work unit of a chunked build, run by any engine.

``make_block(job, k)`` generates block ``k`` and writes, in the work folder,
its rows in generation order (``full-k``) and the rows the split keeps,
grouped by the shuffle bucket they land in (``moves-k``). ``place_bucket(job, b)``
reads bucket ``b``'s group from every ``moves-*`` file and puts each row at its
shuffled position (``bucket-b``). One-hot ``y`` is made from the labels only
when the artifacts are written (it takes 4 * n_classes bytes per row, a label 1).
Each unit writes only its own files and depends only on the plan, so any
engine, any number of workers and any completion order give the same files.
The work folder must be visible to every worker (a shared filesystem when the
engine spans machines).

File layouts (raw little-endian arrays, back to back)::

    full-k    X float32 (m, f) | labels (m,)
    moves-k   offsets int64 (n_buckets + 1) | position-in-bucket uint32 (r,) | X (r, f) | labels (r,)
    bucket-b  X float32 (n, f) | labels (n,)

Labels are of ``plan.label_dtype`` (uint8 for up to 256 classes).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.scale.plan import ChunkPlan


@dataclass(frozen=True)
class Job:
    """A plan and the work folder its units share."""

    plan: ChunkPlan
    work: str

    def path(self, kind: str, index: int) -> Path:
        return Path(self.work) / f"{kind}-{index:05d}.bin"


def block_arrays(plan: ChunkPlan, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows (float32) and labels (``plan.label_dtype``) of ``block``.

    A recipe of one block takes the in-memory generator verbatim, so its arrays
    equal ``juniper_data.generate``'s; otherwise block ``k`` draws from
    ``block_rng(seed, k)`` through the generator's block form.
    """
    from juniper_data.generators import registry
    from juniper_data.generators.blocks import block_rng

    spec = registry.get(plan.generator)
    if plan.n_blocks == 1:
        raw = spec.run(plan.params)
        return raw.X, raw.labels.astype(plan.label_dtype)
    assert spec.block is not None and plan.params.seed is not None
    start, stop = plan.block_rows(block)
    return spec.block.generate(plan.params, start, stop, block_rng(plan.params.seed, block))


def permutation(plan: ChunkPlan) -> Any:
    """``perm(rows) -> shuffled positions``: the in-memory split's for one block, else a Feistel bijection."""
    from juniper_data.scale.permutation import FeistelPermutation, Identity, InMemoryPermutation

    if not plan.params.shuffle:
        return Identity()
    if plan.n_blocks == 1:
        return InMemoryPermutation(plan.n_rows, plan.params.seed)
    assert plan.params.seed is not None
    return FeistelPermutation(plan.n_rows, plan.params.seed)


def make_block(job: Job, block: int) -> dict[str, Any]:
    """Generate block ``block``; write ``full-k`` and ``moves-k``; report its rows and class counts."""
    plan = job.plan
    X, labels = block_arrays(plan, block)
    with open(job.path("full", block), "wb") as handle:
        handle.write(X.data)
        handle.write(labels.data)
    start, stop = plan.block_rows(block)
    positions = permutation(plan)(np.arange(start, stop))
    kept = None
    if plan.n_used < plan.n_rows:  # the split drops rows
        kept = np.flatnonzero(positions < plan.n_used)
        positions = positions[kept]
    buckets, within = np.divmod(positions, plan.block_size)
    buckets = buckets.astype(np.min_scalar_type(plan.n_buckets))
    order = np.argsort(buckets, kind="stable")  # a radix sort for small integer types
    offsets = np.zeros(plan.n_buckets + 1, dtype=np.int64)
    np.cumsum(np.bincount(buckets, minlength=plan.n_buckets), out=offsets[1:])
    rows = order if kept is None else kept[order]
    with open(job.path("moves", block), "wb") as handle:
        handle.write(offsets.data)
        handle.write(within[order].astype(np.uint32).data)
        handle.write(take_rows(X, rows).data)
        handle.write(labels[rows].data)
    counts = np.bincount(labels, minlength=plan.n_classes)
    return {"block": block, "rows": stop - start, "counts": counts.tolist()}


def place_bucket(job: Job, bucket: int) -> dict[str, Any]:
    """Gather bucket ``bucket``'s rows from every block; write ``bucket-b``; report class counts per split."""
    plan = job.plan
    start, stop = plan.bucket_rows(bucket)
    f, size = plan.n_features, stop - start
    X = np.empty((size, f), dtype=np.float32)
    labels = np.empty(size, dtype=plan.label_dtype)
    rows, flat = row_view(X)
    placed = 0
    for block in range(plan.n_blocks):
        with open(job.path("moves", block), "rb") as handle:
            ends = read_at(handle, np.int64, 2, 8 * bucket)
            total = int(read_at(handle, np.int64, 1, 8 * plan.n_buckets)[0])
            first, count = int(ends[0]), int(ends[1] - ends[0])
            if count == 0:
                continue
            base = 8 * (plan.n_buckets + 1)
            where = read_at(handle, np.uint32, count, base + 4 * first)
            base += 4 * total
            rows[where] = read_at(handle, flat, count, base + 4 * f * first).view(rows.dtype)
            base += 4 * f * total
            labels[where] = read_at(handle, plan.label_dtype, count, base + labels.itemsize * first)
            placed += count
    if placed != size:
        raise RuntimeError(f"bucket {bucket}: {placed} rows placed, {size} expected (work folder damaged?)")
    with open(job.path("bucket", bucket), "wb") as handle:
        handle.write(X.data)
        handle.write(labels.data)
    n_train = max(0, min(stop, plan.n_train) - start)
    return {
        "bucket": bucket,
        "rows": size,
        "train_counts": np.bincount(labels[:n_train], minlength=plan.n_classes).tolist(),
        "test_counts": np.bincount(labels[n_train:], minlength=plan.n_classes).tolist(),
    }


def row_view(X: np.ndarray) -> tuple[np.ndarray, Any]:
    """``X`` (C-contiguous, 2-D) as a 1-D array of whole rows, and the dtype to read raw rows as.

    Gathers and scatters of whole rows are several times faster on one item per
    row (an 8-byte integer for two float32 features) than on a 2-D array.
    """
    width = X.shape[1] * X.itemsize
    item = {4: np.uint32, 8: np.uint64}.get(width, np.dtype((np.void, max(width, 1))))
    if width == 0:
        return np.empty(X.shape[0], dtype=item), np.dtype(item)
    return X.view(item).reshape(X.shape[0]), np.dtype(item)


def take_rows(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``X[rows]`` for a C-contiguous 2-D ``X``, through :func:`row_view`."""
    if X.shape[1] == 0:
        return np.empty((rows.shape[0], 0), dtype=X.dtype)
    view, _ = row_view(np.ascontiguousarray(X))
    return view[rows]


def read_at(handle: BufferedReader, dtype: Any, count: int, offset: int) -> np.ndarray:
    """``count`` items of ``dtype`` at byte ``offset`` of an open file."""
    out = np.empty(count, dtype=dtype)
    handle.seek(offset)
    if handle.readinto(out.data.cast("B")) != out.nbytes:
        raise RuntimeError(f"{handle.name}: truncated at byte {offset}")
    return out
