"""Plain-text tables and JSON output of the catalog commands."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON (stable key order as built)."""
    print(json.dumps(obj, indent=2, default=str))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Left-aligned columns separated by two spaces.

    Examples
    --------
    >>> print(table(["a", "bb"], [[1, "x"], [22, "yy"]]))
    a   bb
    1   x
    22  yy
    """
    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
