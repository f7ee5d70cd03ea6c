"""The index page, its catalog data (``catalog.js``/``catalog.json``) and the plain list (``all.html``).

The index renders in the browser from ``catalog.js`` (a script, not a fetched JSON
file, so it works from ``file://``): search, filters and sorting run over an array
with a precomputed lower-case search string per item, and only the rows in view are
in the DOM (``assets/index.js``). ``all.html`` lists the same without JavaScript.
Expiry is judged in the browser against the visitor's date, never at build time.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from juniper_data.site import model
from juniper_data.site.html import esc, href, page, value_text

CATALOG_JS = "catalog.js"
CATALOG_JSON = "catalog.json"
#: The filters of the index: (item key, label); each becomes a <select>.
FILTERS = (("generator", "Generator"), ("tag", "Tag"), ("task_type", "Task type"), ("size", "Size"))
SORTS = (
    ("name", "Name"),
    ("generator", "Generator"),
    ("rows", "Rows"),
    ("n_features", "Features"),
    ("n_classes", "Classes"),
    ("expires", "Expires"),
)


def _size(n: int) -> str:
    from juniper_data.artifacts.card import size_category

    return size_category(n)


def _search(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p not in (None, "")).lower()


def dataset_record(item: model.DatasetItem) -> dict[str, Any]:
    """One index entry of a dataset or variant (its keys are what ``index.js`` reads)."""
    from juniper_data.catalog.diff import split_names, split_size

    meta, row = item.meta, item.row
    rows = model.n_rows(meta)
    params = " ".join(f"{k}={value_text(v)}" for k, v in sorted(row["params"].items()))
    return {
        "kind": "dataset",
        "name": item.name,
        "family": row["family"],
        "generator": row["generator"],
        "version": row["version"],
        "task_type": model.task_type(meta),
        "tags": list(row["tags"]),
        "rows": rows,
        "splits": [[s, split_size(meta, s)] for s in split_names(meta) if s != "full"],
        "n_features": row["n_features"],
        "n_classes": row["n_classes"],
        "expires": row["expires"],
        "dataset_id": row["dataset_id"],
        "description": row["description"],
        "size": _size(rows),
        "href": model.dataset_page(item.name),
        "thumb": model.preview_file(item.name) if item.preview else None,  # scaled by the browser, lazily
        "search": _search(
            item.name,
            row["generator"],
            model.task_type(meta),
            " ".join(row["tags"]),
            row["dataset_id"],
            row["description"],
            params,
        ),
    }


def family_record(family: model.FamilyItem) -> dict[str, Any]:
    """One index entry of a family (rows: all its variants together)."""
    entry = family.entry
    rows = sum(model.n_rows(v.meta) for v in family.variants)
    first = next((v for v in family.variants if v.preview), None)
    metas = [v.meta for v in family.variants]
    axes = " ".join(family.axes)
    return {
        "kind": "family",
        "name": family.name,
        "family": None,
        "generator": entry["generator"],
        "version": entry.get("version"),
        "task_type": model.task_type(metas[0]) if metas else "classification",
        "tags": list(entry.get("tags") or []),
        "rows": rows,
        "variants": len(family.variants),
        "axes": list(family.axes),
        "n_features": sorted({m["n_features"] for m in metas}),
        "n_classes": sorted({m["n_classes"] for m in metas}),
        "expires": entry.get("expires"),
        "dataset_id": None,
        "description": entry.get("description") or "",
        "size": _size(rows),
        "href": model.family_page(family.name),
        "thumb": model.preview_file(first.name) if first else None,
        "search": _search(
            family.name, "family", entry["generator"], " ".join(entry.get("tags") or []), entry.get("description"), axes
        ),
    }


def catalog_data(snapshot: model.Snapshot) -> dict[str, Any]:
    """The index's data: every family, then every dataset, by name."""
    items = [family_record(f) for f in snapshot.families] + [dataset_record(d) for d in snapshot.datasets]
    return {"format": 1, "items": items}


def catalog_files(data: dict[str, Any]) -> dict[str, bytes]:
    """``catalog.json`` (for tools) and ``catalog.js`` (the same, as a script the index loads)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)  # any host's charset
    return {
        CATALOG_JSON: (text + "\n").encode(),
        CATALOG_JS: f"window.JD_CATALOG={text};\n".encode(),
    }


def _options(key: str, items: list[dict[str, Any]]) -> str:
    from juniper_data.artifacts.card import SIZE_BUCKETS

    counts: Counter[str] = Counter()
    for item in items:
        values = item["tags"] if key == "tag" else [item[key]]
        counts.update(str(v) for v in values)
    if key == "size":
        order = [label for _, label in SIZE_BUCKETS]
        names = sorted(counts, key=lambda v: (order.index(v) if v in order else len(order), v))
    else:
        names = sorted(counts)
    return "".join(f'<option value="{esc(v)}">{esc(v)} ({counts[v]})</option>' for v in names)


def _sort_head(key: str, label: str) -> str:
    button = f'<button type="button" data-sort="{key}">{esc(label)}</button>'
    return f'<th scope="col" class="c-{key}" data-col="{key}">{button}</th>'


def index_page(snapshot: model.Snapshot, data: dict[str, Any], *, releases: bool) -> bytes:
    """``index.html``: the search form, the sortable table shell and the scripts that fill it."""
    items = data["items"]
    datasets = [i for i in items if i["kind"] == "dataset"]
    variants = sum(1 for i in datasets if i["family"])
    generators = len({i["generator"] for i in datasets})
    selects = "".join(
        f'<div class="field"><label for="f-{key}">{label}</label>'
        f'<select id="f-{key}" data-filter="{key}"><option value="">any</option>{_options(key, items)}</select></div>'
        for key, label in FILTERS
    )
    expired = (
        '<div class="field"><label for="f-expired">Expiry</label><select id="f-expired" data-filter="expired">'
        '<option value="">any</option><option value="current">not expired</option>'
        '<option value="expired">expired</option></select></div>'
    )
    sort = "".join(f'<option value="{k}">{esc(label)}</option>' for k, label in SORTS)
    heads = ['<th scope="col" class="c-thumb">Preview</th>']
    heads += [_sort_head(k, label) for k, label in SORTS[:3]]
    heads += ['<th scope="col" class="c-task">Task</th>', '<th scope="col" class="c-tags">Tags</th>']
    heads += [_sort_head(k, label) for k, label in SORTS[3:]]
    body = (
        "<h1>Datasets</h1>"
        f'<p class="lede">{len(datasets)} datasets ({variants} of them variants of {len(snapshot.families)} '
        f"families) from {generators} generators. Pick one to see its plot, splits, hashes and how to pull it.</p>"
        '<form id="filters" class="filters" role="search" aria-label="Search and filter datasets">'
        '<div class="field grow"><label for="q">Search</label>'
        '<input id="q" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="name, tag, generator, id, noise=0.1"></div>'
        f"{selects}{expired}"
        f'<div class="field"><label for="sort">Sort by</label><select id="sort">{sort}</select></div>'
        '<div class="field"><label for="dir">Order</label><select id="dir"><option value="asc">ascending</option>'
        '<option value="desc">descending</option></select></div>'
        '<div class="field"><button type="reset" id="reset">Clear filters</button></div>'
        "</form>"
        '<p id="count" class="count" role="status" aria-live="polite">Loading the catalog…</p>'
        f'<div class="scroll"><table id="list" class="list" aria-rowcount="{len(items) + 1}">'
        '<caption class="sr">Datasets and families; the column buttons sort</caption>'
        f'<thead><tr aria-rowindex="1">{"".join(heads)}</tr></thead><tbody id="rows"></tbody></table></div>'
        f'<noscript><p>The searchable list needs JavaScript; <a href="{model.ALL}">the plain list</a> '
        "has every dataset and family.</p></noscript>"
    )
    return page(model.INDEX, "Datasets", body, scripts=[CATALOG_JS, "assets/index.js"], releases=releases)


def all_page(snapshot: model.Snapshot, *, releases: bool) -> bytes:
    """``all.html``: every family and dataset as plain links (no script needed)."""
    path = model.ALL
    fams = "".join(
        f'<li><a href="{href(path, model.family_page(f.name))}">{esc(f.name)}</a> '
        f"({len(f.variants)} variants, {esc(f.entry['generator'])})</li>"
        for f in snapshot.families
    )
    sets = "".join(
        f'<li><a href="{href(path, model.dataset_page(d.name))}">{esc(d.name)}</a> '
        f"({esc(d.row['generator'])}, {model.n_rows(d.meta)} rows)</li>"
        for d in snapshot.datasets
    )
    body = (
        "<h1>All datasets</h1>"
        f'<section aria-labelledby="fam-h"><h2 id="fam-h">Families ({len(snapshot.families)})</h2>'
        f'<ul class="plain">{fams}</ul></section>'
        f'<section aria-labelledby="ds-h"><h2 id="ds-h">Datasets ({len(snapshot.datasets)})</h2>'
        f'<ul class="plain">{sets}</ul></section>'
    )
    return page(path, "All datasets", body, crumbs=[("All datasets", "")], releases=releases)
