"""Releases for the site: every ``<name>@vX.Y.Z`` tag with its date, and what changed since the one before.

The date is the tag's creation date as git records it (the tagger date of an
annotated tag, the commit date of a lightweight one), so it belongs to the
registry, not to the build. A release's changes are the report of
:func:`juniper_data.catalog.diff.diff_versions` between the previous release of the
same name (semantic-version order) and this one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from juniper_data.adapters import git
from juniper_data.catalog.view import RegistryView

_FORMAT = "%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:iso-strict)%00%(contents:subject)"


@dataclass(frozen=True)
class ReleaseInfo:
    """One release tag.

    Attributes
    ----------
    owner : str
        The released dataset or family.
    version : str
        ``vX.Y.Z``.
    tag : str
        ``owner@version``.
    commit : str
    date : str
        ISO 8601 with the offset git recorded.
    subject : str
        The tag message's first line.
    """

    owner: str
    version: str
    tag: str
    commit: str
    date: str
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]


def list_releases(view: RegistryView) -> dict[str, list[ReleaseInfo]]:
    """``{owner: [releases, oldest version first]}`` for every release tag of the registry (one git call)."""
    out = git.git(view.registry.git_dir, "for-each-ref", f"--format={_FORMAT}", "refs/tags/").stdout
    found: dict[str, list[tuple[Any, ReleaseInfo]]] = {}
    for line in out.splitlines():
        tag, obj, peeled, date, subject = line.split("\x00")
        owner, sep, version = tag.rpartition(git.RELEASE_SEPARATOR)
        key = git.parse_version(version)
        if not (sep and owner) or key is None:
            continue
        found.setdefault(owner, []).append((key, ReleaseInfo(owner, version, tag, peeled or obj, date, subject)))
    return {owner: [r for _, r in sorted(items)] for owner, items in sorted(found.items())}


def released_ids(view: RegistryView, releases: list[ReleaseInfo]) -> dict[str, dict[str, str]]:
    """``{tag: {dataset or variant name: dataset id}}`` as each release's catalog entry records it (a git read each)."""
    from juniper_data.layout import catalog_entry_path

    out = {}
    for release in releases:
        text = RegistryView(view.registry, release.commit).read_text(catalog_entry_path(release.owner))
        entry = json.loads(text) if text else {}
        metas = [entry["meta"]] if "meta" in entry else [v["meta"] for v in entry.get("variants") or []]
        out[release.tag] = {m["name"]: m["dataset_id"] for m in metas}
    return out


def holding(
    releases: list[ReleaseInfo], ids: dict[str, dict[str, str]], name: str, dataset_id: str
) -> ReleaseInfo | None:
    """The newest release whose ``name`` is exactly ``dataset_id`` (None: this version is not released)."""
    return next((r for r in reversed(releases) if ids.get(r.tag, {}).get(name) == dataset_id), None)


def release_changes(view: RegistryView, previous: ReleaseInfo, release: ReleaseInfo, *, rows: bool) -> dict[str, Any]:
    """The diff report from ``previous`` to ``release`` (see :func:`~juniper_data.catalog.diff.diff_versions`).

    A release whose name is missing at either commit gives ``{"error": ...}`` instead.
    """
    from juniper_data.catalog.diff import Version, diff_versions
    from juniper_data.catalog.view import CatalogError

    sides = [
        Version(r.tag, r.owner, RegistryView(view.registry, r.commit), f"release tag {r.tag}")
        for r in (previous, release)
    ]
    try:
        return diff_versions(sides[0], sides[1], rows=rows)
    except CatalogError as error:
        return {"error": str(error)}
