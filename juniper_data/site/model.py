"""What the site shows, gathered from a :class:`~juniper_data.catalog.view.RegistryView`.

Everything comes from the registry's catalog entries (``catalog/<name>.json``: recipe,
meta, hashes) and each dataset's folder (``preview.png``, the card, ``meta.json`` for
its artifact files): read from the workspace when the view is a checkout's workspace,
else through :func:`juniper_data.load` at the view's commit (the preview is then
rendered from the arrays, which gives the same bytes as the committed ``preview.png``).
Nothing depends on the time of the build or on the machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from juniper_data.catalog.view import RegistryView

#: Where each kind of page lives in the site (site paths, ``/``-separated).
INDEX = "index.html"
ALL = "all.html"
RELEASES = "releases/index.html"


def dataset_page(name: str) -> str:
    return f"datasets/{name}.html"


def preview_file(name: str) -> str:
    return f"datasets/{name}.png"


def family_page(name: str) -> str:
    return f"families/{name}.html"


def release_page(owner: str, version: str) -> str:
    return f"releases/{owner}/{version}.html"


@dataclass
class DatasetItem:
    """One dataset or family variant.

    Attributes
    ----------
    row : dict
        Its catalog row (``juniper_data.pipeline.catalog.rows_from_entries``).
    meta : dict
        Its meta as the catalog entry records it.
    overrides : dict
        A variant's sweep values (empty for a dataset).
    preview : bytes or None
        ``preview.png``; None when the data is not at hand (then ``missing`` says why).
    card : str or None
        The card's Markdown.
    artifacts : dict or None
        ``meta.json``'s ``artifacts`` (files of the folder), when at hand.
    """

    row: dict[str, Any]
    meta: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    preview: bytes | None = None
    card: str | None = None
    artifacts: dict[str, Any] | None = None
    missing: str = ""

    @property
    def name(self) -> str:
        return str(self.row["name"])

    @property
    def owner(self) -> str:
        """The release name: the dataset, or its family."""
        return str(self.row["family"] or self.row["name"])


@dataclass
class FamilyItem:
    """A family: its catalog entry and its variants in entry order."""

    entry: dict[str, Any]
    variants: list[DatasetItem]

    @property
    def name(self) -> str:
        return str(self.entry["name"])

    @property
    def axes(self) -> dict[str, list[Any]]:
        """The sweep: ``{parameter: [values...]}`` in the recipe's order."""
        return dict(self.entry.get("sweep") or {})


@dataclass
class Snapshot:
    """The registry at one version, as the site needs it."""

    view: RegistryView
    datasets: list[DatasetItem]
    families: list[FamilyItem]

    def item(self, name: str) -> DatasetItem | None:
        return next((d for d in self.datasets if d.name == name), None)


def collect(view: RegistryView) -> Snapshot:
    """Gather every dataset and family of ``view`` with its files (see the module docstring)."""
    from juniper_data.pipeline.catalog import rows_from_entries

    entries = view.entries()
    rows = {row["name"]: row for row in rows_from_entries(entries)}
    datasets: list[DatasetItem] = []
    families: list[FamilyItem] = []
    for entry in entries:
        if entry["kind"] == "dataset":
            datasets.append(DatasetItem(rows[entry["meta"]["name"]], entry["meta"]))
            continue
        variants = [
            DatasetItem(rows[v["meta"]["name"]], v["meta"], overrides=dict(v.get("overrides") or {}))
            for v in entry["variants"]
        ]
        families.append(FamilyItem(entry, variants))
        datasets.extend(variants)
    datasets.sort(key=lambda d: d.name)
    families.sort(key=lambda f: f.name)
    for item in datasets:
        _attach_files(view, item)
    return Snapshot(view, datasets, families)


def _attach_files(view: RegistryView, item: DatasetItem) -> None:
    from juniper_data.artifacts.card import CARD_FILE, PREVIEW_FILE, card_text

    if view.commit is None and view.root is not None:
        folder = view.root / item.row["path"]
        if not (folder / "meta.json").is_file():
            item.missing = f"{item.row['path']} is not in this workspace (`dvc pull {item.row['path']}`)"
            return
        item.artifacts = json.loads((folder / "meta.json").read_text()).get("artifacts")
        preview, card = folder / PREVIEW_FILE, folder / CARD_FILE
        item.preview = preview.read_bytes() if preview.is_file() else None
        item.card = card.read_text() if card.is_file() else None
        return
    from juniper_data.adapters.dvc import DataUnavailableError
    from juniper_data.artifacts.preview import render_preview
    from juniper_data.artifacts.reader import ArtifactError
    from juniper_data.catalog.view import CatalogError
    from juniper_data.consumer.load import LoadError

    try:
        dataset = view.dataset(item.name)
    except (LoadError, ArtifactError, DataUnavailableError, CatalogError) as error:
        item.missing = f"the data of {item.name} could not be read: {error}"
        return
    item.artifacts = dataset.meta.get("artifacts")
    item.preview = render_preview(dataset)
    item.card = card_text(dataset.meta)


def task_type(meta: dict[str, Any]) -> str:
    """``meta["task_type"]`` (contract 1.2 on); metas before it are all classification."""
    return str(meta.get("task_type") or "classification")


def n_rows(meta: dict[str, Any]) -> int:
    """Rows the dataset generated: ``n_full`` (else the sum of its splits)."""
    from juniper_data.catalog.diff import split_names, split_size

    if meta.get("n_full") is not None:
        return int(meta["n_full"])
    return sum(split_size(meta, s) for s in split_names(meta) if s != "full")
