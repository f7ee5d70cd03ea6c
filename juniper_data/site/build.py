"""Build the site: every page planned with a digest of what it shows, only the changed ones rendered.

A site folder holds a manifest (``.juniper-site``, also the mark that the folder is a site):
for each file it wrote, the digest of the file's inputs (the dataset's catalog entry, meta,
preview, card, its releases, the registry URL, the site's code) and of its bytes. The next
build renders a page only when its inputs' digest changed or the file on disk is not what
was written, so editing one recipe of a registry of 1,000 re-renders one page (the index,
its data and the plain list are made every time: they list everything). The new folder is
assembled beside the old one, unchanged files hard-linked into it (the same inode: DVC's
hash cache knows them), and swapped in as a whole; files the writer did not write (not in
the manifest) are carried over, never replaced or deleted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from juniper_data.catalog.view import CatalogError, RegistryView
from juniper_data.site import model

#: Written into every site; an existing output folder is replaced only when it holds it. Its content
#: is the manifest (:func:`manifest_bytes`).
MARKER = ".juniper-site"
MANIFEST_FORMAT = 1
ASSETS = ("site.css", "index.js", "page.js")


@dataclass(frozen=True)
class Unit:
    """One file of the site: ``make()`` gives its bytes; ``inputs``, the digest of everything they are a
    function of (None: no digest, made on every build, e.g. the index)."""

    inputs: str | None
    make: Callable[[], bytes]


@functools.cache
def code_digest() -> str:
    """sha256 of the code that turns a page's inputs into its bytes: what the ``site`` stage depends on
    (:data:`juniper_data.pipeline.dvcyaml.SITE_CODE`: this package, its templates and assets, the
    diff, card and preview modules)."""
    from juniper_data.pipeline.dvcyaml import SITE_CODE

    root = Path(__file__).resolve().parents[2]
    files: list[Path] = []
    for relative in SITE_CODE:
        path = root / relative
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for path in files:
        if "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digest(kind: str, payload: Any) -> str:
    text = json.dumps({"kind": kind, "code": code_digest(), **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _releases(found: list[Any] | None) -> list[dict[str, Any]] | None:
    return None if found is None else [asdict(r) for r in found]


def plan(view: RegistryView, *, registry_url: str, releases: bool = True, row_diff: bool = True) -> dict[str, Unit]:
    """Every file of the site, not yet rendered: ``{site path: Unit}``.

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
    from juniper_data.site import index
    from juniper_data.site.dataset_page import dataset_html
    from juniper_data.site.family_page import family_html
    from juniper_data.site.release_page import release_html, releases_index
    from juniper_data.site.releases import holding, list_releases, release_changes, released_ids

    snapshot = model.collect(view)
    units: dict[str, Unit] = {}
    static = resources.files("juniper_data.site").joinpath("static")
    for name in ASSETS:
        units[f"assets/{name}"] = Unit(None, functools.partial(static.joinpath(name).read_bytes))
    tags = list_releases(view) if releases else {}
    data = index.catalog_data(snapshot)
    for path, text in index.catalog_files(data).items():
        units[path] = Unit(None, functools.partial(bytes, text))
    units[model.INDEX] = Unit(None, lambda: index.index_page(snapshot, data, releases=releases))
    units[model.ALL] = Unit(None, lambda: index.all_page(snapshot, releases=releases))
    ids = {owner: released_ids(view, owned) for owner, owned in tags.items()}
    for item in snapshot.datasets:
        owned = tags.get(item.owner, []) if releases else None
        pinned = holding(owned, ids[item.owner], item.name, item.meta["dataset_id"]) if owned else None
        inputs = {"row": item.row, "meta": item.meta, "overrides": item.overrides, "preview": _sha(item.preview),
                  "card": item.card, "artifacts": item.artifacts, "missing": item.missing, "url": registry_url,
                  "releases": _releases(owned), "pinned": asdict(pinned) if pinned else None,
                  "commit": view.commit, "has_releases": releases}  # fmt: skip
        page = functools.partial(dataset_html, item, url=registry_url, releases=owned, pinned=pinned,
                                 commit=view.commit, has_releases=releases)  # fmt: skip
        units[model.dataset_page(item.name)] = Unit(_digest("dataset", inputs), page)
        if item.preview:
            units[model.preview_file(item.name)] = Unit(_sha(item.preview), functools.partial(bytes, item.preview))
    for family in snapshot.families:
        owned = tags.get(family.name, []) if releases else None
        variants: list[Any] = [[v.name, v.overrides, bool(v.preview)] for v in family.variants]
        inputs = {"entry": family.entry, "releases": _releases(owned), "has_releases": releases, "variants": variants}
        page = functools.partial(family_html, family, releases=owned, has_releases=releases)
        units[model.family_page(family.name)] = Unit(_digest("family", inputs), page)
    if releases:
        listed = []
        for owner_releases in tags.values():
            for i, release in enumerate(owner_releases):
                previous = owner_releases[i - 1] if i else None
                report = release_changes(view, previous, release, rows=row_diff) if previous else None
                text = release_html(snapshot, release, previous, report, url=registry_url)
                units[model.release_page(release.owner, release.version)] = Unit(None, functools.partial(bytes, text))
                listed.append((release, previous, report))
        units[model.RELEASES] = Unit(None, functools.partial(releases_index, listed))
    return units


def render(view: RegistryView, *, registry_url: str, releases: bool = True, row_diff: bool = True) -> dict[str, bytes]:
    """Every file of the site: ``{site path: bytes}``, the manifest included (see :func:`plan`)."""
    units = plan(view, registry_url=registry_url, releases=releases, row_diff=row_diff)
    files = {path: unit.make() for path, unit in units.items()}
    files[MARKER] = manifest_bytes({path: [units[path].inputs, _sha(data)] for path, data in files.items()})
    return files


def manifest_bytes(entries: dict[str, list[str | None]]) -> bytes:
    """The ``.juniper-site`` file: which files the writer wrote, with their inputs' and bytes' digests."""
    document = {"format": MANIFEST_FORMAT, "written_by": "juniper-data site", "files": dict(sorted(entries.items()))}
    return (json.dumps(document, indent=0, sort_keys=True) + "\n").encode()


def read_manifest(out: Path) -> dict[str, list[str | None]] | None:
    """The manifest of the site at ``out``; None for none, or a site from before manifests (all its files ours)."""
    try:
        document = json.loads((out / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
        return None
    files = document.get("files")
    return files if isinstance(files, dict) else None


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


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def update_site(units: dict[str, Unit], out: Path) -> dict[str, int]:
    """Make ``out`` the site of ``units``, rendering only what changed (module docstring); returns counts.

    Returns
    -------
    dict
        ``rendered`` (pages made this time), ``kept`` (files taken over unchanged), ``kept_foreign``.
    """
    from juniper_data.artifacts.atomic import atomic_directory

    previous = read_manifest(out) if out.is_dir() else None
    counts = {"rendered": 0, "kept": 0, "kept_foreign": 0}

    def on_disk(path: str) -> str | None:
        file = out / path
        return _sha(file.read_bytes()) if previous is not None and path in previous and file.is_file() else None

    entries: dict[str, list[str | None]] = {}
    with atomic_directory(out) as tmp:
        for path in sorted(units):
            unit, before = units[path], (previous or {}).get(path)
            if unit.inputs is not None and before and before[0] == unit.inputs and on_disk(path) == before[1]:
                _link(out / path, tmp / path)
                entries[path] = before
                counts["kept"] += 1
                continue
            data = unit.make()
            digest = _sha(data)
            if before and before[1] == digest and on_disk(path) == digest:
                _link(out / path, tmp / path)  # made again, the same bytes: keep the file (and its inode)
                counts["kept"] += 1
            else:
                (tmp / path).parent.mkdir(parents=True, exist_ok=True)
                (tmp / path).write_bytes(data)
                counts["rendered"] += 1
            entries[path] = [unit.inputs, digest]
        if previous is not None:  # what the writer did not write stays (a site from before manifests: all ours)
            for file in sorted(p for p in out.rglob("*") if p.is_file() or p.is_symlink()):
                relative = file.relative_to(out).as_posix()
                if relative != MARKER and relative not in previous and relative not in units:
                    _link(file, tmp / relative)
                    counts["kept_foreign"] += 1
        (tmp / MARKER).write_bytes(manifest_bytes(entries))
    return counts


def build_stage_site(root: str | Path = ".", out: str | Path | None = None) -> dict[str, Any]:
    """What the ``site`` stage writes: :func:`build_site` of the registry at ``root`` into ``out`` (default
    its ``site/``), without releases.

    A release tag is made after the commit it points to, so a site listing the tags could not
    be reproduced from that commit, and ``dvc.lock`` must reproduce byte for byte on a clean
    clone (``juniper-data site --out DIR`` writes the full site, releases included).
    """
    from juniper_data.catalog.view import open_view
    from juniper_data.layout import SITE_DIR

    root = Path(root)
    return build_site(open_view(str(root)), root / SITE_DIR if out is None else out, releases=False)


def build_site(
    view: RegistryView,
    out: str | Path,
    *,
    registry_url: str | None = None,
    releases: bool = True,
    row_diff: bool = True,
) -> dict[str, Any]:
    """Write the static site of ``view`` to ``out``: only changed pages rendered, the folder swapped in whole.

    Parameters
    ----------
    view : RegistryView
        The registry at one version (:func:`juniper_data.catalog.view.open_view`).
    out : path
        A new or empty folder, or a site written before (it holds ``.juniper-site``, the manifest
        of what it wrote: those files are replaced or removed, any other file is kept).
    registry_url : str, optional
        URL for the pull snippets; default the placeholder ``<registry-url>``.
    releases, row_diff : bool
        See :func:`render`.

    Returns
    -------
    dict
        ``out``, ``datasets``, ``families``, ``releases``, ``files``, ``bytes``; ``rendered``, ``kept``
        (files this build made, and took over unchanged) and ``kept_foreign`` (files it did not write).

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
    units = plan(view, registry_url=registry_url or URL_PLACEHOLDER, releases=releases, row_diff=row_diff)
    counts = update_site(units, out)
    return {
        "out": str(out),
        "datasets": sum(1 for p in units if p.startswith("datasets/") and p.endswith(".html")),
        "families": sum(1 for p in units if p.startswith("families/")),
        "releases": sum(1 for p in units if p.startswith("releases/") and p != model.RELEASES),
        "files": len(units) + 1,
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        **counts,
    }
