"""What a ``load()`` request pins: one commit, chosen the way DVC and Hugging Face choose it.

* ``rev`` (a tag, branch or commit) is read exactly there, as ``dvc get --rev`` and
  ``datasets.load_dataset(..., revision=)`` do; ``None`` is ``HEAD``.
* ``name@vX.Y.Z`` is the release tag ``name@vX.Y.Z`` (a family variant ``fam/var@vX.Y.Z``:
  its own tag, else its family's ``fam@vX.Y.Z``).
* ``name@latest`` is the release with the highest semantic version (pre-releases only
  when there is no final release); a URL registry is fetched first, new releases may exist.

Releases are immutable, like Go's module versions: the commit a release tag resolved to
the first time is recorded in the load cache (``<cache>/releases/<repo-key>.json``), and a
tag that later points elsewhere is refused, naming the release and both commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from juniper_data.adapters import git

LATEST = "latest"
RELEASES_DIR = "releases"


class LoadError(LookupError):
    """A dataset cannot be loaded at the requested version; names the repo, the rev and the dataset."""


@dataclass(frozen=True)
class Pin:
    """One request resolved: ``name`` at ``commit``.

    Attributes
    ----------
    name : str
        The dataset (``name`` or ``family/variant``), without a version.
    commit : str
        Full sha it is read at.
    asked : str
        What was asked for, for messages: ``rev 'v2'``, ``release xor@v1.0.0``, ``xor@latest``.
    how : str
        How ``commit`` was chosen (``Dataset.source["how"]``).
    release : str or None
        The release tag, when one was read.
    """

    name: str
    commit: str
    asked: str
    how: str
    release: str | None = None


def split_version(name: str) -> tuple[str, str | None]:
    """``"spiral@v1.0.0"`` -> ``("spiral", "v1.0.0")``; ``"spiral"`` -> ``("spiral", None)``.

    Examples
    --------
    >>> split_version("grid/n=2@v0.1.0"), split_version("grid@latest")
    (('grid/n=2', 'v0.1.0'), ('grid', 'latest'))
    """
    base, sep, version = name.partition(git.RELEASE_SEPARATOR)
    return (base, version) if sep else (name, None)


def release_names(name: str) -> list[str]:
    """Release tag names to look for, most specific first: the dataset, then its family."""
    return [name, name.split("/", 1)[0]] if "/" in name else [name]


def check_name(name: str) -> None:
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") for p in parts) or "\\" in name:
        raise ValueError(f"dataset name {name!r} is not allowed; expected '<name>' or '<family>/<variant>'")


def resolve(registry: git.Registry, name: str, rev: str | None, cache_root: Path) -> Pin:
    """The :class:`Pin` of a ``load(name, rev=rev)`` request; see the module docstring.

    Raises
    ------
    LoadError
        Unknown rev or release, a versioned name together with a rev, a bad version
        spelling, or a release tag that moved since it was first loaded.
    """
    base, version = split_version(name)
    check_name(base)
    where = f"registry {registry.location!r}"
    try:
        if version is None:
            commit = git.resolve_commit(registry, rev)
            asked = f"rev {rev or 'HEAD'!r}"
            pin = Pin(base, commit, asked, f"{asked} = {commit[:12]}", _release_tag(rev))
        else:
            if rev is not None:
                raise LoadError(f"load({name!r}, rev={rev!r}): give either a versioned name or a rev, not both")
            pin = _release_pin(registry, base, version)
    except git.RevisionNotFoundError as error:
        known = ", ".join(r.tag for n in release_names(base) for r in git.releases(registry, n))
        raise LoadError(
            f"cannot load dataset {base!r} from {where} at {_asked(name, rev)}: {error}. "
            f"Known releases of it: {known or 'none'}"
        ) from None
    except git.GitError as error:
        raise LoadError(f"cannot load dataset {base!r} from {where} at {_asked(name, rev)}: {error}") from None
    if pin.release is not None:
        check_release(registry, pin.release, pin.commit, cache_root)
    return pin


def _asked(name: str, rev: str | None) -> str:
    version = split_version(name)[1]
    return f"release {name!r}" if version else f"rev {rev or 'HEAD'!r}"


def _release_tag(rev: str | None) -> str | None:
    """``rev`` when it is spelled as a release tag ``name@vX.Y.Z`` (so its commit is recorded too)."""
    if rev is None:
        return None
    base, version = split_version(rev)
    return rev if version is not None and base and git.parse_version(version) is not None else None


def _release_pin(registry: git.Registry, base: str, version: str) -> Pin:
    if version == LATEST:
        git.fetch(registry)  # a URL's mirror: new releases may exist
        for owner in release_names(base):
            found = git.releases(registry, owner)
            final = [r for r in found if not r.prerelease]
            if final or found:
                newest = (final or found)[-1]
                how = f"{base}@{LATEST} = release {newest.tag} ({newest.commit[:12]})"
                return Pin(base, newest.commit, f"release {base + '@' + LATEST!r}", how, newest.tag)
        raise git.RevisionNotFoundError(f"{registry.location}: no release tag {base}@vX.Y.Z")
    if git.parse_version(version) is None:
        raise LoadError(f"{base}@{version}: version {version!r} is not vMAJOR.MINOR.PATCH (or 'latest')")
    tags = [git.release_tag(owner, version) for owner in release_names(base)]
    for tag in tags:
        try:
            commit = git.resolve_commit(registry, tag)
        except git.RevisionNotFoundError:
            continue
        return Pin(base, commit, f"release {base + '@' + version!r}", f"release tag {tag}", tag)
    raise git.RevisionNotFoundError(f"{registry.location}: release {' or '.join(tags)} not found")


def record_path(registry: git.Registry, cache_root: Path) -> Path:
    """Where the first-seen commit of each release of ``registry`` is recorded."""
    return cache_root / RELEASES_DIR / f"{registry.key}.json"


def check_release(registry: git.Registry, tag: str, commit: str, cache_root: Path) -> None:
    """Record ``tag -> commit`` the first time; refuse a later, different commit.

    Raises
    ------
    LoadError
        Naming the release, the recorded commit and the one the tag names now.
    """
    from filelock import FileLock

    from juniper_data.artifacts.atomic import atomic_write_bytes

    path = record_path(registry, cache_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        try:
            known = json.loads(path.read_text()) if path.is_file() else {}
        except ValueError:
            known = {}  # a damaged record is rebuilt from what the tags say now
        if not isinstance(known, dict):
            known = {}
        first = known.get(tag)
        if first is None:
            known[tag] = commit
            atomic_write_bytes(path, (json.dumps(known, indent=1, sort_keys=True) + "\n").encode())
        elif first != commit:
            raise LoadError(
                f"release {tag} of registry {registry.location!r} now points at commit {commit}, but it was "
                f"{first} when this machine first loaded it: releases are immutable, so the moved tag is "
                f"refused. Ask the registry's maintainers why it moved; to accept the new commit, delete "
                f"{tag!r} from {path}"
            )
