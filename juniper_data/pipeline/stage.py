"""DVC stage commands: ``python -m juniper_data.pipeline.stage {dataset,family,catalog} [NAME]``.

Each build stage reads its entry from ``params.yaml``, writes the artifacts
under ``data/``, a deterministic catalog entry under ``catalog/`` (the catalog
stage's dependency) and its build metrics under ``metrics/`` (timings vary
between runs, so metrics are not stage outputs and never enter ``dvc.lock``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from juniper_data.artifacts.atomic import atomic_directory, atomic_write_bytes

DATA_DIR = Path("data")
CATALOG_DIR = Path("catalog")
METRICS_DIR = Path("metrics")


def load_params(path: Path = Path("params.yaml")) -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def check_version(entry: dict[str, Any], recipe: dict[str, Any]) -> None:
    """Refuse to build with a generator whose VERSION moved since ``params.yaml`` was composed."""
    if recipe["version"] != entry["version"]:
        raise SystemExit(
            f"error: generator '{entry['generator']}' is now version {recipe['version']} but "
            f"params.yaml records {entry['version']}; run `python -m juniper_data.pipeline.compose`"
        )


def build_one(entry: dict[str, Any], name: str, folder: Path, *, card: bool = True) -> dict[str, Any]:
    """Generate ``entry``'s dataset and write it to ``folder``; returns its meta."""
    from juniper_data.artifacts.writer import write_dataset
    from juniper_data.dataset import generate

    if entry.get("chunking"):
        return build_one_chunked(entry, name, folder, card=card)

    dataset = generate(entry["generator"], **entry["params"])
    check_version(entry, dataset.meta["recipe"])
    dataset = dataset.annotate(name=name, tags=entry["tags"], expires=entry["expires"])
    storage = entry["storage"]
    write_dataset(
        dataset,
        folder,
        formats=storage["formats"],
        compress=storage["compress"],
        parquet_compression=storage["parquet_compression"],
        card=card,
    )
    return dict(dataset.meta)


def build_one_chunked(entry: dict[str, Any], name: str, folder: Path, *, card: bool = True) -> dict[str, Any]:
    """A chunked recipe, built in bounded memory on ``$JUNIPER_DATA_ENGINE`` / ``$JUNIPER_DATA_WORKERS``."""
    from juniper_data.artifacts.meta import read_meta
    from juniper_data.scale.chunked import write_plan
    from juniper_data.scale.engine import engine_from_env
    from juniper_data.scale.plan import plan_build

    plan = plan_build(entry["generator"], entry["params"], block_size=entry["chunking"]["block_size"])
    check_version(entry, plan.recipe)
    storage = entry["storage"]
    with engine_from_env() as runner:
        write_plan(
            plan,
            folder,
            runner,
            formats=storage["formats"],
            compress=storage["compress"],
            parquet_compression=storage["parquet_compression"],
            card=card,
            catalog={"name": name, "tags": entry["tags"], "expires": entry["expires"]},
            progress="auto",
        )
    return read_meta(folder)


def build_dataset(name: str, params: dict[str, Any]) -> None:
    """Stage ``dataset@NAME``: one named dataset into ``data/NAME``."""
    entry = _entry(params, "datasets", name)
    started = time.perf_counter()
    meta = build_one(entry, name, DATA_DIR / name)
    seconds = time.perf_counter() - started
    _write_json(CATALOG_DIR / f"{name}.json", {"kind": "dataset", "name": name, **_catalog_fields(entry), "meta": meta})
    _write_metrics(name, seconds, [DATA_DIR / name], count=1)


def build_family(name: str, params: dict[str, Any]) -> None:
    """Stage ``family@NAME``: every variant of a sweep (on ``$JUNIPER_DATA_WORKERS`` processes), plus the index."""
    entry = _entry(params, "families", name)
    started = time.perf_counter()
    with atomic_directory(DATA_DIR / name) as tmp:
        # Variants are independent: $JUNIPER_DATA_WORKERS / $JUNIPER_DATA_ENGINE spread them (same bytes).
        from juniper_data.scale.engine import engine_from_env

        with engine_from_env() as engine:
            metas = list(engine.imap(partial(build_variant, entry, name, str(tmp)), list(entry["variants"].items())))
        index = family_index(name, entry, metas)
        (tmp / "index.json").write_text(json.dumps(index, indent=2) + "\n")
        write_index_parquet(tmp / "index.parquet", index)
    seconds = time.perf_counter() - started
    entry_json = {"kind": "family", "name": name, **_catalog_fields(entry), "sweep": entry["sweep"], "variants": metas}
    _write_json(CATALOG_DIR / f"{name}.json", entry_json)
    _write_metrics(name, seconds, [DATA_DIR / name], count=len(metas))


def build_variant(
    entry: dict[str, Any], family: str, folder: str, variant: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    """One variant of a family into ``folder/<variant>`` (a work unit of any engine)."""
    label, overrides = variant
    variant_entry = {**entry, "params": {**entry["params"], **overrides}}
    meta = build_one(variant_entry, f"{family}/{label}", Path(folder) / label, card=True)
    return {"variant": label, "overrides": overrides, "meta": meta}


def family_index(name: str, entry: dict[str, Any], metas: list[dict[str, Any]]) -> dict[str, Any]:
    """The queryable index of a family: one row per variant with its swept values and sizes."""
    return {
        "family": name,
        "generator": entry["generator"],
        "version": entry["version"],
        "sweep": entry["sweep"],
        "variants": [
            {
                "variant": m["variant"],
                "path": f"{name}/{m['variant']}",
                "dataset_id": m["meta"]["dataset_id"],
                "overrides": m["overrides"],
                "n_train": m["meta"]["n_train"],
                "n_test": m["meta"]["n_test"],
                "n_features": m["meta"]["n_features"],
                "n_classes": m["meta"]["n_classes"],
                "hashes": m["meta"]["hashes"],
            }
            for m in metas
        ],
    }


def write_index_parquet(path: Path, index: dict[str, Any]) -> None:
    """The family index as Parquet: one row per variant, swept parameters as columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = index["variants"]
    columns: dict[str, list[Any]] = {
        "variant": [r["variant"] for r in rows],
        "dataset_id": [r["dataset_id"] for r in rows],
    }
    for key in index["sweep"]:
        columns[key] = [r["overrides"][key] for r in rows]
    for key in ("n_train", "n_test", "n_features", "n_classes"):
        columns[key] = [r[key] for r in rows]
    pq.write_table(pa.table(columns), path)


def _catalog_fields(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("generator", "version", "params", "tags", "expires", "description")
    return {k: entry[k] for k in keys}


def _entry(params: dict[str, Any], group: str, name: str) -> dict[str, Any]:
    entries = params.get(group) or {}
    if name not in entries:
        import difflib

        close = difflib.get_close_matches(name, list(entries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise SystemExit(f"error: no {group[:-1]} named {name!r} in params.yaml{hint}")
    entry: dict[str, Any] = entries[name]
    return entry


def _write_json(path: Path, obj: dict[str, Any]) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode())


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _write_metrics(name: str, seconds: float, outputs: list[Path], *, count: int) -> None:
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    metrics = {
        "build_seconds": round(seconds, 4),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "artifact_bytes": sum(_size(p) for p in outputs),
        "datasets": count,
    }
    _write_json(METRICS_DIR / f"{name}.json", metrics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m juniper_data.pipeline.stage", description=__doc__)
    parser.add_argument("kind", choices=["dataset", "family", "catalog"])
    parser.add_argument("name", nargs="?")
    args = parser.parse_args(argv)
    if args.kind == "catalog":
        from juniper_data.pipeline.catalog import build_catalog

        build_catalog(CATALOG_DIR, DATA_DIR)
        return 0
    if not args.name:
        parser.error(f"{args.kind} needs a NAME")
    params = load_params()
    (build_dataset if args.kind == "dataset" else build_family)(args.name, params)
    return 0


if __name__ == "__main__":
    sys.exit(main())
