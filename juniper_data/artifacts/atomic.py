"""Atomic replacement of files and whole folders.

A folder is written next to its target under a hidden temporary name and
renamed into place only when complete, so a crash never leaves a half-written
artifact where a good one was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``target`` on success.

    On any exception the temporary folder is removed and ``target`` is left as
    it was. The swap is two renames; between them the old folder is parked at
    ``.<name>.old-<id>`` beside the target.

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
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if target.exists():
            parked = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
            os.rename(target, parked)
            os.rename(tmp, target)
            shutil.rmtree(parked)
        else:
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
