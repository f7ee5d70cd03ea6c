"""Chunked builds: datasets larger than memory, written straight to their artifacts.

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

import os
import shutil
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.scale.plan import DEFAULT_BLOCK_SIZE, ChunkPlan

#: Rows of each split the card sees (a preview; counts come from the metadata).
PREVIEW_ROWS = 10_000


def build_chunked(
    generator: str,
    folder: str | os.PathLike[str],
    *,
    block_size: int = DEFAULT_BLOCK_SIZE,
    engine: str = "auto",
    workers: int = 1,
    address: str | None = None,
    progress: str = "auto",
    formats: Sequence[str] = ("npz", "parquet"),
    compress: bool = False,
    parquet_compression: str = "snappy",
    card: bool = True,
    name: str | None = None,
    tags: list[str] | None = None,
    expires: str | None = None,
    timings: dict[str, float] | None = None,
    **params: Any,
) -> Path:
    """Build a dataset in chunks, in bounded memory, into ``folder`` (replaced atomically).

    A shorthand for :func:`juniper_data.build.build` of a spec with ``block_size``.

    Parameters
    ----------
    generator : str
        A generator with a chunked form (spiral, xor, circles, checkerboard, gaussian).
    folder : path
        The dataset folder (layout as :func:`juniper_data.write_dataset`).
    block_size : int
        Rows per block; recorded in the recipe (``recipe["chunking"]``) since
        multi-block arrays depend on it. A recipe of at most ``block_size`` rows
        has exactly the arrays of ``juniper_data.generate``.
    engine : {'auto', 'serial', 'joblib', 'dask'}
        Who runs the blocks (see :mod:`juniper_data.scale.engine`); never changes the bytes.
    workers : int
        Worker processes (``joblib``, or a local ``dask`` cluster).
    address : str, optional
        A dask scheduler (``tcp://host:8786``); default ``$DASK_SCHEDULER_ADDRESS``.
    progress : {'auto', 'always', 'never'}
        Progress lines on stderr; ``auto`` draws only on a terminal outside CI.
    formats, compress, parquet_compression, card
        As :func:`juniper_data.write_dataset`.
    name, tags, expires
        Catalog fields, as ``Dataset.annotate``.
    timings : dict, optional
        Filled with the seconds each phase took (``generate``, ``shuffle``, ``write``).
    **params
        The generator's parameters; in-memory caps are lifted.

    Returns
    -------
    Path
        ``folder``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from juniper_data import read_dataset
    >>> out = build_chunked("xor", pathlib.Path(tempfile.mkdtemp()) / "x", block_size=64,
    ...                     n_points_per_quadrant=50, seed=1, card=False)
    >>> ds = read_dataset(out)
    >>> ds["X_full"].shape, ds.meta["recipe"]["chunking"]
    ((200, 2), {'block_size': 64})
    """
    from juniper_data.build import BuildSpec, build
    from juniper_data.scale.engine import make_engine

    spec = BuildSpec(
        generator,
        params,
        block_size=block_size,
        name=name,
        tags=tuple(tags or ()),
        expires=expires,
        formats=tuple(formats),
        compress=compress,
        parquet_compression=parquet_compression,
        card=card,
    )
    spec.resolve()  # bad recipes are refused before any worker starts
    with make_engine(engine, workers, address) as runner:
        build(spec, folder, runner=runner, progress=progress, timings=timings)
    return Path(folder)


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
        meta = _meta(plan, hashes=full_hashes.hashes(), counts={"train": train, "test": test, "full": full})
        meta = _annotate(meta, {"name": spec.name, "tags": list(spec.tags), "expires": spec.expires})
        pieces = 2 * (plan.n_blocks + sum(1 for s in ("train", "test") for _ in streams.split_pieces(job, s)))
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
