"""Why a DVC operation failed, by cause, and the command that helps.

DVC words most failures as ``ERROR: unexpected error - <library text>``, and its file
system answers "No storage files available" both for an object the remote lacks and for
a server that is down. :func:`classify` reads the text; :func:`explain` adds what a probe
of the remote found (reachable? holds the object?), so a full disk, data removed by
``dvc gc``, a server that is down and a damaged local cache object each get their own
message. No DVC import here: the kinds are plain strings.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable

#: (kind, pattern in DVC's error text); first match wins.
KINDS = (
    (
        "no-space",
        r"No space left on device|Errno 28\b|ENOSPC|Disk quota exceeded|Errno 122\b|File too large|Errno 27\b"
        r"|database or disk is full|disk I/O error",  # sqlite (DVC's indexes) on a full or size-limited disk
    ),
    ("missing-plugin", r"requires these missing dependencies|is supported but requires"),
    ("missing-bucket", r"NoSuchBucket|bucket does not exist"),
    (
        "credentials",
        r"InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Access Denied|Forbidden|\b403\b"
        r"|Unable to locate credentials|NoCredentialsError|InvalidToken|ExpiredToken|\b401\b|Unauthorized",
    ),
    (
        "unreachable",
        r"Could not connect|Connect(ion)? ?(refused|reset|aborted)|Cannot connect to host"
        r"|Server ?Disconnected|EndpointConnectionError|Connection closed|timed out|Timeout"
        r"|Name or service not known|Temporary failure in name resolution|No route to host|Network is unreachable",
    ),
    (
        "missing-objects",
        r"do not exist neither locally nor on remote|missing cache files|failed to pull data",
    ),
)
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

#: kind -> the command (or step) that helps.
REMEDIES = {
    "no-space": "free space on that file system (`df -h` shows it; `dvc gc` frees a registry's cache) or point "
    "$JUNIPER_DATA_CACHE, DVC's cache (`dvc cache dir`) or $TMPDIR at a larger one, then run the same command again",
    "missing-objects": "push it from a clone of the registry that has the data (`dvc push`; "
    "`dvc status --cloud` lists what the remote lacks); `dvc gc --cloud` removes objects no kept rev references",
    "unreachable": "check that the server is up and the remote's URL/endpoint is right "
    "(`dvc remote list`, then `dvc status --cloud -r NAME` in a registry clone), then run the same command again",
    "credentials": "provide read credentials in the environment (S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    "or AWS_PROFILE) or per machine with `dvc remote modify --local NAME access_key_id ...`",
    "missing-bucket": "create the bucket (DVC does not) or fix the remote's URL",
    "missing-plugin": "install DVC's plugin for it (S3: pip install 'juniper-data[s3]')",
    "config": "check the remote name (`dvc remote list` in the registry) and the registry's .dvc/config",
    "cache-damaged": "remove the damaged object from the local DVC cache and fetch it again (`dvc fetch`)",
}


class DataUnavailableError(LookupError):
    """DVC could not provide a file: not tracked at that rev, not in a reachable remote, no space, ...

    Attributes
    ----------
    kind : str
        ``not-tracked``, ``no-space``, ``missing-objects``, ``unreachable``, ``credentials``,
        ``missing-bucket``, ``missing-plugin``, ``config``, ``cache-damaged``,
        ``corrupted-remote`` or ``failed``.
    """

    def __init__(self, message: str, *, kind: str = "failed") -> None:
        super().__init__(message)
        self.kind = kind


def classify(text: str) -> str:
    """The kind a DVC error text shows, or ``'failed'`` when it shows none.

    Examples
    --------
    >>> classify('EndpointConnectionError: Could not connect to the endpoint URL: "http://127.0.0.1:9/b"')
    'unreachable'
    >>> classify("[Errno 28] No space left on device"), classify("something else")
    ('no-space', 'failed')
    """
    return next((kind for kind, pattern in KINDS if re.search(pattern, text, re.IGNORECASE)), "failed")


def _error_kind(error: BaseException) -> str:
    for item in (error, error.__cause__, error.__context__):
        if isinstance(item, OSError) and item.errno in NO_SPACE_ERRNOS:
            return "no-space"
    cause = f" ({error.__cause__})" if error.__cause__ else ""
    kind = classify(f"{type(error).__name__} {error}{cause}")
    return "config" if kind == "failed" and type(error).__name__ == "ConfigError" else kind


def explain(
    error: BaseException,
    what: str,
    *,
    remote: str | None = None,
    tracked: bool = False,
    probe: Callable[[], tuple[str, str]] | None = None,
) -> DataUnavailableError:
    """Word a DVC failure about ``what``; ``tracked``: DVC knew the file at that rev.

    ``probe`` (see :func:`juniper_data.adapters.dvc._probe`) is asked only when the
    text alone cannot tell a missing object from an unreachable remote.
    """
    cause = f" ({error.__cause__})" if error.__cause__ else ""
    detail = f"{type(error).__name__}: {error}{cause}"
    name = f"DVC remote {remote!r}" if remote else "the registry's default DVC remote"
    if isinstance(error, FileNotFoundError) and not tracked and probe is None:
        return DataUnavailableError(f"{what}: no such file is tracked there", kind="not-tracked")
    kind = _error_kind(error)
    where = name
    if kind in ("failed", "unreachable", "missing-objects") and probe is not None:
        try:
            state, location = probe()
        except Exception as probe_error:  # the probe itself could not open the remote
            state, location = f"unreachable:{probe_error}", ""
        where = f"{name} ({location})" if location else name
        if state == "missing":
            kind = "missing-objects"
        elif state.startswith("unreachable:"):
            kind, detail = "unreachable", f"{detail}; {state.partition(':')[2]}"
        elif state.startswith("config:"):
            kind, detail = "config", state.partition(":")[2]
    summary = {
        "no-space": "no space left on the device DVC was writing to",
        "missing-objects": f"{where} is reachable but does not hold this data (removed by `dvc gc --cloud`, "
        "or never pushed)",
        "unreachable": f"could not reach {where}",
        "credentials": f"{where} refused the credentials",
        "missing-bucket": f"the bucket of {where} does not exist",
        "missing-plugin": f"DVC lacks the plugin for {where}",
        "config": f"{where} is not configured",
    }.get(kind, f"is {where} reachable, and was the data pushed to it?")
    remedy = REMEDIES.get(kind, "")
    return DataUnavailableError(f"{what}: {summary} ({detail}); {remedy}".rstrip("; "), kind=kind)
