"""``load()``: a dataset at a pinned registry version, verified against what git records, cached by commit.

How a request becomes one immutable version
-------------------------------------------
1. ``repo`` names the registry: a checkout, a bare repository or a git URL;
   None is the checkout around the current directory (nearest ``dvc.yaml``).
2. The request is pinned to one commit (:mod:`juniper_data.consumer.pins`): ``rev``
   exactly as given (None: ``HEAD``), ``name@vX.Y.Z`` at its release tag,
   ``name@latest`` at the newest release. A release's commit is recorded the first
   time and a moved tag is refused.
3. Files come from ``<cache>/datasets/<repo-key>/<commit>/<name>/`` when there and
   verified (:mod:`juniper_data.consumer.cache`); else they are fetched through DVC
   and checked against what git records at that commit before they enter the cache:

   * the folder manifest DVC fetched must hash to the ``.dir`` md5 in ``dvc.lock``,
   * each fetched file must have the md5 that manifest gives it,
   * ``meta.json``'s dataset id, array hashes, recipe and class names must equal the
     registry's catalog entry ``catalog/<name>.json`` (when the registry has one),
   * every array's sha256 must equal ``meta.json``'s.

   ``<cache>`` is ``$JUNIPER_DATA_CACHE`` or ``~/.cache/juniper-data``; DVC's own site
   cache goes to ``<cache>/dvc-site`` unless ``$DVC_SITE_CACHE_DIR`` says otherwise.

Network: a URL's mirror is fetched to resolve a branch, a plain tag or ``@latest``; a
full commit sha or a release tag already in the mirror is used without contacting it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from juniper_data.adapters import git
from juniper_data.consumer.pins import LoadError, Pin, resolve, split_version
from juniper_data.dataset import Dataset

CACHE_ENV = "JUNIPER_DATA_CACHE"
DATA_DIR = "data"
CATALOG_DIR = "catalog"
DVC_CONFIG = ".dvc/config"
DVC_SITE_DIR = "dvc-site"
#: meta.json fields that must equal the registry's catalog entry at the commit.
IDENTITY = ("dataset_id", "hashes", "recipe", "class_names")

__all__ = ["LoadError", "cache_root", "load"]


def cache_root() -> Path:
    """``$JUNIPER_DATA_CACHE`` or ``~/.cache/juniper-data``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "juniper-data"


def load(
    name: str,
    repo: str | os.PathLike[str] | None = None,
    rev: str | None = None,
    remote: str | None = None,
    verify: bool | str = True,
) -> Dataset:
    """Load a dataset of a registry at a pinned version.

    Parameters
    ----------
    name : str
        ``"<name>"`` or ``"<family>/<variant>"``, optionally with ``"@vX.Y.Z"`` (that release
        tag; a variant falls back to its family's tag) or ``"@latest"`` (the newest release).
    repo : str or path, optional
        Registry checkout, bare repository or git URL; default: the checkout around cwd.
    rev : str, optional
        Tag, branch or commit to read at, exactly (as ``dvc get --rev`` does); default
        ``HEAD``. Not together with a versioned name.
    remote : str, optional
        DVC remote to fetch from (default: the registry's default remote at that commit).
        Its definition is taken from the registry's current configuration (``HEAD``), else
        from the consumer's (the DVC repository around cwd; DVC's global and system config
        apply as always), else from the configuration at the commit -- so releases made
        before a move to another remote still load through the new one.
    verify : bool or 'full'
        How a cached read is checked (a download is always checked in full): True rehashes
        the NPZ (md5, then every array's sha256) when its size, mtime or inode changed since
        it was verified, and ``meta.json``'s md5 always; ``'full'`` rehashes everything on
        every read; False checks ``meta.json`` only.

    Returns
    -------
    Dataset
        The same mapping and ``meta`` as :func:`juniper_data.generate` gives (plus the
        catalog fields the registry set: name, tags, expiry, artifact files), with the
        fields consumers read filled in for every dataset (``n_val``, ``task_type``,
        ``dataset_name``, ``truncation``, ``data_quality``;
        :func:`~juniper_data.dataset.consumer_meta`) and ``dataset_version``: the release's
        version (``"1.2.0"`` for ``name@v1.2.0``, a rev spelled as a release tag, or
        ``@latest``), None when read at another rev. ``.source`` says where it came from:
        ``{"repo", "commit", "how"}``.

    Raises
    ------
    LoadError
        Unknown repo, rev or release, a moved release tag, a dataset missing at that version
        or from the remote, or fetched data that does not match what git records; the
        message names the repo, the rev that was asked for and the dataset.
    ArtifactError
        Fetched files that do not match their ``meta.json`` (never returned silently).

    Examples
    --------
    Pinned to a release of a registry (any git URL or path), from any folder::

        from juniper_data import load

        ds = load("xor_default@v1.0.0", repo="https://host/lab/registry.git")
        ds["X_train"].shape                                   # (160, 2), float32
        load("xor_default", repo="/srv/registry.git", rev="3f2c9e1")   # exactly that commit

    (``tests/consumer`` runs these against real registries built by ``dvc repro``.)
    """
    from juniper_data.consumer.cache import DamagedEntry, entry_lock, read_entry

    if verify not in (True, False, "full"):
        raise ValueError(f"verify = {verify!r}; allowed: True, False, 'full'")
    root = cache_root()
    try:
        registry = git.open_registry(repo, root)
    except (git.GitError, FileNotFoundError) as error:
        raise LoadError(f"cannot load dataset {name!r}: {error}") from None
    pin = resolve(registry, name, rev, root)
    folder = root / "datasets" / registry.key / pin.commit / pin.name
    with entry_lock(folder):
        if folder.is_dir():
            try:
                return _with_source(read_entry(folder, pin.commit, verify), registry, pin)
            except DamagedEntry:
                shutil.rmtree(folder)  # a damaged cache entry is fetched again, never trusted
        return _with_source(_fetch(registry, pin, folder, remote, root), registry, pin)


def _fetch(registry: git.Registry, pin: Pin, folder: Path, remote: str | None, root: Path) -> Dataset:
    from juniper_data.adapters.dvc import DataReader, DataUnavailableError, tracked_outputs, tree_md5
    from juniper_data.artifacts.atomic import atomic_directory
    from juniper_data.artifacts.meta import META_FILE
    from juniper_data.artifacts.reader import read_dataset
    from juniper_data.consumer.cache import write_stamp

    source = f"{DATA_DIR}/{pin.name}"
    where = f"registry {registry.location!r} at {pin.asked} (commit {pin.commit})"
    outputs = tracked_outputs(registry.git_dir, pin.commit)
    owner = next((out for out in sorted(outputs, key=len, reverse=True) if _contains(out, source)), None)
    if owner is None or not outputs[owner].endswith(".dir"):
        raise LoadError(
            f"cannot load dataset {pin.name!r} from {where}: no DVC-tracked folder {source} there"
            f"{_did_you_mean(registry, pin.commit, pin.name)}"
        )
    dir_md5, inner = outputs[owner], source[len(owner) + 1 :]
    # A mirror or bare repo is read in place; DVC would clone a URL again in every process.
    with DataReader(
        str(registry.git_dir), pin.commit, remote=remote, config=_dvc_config(registry, pin, remote, root)
    ) as data:
        try:
            listing = data.listing(owner, dir_md5=dir_md5)
            fetched = tree_md5(listing)
            if fetched != dir_md5:
                raise LoadError(
                    f"cannot load dataset {pin.name!r} from {where}: the folder manifest DVC fetched for {owner} "
                    f"has md5 {fetched}, but dvc.lock at that commit records {dir_md5}; the remote's .dir object "
                    "was replaced or damaged, so nothing was loaded (push it again from the registry: `dvc push`)"
                )
            files = {
                rel[len(inner) + 1 :] if inner else rel: md5 for rel, md5 in listing.items() if _contains(inner, rel)
            }
            if META_FILE not in files:
                raise LoadError(f"cannot load dataset {pin.name!r} from {where}: {source} holds no {META_FILE}")
            with atomic_directory(folder) as tmp:
                data.get(f"{source}/{META_FILE}", tmp / META_FILE, md5=files[META_FILE])
                meta = _parse_meta(tmp / META_FILE, where, pin)
                _check_catalog(registry, pin, meta, where)
                npz = str(meta["artifacts"]["npz"])
                if npz not in files:
                    raise LoadError(f"cannot load dataset {pin.name!r} from {where}: {source}/{npz} is not tracked")
                data.get(f"{source}/{npz}", tmp / npz, md5=files[npz])
                dataset = read_dataset(tmp, verify=True)
                write_stamp(tmp, pin.commit, dir_md5, {META_FILE: files[META_FILE], npz: files[npz]})
        except DataUnavailableError as error:
            raise LoadError(f"cannot load dataset {pin.name!r} from {where}: {error}") from None
    return dataset


def _contains(folder: str, path: str) -> bool:
    """Whether ``path`` is ``folder`` or inside it ('' contains everything)."""
    return not folder or path == folder or path.startswith(folder + "/")


def _parse_meta(path: Path, where: str, pin: Pin) -> dict[str, Any]:
    import json

    try:
        meta = json.loads(path.read_text())
        if not isinstance(meta, dict) or not isinstance(meta["artifacts"]["npz"], str):
            raise TypeError("not a dataset's meta.json")
    except (ValueError, KeyError, TypeError) as error:
        raise LoadError(
            f"cannot load dataset {pin.name!r} from {where}: its meta.json is unreadable ({error})"
        ) from None
    return meta


def _check_catalog(registry: git.Registry, pin: Pin, meta: dict[str, Any], where: str) -> None:
    """``meta.json``'s identity must equal the catalog entry git holds at the commit (when there is one)."""
    import json

    owner = pin.name.split("/", 1)[0]
    text = git.show_file(registry, pin.commit, f"{CATALOG_DIR}/{owner}.json")
    if text is None:
        return
    entry = json.loads(text)
    metas = (
        [entry.get("meta")] if entry.get("kind") == "dataset" else [v.get("meta") for v in entry.get("variants") or []]
    )
    recorded = next((m for m in metas if isinstance(m, dict) and m.get("name") == pin.name), None)
    if recorded is None:
        raise LoadError(
            f"cannot load dataset {pin.name!r} from {where}: {CATALOG_DIR}/{owner}.json has no entry for it"
        )
    for key in IDENTITY:
        if key in recorded and meta.get(key) != recorded[key]:
            got = meta.get(key) if key != "hashes" else "other array hashes"
            want = recorded[key] if key != "hashes" else "the catalog's"
            raise LoadError(
                f"cannot load dataset {pin.name!r} from {where}: the fetched meta.json has {key} {got}, "
                f"but {CATALOG_DIR}/{owner}.json at that commit records {want}; refusing data the registry "
                "did not publish"
            )


def _dvc_config(registry: git.Registry, pin: Pin, remote: str | None, root: Path) -> dict[str, Any]:
    """DVC config merged over the registry's: our site cache, and ``remote``'s current definition."""
    config: dict[str, Any] = {"core": {"site_cache_dir": str(root / DVC_SITE_DIR)}}
    if remote is not None:
        # Where data lives is configuration, not version: objects are content-addressed and checked
        # against git, so the current location serves every old commit. (None: DVC uses the commit's.)
        definition = _registry_remote(registry, "HEAD", remote) or _consumer_remote(remote, registry)
        if definition is not None:
            config["remote"] = {remote: definition}
    return config


def _registry_remote(registry: git.Registry, rev: str, remote: str) -> dict[str, str] | None:
    from juniper_data.adapters.dvc import remote_definition

    texts = [git.show_file(registry, rev, DVC_CONFIG) if git.has_rev(registry, rev) else None]
    if registry.kind == "checkout":  # this machine's uncommitted settings (an endpoint, a mirror)
        local = registry.git_dir / ".dvc" / "config.local"
        texts.append(local.read_text() if local.is_file() else None)
    merged: dict[str, str] = {}
    for text in texts:
        merged.update((remote_definition(text, remote) or {}) if text else {})
    config_dir = registry.git_dir / ".dvc" if registry.kind == "checkout" else None
    return _resolved(merged, config_dir) or None


def _consumer_remote(remote: str, registry: git.Registry) -> dict[str, str] | None:
    """``remote`` as the DVC repository around cwd defines it (not the registry itself)."""
    from juniper_data.adapters.dvc import remote_definition

    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        dvc_dir = folder / ".dvc"
        if dvc_dir.is_dir():
            if folder == registry.git_dir:
                return None
            merged: dict[str, str] = {}
            for name in ("config", "config.local"):
                file = dvc_dir / name
                merged.update((remote_definition(file.read_text(), remote) or {}) if file.is_file() else {})
            return _resolved(merged, dvc_dir) or None
    return None


def _resolved(definition: dict[str, str], config_dir: Path | None) -> dict[str, str]:
    """A local remote's URL as DVC reads it from a config file: ``~`` expanded, relative to the file's folder."""
    url = definition.get("url")
    if url and "://" not in url:
        path = os.path.expanduser(url)
        if not os.path.isabs(path) and config_dir is not None:
            path = os.path.normpath(config_dir / path)
        definition = {**definition, "url": path}
    return definition


def _did_you_mean(registry: git.Registry, commit: str, name: str) -> str:
    import difflib

    from juniper_data.pipeline.compose import read_registry

    params = read_registry(lambda path: git.show_file(registry, commit, path),
                           lambda folder: git.read_files(registry, commit, folder))  # fmt: skip
    known = list(params.get("datasets") or {})
    for family, entry in (params.get("families") or {}).items():
        known += [f"{family}/{variant}" for variant in entry.get("variants") or {}]
    close = difflib.get_close_matches(name, known, n=3)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""


def _with_source(dataset: Dataset, registry: git.Registry, pin: Pin) -> Dataset:
    dataset.meta["dataset_version"] = release_version(pin.release)
    dataset.source = {"repo": registry.location, "commit": pin.commit, "how": pin.how}
    return dataset


def release_version(tag: str | None) -> str | None:
    """The version a release tag names (``meta["dataset_version"]`` of what ``load()`` read there); None: no release.

    Examples
    --------
    >>> release_version("xor_default@v1.2.0"), release_version("spiral_grid@v0.3.1-rc.1"), release_version(None)
    ('1.2.0', '0.3.1-rc.1', None)
    """
    if tag is None:
        return None
    version = split_version(tag)[1] or ""
    return version.removeprefix("v") or None
