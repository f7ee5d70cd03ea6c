"""The one module that runs git: where a registry is, which commit a rev names, which releases exist.

Every rev is turned into a full commit sha before any data is read, so a load
is keyed by an immutable commit and can never quietly give another version.
A registry is one of:

* ``checkout`` -- a local working copy (git commands run in it),
* ``bare``     -- a local bare repository (git commands run in it),
* ``url``      -- anything else git can clone; a bare mirror of it is kept under
  ``<cache>/git/`` and fetched only when a rev is not a commit it already holds.

Releases are tags ``<name>@vX.Y.Z`` (semantic versions, ranked by the ``semver``
library; the convention of DVC ``artifacts`` and GTO).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHA_RE = re.compile(r"^[0-9a-f]{40}$")
RELEASE_SEPARATOR = "@"


class GitError(RuntimeError):
    """A git command failed; the message carries git's own explanation."""


class RevisionNotFoundError(LookupError):
    """A rev (tag, branch, commit) is not in the registry's history."""


@dataclass(frozen=True)
class Registry:
    """A registry repository as git sees it.

    Attributes
    ----------
    location : str
        The repository as the user named it (absolute path, or URL).
    git_dir : Path
        Where git commands run: the checkout, the bare repo, or the cache's mirror of a URL.
    kind : {'checkout', 'bare', 'url'}
    key : str
        Readable, stable folder name for caches: ``<basename>-<12 hex of the location>``.
    """

    location: str
    git_dir: Path
    kind: str
    key: str


def git(git_dir: Path | str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``git -C git_dir args...``; raise :class:`GitError` with git's message on failure."""
    result = subprocess.run(
        ["git", "-C", str(git_dir), *args], capture_output=True, text=True, env=_git_env(), check=False
    )
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed in {git_dir}: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _git_env() -> dict[str, str]:
    # Never prompt for credentials: a consumer call must fail, not hang.
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def repo_key(location: str) -> str:
    """Cache folder name of a repository location.

    Examples
    --------
    >>> repo_key("https://example.com/lab/registry.git")[:9]
    'registry-'
    """
    base = re.sub(r"[^A-Za-z0-9_.-]", "_", location.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")) or "repo"
    return f"{base}-{hashlib.sha256(location.encode()).hexdigest()[:12]}"


def find_checkout(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) holding a ``dvc.yaml``.

    Raises
    ------
    FileNotFoundError
        When no folder up to the filesystem root has one (then pass ``repo=`` explicitly).
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dvc.yaml").is_file():
            return folder
    raise FileNotFoundError(
        f"no registry checkout (a folder with dvc.yaml) at or above {here}; pass repo=<path or URL>"
    )


def local_registry(path: Path) -> Registry:
    """An existing local checkout or bare repository as a :class:`Registry` (no cache needed)."""
    return open_registry(path, Path(tempfile.gettempdir()))


def open_registry(repo: str | os.PathLike[str] | None, cache_root: Path) -> Registry:
    """Classify ``repo`` (None: the checkout around cwd) and, for a URL, make or reuse its mirror."""
    if repo is None:
        path = find_checkout()
        return Registry(str(path), path, "checkout", repo_key(str(path)))
    text = os.fspath(repo)
    path = Path(text).expanduser()
    if path.exists():
        path = path.resolve()
        # The common layouts need no git process (a load from the cache should cost little beyond reading).
        if (path / ".git").exists():
            return Registry(str(path), path, "checkout", repo_key(str(path)))
        if (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir():
            return Registry(str(path), path, "bare", repo_key(str(path)))
        bare = git(path, "rev-parse", "--is-bare-repository", check=False)
        if bare.returncode != 0:
            raise GitError(f"{path} is not a git repository ({bare.stderr.strip()})")
        if bare.stdout.strip() == "true":
            return Registry(str(path), path, "bare", repo_key(str(path)))
        top = Path(git(path, "rev-parse", "--show-toplevel").stdout.strip())
        return Registry(str(top), top, "checkout", repo_key(str(top)))
    key = repo_key(text)
    mirror = cache_root / "git" / f"{key}.git"
    if not (mirror / "HEAD").is_file():
        _clone_mirror(text, mirror)
    return Registry(text, mirror, "url", key)


def _clone_mirror(url: str, mirror: Path) -> None:
    mirror.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{mirror.name}.tmp-", dir=mirror.parent))
    try:
        git(mirror.parent, "clone", "--mirror", "--quiet", "--", url, str(tmp / "m.git"))
        if not (mirror / "HEAD").is_file():  # a concurrent process may have won; keep theirs
            os.rename(tmp / "m.git", mirror)
    except GitError as error:
        raise GitError(f"cannot reach registry {url!r}: {error}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fetch(registry: Registry) -> None:
    """Bring a URL registry's mirror up to date (tags and branches may have moved)."""
    if registry.kind == "url":
        try:
            git(registry.git_dir, "fetch", "--prune", "--quiet", "origin")
        except GitError as error:
            raise GitError(f"cannot reach registry {registry.location!r}: {error}") from None


def has_commit(registry: Registry, sha: str) -> bool:
    """Whether the commit ``sha`` is already present locally."""
    return git(registry.git_dir, "cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0


def resolve_commit(registry: Registry, rev: str | None) -> str:
    """The full commit sha ``rev`` names (None: ``HEAD``, the default branch of a bare repo or URL).

    A full sha or a release tag (``name@vX.Y.Z``) already in a URL's mirror needs
    no network; any other rev of a URL fetches first, so a moved tag or branch is
    seen as it is now.

    Raises
    ------
    RevisionNotFoundError
        When the repository has no such tag, branch or commit.
    """
    name = "HEAD" if rev is None else str(rev)
    if not name or name.startswith("-"):
        raise RevisionNotFoundError(f"{registry.location}: {name!r} is not a git revision")
    if registry.kind == "url" and not _immutable_and_present(registry, name):
        fetch(registry)
    result = git(
        registry.git_dir,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{name}^{{commit}}",
        check=False,
    )
    if result.returncode != 0:
        raise RevisionNotFoundError(f"{registry.location}: revision {name!r} not found (no such tag, branch or commit)")
    return result.stdout.strip()


def _immutable_and_present(registry: Registry, name: str) -> bool:
    """A full sha, or a release tag (never moved), that the mirror already has: no fetch needed."""
    if SHA_RE.match(name):
        return has_commit(registry, name)
    base, sep, version = name.rpartition(RELEASE_SEPARATOR)
    if not (sep and base and parse_version(version) is not None):
        return False
    return git(registry.git_dir, "rev-parse", "--verify", "--quiet", f"refs/tags/{name}", check=False).returncode == 0


@dataclass(frozen=True)
class Release:
    """One release tag: ``<name>@<version>`` pointing at ``commit``."""

    name: str
    version: str
    tag: str
    commit: str

    @property
    def key(self) -> Any:
        """Its ``semver.Version``: releases sort by semantic-version precedence."""
        return parse_version(self.version)

    @property
    def prerelease(self) -> bool:
        return bool(self.key.prerelease)


def parse_version(version: str) -> Any:
    """``semver.Version`` of ``vX.Y.Z[-pre][+build]``; None if ``version`` is not one.

    Examples
    --------
    >>> parse_version("v1.2.0") > parse_version("v1.2.0-rc.1") > parse_version("v1.1.9")
    True
    >>> parse_version("1.2.0") is None, parse_version("v1.2") is None
    (True, True)
    """
    import semver

    if not version.startswith("v"):
        return None
    try:
        return semver.Version.parse(version[1:])
    except ValueError:
        return None


def release_tag(name: str, version: str) -> str:
    """The git tag of a release: ``name@vX.Y.Z``."""
    return f"{name}{RELEASE_SEPARATOR}{version}"


def releases(registry: Registry, name: str) -> list[Release]:
    """Every ``<name>@vX.Y.Z`` tag of the registry, oldest version first."""
    out = git(
        registry.git_dir,
        "for-each-ref",
        "--format=%(refname:strip=2) %(objectname) %(*objectname)",
        "refs/tags/",
    ).stdout
    prefix = name + RELEASE_SEPARATOR
    found = []
    for line in out.splitlines():
        tag, obj, *peeled = line.split(" ")
        if not tag.startswith(prefix):
            continue
        version = tag[len(prefix) :]
        if parse_version(version) is not None:
            commit = peeled[0] if peeled and peeled[0] else obj
            found.append(Release(name, version, tag, commit))
    return sorted(found, key=lambda r: r.key)


def show_file(registry: Registry, commit: str, path: str) -> str | None:
    """Text of the git-tracked ``path`` at ``commit``; None when it does not exist there."""
    result = git(registry.git_dir, "show", f"{commit}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def origin_url(checkout: Path) -> str | None:
    """The ``origin`` remote's URL of a checkout, if it has one."""
    result = git(checkout, "remote", "get-url", "origin", check=False)
    return result.stdout.strip() or None if result.returncode == 0 else None


def list_files(registry: Registry, commit: str, *folders: str) -> list[str]:
    """Every git-tracked path at ``commit`` (under ``folders`` when given), sorted."""
    listing = git(registry.git_dir, "ls-tree", "-r", "--name-only", commit, "--", *folders).stdout
    return sorted(p for p in listing.split("\n") if p)


def show_files(registry: Registry, commit: str, paths: list[str]) -> dict[str, str | None]:
    """``{path: text}`` of git-tracked files at ``commit`` in one git call; None for a path not there."""
    if not paths:
        return {}
    batch = subprocess.run(
        ["git", "-C", str(registry.git_dir), "cat-file", "--batch"],
        input="".join(f"{commit}:{p}\n" for p in paths).encode(),
        capture_output=True,
        env=_git_env(),
        check=True,
    ).stdout
    out: dict[str, str | None] = {}
    pos = 0
    for path in paths:
        header_end = batch.index(b"\n", pos)
        header = batch[pos:header_end].split()
        if header[-1] == b"missing":
            out[path], pos = None, header_end + 1
            continue
        size = int(header[2])
        out[path] = batch[header_end + 1 : header_end + 1 + size].decode()
        pos = header_end + 1 + size + 1
    return out


def read_files(registry: Registry, commit: str, folder: str) -> dict[str, str]:
    """``{path: text}`` of every git-tracked file under ``folder`` at ``commit`` (two git calls)."""
    found = show_files(registry, commit, list_files(registry, commit, folder))
    return {path: text for path, text in found.items() if text is not None}


def has_rev(registry: Registry, rev: str) -> bool:
    """Whether ``rev`` names a commit here (no fetch; False e.g. in a checkout with no commit yet)."""
    return git(registry.git_dir, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).returncode == 0


def uncommitted(checkout: Path, paths: list[str]) -> str:
    """``git status --porcelain`` of ``paths`` in a checkout: empty when all of them are committed."""
    return git(checkout, "status", "--porcelain", "--", *paths).stdout.strip()


def create_tag(checkout: Path, tag: str, commit: str, message: str) -> None:
    """An annotated tag ``tag`` on ``commit`` (git refuses an existing tag name)."""
    git(checkout, "tag", "-a", "-m", message, tag, commit)


def last_changes(registry: Registry, commit: str, folders: list[str]) -> dict[str, str]:
    """``{path: ISO date}`` of the last commit at or before ``commit`` that changed each file under ``folders``."""
    # Merges count too (a recipe can arrive in a merge commit): diff each against its first parent.
    out = git(
        registry.git_dir, "log", "--diff-merges=first-parent", "--format=%x00%cI", "--name-only", commit, "--", *folders
    ).stdout
    dates: dict[str, str] = {}
    for block in out.split("\x00")[1:]:
        date, *paths = block.strip().split("\n")
        for path in paths:
            if path:
                dates.setdefault(path, date)
    return dates
