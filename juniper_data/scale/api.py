"""``build_chunked``: a chunked build in one call (a :class:`~juniper_data.build.BuildSpec` with a block size)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from juniper_data.scale.plan import DEFAULT_BLOCK_SIZE


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
    from juniper_data.build.run import build
    from juniper_data.build.spec import BuildSpec
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
