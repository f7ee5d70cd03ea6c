"""The one writer: a dataset -- in memory or streamed -- into its folder, atomically.

Every artifact of the project is written here: ``write_dataset`` takes a
:class:`~juniper_data.dataset.Dataset` or any
:class:`~juniper_data.artifacts.source.ArraySource` (a chunked build streams
its arrays from work files), and writes the NPZ member by member (bytes equal
to ``np.savez``), the Parquet splits piece by piece, the card and
``meta.json``, in a temporary folder that replaces the target only when
complete. It replaces an existing folder only when this project wrote it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.artifacts.atomic import atomic_directory
from juniper_data.artifacts.meta import META_FILE, dumps_meta
from juniper_data.artifacts.npz import NpzStreamWriter
from juniper_data.artifacts.parquet import (
    PARQUET_DIR,
    ROW_GROUP_SIZE,
    check_parquet_compression,
    open_split_writer,
    split_table,
)
from juniper_data.artifacts.source import ArraySource, InMemorySource, keys
from juniper_data.dataset import Dataset
from juniper_data.split_names import parquet_splits

FORMATS = ("npz", "parquet")
#: A family folder's index (written by the pipeline): the marker that the folder is ours.
FAMILY_INDEX = "index.json"


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Validate the artifact formats; the NPZ is always written (it is the contract's core)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"storage.formats = {list(formats)!r}: unknown {unknown}; allowed: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats or f == "npz")


def written_by_us(folder: Path) -> bool:
    """Whether ``folder`` is a dataset or family folder this project wrote (its metadata says so).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> written_by_us(pathlib.Path(tempfile.mkdtemp()))
    False
    """
    markers = ((META_FILE, ("contract_version", "dataset_id", "recipe")), (FAMILY_INDEX, ("family", "variants")))
    for marker, required in markers:
        path = folder / marker
        if path.is_file() and not path.is_symlink():
            try:
                content = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            if isinstance(content, dict) and all(key in content for key in required):
                return True
    return False


def write_dataset(
    dataset: Dataset | ArraySource,
    folder: str | os.PathLike[str],
    *,
    formats: Sequence[str] = FORMATS,
    compress: bool = False,
    parquet_compression: str = "snappy",
    card: bool = True,
    registry_url: str | None = None,
    license: str | None = None,
    runner: Any = None,
    on_rows: Callable[[int], None] | None = None,
) -> Path:
    """Write ``dataset`` to ``folder`` as the artifact contract says; replace atomically.

    Layout::

        folder/<name>.npz           X_train y_train [X_val y_val] X_test y_test X_full y_full (then extras)
        folder/parquet/train.parquet, [validation.parquet,] test.parquet
        folder/meta.json
        folder/README.md, preview.png   the card (when ``card``)

    Parameters
    ----------
    dataset : Dataset or ArraySource
        In memory, or streamed piece by piece (a chunked build).
    folder : path
        The dataset folder. An existing one is replaced only once the new one is
        complete, and only if this project wrote it (:func:`written_by_us`);
        anything else there is an error and stays untouched.
    formats : sequence of {'npz', 'parquet'}
    compress : bool
        ``np.savez_compressed`` bytes instead of ``np.savez``'s.
    parquet_compression : str
        A Parquet codec (``snappy``, ``zstd``, ``gzip``, ``brotli``, ``lz4``, ``none``).
    card : bool
        Also write the dataset card (``README.md`` and ``preview.png``).
    registry_url : str, optional
        The registry's git URL for the card's pull snippets (committed configuration).
    license : str, optional
        The card's Hugging Face license id (the registry's ``license``; default ``unknown``).
    runner : engine, optional
        Writes the Parquet splits as work units beside the NPZ (``juniper_data.scale.engine``).
    on_rows : callable, optional
        Called with the number of rows of each piece written (progress).

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
    source: ArraySource = InMemorySource(dataset) if isinstance(dataset, Dataset) else dataset
    meta = dict(source.meta)
    # A family variant is named "<family>/<variant>"; its files take the last part.
    meta["artifacts"] = artifact_files(meta["name"].rsplit("/", 1)[-1], formats, meta)
    folder = Path(folder).absolute()  # a runner's workers may run in another working directory
    with atomic_directory(folder, replaceable=written_by_us) as tmp:
        parquet: Any = []
        if "parquet" in formats:
            (tmp / PARQUET_DIR).mkdir()
            unit = partial(write_parquet_split, source, str(tmp / PARQUET_DIR), parquet_compression)
            splits = list(parquet_splits(meta))
            parquet = runner.imap(unit, splits) if runner is not None else map(unit, splits)
        meta["hashes"] = write_npz(source, tmp / meta["artifacts"]["npz"], compress=compress, on_rows=on_rows)
        list(parquet)  # a runner's splits finish here (or run now, serially)
        if card:
            from juniper_data.artifacts.card import write_card

            write_card(tmp, Dataset(source.preview(), meta), registry_url=registry_url, license=license)
        (tmp / META_FILE).write_bytes(dumps_meta(meta))
    return folder


def write_npz(
    source: ArraySource, path: Path, *, compress: bool = False, on_rows: Callable[[int], None] | None = None
) -> dict[str, str]:
    """Stream every array of ``source`` into one NPZ (``np.savez`` bytes); return the sha256 of each.

    Hashes the source's meta already holds are trusted (they were computed from the
    same arrays); the others are computed on the pieces as they are written.
    """
    known = dict(source.meta.get("hashes") or {})
    with open(path, "wb") as handle, NpzStreamWriter(handle, compress=compress) as npz:
        for key in keys(source.meta):
            digest = None if key in known else hashlib.sha256()
            with npz.member(key, source.shape(key), source.dtype(key)) as member:
                for piece in source.pieces(key):
                    member.write(piece)
                    if digest is not None:
                        digest.update(np.ascontiguousarray(piece).data)
                    if on_rows is not None:
                        on_rows(piece.shape[0])
            if digest is not None:
                known[key] = f"sha256:{digest.hexdigest()}"
    return {key: known[key] for key in keys(source.meta)}


def write_parquet_split(source: ArraySource, folder: str, compression: str, split: str) -> str:
    """Write ``folder/<split>.parquet`` from the source's pieces (a work unit any engine can run).

    ``split`` is the Hugging Face split name (``train``, ``validation``, ``test``).
    """
    meta = source.meta
    extra = {"dataset_id": meta["dataset_id"], "split": split}
    path = Path(folder) / f"{split}.parquet"
    writer = None
    try:
        for X, labels, extras in source.split_pieces(parquet_splits(meta)[split]):
            table = split_table(X, labels, list(meta["class_names"]), extra, extras,
                                feature_shape=meta.get("feature_shape"))  # fmt: skip
            if writer is None:
                writer = open_split_writer(path, table.schema, compression=compression)
            writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise ValueError(f"{source!r} gave no rows for split {split!r}")
    return str(path)


def artifact_files(stem: str, formats: Sequence[str], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Relative paths of the files a dataset folder holds, by format (Parquet: one per split of ``meta``).

    Examples
    --------
    >>> artifact_files("x", ["npz", "parquet"], {"shapes": {"X_val": [5, 2]}})["parquet"]
    {'train': 'parquet/train.parquet', 'validation': 'parquet/validation.parquet', 'test': 'parquet/test.parquet'}
    """
    files: dict[str, Any] = {"npz": f"{stem}.npz"}
    if "parquet" in formats:
        files["parquet"] = {s: f"{PARQUET_DIR}/{s}.parquet" for s in parquet_splits(meta or {"shapes": {}})}
    return files
