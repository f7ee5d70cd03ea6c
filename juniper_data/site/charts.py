"""The class-balance chart: an inline SVG of one stacked bar per split.

Bars are scaled to the largest split, segments coloured like the preview plot
(matplotlib's ``tab10``, ``tab20`` beyond ten classes). The SVG carries a title,
a text description with every count, and a tooltip per segment; the page shows
the same numbers in a table beside it.
"""

from __future__ import annotations

from juniper_data.site.html import esc

TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
TAB20 = (
    "#1f77b4",
    "#aec7e8",
    "#ff7f0e",
    "#ffbb78",
    "#2ca02c",
    "#98df8a",
    "#d62728",
    "#ff9896",
    "#9467bd",
    "#c5b0d5",
    "#8c564b",
    "#c49c94",
    "#e377c2",
    "#f7b6d2",
    "#7f7f7f",
    "#c7c7c7",
    "#bcbd22",
    "#dbdb8d",
    "#17becf",
    "#9edae5",
)
WIDTH, LABEL, BAR, GAP = 480, 80, 22, 8
#: Legend entries shown; more classes are summarised in one line.
MAX_LEGEND = 20


def colours(n: int) -> tuple[str, ...]:
    """The preview plot's class colours for ``n`` classes."""
    return TAB10 if n <= 10 else TAB20


def balance_svg(ident: str, title: str, classes: list[str], splits: dict[str, dict[str, int]]) -> str:
    """An accessible SVG bar chart of ``splits`` (``{split: {class: rows}}``, in display order).

    Examples
    --------
    >>> svg = balance_svg("c", "balance", ["a", "b"], {"train": {"a": 3, "b": 1}})
    >>> svg.count("<rect"), "train · a: 3 (75.0%)" in svg   # two segments, two legend swatches
    (4, True)
    """
    palette = colours(len(classes))
    largest = max((sum(c.values()) for c in splits.values()), default=0) or 1
    plot = WIDTH - LABEL - 60
    parts, lines = [], []
    y = 0
    for split, counts in splits.items():
        total = sum(counts.values())
        x = float(LABEL)
        parts.append(f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end" class="lab">{esc(split)}</text>')
        for i, name in enumerate(classes):
            n = counts.get(name, 0)
            if not n:
                continue
            w = plot * n / largest
            share = 100 * n / total
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{BAR}" fill="{palette[i % len(palette)]}">'
                f"<title>{esc(split)} · {esc(name)}: {n} ({share:.1f}%)</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.2f}" y="{y + 15}" class="num">{total}</text>')
        lines.append(f"{split}: " + ", ".join(f"{name} {counts.get(name, 0)}" for name in classes))
        y += BAR + GAP
    legend_y = y + 4
    shown = classes[:MAX_LEGEND]
    per_row = 4
    for i, name in enumerate(shown):
        lx = LABEL + (i % per_row) * ((WIDTH - LABEL) // per_row)
        ly = legend_y + (i // per_row) * 18
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{palette[i % len(palette)]}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly + 10}" class="leg">{esc(name[:18])}</text>')
    height = legend_y + ((len(shown) + per_row - 1) // per_row) * 18 + 4
    if len(classes) > MAX_LEGEND:
        parts.append(f'<text x="{LABEL}" y="{height + 8}" class="leg">… and {len(classes) - MAX_LEGEND} more</text>')
        height += 16
    return (
        f'<svg class="chart" role="img" aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{esc(title)}</title><desc id="{ident}-d">{esc("; ".join(lines))}</desc>'
        + "".join(parts)
        + "</svg>"
    )
