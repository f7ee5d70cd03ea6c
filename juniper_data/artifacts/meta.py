"""``meta.json``: stable, human-readable JSON of the dataset's metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

META_FILE = "meta.json"


def dumps_meta(meta: dict[str, Any]) -> bytes:
    """Indented JSON in insertion order with a trailing newline (deterministic)."""
    return (json.dumps(meta, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()


def read_meta(folder: Path) -> dict[str, Any]:
    """Parse ``folder/meta.json``."""
    meta: dict[str, Any] = json.loads((Path(folder) / META_FILE).read_text())
    return meta
