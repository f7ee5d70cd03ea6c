"""``juniper-data``: the catalog commands over a registry.

Only ``argparse`` is imported here, so ``juniper-data --help`` stays fast; each
command imports what it needs when it runs. Read-only commands take
``--repo`` (a checkout, a bare repository or a git URL) and ``--rev``; the
others edit the checkout around the current directory. Every command takes
``--json``. Exit status: 0 done, 1 a check failed (``verify``) or an operation
failed, 2 bad input (nothing was changed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from juniper_data.split_names import HF_NAMES, THREE_WAY, VAL

EPILOG = """\
examples:
  juniper-data list --generator spiral --tag golden --min-samples 100
  juniper-data show xor_default
  juniper-data preview spiral_default -n 5 --plot spiral.png
  juniper-data list --repo https://host/lab/registry.git --rev v1.2.0 --json
  juniper-data add my_xor generator=xor noise=0.1 seed=3 --tag demo --expires 2030-01-01
  juniper-data rebuild                  (after editing conf/datasets/my_xor.yaml)
  juniper-data release my_xor v1.0.0
  juniper-data verify --regenerate
  juniper-data site --out public && python -m http.server -d public
  juniper-data diff my_xor@v1.0.0 my_xor@v1.1.0
"""


def _read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", help="registry: checkout path, bare repository or git URL (default: cwd's checkout)")
    parser.add_argument("--rev", help="git tag, branch or commit (default: the checkout's workspace, else HEAD)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (no heavy imports)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser = argparse.ArgumentParser(
        prog="juniper-data",
        description="Catalog of a juniper-data registry: list, inspect, edit, release and verify datasets.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("list", parents=[common], help="datasets, filtered and paged")
    _read_options(p)
    p.add_argument("--generator", action="append", default=[], help="keep this generator (repeatable: any)")
    p.add_argument("--tag", action="append", default=[], help="keep datasets with this tag (repeatable: any)")
    p.add_argument("--all-tags", action="store_true", help="require every --tag instead of any")
    p.add_argument("--created-after", metavar="DATE", help="created on or after DATE (YYYY-MM-DD)")
    p.add_argument("--created-before", metavar="DATE", help="created on or before DATE (YYYY-MM-DD)")
    p.add_argument("--min-samples", type=int, metavar="N", help="at least N samples (rows generated)")
    p.add_argument("--max-samples", type=int, metavar="N", help="at most N samples")
    p.add_argument("--include-expired", action="store_true", help="also list datasets past their expiry date")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N")

    p = commands.add_parser("show", parents=[common], help="one dataset: recipe, sizes, hashes, classes, pull")
    _read_options(p)
    p.add_argument("name")

    p = commands.add_parser("stats", parents=[common], help="totals by generator and tag, samples, expired")
    _read_options(p)

    p = commands.add_parser("preview", parents=[common], help="first rows of a split; --plot saves a PNG")
    _read_options(p)
    p.add_argument("name")
    p.add_argument("-n", type=int, default=10, metavar="N", help="rows to show (default 10)")
    p.add_argument("--split", choices=[*THREE_WAY, HF_NAMES[VAL]], default="train",
                   help="split to show (val / validation: datasets with a validation split)")
    p.add_argument("--plot", metavar="PNG", help="also save the preview plot to this file")

    p = commands.add_parser("verify", parents=[common], help="rehash artifacts against meta.json and dvc.lock")
    _read_options(p)
    p.add_argument("names", nargs="*", metavar="NAME", help="datasets or families (default: all)")
    p.add_argument("--regenerate", action="store_true", help="also rebuild each recipe and compare the arrays")

    p = commands.add_parser("add", parents=[common], help="add a recipe to conf/datasets and recompose")
    p.add_argument("name")
    p.add_argument("assignments", nargs="+", metavar="KEY=VALUE", help="generator=NAME, then parameters")
    p.add_argument("--tag", action="append", default=[], help="tag (repeatable)")
    p.add_argument("--expires", metavar="DATE", help="expiry date YYYY-MM-DD (for prune --expired)")
    p.add_argument("--description", default="", help="one line for the catalog")

    p = commands.add_parser("tag", parents=[common], help="add or remove tags of a recipe")
    p.add_argument("name")
    p.add_argument("--add", action="append", default=[], metavar="TAG")
    p.add_argument("--remove", action="append", default=[], metavar="TAG")

    p = commands.add_parser("remove", parents=[common], help="remove recipes and their data from the head")
    p.add_argument("names", nargs="+", metavar="NAME")

    p = commands.add_parser("release", parents=[common], help="tag HEAD as release NAME@vX.Y.Z")
    p.add_argument("name")
    p.add_argument("version", metavar="vX.Y.Z")
    p.add_argument("-m", "--message", help="tag message")
    p.add_argument("--skip-push-check", action="store_true", help="do not check the DVC remote holds the data")

    p = commands.add_parser("prune", parents=[common], help="remove expired recipes and their data from the head")
    p.add_argument("--expired", action="store_true", required=True, help="prune datasets past their expiry date")
    p.add_argument("--dry-run", action="store_true", help="only list what would be removed")

    commands.add_parser("compose", parents=[common], help="recompose params.yaml and dvc.yaml after editing conf/")
    commands.add_parser("rebuild", parents=[common],
                        help="after editing recipes: what `dvc repro` does, in one process, recorded by `dvc commit`")

    from juniper_data.storage.commands import add_remote_parser  # argparse only: still light

    add_remote_parser(commands)
    from juniper_data.cli.site_diff import add_parsers  # argparse only: still light

    add_parsers(commands, common, _read_options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    from juniper_data.cli.run import dispatch

    try:
        return dispatch(args)
    except BrokenPipeError:  # `juniper-data list | head`: the reader left; stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
