"""The one module that imports DVC.

``dvc.repo.Repo`` and DVC's filesystem are not a stable API (STYLE: "a thin
public surface over a large internal one"), so everything juniper-data needs
from DVC is a small function here, and every DVC failure leaves this module as
:class:`DataUnavailableError` with a message that says what was asked for.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class DataUnavailableError(LookupError):
    """DVC could not provide a file: not tracked at that rev, or not in any reachable remote."""


def _filesystem(repo: str, rev: str | None, remote: str | None) -> Any:
    from dvc.fs import DVCFileSystem

    return DVCFileSystem(repo=repo, rev=rev, remote=remote)


def _cleanup() -> None:
    # DVC keeps clones of URL repos in temp folders until its CLI exits; we are not its CLI.
    from dvc.repo.open_repo import clean_repos

    clean_repos()


def _describe(repo: str, rev: str | None, path: str) -> str:
    return f"{path!r} of registry {repo!r} at rev {rev or 'workspace'!r}"


def _wrap(
    error: BaseException, repo: str, rev: str | None, path: str, *, remote: str | None = None, tracked: bool = False
) -> DataUnavailableError:
    """Word a DVC failure; ``tracked``: DVC already knew the file at ``rev`` (its info was read)."""
    from dvc.config import ConfigError

    from juniper_data.storage.sync import classify

    what = _describe(repo, rev, path)
    cause = f" ({error.__cause__})" if error.__cause__ else ""
    if isinstance(error, FileNotFoundError):
        if not tracked:
            return DataUnavailableError(f"{what}: no such file is tracked there")
        # DVC knows the file but no storage gave it ("No storage files available"): a missing
        # object, or (dvc-http reports a refused connection this way too) a server that is down.
        kind = "failed"
    elif isinstance(error, ConfigError):
        kind = "config"
    else:
        kind = classify(f"{type(error).__name__} {error}{cause}")
    where = f"DVC remote {remote!r}" if remote else "the registry's default DVC remote"
    hint = {
        "config": "check the remote name and the registry's .dvc/config",
        "unreachable": f"could not reach {where}: is its server up, and its URL/endpoint in the registry's "
        ".dvc/config right?",
        "credentials": f"{where} refused the credentials: provide read credentials in the environment (S3: "
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
        "missing-bucket": f"the bucket of {where} does not exist",
    }.get(kind, f"is {where} reachable, and was the data pushed to it?")
    return DataUnavailableError(f"{what}: {type(error).__name__}: {error}{cause}; {hint}")


def file_md5(path: Path) -> str:
    """md5 of a file's bytes, as DVC records it."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(repo: str, rev: str | None, paths: Iterable[str], dest: Path, *, remote: str | None = None) -> None:
    """Copy DVC-tracked files ``paths`` of ``repo`` at ``rev`` into ``dest`` (same relative layout).

    Each file's md5 is checked against the one DVC recorded for it at ``rev``
    (``dvc.lock`` / ``.dvc`` and the folder manifest), so a wrong or corrupted
    object in the remote is an error, not a silent substitute.

    Parameters
    ----------
    repo : str
        Local checkout, local bare repository or git URL.
    rev : str or None
        A commit sha (juniper-data always passes one); None reads the workspace of a checkout.
    paths : iterable of str
        Repository-relative, '/'-separated.
    dest : Path
    remote : str, optional
        Name of the registry's DVC remote to fetch from (default: its default remote).

    Raises
    ------
    DataUnavailableError
        Naming the repository, the rev and the path.
    """
    paths = list(paths)
    try:
        fs = _filesystem(repo, rev, remote)
        for path in paths:
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            # DVC and dvc-data raise many unrelated types (DvcException, DataIndexDirError,
            # OSError, ...); at this boundary every one means "not available at this version".
            try:
                recorded = fs.info(path).get("dvc_info", {}).get("md5")
            except Exception as error:
                raise _wrap(error, repo, rev, path, remote=remote) from error
            try:
                fs.get_file(path, os.fspath(target))
            except Exception as error:
                raise _wrap(error, repo, rev, path, remote=remote, tracked=True) from error
            if recorded and file_md5(target) != recorded:
                raise DataUnavailableError(
                    f"{_describe(repo, rev, path)}: fetched bytes have md5 {file_md5(target)}, "
                    f"DVC records {recorded}; the remote holds a corrupted object"
                )
    except DataUnavailableError:
        raise
    except Exception as error:  # opening the repository itself (bad rev, not a DVC repo)
        raise _wrap(error, repo, rev, paths[0] if paths else "", remote=remote) from error
    finally:
        _cleanup()


def read_text(repo: str, rev: str | None, path: str, *, remote: str | None = None) -> str:
    """Text of one file (git- or DVC-tracked) of ``repo`` at ``rev``."""
    from dvc.exceptions import DvcException

    try:
        fs = _filesystem(repo, rev, remote)
        with fs.open(path, "r", encoding="utf-8") as handle:
            text: str = handle.read()
            return text
    except (FileNotFoundError, DvcException, OSError) as error:
        raise _wrap(error, repo, rev, path, remote=remote) from error
    finally:
        _cleanup()


def recorded_md5s(repo: str, folder: str, *, rev: str | None = None) -> dict[str, str]:
    """``{relative path: md5}`` DVC records for every file under ``folder`` (``dvc.lock`` / ``.dvc``).

    With ``rev=None`` this is the checkout's committed-or-locked state, whatever
    the workspace files now hold: the reference ``verify`` hashes them against.
    """
    from dvc.exceptions import DvcException

    try:
        fs = _filesystem(repo, rev, None)
        out: dict[str, str] = {}
        for path in fs.find(folder):
            md5 = (fs.info(path).get("dvc_info") or {}).get("md5")
            if md5:
                out[str(path)[len(folder.rstrip("/")) + 1 :]] = md5
        return out
    except (FileNotFoundError, DvcException) as error:
        raise _wrap(error, repo, rev, folder) from error


def drop_lock_stages(lock: Path, stages: Iterable[str]) -> None:
    """Delete ``stages`` (e.g. ``dataset@old``) from a ``dvc.lock``, keeping DVC's own formatting."""
    from dvc.utils.serialize import modify_yaml

    with modify_yaml(str(lock)) as data:
        for stage in stages:
            (data.get("stages") or {}).pop(stage, None)
