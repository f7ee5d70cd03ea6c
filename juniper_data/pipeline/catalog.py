"""The catalog of everything the registry built: ``data/catalog.json`` and ``data/catalog.parquet``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.layout import Layout, data_path

CATALOG_JSON = "catalog.json"
CATALOG_PARQUET = "catalog.parquet"


def catalog_rows(entries_dir: Path) -> list[dict[str, Any]]:
    """One row per dataset (family variants as ``family/variant``), sorted by name.

    Each row: name, family, path, dataset_id, generator, version, params, n_train,
    n_val (0 without a validation split), n_test, n_features, n_classes,
    class_distribution, tags, expires, hashes.
    """
    return rows_from_entries(read_entries(entries_dir))


def read_entries(entries_dir: Path) -> list[dict[str, Any]]:
    """The stage entries ``catalog/<name>.json``, by name."""
    return [json.loads(path.read_text()) for path in sorted(entries_dir.glob("*.json"))]


def rows_from_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Catalog rows from stage entries (``catalog/<name>.json`` contents) read from anywhere, e.g. git."""
    rows = [_row(meta, family=family, description=description) for meta, family, description in _metas(entries)]
    return sorted(rows, key=lambda r: r["name"])


def card_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each catalog row merged over its ``meta.json`` (the catalog card's configs need features and files)."""
    merged = [{**meta, **_row(meta, family=family, description=description)}
              for meta, family, description in _metas(entries)]  # fmt: skip
    return sorted(merged, key=lambda r: r["name"])


def _metas(entries: Iterable[dict[str, Any]]) -> Iterable[tuple[dict[str, Any], str | None, str]]:
    """``(meta, family or None, description)`` of every dataset and family variant of stage entries."""
    for entry in entries:
        description = entry.get("description", "")
        if entry["kind"] == "dataset":
            yield entry["meta"], None, description
        else:
            for variant in entry["variants"]:
                yield variant["meta"], entry["name"], description


def _row(meta: dict[str, Any], *, family: str | None, description: str) -> dict[str, Any]:
    return {
        "name": meta["name"],
        "family": family,
        "path": data_path(meta["name"]),
        "dataset_id": meta["dataset_id"],
        "generator": meta["recipe"]["generator"],
        "version": meta["recipe"]["version"],
        "params": meta["recipe"]["params"],
        "n_train": meta["n_train"],
        "n_val": meta.get("n_val", 0),
        "n_test": meta["n_test"],
        "n_features": meta["n_features"],
        "n_classes": meta["n_classes"],
        "class_distribution": meta["class_distribution"],
        "tags": meta["tags"],
        "expires": meta["expires"],
        "description": description,
        "hashes": meta["hashes"],
    }


def write_catalog_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    """Flat Parquet twin of the catalog: nested fields as canonical JSON strings, tags as a list."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from juniper_data.recipe import canonical_json

    nested = ("params", "class_distribution", "hashes")
    columns: dict[str, Any] = {}
    for key in rows[0] if rows else ["name"]:
        values = [r[key] for r in rows]
        columns[key] = [canonical_json(v) for v in values] if key in nested else values
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(columns), sink)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())


def build_catalog(
    entries_dir: Path, data_dir: Path, *, license: str | None = None, memo_path: Path | None = None
) -> list[dict[str, Any]]:
    """Write ``data_dir/catalog.json``, ``data_dir/catalog.parquet`` and the catalog card from the stage entries.

    ``license``: the registry's (``params.yaml``), shown in the catalog card. ``memo_path``:
    a file remembering the card's YAML per config (:class:`juniper_data.artifacts.hf.YamlMemo`);
    it changes how fast the card is written, never its bytes.
    """
    from juniper_data.artifacts.catalog_card import write_catalog_card
    from juniper_data.artifacts.hf import YamlMemo

    entries = read_entries(entries_dir)
    rows = rows_from_entries(entries)
    data_dir.mkdir(parents=True, exist_ok=True)
    document = {"datasets": rows}
    atomic_write_bytes(data_dir / CATALOG_JSON, (json.dumps(document, indent=2) + "\n").encode())
    write_catalog_parquet(data_dir / CATALOG_PARQUET, rows)
    memo = YamlMemo.read(memo_path) if memo_path is not None else None
    write_catalog_card(data_dir, card_entries(entries), license=license, memo=memo)
    if memo is not None and memo_path is not None:
        memo.save(memo_path)
    return rows


def build_registry_catalog(root: Path) -> list[dict[str, Any]]:
    """What the ``catalog`` stage writes in the registry at ``root``: :func:`build_catalog` of its entries,
    with its license and its card's memo."""
    from juniper_data.pipeline.stage import registry_settings

    lay = Layout(root)
    return build_catalog(lay.catalog_dir, lay.data_dir, license=registry_settings(lay)["license"],
                         memo_path=lay.card_yaml_cache)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Stage ``catalog``: ``python pipelines/catalog.py [--root DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python pipelines/catalog.py", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="registry checkout (default: .)")
    args = parser.parse_args(argv)
    build_registry_catalog(args.root)
    return 0
