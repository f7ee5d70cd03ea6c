"""A family's page: its variants' previews on a grid laid out on the sweep's axes.

Two axes give one table (first axis down, second across); a third and further axes
give one such table per combination of their values; one axis gives a single row.
Each cell links to its variant's page; a combination with no built variant is an
empty cell.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from juniper_data.site import model
from juniper_data.site.html import code, esc, href, page, section, table, value_text
from juniper_data.site.releases import ReleaseInfo


def _key(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True)


def _cell(path: str, variant: model.DatasetItem | None, label: str) -> str:
    if variant is None:
        return '<td class="empty">not built</td>'
    if variant.preview:
        picture = (
            f'<img src="{href(path, model.preview_file(variant.name))}" width="128" height="128" '
            f'loading="lazy" alt="Preview of {esc(variant.name)}">'
        )
    else:
        picture = '<span class="nothumb big">no preview</span>'
    target = href(path, model.dataset_page(variant.name))
    return f'<td><a class="cell" href="{target}">{picture}<span>{esc(label)}</span></a></td>'


def grids(path: str, family: model.FamilyItem) -> str:
    """The variant grid(s) of ``family`` as HTML tables."""
    axes = family.axes
    by_values = {_key({k: v.overrides.get(k) for k in axes}): v for v in family.variants}
    names = list(axes)
    if not names:
        cells = "".join(_cell(path, v, v.name.rsplit("/", 1)[-1]) for v in family.variants)
        caption = f"<caption>{esc(family.name)}</caption>"
        return f'<div class="scroll"><table class="grid">{caption}<tbody><tr>{cells}</tr></tbody></table></div>'
    row_axis, col_axis = names[0], names[1] if len(names) > 1 else None
    rest = names[2:]
    out: list[str] = []
    for combo in itertools.product(*(axes[a] for a in rest)):
        fixed = dict(zip(rest, combo, strict=True))
        cols = axes[col_axis] if col_axis else [None]
        head = "".join(f'<th scope="col">{esc(col_axis)} = {esc(value_text(c))}</th>' for c in cols) if col_axis else ""
        rows: list[str] = []
        for r in axes[row_axis]:
            row_cells: list[str] = []
            for c in cols:
                values = {**fixed, row_axis: r, **({col_axis: c} if col_axis else {})}
                label = ", ".join(f"{k}={value_text(values[k])}" for k in names)
                row_cells.append(_cell(path, by_values.get(_key(values)), label))
            rows.append(f'<tr><th scope="row">{esc(row_axis)} = {esc(value_text(r))}</th>{"".join(row_cells)}</tr>')
        caption = ", ".join(f"{k} = {value_text(v)}" for k, v in fixed.items()) or f"{family.name}: {' × '.join(names)}"
        out.append(
            f'<div class="scroll"><table class="grid"><caption>{esc(caption)}</caption>'
            + (f"<thead><tr><td></td>{head}</tr></thead>" if head else "")
            + f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    return "".join(out)


def family_html(family: model.FamilyItem, *, releases: list[ReleaseInfo] | None, has_releases: bool) -> bytes:
    """The page of one family."""
    path = model.family_page(family.name)
    entry = family.entry
    axes = family.axes
    params = table(["parameter", "value"], [[code(k), code(value_text(v))] for k, v in entry["params"].items()])
    sweep = table(
        ["swept parameter", "values"], [[code(k), esc(", ".join(value_text(v) for v in vs))] for k, vs in axes.items()]
    )
    if releases is None:
        rel = "<p>Not in this build (it was made from the files only).</p>"
    elif not releases:
        rel = f"<p>None yet. Release with {code(f'juniper-data release {family.name} v1.0.0')}.</p>"
    else:
        rel = (
            "<ul>"
            + "".join(
                f'<li><a href="{href(path, model.release_page(r.owner, r.version))}">{esc(r.tag)}</a> '
                f'<time datetime="{esc(r.date)}">{esc(r.day)}</time></li>'
                for r in reversed(releases)
            )
            + "</ul>"
        )
    expires = entry.get("expires")
    body = (
        f"<h1>{esc(family.name)}</h1>"
        + (f'<p class="lede">{esc(entry.get("description"))}</p>' if entry.get("description") else "")
        + f'<p class="facts"><span>generator {code(entry["generator"])} v{esc(entry.get("version"))}</span>'
        + f"<span>{len(family.variants)} variants over {esc(' × '.join(axes) or 'no axes')}</span>"
        + (f'<span data-expires="{esc(expires)}">expires {esc(expires)}</span>' if expires else "")
        + "</p>"
        + section("grid", "Variants", grids(path, family))
        + section("sweep", "Sweep", sweep)
        + section("params", "Shared parameters", params)
        + section("releases", "Releases", rel)
    )
    return page(path, family.name, body, crumbs=[(family.name, "")], scripts=["assets/page.js"], releases=has_releases)
