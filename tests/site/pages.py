"""Reading a built site in tests: its files, its links and what a registry's catalog says it must show."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of an HTML document with its attributes, in order."""
    parser = _Collector()
    parser.feed(text)
    return parser.tags


def site_files(site: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file of a site."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def broken_links(site: Path) -> list[str]:
    """``page -> target`` for every ``href``/``src`` of every page that names no file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for _tag, attrs in tags(page.read_text()):
            for key in ("href", "src"):
                value = attrs.get(key)
                if not value or value.startswith(("data:", "#")):
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    broken.append(f"{page.relative_to(site)} -> {value} (not relative)")
                    continue
                if not (page.parent / unquote(parts.path)).resolve().is_file():
                    broken.append(f"{page.relative_to(site)} -> {value}")
    return broken


def entries(work: Path) -> list[dict[str, Any]]:
    """The registry's catalog entries, read from its ``catalog/`` folder."""
    return [json.loads(p.read_text()) for p in sorted((work / "catalog").glob("*.json"))]


def listing(work: Path) -> list[dict[str, Any]]:
    """What the index must list, from the entries: every dataset, variant and family with the filter fields."""
    out = []
    for entry in entries(work):
        metas = [entry["meta"]] if entry["kind"] == "dataset" else [v["meta"] for v in entry["variants"]]
        for meta in metas:
            out.append(
                {
                    "name": meta["name"],
                    "generator": meta["recipe"]["generator"],
                    "tags": meta["tags"],
                    "rows": meta["n_full"],
                    "expires": meta["expires"],
                    "task_type": meta.get("task_type", "classification"),
                }
            )
        if entry["kind"] == "family":
            out.append(
                {
                    "name": entry["name"],
                    "generator": entry["generator"],
                    "tags": entry["tags"],
                    "rows": sum(m["n_full"] for m in metas),
                    "expires": entry["expires"],
                    "task_type": metas[0].get("task_type", "classification"),
                }
            )
    return out
