"""A build stage: ``python pipelines/build.py <shard>`` builds the datasets and families of one shard.

For each dataset and family of shard k (those ``params/shards/<k>.yaml`` lists
with their build keys; each resolved in ``params/<group>/<name>.yaml``) the
stage either skips it -- its folder is exactly what
``dvc.lock`` records, and its catalog entry records this build key and that
folder's metadata -- or builds it through the one build path
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
from juniper_data.layout import Layout, data_path
from juniper_data.pipeline.fingerprint import build_key


class StageError(RuntimeError):
    """The stage cannot run: ``params.yaml`` or the shard file is stale or missing."""


def load_yaml(path: Path) -> Any:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(), Loader=loader) if path.is_file() else None


def shard_keys(lay: Layout, shard: str) -> dict[str, dict[str, str]]:
    """``{group: {name: build key}}`` of ``shard`` as compose wrote it (``params/shards/<k>.yaml``)."""
    from juniper_data.layout import RECIPE_GROUPS, shard_keys_path

    path = lay.path(shard_keys_path(shard))
    keys = load_yaml(path)
    if not isinstance(keys, dict) or not set(keys) <= set(RECIPE_GROUPS):
        raise StageError(f"{path} is missing or not a shard's build keys; run `juniper-data compose`")
    return {group: dict(keys.get(group) or {}) for group in RECIPE_GROUPS}


def shard_entries(lay: Layout, shard: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(kind, name, build key, resolved entry)`` of every dataset and family of ``shard``, by name.

    The members and keys come from ``params/shards/<k>.yaml``, each entry from its
    ``params/<group>/<name>.yaml``; a key that differs between the two, or from the key of
    the entry as this code computes it, means compose has not run since: the stage refuses.
    """
    settings = registry_settings(lay)
    found = []
    for group, keys in shard_keys(lay, shard).items():
        for name, key in keys.items():
            path = lay.resolved(name, group)
            entry = load_yaml(path)
            if not isinstance(entry, dict) or "build" not in entry:
                raise StageError(f"{path} is not a resolved recipe; run `juniper-data compose`")
            recorded = entry.pop("build")
            if recorded != key or build_key(entry, registry_url=settings["url"], license=settings["license"]) != key:
                raise StageError(f"the build key of {name!r} in params/ is stale; run `juniper-data compose`")
            found.append(("dataset" if group == "datasets" else "family", name, key, entry))
    return sorted(found, key=lambda item: item[1])


def build_shard(root: Path, shard: str, *, log: Any = sys.stdout) -> dict[str, list[str]]:
    """Build what changed in shard ``shard`` of the registry at ``root``; returns ``{"built", "skipped"}``.

    Ends by writing the stage's receipt, ``pipelines/shards/<k>/built.yaml``: the keys its
    datasets' folders now hold (the catalog stage depends on it).
    """
    from juniper_data.adapters.dvc import lock_outputs
    from juniper_data.artifacts.atomic import clean_leftovers
    from juniper_data.layout import DVC_LOCK, shard_dir, shard_receipt_path
    from juniper_data.pipeline.dvcyaml import receipt
    from juniper_data.scale.engine import engine_from_env

    lay = Layout(root)
    settings = registry_settings(lay)
    entries = shard_entries(lay, shard)
    locked = lock_outputs(lay.path(f"{shard_dir(shard)}/{DVC_LOCK}"), lay.root)  # this stage's own record
    clean_leftovers(lay.data_dir)
    done: dict[str, list[str]] = {"built": [], "skipped": []}
    with engine_from_env() as runner:
        for kind, name, key, resolved in entries:
            if up_to_date(lay, name, kind, resolved, key, locked):
                done["skipped"].append(name)
                continue
            started = time.perf_counter()
            build = build_dataset if kind == "dataset" else build_family
            record = build(lay, name, resolved, key, settings, runner)
            _write_json(lay.catalog_entry(name), record)
            _write_json(lay.metrics(name), metrics(record, lay.data(name)))
            _write_json(lay.timings(name), timings(time.perf_counter() - started))
            done["built"].append(name)
            print(f"built {kind} {name}", file=log, flush=True)
    atomic_write_bytes(lay.path(shard_receipt_path(shard)), receipt(shard, shard_keys(lay, shard)).encode())
    print(f"shard {shard}: {len(done['built'])} built, {len(done['skipped'])} unchanged", file=log, flush=True)
    return done


def up_to_date(lay: Layout, name: str, kind: str, entry: dict[str, Any], key: str, locked: dict[str, str]) -> bool:
    """Whether ``name`` is built from build key ``key``: its folder is exactly what ``dvc.lock`` records,
    and its catalog entry and metrics are exactly what this build writes for that folder."""
    from juniper_data.adapters.dvc import directory_md5
    from juniper_data.artifacts.meta import META_FILE

    folder, recorded = lay.data(name), locked.get(data_path(name))
    if not (recorded and folder.is_dir() and lay.catalog_entry(name).is_file() and lay.metrics(name).is_file()):
        return False
    if directory_md5(folder) != recorded:
        return False
    try:
        written = json.loads(lay.catalog_entry(name).read_text())
        if kind == "dataset":
            metas: Any = json.loads((folder / META_FILE).read_text())
            expected = _dataset_record(name, entry, key, metas)
        else:
            variants = [{"variant": label, "overrides": overrides,
                         "meta": json.loads((folder / label / META_FILE).read_text())}
                        for label, overrides in entry["variants"].items()]  # fmt: skip
            expected = _family_record(name, entry, key, variants)
        return bool(written == expected and json.loads(lay.metrics(name).read_text()) == metrics(expected, folder))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _dataset_record(name: str, entry: dict[str, Any], key: str, meta: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "dataset", "name": name, **_catalog_fields(entry), "build": key, "meta": meta}


def _family_record(name: str, entry: dict[str, Any], key: str, variants: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "family", "name": name, **_catalog_fields(entry), "sweep": entry["sweep"], "build": key,
            "variants": variants}  # fmt: skip


def registry_settings(lay: Layout) -> dict[str, Any]:
    """The registry's settings as compose recorded them in ``params.yaml``: ``{"url", "license"}``."""
    from juniper_data.artifacts.hf import check_license

    recorded = (load_yaml(lay.params_file) or {}).get("registry") or {}
    return {"url": recorded.get("url"), "license": check_license(recorded.get("license"), str(lay.params_file))}


def build_dataset(lay: Layout, name: str, entry: dict[str, Any], key: str, settings: dict[str, Any],
                  runner: Any) -> dict:  # fmt: skip
    """Build one named dataset into ``data/<name>``; returns its catalog entry."""
    from juniper_data.build import BuildSpec, build

    spec = BuildSpec.from_entry(name, entry, registry_url=settings["url"], license=settings["license"])
    meta = build(spec, lay.data(name), runner=runner)
    return _dataset_record(name, entry, key, meta)


def build_family(lay: Layout, name: str, entry: dict[str, Any], key: str, settings: dict[str, Any],
                 runner: Any) -> dict:  # fmt: skip
    """Build every variant of a family into ``data/<name>/<variant>``, plus its index and card; returns its
    catalog entry.

    The family's card (``README.md``) has one Hugging Face config per variant and no
    default: ``datasets.load_dataset("data/<name>", "<variant>")`` reads that variant alone.
    """
    from juniper_data.artifacts.atomic import atomic_directory
    from juniper_data.artifacts.family_card import write_family_card
    from juniper_data.artifacts.writer import written_by_us

    with atomic_directory(lay.data(name), replaceable=written_by_us) as tmp:
        unit = partial(build_variant, entry, name, str(tmp.absolute()), settings)  # workers may run elsewhere
        metas = list(runner.imap(unit, list(entry["variants"].items())))
        index = family_index(name, entry, metas)
        (tmp / "index.json").write_text(json.dumps(index, indent=2) + "\n")
        write_index_parquet(tmp / "index.parquet", index)
        write_family_card(tmp, name, entry, metas, registry_url=settings["url"], license=settings["license"])
    return _family_record(name, entry, key, metas)


def build_variant(
    entry: dict[str, Any], family: str, folder: str, settings: dict[str, Any], variant: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    """One variant of a family into ``folder/<variant>`` (a work unit of any engine)."""
    from juniper_data.build import BuildSpec, build

    label, overrides = variant
    spec = BuildSpec.from_entry(f"{family}/{label}", {**entry, "params": {**entry["params"], **overrides}},
                                registry_url=settings["url"], license=settings["license"])  # fmt: skip
    return {"variant": label, "overrides": overrides, "meta": build(spec, Path(folder) / label)}


def family_index(name: str, entry: dict[str, Any], metas: list[dict[str, Any]]) -> dict[str, Any]:
    """The queryable index of a family: one row per variant with its swept values and sizes.

    ``n_val`` is in every row when some variant has a validation split (0 for those without),
    and in none otherwise (an index of two-way variants is as before contract 1.3).
    """
    validation = any("n_val" in m["meta"] for m in metas)
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
                **({"n_val": m["meta"].get("n_val", 0)} if validation else {}),
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
    for key in ("n_train", "n_val", "n_test", "n_features", "n_classes"):
        if key != "n_val" or (rows and key in rows[0]):  # n_val: families with a validation split
            columns[key] = [r[key] for r in rows]
    pq.write_table(pa.table(columns), path)


def metrics(record: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The deterministic build metrics of a catalog entry and its folder: datasets, rows, bytes, class balance."""
    metas = [record["meta"]] if record["kind"] == "dataset" else [v["meta"] for v in record["variants"]]
    from juniper_data.split_names import THREE_WAY, TWO_WAY, VAL, splits_of

    splits = THREE_WAY if any(VAL in splits_of(m) for m in metas) else TWO_WAY  # two-way metrics stay as before 1.3
    rows = {split: sum(int(m.get(f"n_{split}", 0)) for m in metas) for split in splits}
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
    from juniper_data.artifacts.atomic import ForeignFolderError
    from juniper_data.build import BuildError

    try:
        build_shard(args.root, args.shard)
    except (StageError, BuildError, ForeignFolderError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 0
