"""A build stage: ``python pipelines/build.py <shard>`` builds the datasets and families of one shard.

For each name of ``params/shard-<k>.yaml`` the stage either skips it -- its
catalog entry records this build key and its folder and entry are exactly
what ``dvc.lock`` records -- or builds it through the one build path
(:func:`juniper_data.build.build`) and writes, beside ``data/<name>/``:

* ``catalog/<name>.json`` -- the recipe, the build key and ``meta.json`` (the catalog stage's input);
* ``metrics/<name>.json`` -- rows, bytes and class balance (deterministic, committed);
* ``timings/<name>.json`` -- seconds and peak memory (vary per run; ignored by git;
  ``dvc metrics show timings`` reads them).

A family's variants run on ``$JUNIPER_DATA_WORKERS`` processes (``$JUNIPER_DATA_ENGINE``);
a chunked dataset's blocks too. Leftovers of killed builds in ``data/`` are removed first.
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

from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.layout import Layout, catalog_entry_path, data_path


class StageError(RuntimeError):
    """The stage cannot run: ``params.yaml`` or the shard file is stale or missing."""


def load_yaml(path: Path) -> Any:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(), Loader=loader) if path.is_file() else None


def build_shard(root: Path, shard: str, *, log: Any = sys.stdout) -> dict[str, list[str]]:
    """Build what changed in shard ``shard`` of the registry at ``root``; returns ``{"built", "skipped"}``."""
    from juniper_data.artifacts.atomic import clean_leftovers
    from juniper_data.pipeline.dvc_state import locked_outputs
    from juniper_data.pipeline.fingerprint import build_key
    from juniper_data.scale.engine import engine_from_env

    lay = Layout(root)
    params = load_yaml(lay.params_file) or {}
    keys = load_yaml(lay.shard(shard))
    if not isinstance(keys, dict):
        raise StageError(f"{lay.shard(shard)} is missing; run `juniper-data compose`")
    url = (params.get("registry") or {}).get("url")
    locked = locked_outputs(lay.dvc_lock.read_text() if lay.dvc_lock.is_file() else None)
    clean_leftovers(lay.data_dir)
    done: dict[str, list[str]] = {"built": [], "skipped": []}
    with engine_from_env() as runner:
        for name, key in keys.items():
            kind, entry = _entry(params, name)
            if build_key(entry, registry_url=url) != key:
                raise StageError(f"{lay.shard(shard)}: the build key of {name!r} is stale; run `juniper-data compose`")
            if up_to_date(lay, name, key, locked):
                done["skipped"].append(name)
                continue
            started = time.perf_counter()
            build = build_dataset if kind == "dataset" else build_family
            record = build(lay, name, entry, key, url, runner)
            _write_json(lay.catalog_entry(name), record)
            _write_json(lay.metrics(name), metrics(record, lay.data(name)))
            _write_json(lay.timings(name), timings(time.perf_counter() - started))
            done["built"].append(name)
            print(f"built {kind} {name}", file=log, flush=True)
    print(f"shard {shard}: {len(done['built'])} built, {len(done['skipped'])} unchanged", file=log, flush=True)
    return done


def _entry(params: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    for kind, group in (("dataset", "datasets"), ("family", "families")):
        entry = (params.get(group) or {}).get(name)
        if entry is not None:
            return kind, entry
    raise StageError(f"params.yaml has no dataset or family {name!r}; run `juniper-data compose`")


def up_to_date(lay: Layout, name: str, key: str, locked: dict[str, str]) -> bool:
    """Whether ``name`` was built with build key ``key`` and its files are exactly what ``dvc.lock`` records."""
    from juniper_data.pipeline.dvc_state import directory_md5, file_md5

    entry_file, folder = lay.catalog_entry(name), lay.data(name)
    recorded_dir, recorded_entry = locked.get(data_path(name)), locked.get(catalog_entry_path(name))
    if not (recorded_dir and recorded_entry and entry_file.is_file() and folder.is_dir()):
        return False
    if file_md5(entry_file) != recorded_entry or not lay.metrics(name).is_file():
        return False
    try:
        if json.loads(entry_file.read_text()).get("build") != key:
            return False
    except ValueError:
        return False
    return directory_md5(folder) == recorded_dir


def build_dataset(lay: Layout, name: str, entry: dict[str, Any], key: str, url: str | None, runner: Any) -> dict:
    """Build one named dataset into ``data/<name>``; returns its catalog entry."""
    from juniper_data.build import BuildSpec, build

    meta = build(BuildSpec.from_entry(name, entry, registry_url=url), lay.data(name), runner=runner)
    return {"kind": "dataset", "name": name, **_catalog_fields(entry), "build": key, "meta": meta}


def build_family(lay: Layout, name: str, entry: dict[str, Any], key: str, url: str | None, runner: Any) -> dict:
    """Build every variant of a family into ``data/<name>/<variant>``, plus its index; returns its catalog entry."""
    from juniper_data.artifacts.atomic import atomic_directory
    from juniper_data.artifacts.writer import written_by_us

    with atomic_directory(lay.data(name), replaceable=written_by_us) as tmp:
        unit = partial(build_variant, entry, name, str(tmp), url)
        metas = list(runner.imap(unit, list(entry["variants"].items())))
        index = family_index(name, entry, metas)
        (tmp / "index.json").write_text(json.dumps(index, indent=2) + "\n")
        write_index_parquet(tmp / "index.parquet", index)
    return {"kind": "family", "name": name, **_catalog_fields(entry), "sweep": entry["sweep"], "build": key,
            "variants": metas}  # fmt: skip


def build_variant(
    entry: dict[str, Any], family: str, folder: str, url: str | None, variant: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    """One variant of a family into ``folder/<variant>`` (a work unit of any engine)."""
    from juniper_data.build import BuildSpec, build

    label, overrides = variant
    spec = BuildSpec.from_entry(f"{family}/{label}", {**entry, "params": {**entry["params"], **overrides}},
                                registry_url=url)  # fmt: skip
    return {"variant": label, "overrides": overrides, "meta": build(spec, Path(folder) / label)}


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


def metrics(record: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The deterministic build metrics of a catalog entry and its folder: datasets, rows, bytes, class balance."""
    metas = [record["meta"]] if record["kind"] == "dataset" else [v["meta"] for v in record["variants"]]
    rows = {split: sum(int(m[f"n_{split}"]) for m in metas) for split in ("train", "test", "full")}
    balance = [min(m["class_distribution"]["full"].values()) / max(1, max(m["class_distribution"]["full"].values()))
               for m in metas]  # fmt: skip
    return {
        "datasets": len(metas),
        "rows": rows,
        "artifact_bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()),
        "min_class_balance": round(min(balance), 6),
    }


def timings(seconds: float) -> dict[str, Any]:
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"build_seconds": round(seconds, 4), "peak_rss_mib": round(peak_kib / 1024, 1)}


def _catalog_fields(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("generator", "version", "params", "tags", "expires", "description")
    return {k: entry[k] for k in keys}


def _write_json(path: Path, obj: dict[str, Any]) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, sort_keys=True) + "\n").encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python pipelines/build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("shard", help="the shard to build (one hex digit; see params/)")
    parser.add_argument("--root", type=Path, default=Path("."), help="registry checkout (default: .)")
    args = parser.parse_args(argv)
    from juniper_data.build import BuildError

    try:
        build_shard(args.root, args.shard)
    except (StageError, BuildError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 0
