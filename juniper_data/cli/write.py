"""Commands that edit the checkout around the current directory: add, tag, remove, release, prune, compose, rebuild."""

from __future__ import annotations

import argparse
from pathlib import Path

from juniper_data.cli.output import emit_json

GC_HINT = (
    "Their files stay in the DVC cache and remote until garbage-collected. `dvc gc -w --all-tags -c` "
    "deletes what neither the workspace nor any tag uses, from the cache and (-c) the remote; every "
    "tagged release, e.g. NAME@vX.Y.Z, stays reachable: load('NAME@vX.Y.Z') and dvc import --rev still work. "
    "Add --all-commits to keep every commit's data too."
)
NEXT_STEPS = "next: `dvc repro`, then `git add -A && git commit`, then `dvc push`"


def checkout() -> Path:
    from juniper_data.adapters.git import find_checkout
    from juniper_data.catalog.view import CatalogError

    try:
        return find_checkout()
    except FileNotFoundError as error:
        raise CatalogError(str(error)) from None


def cmd_add(args: argparse.Namespace) -> int:
    from juniper_data.catalog.edit import add

    path = add(checkout(), args.name, args.assignments, tags=args.tag, expires=args.expires,
               description=args.description)  # fmt: skip
    if args.json:
        emit_json({"ok": True, "added": args.name, "recipe": str(path)})
    else:
        print(f"added {args.name}: {path}; params.yaml and dvc.yaml recomposed\n{NEXT_STEPS}")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from juniper_data.catalog.edit import set_tags

    tags = set_tags(checkout(), args.name, add=args.add, remove=args.remove)
    if args.json:
        emit_json({"ok": True, "name": args.name, "tags": tags})
    else:
        print(f"{args.name}: tags {', '.join(tags) or '(none)'}\n{NEXT_STEPS}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from juniper_data.catalog.edit import remove

    remove(checkout(), args.names)
    if args.json:
        emit_json({"ok": True, "removed": args.names, "gc": GC_HINT})
    else:
        print(f"removed {', '.join(args.names)} (recipe, data, catalog entry) from the head\n{GC_HINT}\n{NEXT_STEPS}")
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from juniper_data.catalog.edit import prune
    from juniper_data.catalog.view import today

    names = prune(checkout(), today(), dry_run=args.dry_run)
    if args.json:
        emit_json({"ok": True, "expired": names, "removed": [] if args.dry_run else names, "gc": GC_HINT})
    elif not names:
        print("nothing has expired")
    else:
        verb = "would remove" if args.dry_run else "removed"
        # gc frees nothing until the catalog is rebuilt and the removal committed and pushed.
        steps = "" if args.dry_run else f"\n{NEXT_STEPS}; then:"
        print(f"{verb} {len(names)} expired: {', '.join(names)}{steps}\n{GC_HINT}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from juniper_data.catalog.release import release

    tag = release(checkout(), args.name, args.version, check_pushed=not args.skip_push_check, message=args.message)
    if args.json:
        emit_json({"ok": True, "tag": tag})
    else:
        print(f"tagged {tag}; publish it with `git push origin {tag}` (and `dvc push` if you have not)")
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    import io
    import sys

    from juniper_data.catalog.view import CatalogError
    from juniper_data.pipeline.rebuild import RebuildError, rebuild

    log = io.StringIO() if args.json else sys.stdout
    try:
        done = rebuild(checkout(), log=log)
    except RebuildError as error:
        raise CatalogError(str(error)) from None
    if args.json:
        emit_json({"ok": True, "shards": done.shards, "built": done.built, "repro": done.repro})
    elif not done.repro:
        print(f"rebuilt {len(done.built)} datasets in {len(done.shards)} build stages; dvc.lock updated "
              "(`dvc status`: up to date)\nnext: `git add -A && git commit`, then `dvc push`")  # fmt: skip
    return 0


def cmd_compose(args: argparse.Namespace) -> int:
    from juniper_data.catalog.edit import compose

    params = compose(checkout())
    counts = {k: len(params.get(k) or {}) for k in ("datasets", "families")}
    if args.json:
        emit_json({"ok": True, **counts})
    else:
        print(f"params.yaml and dvc.yaml recomposed: {counts['datasets']} datasets, {counts['families']} families")
    return 0
