"""The load cache: ``<cache>/datasets/<repo-key>/<commit>/<name>/``, verified on every read.

An entry holds ``meta.json``, the NPZ and ``.verified.json``, the stamp written after a
fetch was verified: the md5 DVC records for each file (from the folder manifest that was
checked against the ``.dir`` md5 in ``dvc.lock``) and each file's size, mtime and inode.

A read checks ``meta.json``'s md5 against the stamp every time (it is small), and the NPZ
(md5, then every array's sha256 against ``meta.json``) whenever its stat changed since it
was verified -- the way git's index and DVC's state database skip unchanged files;
``verify="full"`` rehashes always. Anything that does not check out (an edited or truncated
``meta.json``, a garbage stamp, a changed array) is :class:`DamagedEntry`: the caller
deletes the entry and fetches it again. Writers hold a file lock per entry; temporary
folders a killed writer left behind are removed under that lock before anything is read.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from juniper_data.dataset import Dataset

VERIFIED_STAMP = ".verified.json"
STAMP_VERSION = 2


class DamagedEntry(Exception):
    """A cache entry that does not match its stamp: never served, fetched again."""


@contextmanager
def entry_lock(folder: Path) -> Iterator[None]:
    """Hold the entry's file lock, and remove what a killed writer left beside or inside it."""
    from filelock import FileLock

    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder.with_name(f".{folder.name}.lock"))):
        for stale in [*folder.parent.glob(f".{folder.name}.tmp-*"), *folder.parent.glob(f".{folder.name}.old-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        if folder.is_dir():
            for partial in folder.glob(".*.tmp-*"):
                partial.unlink(missing_ok=True)
        yield


def write_stamp(folder: Path, commit: str, dir_md5: str, md5: dict[str, str]) -> None:
    """Record what was verified: ``md5`` = ``{file name: md5 DVC records}``, plus each file's stat."""
    from juniper_data.artifacts.atomic import atomic_write_bytes

    stamp = {
        "version": STAMP_VERSION,
        "commit": commit,
        "dir_md5": dir_md5,
        "md5": md5,
        "stat": {name: _stat(folder / name) for name in sorted(md5)},
    }
    atomic_write_bytes(folder / VERIFIED_STAMP, (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode())


def read_stamp(folder: Path, commit: str) -> dict[str, Any]:
    """The entry's stamp, checked for shape; :class:`DamagedEntry` when missing or malformed."""
    try:
        stamp = json.loads((folder / VERIFIED_STAMP).read_text())
        ok = (
            isinstance(stamp, dict)
            and stamp.get("version") == STAMP_VERSION
            and stamp.get("commit") == commit
            and isinstance(stamp.get("md5"), dict)
            and isinstance(stamp.get("stat"), dict)
            and "meta.json" in stamp["md5"]
        )
    except (OSError, ValueError) as error:
        raise DamagedEntry(f"{folder / VERIFIED_STAMP}: unreadable ({error})") from None
    if not ok:
        raise DamagedEntry(f"{folder / VERIFIED_STAMP}: not a stamp of commit {commit}")
    return dict(stamp)


def read_entry(folder: Path, commit: str, verify: bool | str) -> Dataset:
    """Read a cache entry, verified as the module docstring says.

    Raises
    ------
    DamagedEntry
        When anything does not match; the entry must be fetched again.
    """
    from juniper_data.adapters.dvc import file_md5
    from juniper_data.artifacts.meta import META_FILE, read_meta
    from juniper_data.artifacts.reader import ArtifactError, read_dataset

    stamp = read_stamp(folder, commit)
    if file_md5(folder / META_FILE) != stamp["md5"][META_FILE]:
        raise DamagedEntry(f"{folder / META_FILE}: md5 differs from the one DVC records")
    try:
        npz = str(read_meta(folder)["artifacts"]["npz"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DamagedEntry(f"{folder / META_FILE}: unreadable ({error})") from None
    if npz not in stamp["md5"]:
        raise DamagedEntry(f"{folder / VERIFIED_STAMP}: records no md5 of {npz}")
    unchanged = stamp["stat"].get(npz) == _stat(folder / npz) if (folder / npz).is_file() else False
    try:
        if verify is True and unchanged:
            return read_dataset(folder, verify=False)
        if verify and file_md5(folder / npz) != stamp["md5"][npz]:
            raise DamagedEntry(f"{folder / npz}: md5 differs from the one DVC records")
        dataset = read_dataset(folder, verify=bool(verify))
    except (ArtifactError, OSError) as error:
        raise DamagedEntry(str(error)) from None
    if verify and not unchanged:
        write_stamp(folder, commit, stamp.get("dir_md5", ""), stamp["md5"])
    return dataset


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ino]
