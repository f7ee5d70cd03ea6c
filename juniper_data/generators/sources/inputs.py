"""Input files of the import sources: where they may live and how they are pinned.

Confinement: a source path in a recipe is *relative* to the import root, which
is ``$JUNIPER_DATA_IMPORT_DIR`` when set, else the current working directory
(the repository root: DVC stages and ``python -m juniper_data.build`` run there).
Absolute paths, and relative ones that escape the root (``..``, or a symlink
pointing outside), are refused, so a recipe committed to the registry can only
read files of the registry. The same holds for every file read *below* a
confined folder (ARC task files, an image dataset's files, a Kaggle folder's
file): :func:`inside_root` and :func:`check_tree` refuse an entry that
resolves outside the root (a symlink inside the folder pointing out), naming it.

Pinning: the sha256 of what a source reads enters the recipe as a
``*_sha256`` parameter. Resolution fills it in when the recipe leaves it
empty; when the recipe gives one and the file differs, that is an error (the
recipe pins the input; rebuilding must not silently use other data).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from juniper_data.generators.params import ParameterError

IMPORT_DIR_ENV = "JUNIPER_DATA_IMPORT_DIR"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class SourceDataError(ValueError):
    """An input file exists but its content cannot be imported (empty, malformed, wrong column...)."""


def import_root() -> Path:
    """The folder relative source paths resolve against: ``$JUNIPER_DATA_IMPORT_DIR`` or the cwd."""
    env = os.environ.get(IMPORT_DIR_ENV)
    return Path(env).resolve() if env else Path.cwd().resolve()


def confine(param: str, value: str | None, *, kind: str = "file") -> Path:
    """The absolute path of a recipe's relative ``value``, checked to stay inside :func:`import_root`.

    Parameters
    ----------
    param : str
        The parameter's name, for error messages.
    value : str
        A relative POSIX path (``sources/iris_like.csv``).
    kind : {'file', 'dir', 'path'}
        What must exist there ('path': a file or a folder).

    Raises
    ------
    ParameterError
        When ``value`` is empty, absolute, escapes the root, or names nothing of ``kind``.

    Examples
    --------
    >>> try:
    ...     confine("file_path", "/etc/passwd")
    ... except ParameterError as error:
    ...     print(str(error)[:52])
    parameter 'file_path' = '/etc/passwd' is an absolute
    """
    root = import_root()
    where = f"the import root {root} (${IMPORT_DIR_ENV}, else the current directory)"
    if not value:
        raise ParameterError(f"parameter '{param}' is required: a path relative to {where}")
    if os.path.isabs(value) or PurePosixPath(value).is_absolute() or value.startswith("~"):
        raise ParameterError(
            f"parameter '{param}' = {value!r} is an absolute path; allowed: a path relative to {where}"
        )
    path = (root / value).resolve()
    if not path.is_relative_to(root):
        raise ParameterError(f"parameter '{param}' = {value!r} resolves to {path}, outside {where}; refused")
    exists = {"file": path.is_file(), "dir": path.is_dir(), "path": path.exists()}[kind]
    if not exists:
        raise ParameterError(f"parameter '{param}' = {value!r}: no such {kind} {path} (relative to {where})")
    return path


def inside_root(param: str, value: str | None, path: Path) -> Path:
    """``path`` (read below the confined folder ``value``) resolved, refused when it resolves outside the root.

    Raises
    ------
    ParameterError
        Naming the entry, where it resolves to, and the root.
    """
    root = import_root()
    real = path.resolve()
    if not real.is_relative_to(root):
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise ParameterError(
            f"parameter '{param}' = {value!r}: {shown} resolves to {real}, outside the import root {root} "
            f"(${IMPORT_DIR_ENV}, else the current directory); refused: every file an import reads must be inside it"
        )
    return real


def check_tree(param: str, value: str | None, folder: Path) -> None:
    """Refuse any entry below ``folder`` (hidden ones too; symlinked folders followed) resolving outside the root.

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "imgs").mkdir()
    >>> (root / "imgs" / "passwd").symlink_to("/etc/passwd")
    >>> os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    >>> try:
    ...     check_tree("local_path", "imgs", root / "imgs")
    ... except ParameterError as error:
    ...     print(str(error)[:73])
    parameter 'local_path' = 'imgs': imgs/passwd resolves to /etc/passwd, out
    >>> del os.environ["JUNIPER_DATA_IMPORT_DIR"]
    """
    seen: set[str] = set()
    for here, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:  # a symlink loop back into the tree: walked once
            folders[:] = []
            continue
        seen.add(real)
        for name in [*folders, *files]:
            inside_root(param, value, Path(here) / name)


def relative(path: Path) -> str:
    """``path`` as a POSIX path relative to :func:`import_root` (for DVC ``deps``)."""
    return path.relative_to(import_root()).as_posix()


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data`` (what ``sha256sum`` prints)."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_tree(root: Path, files: Iterable[Path]) -> str:
    """One sha256 for a set of files: over sorted ``<relative path>\\0<file sha256>\\n`` lines.

    Renaming, adding, removing or editing any file changes it; the location of
    ``root`` does not.
    """
    return tree_digest((p.relative_to(root).as_posix(), sha256_file(p)) for p in files)


def tree_digest(entries: Iterable[tuple[str, str]]) -> str:
    """The :func:`sha256_tree` digest from ``(relative path, file sha256)`` pairs already computed."""
    return sha256_bytes("".join(sorted(f"{path}\0{digest}\n" for path, digest in entries)).encode())


def files_under(folder: Path) -> list[Path]:
    """Every regular file below ``folder`` (hidden files and folders skipped), sorted."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def pin(param: str, recorded: str | None, actual: str, what: str) -> str:
    """The value a ``*_sha256`` parameter takes: ``actual``, or an error if the recipe pins another.

    Examples
    --------
    >>> pin("file_sha256", None, "ab" * 32, "x.csv") == "ab" * 32
    True
    """
    if recorded is None:
        return actual
    expected = recorded.lower().removeprefix("sha256:")
    if not _SHA256.fullmatch(expected):
        raise ParameterError(f"parameter '{param}' = {recorded!r}; allowed: 64 hex digits (a sha256) or null")
    if expected != actual:
        raise ParameterError(
            f"parameter '{param}' pins sha256 {expected} but {what} has sha256 {actual}: the input changed. "
            f"Restore the pinned input, or set '{param}' to the new hash (or null) to make a new dataset version"
        )
    return actual
