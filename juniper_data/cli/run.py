"""Dispatch a parsed command line and turn our errors into messages and exit codes."""

from __future__ import annotations

import argparse
import json
import sys

BAD_INPUT, FAILED = 2, 1


def dispatch(args: argparse.Namespace) -> int:
    """Run ``args.command``; errors become ``error: ...`` on stderr (and JSON with ``--json``)."""
    if args.command == "remote":
        from juniper_data.storage.commands import run

        return run(args)
    from juniper_data.adapters.dvc import DataUnavailableError
    from juniper_data.adapters.git import GitError
    from juniper_data.artifacts.reader import ArtifactError
    from juniper_data.catalog.view import CatalogError
    from juniper_data.cli import read, site_diff, write
    from juniper_data.consumer.load import LoadError

    module = next(m for m in (read, site_diff, write) if hasattr(m, "cmd_" + args.command))
    handler = getattr(module, "cmd_" + args.command)
    try:
        return int(handler(args))
    except CatalogError as error:
        return _fail(args, error, BAD_INPUT)
    except (LoadError, ArtifactError, DataUnavailableError, GitError) as error:
        return _fail(args, error, FAILED)


def _fail(args: argparse.Namespace, error: Exception, status: int) -> int:
    sys.stderr.write(f"error: {error}\n")
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": str(error)}))
    return status
