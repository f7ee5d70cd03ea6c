"""Import one file of a Kaggle dataset, read like csv_import.

Where the file comes from, in order:

1. ``local_path`` (relative to the import root, confined like csv_import's
   ``file_path``): a copy kept in the repository, the file itself or a folder
   holding ``file``. It is what a registry recipe should use: DVC tracks it as
   a stage dependency and the build needs no network or account.
2. The download cache, ``$JUNIPER_DATA_KAGGLE_CACHE`` (default
   ``~/.cache/juniper-data/kaggle``), at ``<owner>/<name>/<file>``.
3. A download with the ``kaggle`` CLI (``pip install kaggle``) into that
   cache, only when the CLI is on ``PATH`` and credentials exist
   (``KAGGLE_USERNAME`` + ``KAGGLE_KEY``, ``KAGGLE_API_TOKEN``, or
   ``kaggle.json`` / ``access_token`` in ``$KAGGLE_CONFIG_DIR`` or ``~/.kaggle``).

Whichever it is, the file's sha256 is the recipe's ``file_sha256`` (filled in
at resolution; a pinned hash refuses other bytes), next to the ``dataset``
reference and ``file`` name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from juniper_data.generators.params import ParameterError, described
from juniper_data.generators.registry import GeneratorSpec, RawData
from juniper_data.generators.sources.inputs import (
    SourceDataError,
    confine,
    inside_root,
    pin,
    sha256_bytes,
    sha256_file,
)
from juniper_data.generators.sources.tabular import TabularParams, read_table, table_format

VERSION = "1.0.0"
CACHE_ENV = "JUNIPER_DATA_KAGGLE_CACHE"
DOWNLOAD_TIMEOUT_S = 900
_REF = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")


@dataclass
class KaggleParams(TabularParams):
    """Parameters of the kaggle source: which file of which dataset, and how to read it."""

    dataset: str | None = field(default=None, metadata=described("Kaggle dataset reference owner/name"))
    file: str | None = field(default=None, metadata=described("file inside the dataset, e.g. Iris.csv"))
    local_path: str | None = field(
        default=None, metadata=described("local copy (file, or folder holding `file`) relative to the import root")
    )
    file_sha256: str | None = field(
        default=None, metadata=described("sha256 of the file; null: filled in at resolution")
    )

    def check(self) -> None:
        super().check()
        if not self.dataset or not _REF.fullmatch(self.dataset):
            raise ParameterError(f"parameter 'dataset' = {self.dataset!r}; allowed: a Kaggle reference owner/name")
        name = PurePosixPath(self.file or "")
        if not self.file or name.is_absolute() or ".." in name.parts or "\\" in self.file:
            raise ParameterError(
                f"parameter 'file' = {self.file!r}; allowed: a file name inside the dataset (no '..', not absolute)"
            )
        self.file = name.as_posix()
        table_format(self.file_format, self.file)
        if self.local_path:
            self.local_path = PurePosixPath(os.path.normpath(self.local_path)).as_posix()
        path = locate(self)
        self.file_sha256 = pin("file_sha256", self.file_sha256, sha256_file(path), describe_origin(self))


def describe_origin(params: KaggleParams) -> str:
    """Where the bytes come from, for messages: ``kaggle:owner/name/file`` or the local path."""
    return params.local_path or f"kaggle:{params.dataset}/{params.file}"


def cache_dir() -> Path:
    """Root of downloaded Kaggle files: ``$JUNIPER_DATA_KAGGLE_CACHE`` or ``~/.cache/juniper-data/kaggle``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "juniper-data" / "kaggle"


def locate(params: KaggleParams) -> Path:
    """The local file to read: ``local_path``, else the cache, else a fresh download into the cache."""
    assert params.dataset and params.file
    if params.local_path:
        path = confine("local_path", params.local_path, kind="path")
        if path.is_dir():
            path = path / params.file
            if not path.is_file():
                raise ParameterError(
                    f"parameter 'local_path' = {params.local_path!r} is a folder without {params.file!r}"
                )
            path = inside_root("local_path", params.local_path, path)  # the file may be a symlink out of the root
        return path
    cached = cache_dir() / params.dataset / params.file
    if cached.is_file():
        return cached
    reason = cannot_download()
    if reason:
        raise ParameterError(
            f"kaggle dataset {params.dataset!r} file {params.file!r}: no local_path, not in the cache {cached}, "
            f"and no download possible ({reason}). Set local_path to a copy in the repository"
        )
    return download(params.dataset, params.file, cached)


def credentials_found() -> bool:
    """Whether the kaggle CLI would find credentials (environment or config files)."""
    if (os.environ.get("KAGGLE_USERNAME") and os.environ.get("KAGGLE_KEY")) or os.environ.get("KAGGLE_API_TOKEN"):
        return True
    folders = [Path(os.environ["KAGGLE_CONFIG_DIR"])] if os.environ.get("KAGGLE_CONFIG_DIR") else []
    folders.append(Path.home() / ".kaggle")
    return any((f / name).is_file() for f in folders for name in ("kaggle.json", "access_token"))


def cannot_download() -> str:
    """Why a download is impossible here ('' when the CLI and credentials are both present)."""
    if shutil.which("kaggle") is None:
        return "the kaggle CLI is not installed: pip install kaggle"
    if not credentials_found():
        return "no Kaggle credentials: ~/.kaggle/kaggle.json or KAGGLE_USERNAME and KAGGLE_KEY"
    return ""


def download(dataset: str, file: str, target: Path) -> Path:
    """Fetch ``file`` of ``dataset`` with the kaggle CLI into ``target``, atomically.

    The CLI writes ``<name>`` or, for large files, ``<name>.zip``; a zip is
    unpacked. A failed download leaves nothing in the cache.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".download-", dir=target.parent))
    try:
        command = ["kaggle", "datasets", "download", "-d", dataset, "-f", file, "-p", str(work)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise SourceDataError(f"kaggle download of {dataset}/{file} took over {DOWNLOAD_TIMEOUT_S} s") from None
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise SourceDataError(f"`{' '.join(command[:-2])}` failed (exit {done.returncode}): {' | '.join(tail)}")
        name = PurePosixPath(file).name
        fetched = _unpacked(work, name)
        os.replace(fetched, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _unpacked(folder: Path, name: str) -> Path:
    if (folder / name).is_file():
        return folder / name
    archive = folder / f"{name}.zip"
    if archive.is_file():
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.namelist() if PurePosixPath(m).name == name]
            if members:
                out = folder / f".{name}.unzipped"
                with zipped.open(members[0]) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                return out
    found = sorted(p.name for p in folder.iterdir())
    raise SourceDataError(f"kaggle CLI finished but wrote {found}, not {name!r} or {name}.zip")


def generate(params: KaggleParams, rng: np.random.Generator) -> RawData:
    """Rows of the Kaggle file, parsed exactly as csv_import parses a file.

    Returns
    -------
    RawData
        ``X`` (n_rows, n_features) float32, ``labels`` (n_rows,) int64, ``class_names``.

    Examples
    --------
    >>> import os, tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "Iris.csv").write_text("a,b,label\\n0,1,setosa\\n2,3,virginica\\n")
    >>> os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    >>> p = SPEC.resolve({"dataset": "uciml/iris", "file": "Iris.csv", "local_path": "Iris.csv", "seed": 0})
    >>> raw = SPEC.run(p)
    >>> del os.environ["JUNIPER_DATA_IMPORT_DIR"]
    >>> raw.class_names
    ('setosa', 'virginica')
    """
    data = locate(params).read_bytes()
    actual = sha256_bytes(data)
    if actual != params.file_sha256:
        raise ParameterError(
            f"{describe_origin(params)} changed since the recipe was resolved (sha256 {actual}, "
            f"recipe {params.file_sha256}); resolve the recipe again"
        )
    return read_table(data, describe_origin(params), params, name=params.file)


def input_paths(params: KaggleParams) -> list[str]:
    """The local copy, when the recipe uses one (a download is pinned by ``file_sha256`` instead)."""
    return [params.local_path] if params.local_path else []


SPEC = GeneratorSpec(
    name="kaggle",
    version=VERSION,
    params=KaggleParams,
    generate=generate,
    summary="one file of a Kaggle dataset, read like csv_import",
    inputs=input_paths,
)
