"""``load()``: a dataset at a pinned registry version, verified, cached by commit.

How a request becomes one immutable version
-------------------------------------------
1. ``repo`` names the registry: a checkout, a bare repository or a git URL;
   None is the checkout around the current directory (nearest ``dvc.yaml``).
2. ``rev`` (tag, branch, commit; None: ``HEAD`` / the default branch) is
   resolved to a full commit sha first. Unknown revs are errors.
3. The release rule picks the commit the dataset is read at:

   * ``load("name@v1.2.0")`` reads at the tag ``name@v1.2.0`` (``rev`` must then be None);
   * ``load("name")`` reads at the newest release of ``name`` -- the tag
     ``name@vX.Y.Z`` with the highest semantic version whose commit is the
     resolved rev or one of its ancestors. A family variant ``fam/var`` uses
     its own releases, else the family's (``fam@vX.Y.Z``). With no such
     release, it reads at the resolved rev itself. ``release=False`` skips the
     rule and reads exactly at the rev.
4. Files come from ``<cache>/datasets/<repo-key>/<commit>/<name>/`` when there,
   else from DVC (``meta.json`` and the NPZ only) into that folder, atomically.
   ``<cache>`` is ``$JUNIPER_DATA_CACHE`` or ``~/.cache/juniper-data``.
5. With ``verify`` the array hashes are checked against ``meta.json`` (and DVC's
   md5 of each fetched file against the one recorded at that commit); a cached
   entry is rehashed when its files changed since they were verified.

Network: a URL's mirror is fetched to resolve a branch, a plain tag or
``load("name")`` (new releases may exist); a release tag ``name@vX.Y.Z`` or a
full commit sha already in the mirror is used without contacting the remote
(releases are immutable: ``juniper-data release`` never moves one).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from juniper_data.consumer import git_refs
from juniper_data.dataset import Dataset

CACHE_ENV = "JUNIPER_DATA_CACHE"
VERIFIED_STAMP = ".verified.json"
DATA_DIR = "data"


class LoadError(LookupError):
    """A dataset cannot be loaded at the requested version; names the repo, the rev and the dataset."""


def cache_root() -> Path:
    """``$JUNIPER_DATA_CACHE`` or ``~/.cache/juniper-data``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "juniper-data"


def split_version(name: str) -> tuple[str, str | None]:
    """``"spiral@v1.0.0"`` -> ``("spiral", "v1.0.0")``; ``"spiral"`` -> ``("spiral", None)``.

    Examples
    --------
    >>> split_version("grid/n=2@v0.1.0")
    ('grid/n=2', 'v0.1.0')
    """
    base, sep, version = name.partition(git_refs.RELEASE_SEPARATOR)
    return (base, version) if sep else (name, None)


def release_names(name: str) -> list[str]:
    """Release tag names to look for, most specific first: the dataset, then its family."""
    return [name, name.split("/", 1)[0]] if "/" in name else [name]


def check_name(name: str) -> None:
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") for p in parts) or "\\" in name:
        raise ValueError(f"dataset name {name!r} is not allowed; expected '<name>' or '<family>/<variant>'")


def resolve_version(
    registry: git_refs.Registry, name: str, rev: str | None, *, release: bool = True
) -> tuple[str, str, str]:
    """``(dataset name, commit sha, how it was chosen)`` for a request; see the module docstring.

    Raises
    ------
    LoadError
    """
    base_name, version = split_version(name)
    check_name(base_name)
    try:
        if version is not None:
            if rev is not None:
                raise LoadError(f"load({name!r}, rev={rev!r}): give either a versioned name or a rev, not both")
            if git_refs.semver_key(version) is None:
                raise LoadError(f"{name!r}: version {version!r} is not vMAJOR.MINOR.PATCH")
            tag = git_refs.release_tag(base_name, version)
            return base_name, git_refs.resolve_commit(registry, tag), f"release tag {tag}"
        commit = git_refs.resolve_commit(registry, rev)
    except git_refs.RevisionNotFoundError as error:
        known = ", ".join(r.tag for n in release_names(base_name) for r in git_refs.releases(registry, n))
        raise LoadError(
            f"cannot load dataset {base_name!r} from registry {registry.location!r} at rev "
            f"{rev or version or 'HEAD'!r}: {error}. Known releases of it: {known or 'none'}"
        ) from None
    except git_refs.GitError as error:
        raise LoadError(f"cannot load dataset {base_name!r} from registry {registry.location!r}: {error}") from None
    if release:
        found = git_refs.newest_release(registry, release_names(base_name), commit)
        if found is not None:
            return base_name, found.commit, f"newest release {found.tag} reachable from {commit[:12]}"
    return base_name, commit, f"rev {rev or 'HEAD'} = {commit[:12]}"


def load(
    name: str,
    repo: str | os.PathLike[str] | None = None,
    rev: str | None = None,
    remote: str | None = None,
    verify: bool | str = True,
    *,
    release: bool = True,
) -> Dataset:
    """Load a dataset of a registry at a pinned version.

    Parameters
    ----------
    name : str
        ``"<name>"``, ``"<family>/<variant>"``, or either with ``"@vX.Y.Z"`` (a release tag).
    repo : str or path, optional
        Registry checkout, bare repository or git URL; default: the checkout around cwd.
    rev : str, optional
        Tag, branch or commit; default ``HEAD``. Without a version in ``name``,
        the newest release of the dataset reachable from ``rev`` is read.
    remote : str, optional
        Registry DVC remote to fetch from (default: the registry's default remote).
    verify : bool or 'full'
        Check every array's sha256 against ``meta.json``: on download, and again on a
        cached read whenever a cached file changed (size, mtime or inode) since it was
        verified; ``'full'`` rehashes on every read; False skips the check.
    release : bool
        Apply the newest-release rule (False: read exactly at ``rev``).

    Returns
    -------
    Dataset
        The same mapping and ``meta`` as :func:`juniper_data.generate` gives (plus the
        catalog fields the registry set: name, tags, expiry, artifact files);
        ``.source`` says where it came from: ``{"repo", "commit", "how"}``.

    Raises
    ------
    LoadError
        Unknown repo, rev or release, or a dataset missing at that version or from the remote;
        the message names the repo, the rev and the dataset.
    ArtifactError
        The files do not match their ``meta.json`` (never returned silently).

    Examples
    --------
    >>> from juniper_data import load                       # doctest: +SKIP
    >>> ds = load("xor_default@v1.0.0", repo="https://host/lab/registry.git")  # doctest: +SKIP
    >>> ds["X_train"].shape                                  # doctest: +SKIP
    (160, 2)
    """
    from juniper_data.artifacts.reader import ArtifactError

    root = cache_root()
    try:
        registry = git_refs.open_registry(repo, root)
    except (git_refs.GitError, FileNotFoundError) as error:
        raise LoadError(f"cannot load dataset {name!r}: {error}") from None
    if verify not in (True, False, "full"):
        raise ValueError(f"verify = {verify!r}; allowed: True, False, 'full'")
    dataset_name, commit, how = resolve_version(registry, name, rev, release=release)
    folder = root / "datasets" / registry.key / commit / dataset_name
    if (folder / "meta.json").is_file():
        try:
            return _with_source(_read_cached(folder, verify), registry, commit, how)
        except ArtifactError:
            shutil.rmtree(folder)  # a damaged cache entry is fetched again, never trusted
    _fetch(registry, dataset_name, commit, rev, folder, remote)
    return _with_source(_read_cached(folder, verify), registry, commit, how)


def _read_cached(folder: Path, verify: bool | str) -> Dataset:
    """Read a cache entry; with ``verify=True`` rehash only files changed since their last verification.

    The stamp (size, mtime, inode of each file, written after a successful
    verification) is how git's index and DVC's state database avoid rehashing
    unchanged files. Any write to a cached file changes its stamp and forces a
    full check; ``verify="full"`` always rehashes.
    """
    import json

    from juniper_data.artifacts.meta import META_FILE, read_meta
    from juniper_data.artifacts.reader import read_dataset

    meta = read_meta(folder)
    files = [folder / META_FILE, folder / meta["artifacts"]["npz"]]
    stamp_file = folder / VERIFIED_STAMP
    stamp = [[p.name, *_stat(p)] for p in files if p.is_file()]
    if verify is True and stamp_file.is_file() and json.loads(stamp_file.read_text()) == stamp:
        return read_dataset(folder, verify=False)
    dataset = read_dataset(folder, verify=bool(verify))
    if verify:
        stamp_file.write_text(json.dumps(stamp))
    return dataset


def _stat(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


def _fetch(
    registry: git_refs.Registry, name: str, commit: str, rev: str | None, folder: Path, remote: str | None
) -> None:
    import json

    from juniper_data.artifacts.atomic import atomic_directory
    from juniper_data.consumer.dvc_adapter import DataUnavailableError, download

    source = f"{DATA_DIR}/{name}"
    where = f"registry {registry.location!r} at rev {rev or 'HEAD'!r} (commit {commit})"
    # A mirror or bare repo is read in place; DVC would clone a URL again in every process.
    dvc_repo = str(registry.git_dir)
    try:
        with atomic_directory(folder) as tmp:
            download(dvc_repo, commit, [f"{source}/meta.json"], tmp, remote=remote)
            meta = json.loads((tmp / source / "meta.json").read_text())
            download(dvc_repo, commit, [f"{source}/{meta['artifacts']['npz']}"], tmp, remote=remote)
            for item in (tmp / source).iterdir():
                item.rename(tmp / item.name)
            shutil.rmtree(tmp / DATA_DIR)
    except DataUnavailableError as error:
        hint = _did_you_mean(registry, commit, name)
        raise LoadError(f"cannot load dataset {name!r} from {where}: {error}{hint}") from None


def _did_you_mean(registry: git_refs.Registry, commit: str, name: str) -> str:
    import difflib

    from juniper_data.catalog.view import RegistryView

    params = RegistryView(registry, commit).params()
    known = list(params.get("datasets") or {})
    for family, entry in (params.get("families") or {}).items():
        known += [f"{family}/{variant}" for variant in entry.get("variants") or {}]
    if name in known:
        return ""
    close = difflib.get_close_matches(name, known, n=3)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""


def _with_source(dataset: Dataset, registry: git_refs.Registry, commit: str, how: str) -> Dataset:
    dataset.source = {"repo": registry.location, "commit": commit, "how": how}
    return dataset
