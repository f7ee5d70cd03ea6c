"""The one reader: a dataset folder back into a :class:`~juniper_data.dataset.Dataset`, verified."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

from juniper_data.artifacts.meta import META_FILE, read_meta
from juniper_data.artifacts.npz import read_npz
from juniper_data.artifacts.parquet import read_split, read_split_extras, read_split_shaped, read_split_table
from juniper_data.dataset import Dataset, array_keys, consumer_meta
from juniper_data.recipe import array_hash
from juniper_data.split_names import parquet_splits, splits_of


class ArtifactError(RuntimeError):
    """A dataset folder is missing, incomplete, or does not match its ``meta.json``."""


def read_dataset(folder: str | os.PathLike[str], *, verify: bool = True) -> Dataset:
    """Load a dataset folder written by :func:`~juniper_data.artifacts.writer.write_dataset`.

    Parameters
    ----------
    folder : path
    verify : bool
        Check dtypes, shapes and the sha256 of every array against ``meta.json``.

    Returns
    -------
    Dataset
        Its ``meta`` is ``meta.json`` plus, where the folder does not record them, the
        fields consumers read (:func:`~juniper_data.dataset.consumer_meta`: ``n_val``,
        ``task_type``, ``dataset_name``, ``dataset_version``, ``truncation``, ``data_quality``).

    Raises
    ------
    ArtifactError
        Naming the file and what does not match; a corrupted artifact is never returned.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from juniper_data import generate, write_dataset
    >>> folder = write_dataset(generate("circles", seed=0), pathlib.Path(tempfile.mkdtemp()) / "c", card=False)
    >>> read_dataset(folder)["X_full"].shape
    (100, 2)
    """
    folder = Path(folder)
    if not (folder / META_FILE).is_file():
        raise ArtifactError(f"{folder}: no {META_FILE}; not a dataset folder (is the data pulled? try `dvc pull`)")
    try:
        meta = read_meta(folder)
        npz_path = folder / meta["artifacts"]["npz"]
    except (ValueError, KeyError, TypeError) as error:
        raise ArtifactError(f"{folder / META_FILE}: unreadable ({error!r}); the file is corrupted") from error
    if not npz_path.is_file():
        raise ArtifactError(f"{npz_path}: missing (try `dvc pull` or `dvc repro`)")
    try:
        arrays = read_npz(npz_path)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:  # BadZipFile: bad CRC, truncation
        raise ArtifactError(f"{npz_path}: unreadable NPZ ({error}); the file is corrupted") from error
    if verify:
        verify_arrays(npz_path, arrays, meta)
    return Dataset(arrays, consumer_meta(meta))


def verify_arrays(source: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Raise :class:`ArtifactError` unless ``arrays`` are exactly those ``meta`` describes."""
    keys = array_keys(meta.get("extras", ()), splits_of(meta))
    missing = [k for k in keys if k not in arrays]
    if missing:
        raise ArtifactError(f"{source}: arrays {missing} are missing")
    for key in keys:
        array = arrays[key]
        if str(array.dtype) != meta["dtypes"][key] or list(array.shape) != meta["shapes"][key]:
            raise ArtifactError(
                f"{source}: {key} is {array.dtype}{list(array.shape)}, "
                f"{META_FILE} says {meta['dtypes'][key]}{meta['shapes'][key]}"
            )
        actual = array_hash(array)
        if actual != meta["hashes"][key]:
            raise ArtifactError(
                f"{source}: {key} has {actual}, {META_FILE} records {meta['hashes'][key]}; "
                "the artifact is corrupted or was modified (rebuild with `dvc repro` or fetch with `dvc pull`)"
            )


def verify_parquet(folder: str | os.PathLike[str], dataset: Dataset) -> None:
    """Raise :class:`ArtifactError` unless the Parquet splits carry the NPZ's arrays, labels and splits.

    A shaped dataset's column ``x`` must hold the same rows in ``feature_shape``.

    Every page's checksum is verified on the way (see :mod:`~juniper_data.artifacts.parquet`);
    a missing, truncated or corrupted split file is an :class:`ArtifactError` naming it.
    """
    folder = Path(folder)
    files = dataset.meta["artifacts"].get("parquet", {})
    missing = sorted(set(parquet_splits(dataset.meta)) - set(files)) if files else []
    if missing:
        raise ArtifactError(f"{folder / META_FILE}: lists no Parquet file of split(s) {missing}")
    for hf_split, relative in files.items():
        path = folder / relative
        try:
            split = dataset.split_key(hf_split)
        except ValueError as error:
            raise ArtifactError(f"{path}: {error}") from None
        if not path.is_file():
            raise ArtifactError(f"{path}: missing (try `dvc pull` or `dvc repro`)")
        try:
            table = read_split_table(path)
            X, labels, class_names = read_split(path, table)
            extras = read_split_extras(path, table)
            shaped = read_split_shaped(table)
        except (OSError, ValueError, KeyError, TypeError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise ArtifactError(f"{path}: unreadable Parquet ({error}); the file is corrupted") from error
        if class_names != dataset.class_names:
            raise ArtifactError(f"{path}: class names {class_names} != {dataset.class_names}")
        if not np.array_equal(X, dataset[f"X_{split}"]) or not np.array_equal(labels, dataset.labels(split)):
            raise ArtifactError(f"{path}: rows differ from the NPZ's {split} split")
        if shaped is not None and (
            list(shaped.shape[1:]) != list(dataset.feature_shape)
            or not np.array_equal(shaped.reshape(len(shaped), -1), dataset[f"X_{split}"])
        ):
            raise ArtifactError(
                f"{path}: column 'x' is not the NPZ's X_{split} in feature_shape {dataset.feature_shape}"
            )
        for name in dataset.extras:
            if name not in extras or not np.array_equal(extras[name], dataset[f"{name}_{split}"]):
                raise ArtifactError(f"{path}: column {name!r} differs from the NPZ's {name}_{split}")
