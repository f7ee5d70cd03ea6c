"""The one module that runs DVC: its command line, its file system, and what ``dvc.lock`` records.

``dvc.repo.Repo`` and DVC's file system are not a stable API (STYLE: "a thin
public surface over a large internal one"), so everything juniper-data needs
from DVC is a small function here. Nothing else imports ``dvc``; callers get
plain dicts and :class:`DataUnavailableError`, whose ``kind`` says the cause
(:mod:`juniper_data.adapters.dvc_errors`).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from juniper_data.adapters import git
from juniper_data.adapters.dvc_errors import DataUnavailableError, classify, explain

LOCK_FILE = "dvc.lock"
PIPELINE_FILE = "dvc.yaml"
DVC_FILE_SUFFIX = ".dvc"

__all__ = [
    "DataUnavailableError",
    "classify",
    "directory_manifest",
    "file_md5",
    "DataReader",
    "lock_outputs",
    "locked_outputs",
    "recorded_md5s",
    "remote_definition",
    "run_dvc",
    "tracked_outputs",
    "tree_md5",
]


def run_dvc(
    args: Sequence[str], repo: str | os.PathLike[str], *, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``dvc <args>`` in ``repo`` with this interpreter's DVC, in a subprocess; never raises on failure.

    The CLI is DVC's stable surface, and a subprocess keeps its import cost, logging and
    working-directory handling out of our process.

    Examples
    --------
    >>> import tempfile
    >>> run_dvc(["version"], tempfile.gettempdir()).returncode
    0
    """
    return subprocess.run(
        [sys.executable, "-m", "dvc", *args],
        cwd=os.fspath(repo),
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def file_md5(path: Path) -> str:
    """md5 of a file's bytes, as DVC records it."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- what git records (dvc.lock, .dvc files)


def _yaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # dvc.lock grows with the registry: parse it in C
    return yaml.load(text, Loader=loader)


def _record_files(root: str | os.PathLike[str], rev: str | None, *, dvc_files: bool) -> dict[str, str]:
    """``{repo path: text}`` of every ``dvc.lock`` (and ``*.dvc`` file) in the workspace or at ``rev``,
    and of the ``dvc.yaml`` beside each lock (its stages' ``wdir``)."""

    def wanted(path: str) -> bool:
        name = posixpath.basename(path)
        return name in (LOCK_FILE, PIPELINE_FILE) or (
            dvc_files and name.endswith(DVC_FILE_SUFFIX) and name != DVC_FILE_SUFFIX
        )

    if rev is None:
        base = Path(root)
        found: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in (".git", ".dvc")]
            for name in filenames:
                path = Path(dirpath, name).relative_to(base).as_posix()
                if wanted(path):
                    found[path] = Path(dirpath, name).read_text()
        return found
    registry = git.local_registry(Path(root))
    texts = git.show_files(registry, rev, [p for p in git.list_files(registry, rev) if wanted(p)])
    return {path: text for path, text in texts.items() if text is not None}


def _wdirs(pipeline_text: str | None) -> dict[str, str]:
    """``{stage: wdir}`` of the stages of a ``dvc.yaml`` that set one (relative to its folder)."""
    if not pipeline_text or "wdir:" not in pipeline_text:  # the root pipeline has none: skip its parse
        return {}
    stages = (_yaml(pipeline_text) or {}).get("stages") or {}
    return {name: str(stage["wdir"]) for name, stage in stages.items() if isinstance(stage, dict) and "wdir" in stage}


def _outs(record_path: str, data: Any, wdirs: Mapping[str, str] | None = None) -> Iterable[tuple[str, dict[str, Any]]]:
    """``(repository path, out)`` of a lock or ``.dvc`` file's outputs.

    A lock's paths are relative to its stage's ``wdir`` (``wdirs``, from the ``dvc.yaml`` beside
    it; default: the lock's folder).
    """
    folder = posixpath.dirname(record_path)
    if posixpath.basename(record_path) == LOCK_FILE:
        stages = (data or {}).get("stages") or {}
        wdirs = wdirs or {}
        outs = [(out, wdirs.get(name, ".")) for name, stage in stages.items() for out in stage.get("outs") or []]
    else:
        outs = [(out, ".") for out in (data or {}).get("outs") or []]
    for out, wdir in outs:
        yield posixpath.normpath(posixpath.join(folder, wdir, out["path"])), out


def locked_outputs(root: str | os.PathLike[str], rev: str | None = None) -> dict[str, str]:
    """``{output path: md5}`` every ``dvc.lock`` of the repository records (``.dir`` md5 for a folder).

    Parameters
    ----------
    root : path
        A checkout (``rev=None``: its workspace files), or any local git repository with ``rev``.
    rev : str, optional
        A commit (or any rev): read the lock files committed there.

    Returns
    -------
    dict
        Repository-relative, ``/``-separated output paths (a ``dvc.lock`` in a subfolder
        records paths relative to its stage's ``wdir``, by default its own folder; they are
        made relative to ``root``). Outputs without an md5 (not built yet) are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "dvc.lock").write_text(
    ...     "schema: '2.0'\\nstages:\\n  build:\\n    cmd: x\\n    outs:\\n"
    ...     "    - path: data/a\\n      hash: md5\\n      md5: 0123456789abcdef0123456789abcdef.dir\\n")
    >>> locked_outputs(root)
    {'data/a': '0123456789abcdef0123456789abcdef.dir'}
    """
    return _outputs(root, rev, dvc_files=False)


def tracked_outputs(root: str | os.PathLike[str], rev: str | None = None) -> dict[str, str]:
    """Like :func:`locked_outputs`, plus the outputs of ``*.dvc`` files (``dvc add``, ``dvc import``)."""
    return _outputs(root, rev, dvc_files=True)


def _outputs(root: str | os.PathLike[str], rev: str | None, *, dvc_files: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    records = _record_files(root, rev, dvc_files=dvc_files)
    for record, text in sorted(records.items()):
        if posixpath.basename(record) == PIPELINE_FILE:
            continue
        pipeline = records.get(posixpath.join(posixpath.dirname(record), PIPELINE_FILE))
        for path, out in _outs(record, _yaml(text), _wdirs(pipeline)):
            if out.get("md5"):
                found[path] = str(out["md5"])
    return found


def lock_outputs(lock: Path, root: Path) -> dict[str, str]:
    """Like :func:`locked_outputs`, of one ``dvc.lock`` file of the checkout at ``root`` only."""
    record = lock.relative_to(root).as_posix()
    pipeline = lock.with_name(PIPELINE_FILE)
    text = lock.read_text() if lock.is_file() else ""
    wdirs = _wdirs(pipeline.read_text() if pipeline.is_file() else None)
    return {path: str(out["md5"]) for path, out in _outs(record, _yaml(text), wdirs) if out.get("md5")}


def lock_deps(lock: Path, stage: str) -> dict[str, str] | None:
    """``{path: md5}`` of the dependencies one ``dvc.lock`` records for ``stage`` (paths as the lock
    spells them: relative to the stage's ``wdir``); None when the lock has no such stage."""
    entry = (((_yaml(lock.read_text()) if lock.is_file() else None) or {}).get("stages") or {}).get(stage)
    if not isinstance(entry, dict):
        return None
    return {str(dep["path"]): str(dep.get("md5")) for dep in entry.get("deps") or []}


def tree_md5(entries: Mapping[str, str]) -> str:
    """The ``.dir`` md5 DVC gives a folder whose files (``relpath -> md5``) are ``entries``.

    Examples
    --------
    >>> tree_md5({"a.txt": "0cc175b9c0f1b6a831c399e269772661"})
    '1710014904e6b7e979d3965269bd0f83.dir'
    """
    from dvc_data.hashfile.hash_info import HashInfo
    from dvc_data.hashfile.meta import Meta
    from dvc_data.hashfile.tree import Tree

    tree = Tree()
    for relpath, md5 in entries.items():
        tree.add(tuple(relpath.split("/")), Meta(), HashInfo("md5", md5))
    tree.digest()
    return str(tree.hash_info.value)


def directory_md5(folder: Path) -> str:
    """DVC's ``.dir`` md5 of a folder as it is on disk (every file hashed; what ``dvc.lock`` would record).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); _ = (root / "a.txt").write_bytes(b"a")
    >>> directory_md5(root) == tree_md5({"a.txt": "0cc175b9c0f1b6a831c399e269772661"})
    True
    """
    return tree_md5({p.relative_to(folder).as_posix(): file_md5(p) for p in sorted(folder.rglob("*")) if p.is_file()})


def prune_lock(lock_text: str, pipeline_text: str) -> str | None:
    """``dvc.lock`` text keeping only the stages, dependencies and outputs ``dvc.yaml`` declares.

    DVC reruns a stage when a declared dependency or output changed, but not when
    one was *removed*: the lock would keep a removed dataset's entry (and its
    objects alive for ``dvc gc``) until that stage reran for another reason, so it
    would differ from the lock a fresh build writes. Returns None when nothing is
    stale. The rest keeps DVC's own formatting (its round-trip YAML dumper).
    """
    import yaml
    from dvc.utils.serialize import dumps_yaml, parse_yaml_for_update

    declared = (yaml.safe_load(pipeline_text) or {}).get("stages") or {}
    lock = parse_yaml_for_update(lock_text, "dvc.lock")
    stages = lock.get("stages") or {}
    changed = False
    for name in list(stages):
        if name not in declared:
            del stages[name]
            changed = True
            continue
        for kind in ("deps", "outs"):
            items = declared[name].get(kind) or []
            paths = {next(iter(item)) if isinstance(item, dict) else str(item) for item in items}
            entries = stages[name].get(kind)
            if entries is None:
                continue
            kept = [entry for entry in entries if entry["path"] in paths]
            if len(kept) != len(entries):
                entries[:] = kept
                changed = True
    return dumps_yaml(lock) if changed else None


def directory_manifest(root: str | os.PathLike[str], dir_md5: str) -> dict[str, str] | None:
    """``{relpath: md5}`` of the ``.dir`` object ``dir_md5`` in the repository's local DVC cache.

    Returns None when the cache does not hold it.

    Raises
    ------
    DataUnavailableError
        ``kind="cache-damaged"`` when the object is there but its content does not hash to ``dir_md5``.
    """
    import json

    from dvc.repo import Repo

    with Repo(os.fspath(root)) as repo:
        path = Path(repo.cache.local.oid_to_path(dir_md5))
    if not path.is_file():
        return None
    try:
        entries = {str(e["relpath"]): str(e["md5"]) for e in json.loads(path.read_text())}
    except (ValueError, KeyError, TypeError):
        entries = None
    if entries is None or tree_md5(entries) != dir_md5:
        raise DataUnavailableError(
            f"the DVC cache object {path} (folder manifest {dir_md5}) is damaged; remove it and fetch it "
            f"again: `rm {path} && dvc fetch`",
            kind="cache-damaged",
        )
    return entries


def remote_definition(config_text: str, name: str) -> dict[str, str] | None:
    """The options of ``['remote "<name>"']`` in the text of a DVC config file; None when it has none.

    Examples
    --------
    >>> remote_definition("['remote \\"s3\\"']\\n    url = s3://b/p\\n    verify = true\\n", "s3")
    {'url': 's3://b/p', 'verify': 'true'}
    """
    from configobj import ConfigObj, ConfigObjError

    try:
        parsed = ConfigObj(config_text.splitlines(), interpolation=False)
    except ConfigObjError:
        return None
    section = parsed.get(f'remote "{name}"')
    return {str(k): str(v) for k, v in section.items()} if isinstance(section, Mapping) else None


# ---------------------------------------------------------------- reading data at a commit


def _filesystem(repo: str, rev: str | None, remote: str | None, config: Mapping[str, Any] | None) -> Any:
    from dvc.fs import DVCFileSystem

    return DVCFileSystem(repo=repo, rev=rev, remote=remote, config=dict(config) if config else None)


def _cleanup() -> None:
    # DVC keeps clones of URL repos and temporary caches until its CLI exits; we are not its CLI.
    from dvc.repo.open_repo import clean_repos

    clean_repos()


def _describe(repo: str, rev: str | None, path: str) -> str:
    return f"{path!r} of registry {repo!r} at rev {rev or 'workspace'!r}"


class DataReader:
    """DVC-tracked files of one registry at one rev, through one DVC file system (a context manager).

    Parameters
    ----------
    repo : str
        Local checkout, local bare repository or git URL.
    rev : str or None
        A commit sha (juniper-data always passes one); None reads the workspace of a checkout.
    remote : str, optional
        Name of the DVC remote to fetch from (default: the registry's default remote).
    config : mapping, optional
        DVC configuration merged over the registry's (e.g. ``{"remote": {"s3": {...}}}``).
    """

    def __init__(
        self, repo: str, rev: str | None, *, remote: str | None = None, config: Mapping[str, Any] | None = None
    ) -> None:
        self.repo, self.rev, self.remote, self.config = repo, rev, remote, config
        self._fs: Any = None

    def __enter__(self) -> DataReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fs is not None:
            self._fs.close()
        _cleanup()

    @property
    def fs(self) -> Any:
        if self._fs is None:
            self._fs = _filesystem(self.repo, self.rev, self.remote, self.config)
        return self._fs

    def describe(self, path: str) -> str:
        return _describe(self.repo, self.rev, path)

    def _explain(self, error: BaseException, path: str, md5: str | None, *, tracked: bool) -> DataUnavailableError:
        probe = _probe(self.repo, self.rev, self.remote, self.config, md5) if tracked else None
        return explain(error, self.describe(path), remote=self.remote, tracked=tracked, probe=probe)

    def listing(self, folder: str, *, dir_md5: str | None = None) -> dict[str, str]:
        """``{relpath: md5}`` of every file DVC lists under the tracked folder ``folder``.

        The listing comes from the folder's manifest as DVC fetched it (from a cache or the
        remote): compare :func:`tree_md5` of it with the ``.dir`` md5 git records
        (``dir_md5``) before trusting it.
        """
        try:
            out: dict[str, str] = {}
            for path in self.fs.find(folder):
                md5 = (self.fs.info(path).get("dvc_info") or {}).get("md5")
                if md5:
                    out[str(path)[len(folder.rstrip("/")) + 1 :]] = md5
            return out
        except Exception as error:  # DVC raises many unrelated types; here each means "cannot list it"
            raise self._explain(error, folder, dir_md5, tracked=dir_md5 is not None) from error

    def get(self, path: str, target: Path, *, md5: str | None = None) -> None:
        """Copy the file ``path`` to ``target``; its md5 must be ``md5`` (default: what DVC lists for it)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            recorded = md5 or self.fs.info(path).get("dvc_info", {}).get("md5")
        except Exception as error:
            raise self._explain(error, path, None, tracked=False) from error
        try:
            self.fs.get_file(path, os.fspath(target))
        except Exception as error:
            raise self._explain(error, path, recorded, tracked=True) from error
        actual = file_md5(target)
        if recorded and actual != recorded:
            raise _mismatch(self.fs, self.describe(path), recorded, actual)


def _mismatch(fs: Any, what: str, recorded: str, actual: str) -> DataUnavailableError:
    """Fetched bytes with the wrong md5: blame the local cache when its object is the damaged one."""
    try:
        cached = Path(fs.repo.cache.local.oid_to_path(recorded))
    except Exception:  # no local cache to look at: the bytes came from the remote
        cached = None
    if cached is not None and cached.is_file() and file_md5(cached) != recorded:
        return DataUnavailableError(
            f"{what}: the local DVC cache object {cached} is damaged (md5 {actual}, DVC records {recorded}); "
            f"remove it and fetch again: `rm {cached} && dvc fetch`",
            kind="cache-damaged",
        )
    return DataUnavailableError(
        f"{what}: fetched bytes have md5 {actual}, DVC records {recorded}; the remote holds a corrupted object "
        "(push it again from a clone that has the right bytes: `dvc push`)",
        kind="corrupted-remote",
    )


def _probe(
    repo: str, rev: str | None, remote: str | None, config: Mapping[str, Any] | None, md5: str | None = None
) -> Any:
    """A function telling, after a failed fetch, whether the remote is reachable and holds ``md5``."""

    def probe() -> tuple[str, str]:
        """``(state, where)``: state ``missing`` / ``present`` / ``unreachable:<why>``."""
        fs = _filesystem(repo, rev, remote, config)
        try:
            odb = fs.repo.cloud.get_remote_odb(remote)
        except Exception as error:
            return f"config:{error}", remote or "the default remote"
        local = odb.fs.protocol in ("local", "file")
        where = odb.path if local else odb.fs.unstrip_protocol(odb.path)
        try:
            odb.fs.info(odb.path)
        except FileNotFoundError as error:  # the server answered "nothing there" (local: no remote folder)
            cause = error.__cause__ or error.__context__
            if cause is not None and classify(f"{type(cause).__name__} {cause}") in ("unreachable", "no-space"):
                return f"unreachable:{type(cause).__name__}: {cause}", where  # fsspec's HTTP: refused -> "not found"
            return ("unreachable:the remote folder does not exist" if local else "missing"), where
        except Exception as error:
            return f"unreachable:{type(error).__name__}: {error}", where
        try:
            return ("present" if md5 and odb.exists(md5) else "missing"), where
        except Exception as error:
            return f"unreachable:{type(error).__name__}: {error}", where

    return probe


def recorded_md5s(repo: str, folder: str, *, rev: str | None = None) -> dict[str, str]:
    """``{relative path: md5}`` DVC records for every file under ``folder`` (``dvc.lock`` / ``.dvc``).

    With ``rev=None`` this is the checkout's committed-or-locked state, whatever
    the workspace files now hold: the reference ``verify`` hashes them against.
    """
    with DataReader(repo, rev) as reader:
        try:
            return reader.listing(folder)
        except DataUnavailableError:
            raise
        except Exception as error:
            raise explain(error, reader.describe(folder)) from error
