"""Atomic replacement of files and whole folders, and the leftovers of killed writers.

A folder is written next to its target under a hidden temporary name and
swapped into place only when complete, so a crash never leaves a half-written
artifact where a good one was. On Linux the swap is one ``renameat2(...,
RENAME_EXCHANGE)``: the target path always holds either the old or the new
folder. Elsewhere it is two renames, and a writer killed between them leaves
the old folder parked; the next writer of that target puts it back.

Temporary names carry the writer's process id (``.<name>.tmp-<pid>-<hex>``,
``.<name>.old-<pid>-<hex>``), so the next writer in the same folder removes the
leftovers of writers that are no longer running, and only those: nothing that
does not match these exact patterns is ever touched.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LEFTOVER_RE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-[0-9a-f]{8}(?:\.[^/]*)?$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class ForeignFolderError(FileExistsError):
    """The target exists and is not something this project wrote: it is never replaced."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def clean_leftovers(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files and folders of dead writers in ``folder``; returns what was removed.

    A parked old folder (``.<name>.old-*``) whose target is missing is renamed
    back to its target instead (a writer died between its two renames).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / ".ds.tmp-999999999-0123abcd").mkdir()
    >>> [p.name for p in clean_leftovers(root)], sorted(p.name for p in root.iterdir())
    (['.ds.tmp-999999999-0123abcd'], [])
    """
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.iterdir()):
        match = LEFTOVER_RE.match(path.name)
        if match is None or _alive(int(match["pid"])):
            continue
        target = folder / match["name"]
        if match["kind"] == "old" and not os.path.lexists(target) and path.is_dir():
            os.rename(path, target)
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def temporary_name(target: Path, kind: str) -> str:
    return f".{target.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(a))


def _anything(path: Path) -> bool:
    return True


@contextmanager
def atomic_directory(
    target: str | os.PathLike[str], *, replaceable: Callable[[Path], bool] = _anything
) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``target`` on success.

    Parameters
    ----------
    target : path
    replaceable : callable, optional
        Called with an existing ``target`` before anything is written; when it
        returns False, :class:`ForeignFolderError` is raised and nothing changes.
        The dataset writer passes "a folder this project wrote".

    On any exception the temporary folder is removed and ``target`` is left as
    it was. Leftovers of dead writers beside ``target`` are removed first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_directory(root / "ds") as tmp:
    ...     _ = (tmp / "a.txt").write_text("hi")
    >>> (root / "ds" / "a.txt").read_text()
    'hi'
    """
    target = Path(target)
    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir() or not replaceable(target)):
        raise ForeignFolderError(
            f"{target} exists and is not a folder juniper-data wrote; refusing to replace it "
            "(choose another name or output folder, or remove it yourself)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target.parent)
    tmp = target.parent / temporary_name(target, "tmp")
    tmp.mkdir()
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if not target.exists():
            os.rename(tmp, target)
            return
        if _exchange(tmp, target):
            shutil.rmtree(tmp)  # now holds the old folder
            return
        parked = target.parent / temporary_name(target, "old")
        os.rename(target, parked)
        os.rename(tmp, target)
        shutil.rmtree(parked)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A killed writer leaves the old file (and a temporary that the next writer in the
    folder removes). No ``fsync``: this protects against crashed processes, not against
    power loss, which DVC's content hashes then detect.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
