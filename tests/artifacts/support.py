"""Helpers for the artifact tests: a reproducible small dataset and byte-level views of folders."""

from __future__ import annotations

from pathlib import Path

from juniper_data import Dataset, generate


def make_dataset(**overrides: object) -> Dataset:
    """A small three-class dataset; every call makes the recipe afresh."""
    return generate("spiral", **{"n_spirals": 3, "n_points": 20, "noise": 0.1, "seed": 4, **overrides})


def snapshot(folder: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file under ``folder``."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(parent: Path) -> list[str]:
    """Names directly in ``parent``, hidden ones included (temporary folders start with a dot)."""
    return sorted(p.name for p in parent.iterdir())
