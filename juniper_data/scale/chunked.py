"""Chunked builds: datasets larger than memory, written straight to their artifacts.

:func:`build_plan` is the chunked half of the one build path (``juniper_data.build.build``
calls it for a spec with a ``block_size``); :func:`juniper_data.scale.build_chunked`
(``juniper_data/scale/api.py``) is the shorthand for such a spec.

A build runs in three phases over the work units of :mod:`juniper_data.scale.tasks`:

1. *generate*: each block makes its rows and sorts the kept ones by shuffle bucket;
2. *shuffle*: each bucket gathers its rows from every block, in shuffled order;
3. *write*: the NPZ (byte-identical to ``np.savez`` of the same arrays) and the
   Parquet splits are streamed from those files, hashing as they go.

Memory is bounded by a few blocks per process, whatever the dataset size;
disk holds about twice the artifacts while building. The dataset folder is
assembled in a temporary folder and renamed into place, as every build is.
"""

from __future__ import annotations

import shutil
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.scale.plan import ChunkPlan
from juniper_data.split_names import FULL, TEST, TRAIN, TWO_WAY, partitions

#: Rows of each split the card sees (a preview; counts come from the metadata).
PREVIEW_ROWS = 10_000


def build_plan(
    plan: ChunkPlan,
    spec: Any,
    folder: Path,
    *,
    runner: Any = None,
    progress: str = "never",
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Run the three phases of ``plan`` (on ``runner``) and write the dataset through the one writer.

    The work files live in a temporary folder beside ``folder`` (removed at the end,
    or by the next writer there if this process is killed).
    """
    from juniper_data.artifacts.atomic import temporary_name
    from juniper_data.artifacts.meta import read_meta
    from juniper_data.artifacts.writer import write_dataset
    from juniper_data.scale import streams
    from juniper_data.scale.engine import SerialEngine
    from juniper_data.scale.progress import Progress
    from juniper_data.scale.tasks import Job, make_block, place_bucket

    runner = runner or SerialEngine()
    clock = _Stopwatch(timings)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = folder.parent / temporary_name(folder, "tmp")
    work.mkdir()
    try:
        job = Job(plan, str(work))
        full = np.zeros(plan.n_classes, dtype=np.int64)
        full_hashes = streams.FullHashes(job)
        bar = Progress("generate", plan.n_blocks, plan.n_rows, unit="blocks", mode=progress)
        for report in runner.imap(partial(make_block, job), range(plan.n_blocks)):
            full += report["counts"]
            full_hashes.add(report["block"])  # in order, while workers make the next blocks
            bar.advance(report["rows"])
        bar.close()
        clock.lap("generate")
        train, test = np.zeros_like(full), np.zeros_like(full)
        bar = Progress("shuffle", plan.n_buckets, plan.n_used, unit="buckets", mode=progress)
        for report in runner.imap(partial(place_bucket, job), range(plan.n_buckets)):
            train += report["train_counts"]
            test += report["test_counts"]
            bar.advance(report["rows"])
        bar.close()
        for block in range(plan.n_blocks):  # placed: free their disk (and page cache) for the artifacts
            job.path("moves", block).unlink()
        clock.lap("shuffle")
        meta = _meta(plan, hashes=full_hashes.hashes(), counts={TRAIN: train, TEST: test, FULL: full})
        meta = _annotate(meta, {"name": spec.name, "tags": list(spec.tags), "expires": spec.expires})
        pieces = 2 * (plan.n_blocks + sum(1 for s in partitions(TWO_WAY) for _ in streams.split_pieces(job, s)))
        bar = Progress("write", pieces, 2 * (plan.n_rows + plan.n_used), unit="pieces", mode=progress)
        write_dataset(
            streams.ChunkedSource(job, meta),
            folder,
            formats=spec.formats,
            compress=spec.compress,
            parquet_compression=spec.parquet_compression,
            card=spec.card,
            registry_url=spec.registry_url,
            license=spec.license,
            runner=runner,
            on_rows=bar.advance,
        )
        bar.close()
        clock.lap("write")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return read_meta(folder)


class _Stopwatch:
    """Seconds per phase into ``timings`` (when given)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = now - self.last
        self.last = now


def _meta(plan: ChunkPlan, *, hashes: dict[str, str], counts: dict[str, np.ndarray]) -> dict[str, Any]:
    from juniper_data.dataset import ARRAY_KEYS, build_meta

    names = list(plan.class_names)
    return build_meta(
        plan.recipe,
        names,
        shapes={key: list(plan.shape(key)) for key in ARRAY_KEYS},
        dtypes={key: "float32" for key in ARRAY_KEYS},
        hashes=hashes,
        class_distribution={
            split: {name: int(n) for name, n in zip(names, c, strict=True)} for split, c in counts.items()
        },
    )


def _annotate(meta: dict[str, Any], catalog: dict[str, Any]) -> dict[str, Any]:
    """The catalog fields set exactly as ``Dataset.annotate`` sets them."""
    from juniper_data.dataset import ARRAY_KEYS, Dataset

    empty = {key: np.zeros((0, 0), np.float32) for key in ARRAY_KEYS}
    expires = catalog.get("expires")
    return Dataset(empty, meta).annotate(
        name=catalog.get("name") or None,
        tags=None if catalog.get("tags") is None else list(catalog["tags"]),
        expires=None if expires is None else str(expires),
    ).meta
