"""Read-only commands: list, show, stats, preview, verify (a checkout, or ``--repo``/``--rev``)."""

from __future__ import annotations

import argparse
from typing import Any

from juniper_data.catalog.view import RegistryView, open_view, today
from juniper_data.cli.output import emit_json, table
from juniper_data.split_names import THREE_WAY, partitions


def cmd_list(args: argparse.Namespace) -> int:
    from juniper_data.catalog.query import Filters, parse_date, select

    filters = Filters(
        generators=args.generator,
        tags=args.tag,
        all_tags=args.all_tags,
        created_after=parse_date("--created-after", args.created_after) if args.created_after else None,
        created_before=parse_date("--created-before", args.created_before) if args.created_before else None,
        min_samples=args.min_samples,
        max_samples=args.max_samples,
        include_expired=args.include_expired,
        limit=args.limit,
        offset=args.offset,
    )
    view = open_view(args.repo, args.rev)
    total, rows = select(view.rows(), filters, today())
    if args.json:
        emit_json({"registry": view.label, "total": total, "offset": filters.offset, "limit": filters.limit,
                   "datasets": rows})  # fmt: skip
        return 0
    body = [
        [r["name"], r["generator"], r["n_train"], r.get("n_val") or "", r["n_test"], r["n_features"], r["n_classes"],
         ",".join(r["tags"]), (r["created"] or "uncommitted")[:10], r["expires"] or ""]
        for r in rows
    ]  # fmt: skip
    head = ["name", "generator", *partitions(THREE_WAY), "features", "classes", "tags", "created", "expires"]
    print(table(head, body))
    shown = f"{filters.offset + 1}-{filters.offset + len(rows)}" if rows else "none"
    print(f"\n{view.label}: showing {shown} of {total} matching datasets")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from juniper_data.catalog.query import stats

    view = open_view(args.repo, args.rev)
    result = stats(view.rows(), today())
    if args.json:
        emit_json({"registry": view.label, **result})
        return 0
    print(f"{view.label}")
    print(
        f"{result['datasets']} datasets ({result['named_datasets']} named, {result['family_variants']} variants "
        f"of {result['families']} families), {result['samples']} samples, {result['expired']} expired"
    )
    splits = result["splits"]
    print(f"rows: {splits['train']} train, {splits['val']} validation ({result['with_validation']} datasets "
          f"with a validation split), {splits['test']} test\n")  # fmt: skip
    gens = [[g, v["datasets"], v["samples"]] for g, v in result["by_generator"].items()]
    print(table(["generator", "datasets", "samples"], gens) + "\n")
    print(table(["tag", "datasets"], list(result["by_tag"].items())))
    return 0


def registry_url(view: RegistryView) -> str:
    """The URL consumers should use: the repo as given, a checkout's origin, or a placeholder."""
    from juniper_data.adapters.git import origin_url
    from juniper_data.artifacts.card import URL_PLACEHOLDER

    if view.registry.kind != "checkout":
        return view.registry.location
    return origin_url(view.registry.git_dir) or URL_PLACEHOLDER


def details(view: RegistryView, name: str) -> dict[str, Any]:
    """Everything ``show`` prints about one dataset, with pull commands pinned to the version shown."""
    from juniper_data.adapters import git
    from juniper_data.artifacts.card import pull_commands

    row = view.row(name)
    entry = next(e for e in view.entries() if e["name"] == (row["family"] or row["name"]))
    meta = entry["meta"] if entry["kind"] == "dataset" else next(
        v["meta"] for v in entry["variants"] if v["meta"]["name"] == name
    )  # fmt: skip
    # The version shown is the one the pull commands pin: a release tag only when it names this very
    # commit (load(), dvc get and dvc import all read exactly at the rev they are given).
    base = view.commit or git.resolve_commit(view.registry, "HEAD")
    releases = git.releases(view.registry, row["release_name"])
    here = [r for r in releases if r.commit == base]
    rev = here[-1].tag if here else base
    from juniper_data.artifacts.writer import artifact_files

    npz = (meta.get("artifacts") or artifact_files(name.rsplit("/", 1)[-1], ["npz"]))["npz"]
    return {
        "name": name,
        "family": row["family"],
        "description": row["description"],
        "registry": view.label,
        "recipe_file": row["recipe_file"],
        "recipe": meta["recipe"],
        "dataset_id": row["dataset_id"],
        "tags": row["tags"],
        "expires": row["expires"],
        "created": row["created"],
        "sizes": {k: row[k] for k in ("n_train", "n_val", "n_test", "n_full", "n_features", "n_classes")},
        "class_distribution": row["class_distribution"],
        "hashes": row["hashes"],
        "path": row["path"],
        "releases": [{"tag": r.tag, "commit": r.commit} for r in releases],
        "pull": {"rev": rev, **pull_commands(name, npz, registry_url(view), rev)},
    }


def cmd_show(args: argparse.Namespace) -> int:
    info = details(open_view(args.repo, args.rev), args.name)
    if args.json:
        emit_json(info)
        return 0
    recipe = info["recipe"]
    print(f"{info['name']}" + (f"  (variant of family {info['family']})" if info["family"] else ""))
    if info["description"]:
        print(info["description"])
    print(f"\ngenerator {recipe['generator']} v{recipe['version']}, dataset id {info['dataset_id']}")
    print(f"recipe {info['recipe_file']}, data {info['path']}, registry {info['registry']}")
    print(f"tags: {', '.join(info['tags']) or '-'}   created: {info['created'] or 'uncommitted'}   "
          f"expires: {info['expires'] or 'never'}\n")  # fmt: skip
    print(table(["parameter", "value"], list(recipe["params"].items())) + "\n")
    s = info["sizes"]
    val = f"{s['n_val']} validation / " if "val" in info["class_distribution"] else ""
    print(f"{s['n_train']} train / {val}{s['n_test']} test of {s['n_full']} rows, {s['n_features']} features, "
          f"{s['n_classes']} classes\n")  # fmt: skip
    dist = info["class_distribution"]
    splits = [split for split in THREE_WAY if split in dist]
    print(table(["class", *splits], [[c, *(dist[split][c] for split in splits)] for c in dist["full"]]) + "\n")
    print(table(["array", "sha256"], list(info["hashes"].items())) + "\n")
    print("releases: " + (", ".join(r["tag"] for r in info["releases"]) or "none"))
    pull = info["pull"]
    print(f"\npull (at {pull['rev']}):\n  {pull['dvc_import']}\n  {pull['dvc_get']}\n"
          f"  python: from juniper_data import load; {pull['load']}")  # fmt: skip
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from juniper_data.catalog.view import CatalogError
    from juniper_data.columns import feature_names

    if args.n < 1:
        raise CatalogError(f"-n = {args.n}; allowed: an integer >= 1")
    view = open_view(args.repo, args.rev)
    dataset = view.dataset(args.name)
    try:
        split = dataset.split_key(args.split)
    except ValueError as error:
        raise CatalogError(f"--split {args.split}: {error}") from None
    X, labels = dataset[f"X_{split}"][: args.n], dataset.labels(split)[: args.n]
    names = feature_names(X.shape[1])
    rows = [[*(float(v) for v in x), dataset.class_names[int(label)]] for x, label in zip(X, labels, strict=True)]
    if args.plot:
        from pathlib import Path

        from juniper_data.artifacts.atomic import atomic_write_bytes
        from juniper_data.artifacts.preview import render_preview

        atomic_write_bytes(Path(args.plot), render_preview(dataset))
    if args.json:
        emit_json({"name": args.name, "split": args.split, "columns": [*names, "label"], "rows": rows,
                   "plot": args.plot})  # fmt: skip
        return 0
    print(table([*names, "label"], [[f"{v:.6g}" for v in r[:-1]] + [r[-1]] for r in rows]))
    total = dataset[f"X_{split}"].shape[0]
    print(
        f"\nfirst {len(rows)} of {total} {args.split} rows of {args.name}"
        + (f"; plot: {args.plot}" if args.plot else "")
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from juniper_data.catalog.verify import verify

    results = verify(open_view(args.repo, args.rev), args.names, regenerate=args.regenerate)
    failed = [r for r in results if not r.ok]
    if args.json:
        emit_json({"ok": not failed, "results": [r.as_dict() for r in results]})
    else:
        for result in results:
            if result.ok:
                print(f"ok    {result.name}: {'; '.join(result.checks)}")
            else:
                print(f"FAIL  {result.name}: " + "\n      ".join(result.problems))
        print(f"\n{len(results) - len(failed)} verified, {len(failed)} failed")
    return 1 if failed else 0
