"""Build the whole site in memory, then replace the output folder in one step."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from juniper_data.catalog.view import CatalogError, RegistryView
from juniper_data.site import model

#: Written into every site; an existing output folder is replaced only when it holds it.
MARKER = ".juniper-site"
MARKER_TEXT = b"written by `juniper-data site`; the whole folder is replaced on every build\n"
ASSETS = ("site.css", "index.js", "page.js")


def render(view: RegistryView, *, registry_url: str, releases: bool = True, row_diff: bool = True) -> dict[str, bytes]:
    """Every file of the site: ``{site path: bytes}``.

    Parameters
    ----------
    view : RegistryView
    registry_url : str
        The registry URL the pull snippets name.
    releases : bool
        Read the release tags (dates, pages, changes between them). Without them the
        site is a function of the files at the view's version only, as a DVC stage
        output must be (a release tag is made after the commit it points to).
    row_diff : bool
        Release pages compare rows (reading both releases' arrays) when they can.
    """
    from juniper_data.site import images, index
    from juniper_data.site.dataset_page import dataset_html
    from juniper_data.site.family_page import family_html
    from juniper_data.site.release_page import release_html, releases_index
    from juniper_data.site.releases import holding, list_releases, release_changes, released_ids

    snapshot = model.collect(view)
    files: dict[str, bytes] = {MARKER: MARKER_TEXT}
    static = resources.files("juniper_data.site").joinpath("static")
    for name in ASSETS:
        files[f"assets/{name}"] = static.joinpath(name).read_bytes()
    tags = list_releases(view) if releases else {}
    data = index.catalog_data(snapshot)
    files.update(index.catalog_files(data))
    files[model.INDEX] = index.index_page(snapshot, data, releases=releases)
    files[model.ALL] = index.all_page(snapshot, releases=releases)
    ids = {owner: released_ids(view, owned) for owner, owned in tags.items()}
    for item in snapshot.datasets:
        owned = tags.get(item.owner, []) if releases else None
        pinned = holding(owned, ids[item.owner], item.name, item.meta["dataset_id"]) if owned else None
        files[model.dataset_page(item.name)] = dataset_html(
            item, url=registry_url, releases=owned, pinned=pinned, commit=view.commit, has_releases=releases
        )
        if item.preview:
            files[model.preview_file(item.name)] = item.preview
            files[model.thumb_file(item.name)] = images.thumbnail(item.preview)
    for family in snapshot.families:
        owned = tags.get(family.name, []) if releases else None
        files[model.family_page(family.name)] = family_html(family, releases=owned, has_releases=releases)
    if releases:
        listed = []
        for owner_releases in tags.values():
            for i, release in enumerate(owner_releases):
                previous = owner_releases[i - 1] if i else None
                report = release_changes(view, previous, release, rows=row_diff) if previous else None
                files[model.release_page(release.owner, release.version)] = release_html(
                    snapshot, release, previous, report, url=registry_url
                )
                listed.append((release, previous, report))
        files[model.RELEASES] = releases_index(listed)
    return files


def check_target(out: Path, registry_root: Path | None) -> None:
    """Refuse an output folder that is not empty and not a site (nothing of the user's is replaced)."""
    out = out.resolve()
    if registry_root is not None and out in (registry_root.resolve(), *registry_root.resolve().parents):
        raise CatalogError(f"--out {out}: is the registry checkout or above it; choose a folder of its own, e.g. site")
    if out.exists() and not out.is_dir():
        raise CatalogError(f"--out {out}: is a file; allowed: a new folder, an empty one or an earlier site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise CatalogError(
            f"--out {out}: is a non-empty folder that `juniper-data site` did not write (no {MARKER}); "
            "allowed: a new folder, an empty one or an earlier site"
        )


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Replace ``out`` with exactly ``files`` (sorted, so the same files make the same folder)."""
    from juniper_data.artifacts.atomic import atomic_directory

    with atomic_directory(out) as tmp:
        for path in sorted(files):
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])


def build_site(
    view: RegistryView,
    out: str | Path,
    *,
    registry_url: str | None = None,
    releases: bool = True,
    row_diff: bool = True,
) -> dict[str, Any]:
    """Write the static site of ``view`` to ``out`` (replaced as a whole, atomically).

    Parameters
    ----------
    view : RegistryView
        The registry at one version (:func:`juniper_data.catalog.view.open_view`).
    out : path
        A new or empty folder, or a site written before (it holds ``.juniper-site``).
    registry_url : str, optional
        URL for the pull snippets; default the placeholder ``<registry-url>``.
    releases, row_diff : bool
        See :func:`render`.

    Returns
    -------
    dict
        ``out``, ``datasets``, ``families``, ``releases``, ``files``, ``bytes``.

    Raises
    ------
    CatalogError
        ``out`` is a file, the registry itself, or a folder of something else; nothing is written.

    Examples
    --------
    In a registry checkout (``tests/site`` builds one with ``dvc repro`` and drives its site in Chromium)::

        from juniper_data.catalog.view import open_view

        build_site(open_view("."), "outputs/site")["datasets"]   # 36: one page per dataset and variant
    """
    from juniper_data.artifacts.card import URL_PLACEHOLDER

    out = Path(out)
    check_target(out, view.root)
    files = render(view, registry_url=registry_url or URL_PLACEHOLDER, releases=releases, row_diff=row_diff)
    write_site(files, out)
    return {
        "out": str(out),
        "datasets": sum(1 for p in files if p.startswith("datasets/") and p.endswith(".html")),
        "families": sum(1 for p in files if p.startswith("families/")),
        "releases": sum(1 for p in files if p.startswith("releases/") and p != model.RELEASES),
        "files": len(files),
        "bytes": sum(len(b) for b in files.values()),
    }
