"""Small HTML helpers: escaping, links relative to the page, tables, and the page layout.

Every link is relative (``../datasets/x.html``), so the site works from ``file://``
and from any folder of any static host. Names become path segments as they are
(the registry's names are safe path components) and are percent-encoded in links.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterable, Sequence
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import quote

#: Characters kept readable in links (sub-delimiters RFC 3986 allows in a path segment).
SAFE_PATH = "/=,@+"


def esc(value: Any) -> str:
    """HTML-escape ``value`` (quotes too: safe inside attributes).

    Examples
    --------
    >>> esc('<a href="x">')
    '&lt;a href=&quot;x&quot;&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def href(page: str, target: str) -> str:
    """The link from the page at site path ``page`` to the site path ``target``.

    Examples
    --------
    >>> href("datasets/grid/n=2.html", "index.html")
    '../../index.html'
    >>> href("index.html", "datasets/a b.html")
    'datasets/a%20b.html'
    """
    base = posixpath.dirname(page) or "."
    return quote(posixpath.relpath(target, base), safe=SAFE_PATH)


def value_text(value: Any) -> str:
    """A parameter value as the recipe writes it (JSON for lists and maps, ``null`` for None).

    Examples
    --------
    >>> value_text(0.1), value_text(None), value_text([0.0, 1.0]), value_text("modern")
    ('0.1', 'null', '[0.0, 1.0]', 'modern')
    """
    if isinstance(value, str):
        return value
    return json.dumps(value)


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "", cls: str = "") -> str:
    """A ``<table>``; ``head`` and ``caption`` are escaped, cells are HTML already."""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    ths = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    klass = f' class="{esc(cls)}"' if cls else ""
    return f'<div class="scroll"><table{klass}>{cap}<thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table></div>'


def code(text: Any) -> str:
    return f"<code>{esc(text)}</code>"


def section(ident: str, title: str, body: str) -> str:
    """An ``<section>`` with an ``<h2>`` that it is labelled by."""
    i = esc(ident)
    return f'<section id="{i}" aria-labelledby="{i}-h"><h2 id="{i}-h">{esc(title)}</h2>{body}</section>'


def _template(name: str) -> Template:
    return Template(resources.files("juniper_data.site").joinpath("templates", name).read_text(encoding="utf-8"))


def page(
    path: str,
    title: str,
    body: str,
    *,
    crumbs: Sequence[tuple[str, str]] = (),
    scripts: Sequence[str] = (),
    description: str = "",
    releases: bool = True,
) -> bytes:
    """A whole HTML document for the site path ``path``.

    Parameters
    ----------
    path : str
        Where the page is written, e.g. ``datasets/xor.html`` (links are made relative to it).
    title : str
    body : str
        The ``<main>`` content (HTML).
    crumbs : sequence of (label, site path)
        Breadcrumbs after "Registry"; the last is the current page (path may be "").
    scripts : sequence of str
        Site paths of scripts to load (deferred), e.g. ``assets/page.js``.
    releases : bool
        Whether the site has release pages (the footer links their list).

    Examples
    --------
    >>> doc = page("index.html", "Datasets", "<p>hi</p>").decode()
    >>> "<title>Datasets" in doc and 'href="assets/site.css"' in doc
    True
    """
    trail = [("Registry", "index.html"), *crumbs]
    items = []
    for i, (label, target) in enumerate(trail):
        if i == len(trail) - 1:
            items.append(f'<li aria-current="page">{esc(label)}</li>')
        else:
            items.append(f'<li><a href="{href(path, target)}">{esc(label)}</a></li>')
    tags = "".join(f'<script defer src="{href(path, s)}"></script>' for s in scripts)
    text = _template("page.html").substitute(
        title=esc(title),
        description=esc(description or title),
        css=href(path, "assets/site.css"),
        scripts=tags,
        crumbs="".join(items),
        body=body,
        links=" · ".join(
            f'<a href="{href(path, target)}">{label}</a>'
            for label, target in [("all datasets as a plain list", "all.html"), ("all releases", "releases/index.html")]
            if releases or target != "releases/index.html"
        ),
    )
    return text.encode("utf-8")
