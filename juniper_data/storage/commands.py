"""The ``remote`` subcommands: ``setup``, ``push``, ``pull``, ``status``, ``share-cache``.

Wired into ``juniper-data`` with :func:`add_remote_parser` + :func:`run`, and runnable alone
as ``python -m juniper_data.storage remote ...``::

    juniper-data remote setup --storage s3 [--default] [--local] storage.url=s3://B/P storage.endpointurl=URL
    juniper-data remote push  --storage s3 [-j N] [TARGET ...]
    juniper-data remote pull  --storage s3 [-j N] [TARGET ...]
    juniper-data remote status --storage s3
    juniper-data remote share-cache DIR [--no-group] [--link-types reflink,hardlink,symlink,copy]

Errors print one ``error: ...`` line and exit 2 (bad storage choice) or 1 (remote failure).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def add_remote_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``remote`` and its subcommands to an ``argparse`` subparsers object; returns its parser."""
    remote = subparsers.add_parser("remote", help="configure DVC remotes from conf/storage, push, pull")
    actions = remote.add_subparsers(dest="remote_action", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--storage", default="local", help="conf/storage choice (default: local)")
        parser.add_argument("--repo", default=".", help="the DVC repository (default: .)")

    setup = actions.add_parser("setup", help="add/update the storage choice's DVC remote")
    common(setup)
    setup.add_argument("--default", action="store_true", help="also make it the default remote")
    setup.add_argument("--local", action="store_true", help="write .dvc/config.local (this machine only)")
    setup.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. storage.url=s3://bucket/prefix")
    for name in ("push", "pull"):
        parser = actions.add_parser(name, help=f"dvc {name} to/from the storage choice's remote")
        common(parser)
        parser.add_argument("-j", "--jobs", type=int, default=None)
        parser.add_argument("targets", nargs="*", help="tracked paths, .dvc files or stages (default: all)")
    status = actions.add_parser("status", help="what the remote lacks or has extra (dvc status --cloud)")
    common(status)
    share = actions.add_parser("share-cache", help="use one DVC cache folder for several clones")
    share.add_argument("cache_dir")
    share.add_argument("--repo", default=".")
    share.add_argument("--no-group", action="store_true", help="do not set cache.shared = group")
    share.add_argument("--link-types", default="reflink,hardlink,symlink,copy")
    return remote


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``remote`` subcommand; prints the result or one ``error:`` line; returns the exit code."""
    from juniper_data.storage.remotes import StorageError
    from juniper_data.storage.sync import RemoteError

    try:
        print(_dispatch(args))
    except StorageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except RemoteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _dispatch(args: argparse.Namespace) -> str:
    from juniper_data.storage import cache, remotes, sync

    action = args.remote_action
    if action == "share-cache":
        types = [t for t in args.link_types.split(",") if t]
        folder = cache.share_cache(args.repo, args.cache_dir, group=not args.no_group, link_types=types)
        return f"DVC cache of {args.repo}: {folder} (cache.type {','.join(types)})"
    overrides = getattr(args, "overrides", [])
    spec = remotes.remote_spec(remotes.load_storage(args.storage, overrides))
    if action == "setup":
        remotes.configure_remote(args.repo, spec, default=args.default, local=args.local)
        where = ".dvc/config.local" if args.local else ".dvc/config"
        return f"DVC remote {spec.name!r} -> {spec.location} ({where}{', default' if args.default else ''})"
    if action == "push":
        return sync.push(args.repo, spec, args.targets, jobs=args.jobs) or "everything up to date"
    if action == "pull":
        return sync.pull(args.repo, spec, args.targets, jobs=args.jobs) or "everything up to date"
    status = sync.cloud_status(args.repo, spec)
    if not status:
        return f"cache and remote {spec.name!r} are in sync"
    return "\n".join(f"{state}: {path}" for path, state in sorted(status.items()))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m juniper_data.storage remote ...``."""
    parser = argparse.ArgumentParser(prog="python -m juniper_data.storage")
    add_remote_parser(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))
