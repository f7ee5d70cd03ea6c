"""Several clones on one machine sharing one DVC cache, so each dataset is stored once.

DVC's cache is content-addressed: pointing every clone's ``cache.dir`` at one folder means
an artifact pulled (or built) by one clone is already there for the others, and with
link types other than ``copy`` the workspaces hold links into it instead of copies.
All settings go to ``.dvc/config.local``: the path is this machine's, not the registry's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from juniper_data.adapters.dvc import run_dvc
from juniper_data.storage.remotes import StorageError

LINK_TYPES = ("reflink", "hardlink", "symlink", "copy")
# reflink: copy-on-write (btrfs, XFS, APFS): safe and free; hardlink/symlink: no copy, but the
# workspace file *is* the cache object (DVC makes it read-only; `dvc unprotect` before editing);
# copy: always works, doubles disk use. DVC tries them in the order given.
DEFAULT_LINK_TYPES = LINK_TYPES


def share_cache(
    repo: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str],
    *,
    group: bool = True,
    link_types: Sequence[str] = DEFAULT_LINK_TYPES,
) -> Path:
    """Point ``repo``'s DVC cache at ``cache_dir`` (created if needed), for this machine only.

    Runs ``dvc cache dir --local``, ``dvc config --local cache.shared group`` and
    ``dvc config --local cache.type ...``.

    Parameters
    ----------
    repo : path
        A DVC repository (one clone).
    cache_dir : path
        The shared cache folder (absolute after resolution).
    group : bool
        ``cache.shared = group``: cache files group-writable, so users of one Unix group can share
        it (give the folder that group and the setgid bit: ``chgrp -R G DIR; chmod g+s DIR``).
    link_types : sequence of str
        Subset of ``reflink``, ``hardlink``, ``symlink``, ``copy``, tried in order.

    Returns
    -------
    Path
        The resolved cache folder.

    Examples
    --------
    >>> import subprocess, tempfile
    >>> repo, cache = tempfile.mkdtemp(), tempfile.mkdtemp()
    >>> _ = subprocess.run(["git", "init", "-q", repo]); _ = run_dvc(["init", "-q"], repo)
    >>> share_cache(repo, cache) == Path(cache).resolve()
    True
    >>> run_dvc(["config", "cache.type"], repo).stdout.strip()
    'reflink,hardlink,symlink,copy'
    """
    unknown = [t for t in link_types if t not in LINK_TYPES]
    if unknown or not link_types:
        raise StorageError(f"link_types = {list(link_types)!r}: allowed a non-empty subset of {', '.join(LINK_TYPES)}")
    folder = Path(cache_dir).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for args in (
        ["cache", "dir", "--local", str(folder)],
        ["config", "--local", "cache.type", ",".join(link_types)],
        ["config", "--local", *(["cache.shared", "group"] if group else ["--unset", "cache.shared"])],
    ):
        result = run_dvc(args, repo)
        unset_absent = "--unset" in args and result.returncode != 0
        if result.returncode != 0 and not unset_absent:
            raise StorageError(f"`dvc {' '.join(args)}` failed: {result.stderr.strip()}")
    return folder
