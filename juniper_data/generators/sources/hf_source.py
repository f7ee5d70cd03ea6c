"""Hugging Face ``datasets`` as an input: a hub dataset pinned to a commit, or a local copy.

Hub datasets are read from the local ``datasets`` cache folder of *exactly*
the pinned commit (``<cache>/<owner>___<name>/<config>/<version>/<commit>/``,
the folder a download with that revision leaves). ``datasets`` itself, when
offline, falls back to whatever revision was cached last; reading the pinned
folder ourselves means a recipe never silently gets another version. When the
commit is not cached and we are online, one ``datasets.load_dataset`` call
downloads it (:func:`fetch`, the only network call), then the same cache read
follows. Offline (``HF_DATASETS_OFFLINE`` or ``HF_HUB_OFFLINE`` set) a missing
commit is a clear error.

Remote code is never run: ``trust_remote_code`` is never passed (``datasets``
>= 4 refuses loading scripts anyway); only data files are read.

The cache folder is ``$HF_DATASETS_CACHE``, else ``$HF_HOME/datasets``, else
``~/.cache/huggingface/datasets`` (read at call time, as ``datasets`` reads
it at import).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from juniper_data.generators.params import ParameterError
from juniper_data.generators.sources.inputs import SourceDataError

_COMMIT = re.compile(r"[0-9a-f]{40}")
_SPLIT = re.compile(r"[\w.-]+(\+[\w.-]+)*")
_TRUE = {"1", "on", "yes", "true"}


def check_revision(revision: str | None, dataset: str) -> str:
    """A hub revision must be a full commit sha: branches and tags move, a commit does not."""
    if revision is None or not _COMMIT.fullmatch(revision):
        raise ParameterError(
            f"parameter 'revision' = {revision!r} for hub dataset {dataset!r}; allowed: a 40-hex commit sha "
            "(the dataset page's history, or `huggingface_hub.dataset_info(name).sha`), or set local_path"
        )
    return revision


def check_split(split: str) -> str:
    """``train``, ``test`` or several joined by ``+`` (``train+test``)."""
    if not isinstance(split, str) or not _SPLIT.fullmatch(split):
        raise ParameterError(f"parameter 'split' = {split!r}; allowed: a split name, or names joined by '+'")
    return split


def datasets_cache() -> Path:
    """The ``datasets`` cache folder, resolved from the environment now."""
    if os.environ.get("HF_DATASETS_CACHE"):
        return Path(os.environ["HF_DATASETS_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return Path(home).expanduser() / "datasets"


def offline() -> bool:
    """Whether ``HF_DATASETS_OFFLINE`` or ``HF_HUB_OFFLINE`` asks for no network."""
    return any(os.environ.get(name, "").strip().lower() in _TRUE for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"))


def cache_folder(name: str) -> Path:
    """Where ``datasets`` caches hub dataset ``name`` (``owner___snake_name``)."""
    from datasets.naming import camelcase_to_snakecase

    parts = name.split("/")
    parts[-1] = camelcase_to_snakecase(parts[-1])
    return datasets_cache() / "___".join(parts)


def cached_commit(name: str, revision: str, config: str | None) -> Path | None:
    """The cache folder of ``name`` at commit ``revision`` (and ``config``), or None if not cached."""
    root = cache_folder(name)
    found = sorted(p for p in root.glob(f"*/*/{revision}") if (p / "dataset_info.json").is_file())
    if config is not None:
        found = [p for p in found if p.parts[-3] == config]
    configs = sorted({p.parts[-3] for p in found})
    if len(configs) > 1:
        raise ParameterError(
            f"hub dataset {name!r} at {revision} has configurations {configs} in the cache; "
            "allowed: set parameter 'config' to one of them"
        )
    return found[-1] if found else None


def fetch(name: str, revision: str, config: str | None) -> None:
    """Download ``name`` at ``revision`` into the cache (the one network call)."""
    import datasets

    try:
        datasets.load_dataset(name, config, revision=revision, cache_dir=str(datasets_cache()))
    except Exception as error:  # the hub's failures are many (network, auth, missing repo or revision)
        raise SourceDataError(f"hub dataset {name!r} at {revision}: download failed: {error}") from error


def load_hub(name: str, revision: str, split: str, config: str | None = None) -> Any:
    """The ``datasets.Dataset`` of ``split`` of hub dataset ``name`` at commit ``revision``.

    Raises
    ------
    SourceDataError
        Offline and not cached (naming the cache folder searched), or the download failed.
    """
    folder = cached_commit(name, revision, config)
    if folder is None:
        if offline():
            raise SourceDataError(
                f"hub dataset {name!r} at revision {revision} is not in the local cache "
                f"{cache_folder(name)} and offline mode is on (HF_DATASETS_OFFLINE / HF_HUB_OFFLINE). "
                "Load it once online, or set local_path to a copy"
            )
        fetch(name, revision, config)
        folder = cached_commit(name, revision, config)
        if folder is None:
            raise SourceDataError(f"hub dataset {name!r}: downloaded, but revision {revision} is not in the cache")
    return read_cached(folder, split, f"hub dataset {name!r} at {revision}")


def read_cached(folder: Path, split: str, what: str) -> Any:
    """Read the Arrow files of ``split`` from one cache folder (shards in order)."""
    import datasets

    info = datasets.DatasetInfo.from_directory(str(folder))
    known = list(info.splits or {})
    parts = []
    for part in _parts(split, known, what):
        files = sorted(folder.glob(f"*-{part}.arrow")) + sorted(folder.glob(f"*-{part}-[0-9]*-of-[0-9]*.arrow"))
        if not files:
            raise SourceDataError(f"{what}: no Arrow files for split {part!r} in {folder}")
        parts += [datasets.Dataset.from_file(str(f), info=info) for f in files]
    return parts[0] if len(parts) == 1 else datasets.concatenate_datasets(parts)


def load_local(path: Path, split: str, what: str) -> Any:
    """A local copy: a ``save_to_disk`` folder, a Parquet file, or a folder of Parquet files.

    A ``DatasetDict`` folder and a Parquet folder (split by file name, as on
    the hub: ``data/train-00000-of-00001.parquet``) give ``split``; a single
    saved ``Dataset`` or a single Parquet file is used whole.
    """
    import datasets

    if (path / "state.json").is_file():
        return datasets.load_from_disk(str(path))
    if (path / "dataset_dict.json").is_file():
        saved = datasets.load_from_disk(str(path))
        chosen = [saved[p] for p in _parts(split, list(saved), what)]
        return chosen[0] if len(chosen) == 1 else datasets.concatenate_datasets(chosen)
    if path.is_file() and path.suffix == ".parquet":
        source, options = "parquet", {"data_files": {"train": str(path)}, "split": "train"}
    elif path.is_dir() and any(path.rglob("*.parquet")):
        source, options = str(path), {"split": split}
    else:
        raise SourceDataError(
            f"{what}: {path} is neither a `save_to_disk` dataset (state.json / dataset_dict.json), "
            "a .parquet file, nor a folder of .parquet files"
        )
    try:
        # `datasets` keys its Arrow cache of local files by path and mtime only; rebuilding it
        # each time means a file replaced under its old mtime is never read from a stale cache.
        return datasets.load_dataset(
            source, **options, cache_dir=str(datasets_cache()), download_mode="force_redownload"
        )
    except ValueError as error:  # an unknown split
        raise SourceDataError(f"{what}: {error}") from None


def _parts(split: str, known: list[str], what: str) -> list[str]:
    parts = split.split("+")
    missing = [p for p in parts if p not in known]
    if missing:
        raise SourceDataError(f"{what}: no split {missing[0]!r}; splits: {', '.join(known)}")
    return parts
