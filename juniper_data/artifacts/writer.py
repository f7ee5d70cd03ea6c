"""The one writer: a :class:`~juniper_data.dataset.Dataset` into a folder, atomically."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from juniper_data.artifacts.atomic import atomic_directory
from juniper_data.artifacts.meta import META_FILE, dumps_meta
from juniper_data.artifacts.npz import write_npz
from juniper_data.artifacts.parquet import (
    PARQUET_DIR,
    PARQUET_SPLITS,
    check_parquet_compression,
    dataset_table,
    write_split,
)
from juniper_data.dataset import Dataset

FORMATS = ("npz", "parquet")


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Validate the artifact formats; the NPZ is always written (it is the contract's core)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"storage.formats = {list(formats)!r}: unknown {unknown}; allowed: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats or f == "npz")


def write_dataset(
    dataset: Dataset,
    folder: str | os.PathLike[str],
    *,
    formats: Sequence[str] = FORMATS,
    compress: bool = False,
    parquet_compression: str = "snappy",
    card: bool = True,
    registry_url: str | None = None,
) -> Path:
    """Write ``dataset`` to ``folder`` as the artifact contract says; replace atomically.

    Layout::

        folder/<name>.npz           X_train y_train X_test y_test X_full y_full
        folder/parquet/train.parquet, test.parquet
        folder/meta.json
        folder/README.md            the card (when ``card``)

    Parameters
    ----------
    dataset : Dataset
    folder : path
        The dataset folder; an existing one is replaced only once the new one is complete.
    formats : sequence of {'npz', 'parquet'}
    compress : bool
        ``np.savez_compressed`` instead of ``np.savez``.
    parquet_compression : str
        Any codec pyarrow knows ('snappy', 'zstd', 'none', ...).
    card : bool
        Also write the dataset card (``README.md`` and ``preview.png``).
    registry_url : str, optional
        Registry git URL for the card's pull snippets (committed config, not a clone's origin).

    Returns
    -------
    Path
        ``folder``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from juniper_data import generate
    >>> ds = generate("xor", seed=1)
    >>> out = write_dataset(ds, pathlib.Path(tempfile.mkdtemp()) / "xor", card=False)
    >>> sorted(p.name for p in out.iterdir()) == ["meta.json", "parquet", f"{ds.meta['name']}.npz"]
    True
    """
    formats = check_formats(formats)
    if "parquet" in formats:
        check_parquet_compression(parquet_compression)  # before anything is written
    folder = Path(folder)
    meta = dict(dataset.meta)
    # A family variant is named "<family>/<variant>"; its files take the last part.
    stem = meta["name"].rsplit("/", 1)[-1]
    meta["artifacts"] = artifact_files(stem, formats)
    with atomic_directory(folder) as tmp:
        write_npz(tmp / meta["artifacts"]["npz"], dataset, compress=compress)
        if "parquet" in formats:
            (tmp / PARQUET_DIR).mkdir()
            for split in PARQUET_SPLITS:
                table = dataset_table(dataset, split)
                write_split(tmp / PARQUET_DIR / f"{split}.parquet", table, compression=parquet_compression)
        if card:
            from juniper_data.artifacts.card import write_card

            write_card(tmp, Dataset(dataset, meta), registry_url=registry_url)
        (tmp / META_FILE).write_bytes(dumps_meta(meta))
    return folder


def artifact_files(stem: str, formats: Sequence[str]) -> dict[str, Any]:
    """Relative paths of the files a dataset folder holds, by format."""
    files: dict[str, Any] = {"npz": f"{stem}.npz"}
    if "parquet" in formats:
        files["parquet"] = {s: f"{PARQUET_DIR}/{s}.parquet" for s in PARQUET_SPLITS}
    return files
