"""A dataset's page: preview, splits and class balance, parameters, arrays, identity, releases, snippets, card."""

from __future__ import annotations

import posixpath

from juniper_data.catalog.diff import array_order
from juniper_data.site import model
from juniper_data.site.charts import balance_svg
from juniper_data.site.html import code, esc, href, page, section, table, value_text
from juniper_data.site.releases import ReleaseInfo

REV_PLACEHOLDER = "<rev>"


def splits_section(item: model.DatasetItem) -> str:
    """Split sizes and class balance: an SVG chart and the same numbers as a table."""
    from juniper_data.catalog.diff import class_balance, split_names, split_size

    meta = item.meta
    names = list(meta.get("class_names") or [])
    balance = class_balance(meta)
    order = [s for s in split_names(meta) if s in balance] + [s for s in balance if s not in split_names(meta)]
    chart = balance_svg("balance", f"Class balance of {item.name} per split", names, {s: balance[s] for s in order})
    head = ["class", *order]
    rows = [[code(c), *(str(balance[s].get(c, 0)) for s in order)] for c in names]
    sizes = {s: split_size(meta, s) for s in split_names(meta)}
    rows.append(
        ["<strong>rows</strong>", *(f"<strong>{sizes.get(s, sum(balance[s].values()))}</strong>" for s in order)]
    )
    lead = (
        f"<p>{', '.join(f'{esc(s)} {n}' for s, n in sizes.items())} rows; "
        f"{meta['n_features']} features, {meta['n_classes']} classes.</p>"
    )
    return section(
        "splits",
        "Splits and class balance",
        lead + f'<figure class="chart">{chart}</figure>' + table(head, rows, caption="Rows per class"),
    )


def snippets(item: model.DatasetItem, url: str, rev: str) -> list[tuple[str, str, str]]:
    """``(id, label, text)`` of the copy-paste commands that fetch exactly this version at ``rev``."""
    from juniper_data.artifacts.card import pull_commands

    stem = item.name.rsplit("/", 1)[-1]
    files = item.artifacts or {}
    npz = files.get("npz", f"{stem}.npz")
    commands = pull_commands(item.name, npz, url, rev)
    ident = item.meta["dataset_id"]
    out = [
        (
            "s-load",
            "Python, verified against the hashes",
            f'from juniper_data import load\n\n{commands["load"]}\nassert ds.meta["dataset_id"] == "{ident}"',
        ),
        ("s-import", "dvc import (tracked; later dvc update --rev NEW)", commands["dvc_import"]),
        ("s-get", "dvc get (one file, untracked)", commands["dvc_get"]),
    ]
    parquet = files.get("parquet") or {}
    if parquet:
        common = posixpath.commonpath([posixpath.dirname(p) for p in parquet.values()])
        source = f"{item.row['path']}/{common}" if common else item.row["path"]
        local = f"{stem}-{common or 'files'}"
        data_files = ", ".join(f'"{s}": "{local}/{posixpath.relpath(p, common or ".")}"' for s, p in parquet.items())
        out.append(
            (
                "s-hf",
                "Hugging Face datasets",
                f"dvc get {url} {source} -o {local} --rev {rev}\n\n"
                f'import datasets\nds = datasets.load_dataset("parquet", data_files={{{data_files}}})',
            )
        )
    return out


def _snippets_section(
    item: model.DatasetItem, url: str, pinned: ReleaseInfo | None, commit: str | None, released: bool
) -> str:
    unreleased = "this version is in no release yet" if released else "no release yet"
    if pinned is not None:
        rev, note = pinned.tag, f"Pinned to {esc(pinned.tag)}, the release that holds exactly this version."
    elif commit:
        rev, note = commit, f"Pinned to the commit this site was built from ({unreleased})."
    else:
        rev, note = REV_PLACEHOLDER, f"Replace {code(REV_PLACEHOLDER)} with a commit or release tag ({unreleased})."
    blocks = "".join(
        f'<div class="snippet"><div class="snippet-head"><span id="{i}-l">{esc(label)}</span>'
        f'<button type="button" data-copy="{i}" aria-describedby="{i}-l" hidden>Copy</button></div>'
        f'<pre><code id="{i}">{esc(text)}</code></pre></div>'
        for i, label, text in snippets(item, url, rev)
    )
    return section("get", "Get this version", f"<p>{note}</p>{blocks}")


def _releases_section(path: str, owner: str, releases: list[ReleaseInfo] | None, *, variant: bool) -> str:
    if releases is None:
        return section("releases", "Releases", "<p>Not in this build (it was made from the files only).</p>")
    if not releases:
        return section(
            "releases", "Releases", f"<p>None yet. Release with {code(f'juniper-data release {owner} v1.0.0')}.</p>"
        )
    rows = [
        [
            f'<a href="{href(path, model.release_page(r.owner, r.version))}">{esc(r.tag)}</a>',
            f'<time datetime="{esc(r.date)}">{esc(r.day)}</time>',
            code(r.commit[:12]),
            esc(r.subject),
        ]
        for r in reversed(releases)
    ]
    note = f"<p>Released with its family, {code(owner)}.</p>" if variant else ""
    return section("releases", "Releases", note + table(["release", "date", "commit", "message"], rows))


def card_html(markdown: str) -> str:
    """The card's Markdown as HTML: front matter and images left out (the page shows the preview), raw HTML escaped.

    Examples
    --------
    >>> card_html("---\\na: 1\\n---\\n# T\\n\\n![p](preview.png)\\n\\ntext")
    '<h3>T</h3>\\n<p>text</p>\\n'
    """
    from markdown_it import MarkdownIt

    text = markdown
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        text = text[end + 4 :] if end >= 0 else text
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("![")]
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse("\n".join(lines))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    return str(md.renderer.render(tokens, md.options, {}))


def dataset_html(
    item: model.DatasetItem,
    *,
    url: str,
    releases: list[ReleaseInfo] | None,
    pinned: ReleaseInfo | None,
    commit: str | None,
    has_releases: bool,
) -> bytes:
    """The page of one dataset or variant.

    ``releases``: its (or its family's) releases, None when the build has no release data;
    ``pinned``: the release holding exactly this version, which the snippets name.
    """
    path = model.dataset_page(item.name)
    meta, row = item.meta, item.row
    recipe = meta["recipe"]
    family = row["family"]
    crumbs = [(family, model.family_page(family)), (item.name.rsplit("/", 1)[-1], "")] if family else [(item.name, "")]
    tags = " ".join(f'<a class="tag" href="{href(path, model.INDEX)}#tag={esc(t)}">{esc(t)}</a>' for t in row["tags"])
    expires = (
        f'<span data-expires="{esc(row["expires"])}">expires {esc(row["expires"])}</span>'
        if row["expires"]
        else "never expires"
    )
    facts = (
        f'<p class="facts"><span>generator {code(recipe["generator"])} v{esc(recipe["version"])}</span>'
        f"<span>{esc(model.task_type(meta))}</span><span>{expires}</span>"
        + (
            f'<span>variant of <a href="{href(path, model.family_page(family))}">{esc(family)}</a></span>'
            if family
            else ""
        )
        + f"</p><p>{tags}</p>"
    )
    if item.preview:
        alt = (
            f"Preview plot of {item.name}: {meta['n_full']} rows of {meta['n_features']} features "
            f"in {meta['n_classes']} classes, coloured by class"
        )
        preview = (
            f'<figure><img src="{href(path, model.preview_file(item.name))}" width="320" height="320" '
            f'alt="{esc(alt)}"><figcaption>The card\'s preview plot.</figcaption></figure>'
        )
    else:
        preview = f'<p class="note">No preview: {esc(item.missing)}.</p>'
    params = table(["parameter", "value"], [[code(k), code(value_text(v))] for k, v in recipe["params"].items()])
    extra = {k: v for k, v in recipe.items() if k not in ("generator", "version", "params")}
    if extra:
        params += table(["recipe field", "value"], [[code(k), code(value_text(v))] for k, v in extra.items()])
    arrays = table(
        ["array", "shape", "dtype", "sha256"],
        [
            [
                code(k),
                esc(tuple(meta["shapes"][k])),
                esc(meta["dtypes"].get(k, "")),
                f'<code class="hash" data-array="{esc(k)}">{esc(meta["hashes"][k])}</code>',
            ]
            for k in array_order(meta)
        ],
    )
    identity = table(
        ["field", "value"],
        [
            ["dataset id", f'<code id="dataset-id">{esc(meta["dataset_id"])}</code>'],
            ["artifact contract", esc(meta.get("contract_version", "?"))],
            ["generator version", esc(recipe["version"])],
            ["folder", code(row["path"])],
            *[[f"built with {esc(k)}", esc(v)] for k, v in sorted((meta.get("software") or {}).items())],
        ],
    )
    card = (
        f"<details><summary>The card ({code('README.md')} in the dataset folder)</summary>"
        f'<div class="card">{card_html(item.card)}</div></details>'
        if item.card
        else f'<p class="note">No card: {esc(item.missing or "the folder has none")}.</p>'
    )
    body = (
        f"<h1>{esc(item.name)}</h1>"
        + (f'<p class="lede">{esc(row["description"])}</p>' if row["description"] else "")
        + facts
        + section("preview", "Preview", preview)
        + splits_section(item)
        + section("params", "Parameters", params)
        + section(
            "arrays",
            "Arrays and hashes",
            "<p>sha256 of each array's bytes; <code>load()</code> checks them.</p>" + arrays,
        )
        + section("identity", "Identity", identity)
        + _releases_section(path, item.owner, releases, variant=bool(family))
        + _snippets_section(item, url, pinned, commit, bool(releases))
        + section("card", "Card", card)
    )
    return page(
        path,
        item.name,
        body,
        crumbs=crumbs,
        scripts=["assets/page.js"],
        releases=has_releases,
        description=row["description"] or f"{item.name}: a {recipe['generator']} dataset",
    )
