"""A read-only view of a registry at one version: a checkout's workspace, or a commit of any repo.

The catalog is read from git, not from DVC: the build stages commit one entry
per dataset or family in ``catalog/<name>.json`` (recipe, meta, sizes, hashes),
so listing another registry at another rev costs two git calls and no data
download. Arrays (``preview``, ``verify``) come from the workspace's ``data/``
or, at a commit, through :func:`juniper_data.load`.

``created`` of a dataset is the committer date of the newest commit (at or
before the viewed one) that changed its recipe (``conf/datasets/<name>.yaml``,
``conf/families/<family>.yaml``) or its catalog entry (``catalog/<name>.json``,
i.e. its meta); None while neither is committed.
"""

from __future__ import annotations

import datetime
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juniper_data import layout
from juniper_data.adapters import git


class CatalogError(ValueError):
    """Bad input to a catalog command; the message names the option or name, the value and what is allowed."""


@dataclass
class RegistryView:
    """The registry at one version.

    Attributes
    ----------
    registry : git.Registry
    commit : str or None
        None: the workspace of a checkout (files as they are on disk).
    """

    registry: git.Registry
    commit: str | None
    _rows: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        if self.commit is None:
            return f"workspace of {self.registry.location}"
        return f"{self.registry.location} at {self.commit[:12]}"

    @property
    def root(self) -> Path | None:
        """The checkout folder (None for a bare repository or URL)."""
        return self.registry.git_dir if self.registry.kind == "checkout" else None

    def read_text(self, path: str) -> str | None:
        """A git-tracked file at this version (the workspace file for a workspace view)."""
        if self.commit is None:
            file = self.registry.git_dir / path
            return file.read_text() if file.is_file() else None
        return git.show_file(self.registry, self.commit, path)

    def read_folder(self, folder: str) -> dict[str, str]:
        """``{path: text}`` of every git-tracked file under ``folder`` at this version (workspace: on disk)."""
        if self.commit is None:
            root = self.registry.git_dir
            base = root / folder
            return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(base.rglob("*")) if p.is_file()}
        return git.read_files(self.registry, self.commit, folder)

    def params(self) -> dict[str, Any]:
        """The composed registry (``{"registry", "datasets", "families"}`` from ``params.yaml`` and ``params/``)."""
        from juniper_data.pipeline.compose import read_registry

        return read_registry(self.read_text, self.read_folder)

    def entries(self) -> list[dict[str, Any]]:
        """Every ``catalog/<name>.json`` stage entry, by file name."""
        files = self.read_folder(layout.CATALOG_DIR)
        return [json.loads(text) for path, text in sorted(files.items()) if path.endswith(".json")]

    def rows(self) -> list[dict[str, Any]]:
        """Catalog rows (datasets and family variants ``family/variant``) with ``n_full``,
        ``created``, ``release_name`` (the dataset or its family) and ``recipe_file``."""
        if self._rows is None:
            from juniper_data.pipeline.catalog import rows_from_entries

            rows = rows_from_entries(self.entries())
            dates = self._change_dates()
            for row in rows:
                owner = row["family"] or row["name"]
                row["recipe_file"] = layout.recipe_path(owner, "families" if row["family"] else "datasets")
                row["release_name"] = owner
                row["n_full"] = sum(row["class_distribution"]["full"].values())
                changed = [dates.get(row["recipe_file"]), dates.get(layout.catalog_entry_path(owner))]
                row["created"] = max((d for d in changed if d), default=None)
            self._rows = rows
        return self._rows

    def _change_dates(self) -> dict[str, str]:
        base = self.commit or "HEAD"
        if not git.has_rev(self.registry, base):
            return {}  # a checkout with no commit yet
        recipe_dirs = [f"{layout.CONF_DIR}/{group}" for group in layout.RECIPE_GROUPS]
        return git.last_changes(self.registry, base, [*recipe_dirs, layout.CATALOG_DIR])

    def names(self) -> list[str]:
        """Every dataset, family and family variant name of this version (built or only declared)."""
        params = self.params()
        names = {row["name"] for row in self.rows()} | {r["family"] for r in self.rows() if r["family"]}
        names |= set(params.get("datasets") or {}) | set(params.get("families") or {})
        return sorted(names)

    def row(self, name: str) -> dict[str, Any]:
        """The catalog row of ``name``; :class:`CatalogError` with suggestions when unknown."""
        for row in self.rows():
            if row["name"] == name:
                return row
        raise unknown_name(name, self.names(), self.label)

    def dataset(self, name: str) -> Any:
        """The arrays of ``name`` (a :class:`~juniper_data.dataset.Dataset`), verified."""
        from juniper_data.artifacts.reader import read_dataset
        from juniper_data.consumer.load import load

        row = self.row(name)
        if self.commit is None:
            folder = self.registry.git_dir / row["path"]
            if not (folder / "meta.json").is_file():
                raise CatalogError(
                    f"{row['path']} is not in the workspace of {self.registry.location}; "
                    f"fetch it with `dvc pull {row['path']}` or build it with `dvc repro`"
                )
            return read_dataset(folder)
        return load(name, repo=self.registry.location, rev=self.commit)


def unknown_name(name: str, known: list[str], where: str) -> CatalogError:
    """The error for a dataset name that does not exist, with close matches."""
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return CatalogError(f"no dataset named {name!r} in {where}{hint}")


def open_view(repo: str | None = None, rev: str | None = None) -> RegistryView:
    """The registry to read: ``repo`` (default: the checkout around cwd) at ``rev``.

    Without ``rev`` a checkout is read as its workspace; a bare repository or URL at ``HEAD``.

    Raises
    ------
    CatalogError
        Unknown repository or rev, with the reason.
    """
    from juniper_data.consumer.load import cache_root

    try:
        registry = git.open_registry(repo, cache_root())
        if rev is None and registry.kind == "checkout":
            return RegistryView(registry, None)
        return RegistryView(registry, git.resolve_commit(registry, rev))
    except (git.GitError, git.RevisionNotFoundError, FileNotFoundError) as error:
        raise CatalogError(str(error)) from None


def today() -> datetime.date:
    """The date expiry is judged against (UTC)."""
    return datetime.datetime.now(datetime.UTC).date()


def is_expired(expires: str | None, on: datetime.date) -> bool:
    """Whether an ``expires`` date (ISO) is before ``on``: a dataset expires at the end of its date.

    Examples
    --------
    >>> import datetime
    >>> is_expired("2020-01-01", datetime.date(2020, 1, 2)), is_expired("2020-01-01", datetime.date(2020, 1, 1))
    (True, False)
    """
    return expires is not None and datetime.date.fromisoformat(str(expires)) < on
