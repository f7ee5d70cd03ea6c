"""Push to and pull from a DVC remote, turning DVC's failures into errors that say what to do.

DVC reports most remote failures as ``ERROR: unexpected error - <botocore text>``; the
functions here classify them (:attr:`RemoteError.kind`) and say what happened, where, and
what is safe: an interrupted push or pull leaves the repository and its cache intact and
the same command, run again, transfers only what is missing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from juniper_data.adapters.dvc import classify, run_dvc
from juniper_data.adapters.dvc_errors import REMEDIES
from juniper_data.storage.remotes import RemoteSpec


class RemoteError(RuntimeError):
    """A push, pull or status against a DVC remote failed.

    Attributes
    ----------
    kind : str
        ``no-space``, ``unreachable``, ``credentials``, ``missing-bucket``, ``missing-plugin``,
        ``missing-objects``, ``read-only`` or ``failed`` (:func:`juniper_data.adapters.dvc.classify`).
    command : list of str
        The ``dvc`` arguments that failed.
    detail : str
        DVC's own error line(s), without traceback or support banner.
    """

    def __init__(self, message: str, *, kind: str, command: Sequence[str] = (), detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.command = list(command)
        self.detail = detail


def push(
    repo: str | os.PathLike[str],
    remote: RemoteSpec | str | None = None,
    targets: Sequence[str] = (),
    *,
    jobs: int | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """``dvc push`` ``targets`` (default: everything tracked) to ``remote`` (default: the default remote).

    Parameters
    ----------
    repo : path
        The registry (a DVC repository).
    remote : RemoteSpec or str, optional
        A spec (its ``read_only`` is honoured) or a DVC remote name.
    targets : sequence of str
        ``.dvc`` files, stage names or tracked paths.
    jobs : int, optional
        Parallel transfers (DVC's default: 4 x cores).
    env : mapping, optional
        Environment for DVC (credentials); default: this process's.

    Returns
    -------
    str
        DVC's summary line (e.g. ``'12 files pushed'``).

    Raises
    ------
    RemoteError
        With ``kind`` saying why; nothing in ``repo`` was changed.
    """
    spec = remote if isinstance(remote, RemoteSpec) else None
    if spec is not None and spec.read_only:
        raise RemoteError(
            f"DVC remote {spec.name!r} ({spec.location}) is read-only (storage.read_only): "
            "pull from it, push to the remote it mirrors",
            kind="read-only",
        )
    return _transfer("push", repo, remote, targets, jobs, env)


def pull(
    repo: str | os.PathLike[str],
    remote: RemoteSpec | str | None = None,
    targets: Sequence[str] = (),
    *,
    jobs: int | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """``dvc pull`` ``targets`` (default: all tracked data) from ``remote``; same contract as :func:`push`."""
    return _transfer("pull", repo, remote, targets, jobs, env)


def cloud_status(
    repo: str | os.PathLike[str],
    remote: RemoteSpec | str | None = None,
    *,
    targets: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What differs between the cache and ``remote`` (``dvc status --cloud --json``); ``{}`` = in sync.

    Returns
    -------
    dict
        ``{path: status}`` with status ``'new'`` (only in the cache: push it), ``'deleted'``
        (only on the remote: pull it) or ``'missing'`` (in neither); only for ``targets``
        (outputs, stages) when given.
    """
    args = ["status", "--cloud", "--json", *_remote_args(remote), *targets]
    result = run_dvc(args, repo, env=env)
    if result.returncode != 0:
        raise explain_failure("status", remote, args, result.stderr, repo)
    return dict(json.loads(result.stdout or "{}"))


def collect_garbage(
    repo: str | os.PathLike[str],
    remote: RemoteSpec | str | None = None,
    *,
    all_tags: bool = True,
    all_branches: bool = False,
    env: Mapping[str, str] | None = None,
) -> str:
    """Delete objects that no kept revision references, from the cache *and* ``remote``.

    ``dvc gc --workspace [--all-tags] [--all-branches] --cloud --force``: the workspace (HEAD)
    is always kept, and by default every tagged release too, so older releases still pull.
    Run it after removing datasets (``prune``) and committing.

    Returns
    -------
    str
        DVC's report of what was removed.
    """
    flags = [
        "--workspace",
        *(["--all-tags"] if all_tags else []),
        *(["--all-branches"] if all_branches else []),
    ]
    args = ["gc", *flags, "--cloud", "--force", *_remote_args(remote)]
    result = run_dvc(args, repo, env=env)
    if result.returncode != 0:
        raise explain_failure("gc", remote, args, result.stderr, repo)
    return result.stdout.strip()


def _remote_args(remote: RemoteSpec | str | None) -> list[str]:
    name = remote.name if isinstance(remote, RemoteSpec) else remote
    return ["--remote", name] if name else []


def _transfer(
    action: str,
    repo: str | os.PathLike[str],
    remote: RemoteSpec | str | None,
    targets: Sequence[str],
    jobs: int | None,
    env: Mapping[str, str] | None,
) -> str:
    args = [action, *_remote_args(remote), *(["--jobs", str(jobs)] if jobs else []), *targets]
    result = run_dvc(args, repo, env=env)
    if result.returncode != 0:
        raise explain_failure(action, remote, args, result.stderr, repo)
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def configured_remote(repo: str | os.PathLike[str], name: str | None = None) -> RemoteSpec:
    """The remote ``name`` (default: ``core.remote``) as the repository's merged DVC config has it.

    Only the URL and the endpoint are read back, never credentials (they are for messages).
    """
    result = run_dvc(["config", "--list"], repo)
    config = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    name = name or config.get("core.remote") or "(no default remote)"
    options = {"endpointurl": config[f"remote.{name}.endpointurl"]} if f"remote.{name}.endpointurl" in config else {}
    return RemoteSpec(name=name, url=config.get(f"remote.{name}.url"), options=options)


def dvc_error_lines(stderr: str) -> str:
    """DVC's error text without the support banner, traceback frames or ``unexpected error -`` prefix.

    Examples
    --------
    >>> dvc_error_lines("ERROR: unexpected error - Could not connect\\n\\nHaving any troubles? Hit us up")
    'Could not connect'
    """
    lines = [line.strip() for line in stderr.splitlines()]
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        errors = [line for line in lines if line.startswith("ERROR")]
        tail = [line for line in lines if line and not line.startswith(("File ", "Traceback", "^", "~"))]
        lines = errors or tail[-1:]
    kept = [
        re.sub(r"^ERROR:\s*(unexpected error\s*-\s*)?", "", line)
        for line in lines
        if line and not line.startswith(("Having any troubles", "WARNING"))
    ]
    return " ".join(kept)


def explain_failure(
    action: str,
    remote: RemoteSpec | str | None,
    command: Sequence[str],
    stderr: str,
    repo: str | os.PathLike[str] = ".",
) -> RemoteError:
    """Classify a failed ``dvc <action>`` and word the error: what failed, where, what to do.

    Examples
    --------
    >>> import tempfile
    >>> err = explain_failure("push", "s3", ["push"], "ERROR: unexpected error - NoSuchBucket: The specified "
    ...                       "bucket does not exist", repo=tempfile.gettempdir())
    >>> err.kind, "DVC does not create buckets" in str(err)
    ('missing-bucket', True)
    """
    detail = dvc_error_lines(stderr)
    kind = classify(stderr)
    # Where the remote really is comes from the repository's DVC config (what DVC used), not the spec.
    remote = configured_remote(repo, remote.name if isinstance(remote, RemoteSpec) else remote)
    name, where = remote.name, remote.location
    safe = (
        "The repository and its cache are unchanged; "
        + ("objects already uploaded stay on the remote" if action == "push" else "files already fetched are kept")
        + f", so running the same `dvc {action}` again transfers only what is missing."
    )
    if kind == "no-space":
        message = f"`dvc {action}`: no space left on the device it was writing to: {detail}. {REMEDIES[kind]}. {safe}"
    elif kind == "unreachable":
        message = f"`dvc {action}` could not reach DVC remote {name!r} ({where}): {detail}. {safe}"
    elif kind == "credentials":
        message = (
            f"DVC remote {name!r} ({where}) rejected the credentials: {detail}. Provide them in the "
            "environment (S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) or for this "
            f"machine only with `dvc remote modify --local {name} access_key_id ...` and "
            f"`... secret_access_key ...`; never in the committed .dvc/config."
        )
    elif kind == "missing-bucket":
        bucket = urlsplit(remote.url).netloc if remote.url else "the bucket"
        message = (
            f"{bucket!r} of DVC remote {name!r} ({where}) does not exist: {detail}. DVC does not create "
            "buckets: create it first (e.g. `aws s3 mb s3://BUCKET --endpoint-url URL`) or fix storage.url."
        )
    elif kind == "missing-plugin":
        message = f"DVC lacks the plugin for remote {name!r} ({where}): {detail} (S3: pip install 'juniper-data[s3]')"
    elif kind == "missing-objects":
        message = (
            f"`dvc {action}`: some data is on neither this cache nor remote {name!r} ({where}): {detail}. "
            f"Was `dvc push` run in the registry after these datasets were built? {REMEDIES[kind]}"
        )
    else:
        message = f"`dvc {' '.join(command)}` failed for remote {name!r} ({where}): {detail}"
    return RemoteError(message, kind=kind, command=command, detail=detail)
