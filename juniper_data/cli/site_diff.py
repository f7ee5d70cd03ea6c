"""``juniper-data site`` (the static browsable registry) and ``juniper-data diff A B``.

Only ``argparse`` at import time: the parsers are built for every ``--help``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

DIFF_EPILOG = """\
A side is NAME (the workspace, or --rev-a/--rev-b), NAME@vX.Y.Z (a release),
NAME@latest (the highest release) or NAME@REV (a tag, branch or commit).
examples:
  juniper-data diff xor_default@v1.0.0 xor_default@v1.1.0
  juniper-data diff xor_default --rev-a v1 --rev-b main
  juniper-data diff old_name@v1.0.0 new_name --json
"""


def add_parsers(
    commands: Any, common: argparse.ArgumentParser, read_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Register ``site`` and ``diff`` on the ``juniper-data`` subcommands."""
    p = commands.add_parser("site", parents=[common], help="write the static browsable site of the registry")
    read_options(p)
    p.add_argument(
        "--out",
        default="outputs/site",
        metavar="DIR",
        help="output folder (default: outputs/site; site/ is the DVC stage's)",
    )
    p.add_argument("--registry-url", metavar="URL", help="URL in the pull snippets (default: the checkout's origin)")
    p.add_argument(
        "--no-releases",
        action="store_true",
        help="leave out releases (git tags): only what the files at this version say",
    )
    p.add_argument("--no-row-diff", action="store_true", help="release pages compare metadata only (no data read)")

    p = commands.add_parser(
        "diff",
        parents=[common],
        help="what changed between two dataset versions",
        epilog=DIFF_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--repo", help="registry: checkout path, bare repository or git URL (default: cwd's checkout)")
    p.add_argument("a", metavar="A", help="NAME[@vX.Y.Z|@latest|@REV]")
    p.add_argument("b", metavar="B", nargs="?", help="the same forms (default: A's name)")
    p.add_argument("--rev-a", metavar="REV", help="git rev of A when A has no @")
    p.add_argument("--rev-b", metavar="REV", help="git rev of B when B has no @")
    p.add_argument("--no-rows", action="store_true", help="compare metadata only (read no arrays)")
    p.add_argument("--max-rows", type=int, metavar="N", help="skip the row comparison above N rows (default 5e6)")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when the arrays differ")


def cmd_site(args: argparse.Namespace) -> int:
    from pathlib import Path

    from juniper_data.catalog.view import open_view
    from juniper_data.cli.output import emit_json
    from juniper_data.site import build_site

    view = open_view(args.repo, args.rev)
    url = args.registry_url
    if url is None:
        from juniper_data.cli.read import registry_url

        url = registry_url(view)
    summary = build_site(
        view, Path(args.out), registry_url=url, releases=not args.no_releases, row_diff=not args.no_row_diff
    )
    if args.json:
        emit_json(summary)
    else:
        print(
            f"{summary['out']}/index.html: {summary['datasets']} datasets, {summary['families']} families, "
            f"{summary['releases']} releases, {summary['files']} files, {summary['bytes']} bytes"
        )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from juniper_data.catalog import diff
    from juniper_data.catalog.view import CatalogError, open_view
    from juniper_data.cli.output import emit_json

    if args.max_rows is not None and args.max_rows < 0:
        raise CatalogError(f"--max-rows = {args.max_rows}; allowed: an integer >= 0")
    base = open_view(args.repo, None)
    b_spec = args.b if args.b is not None else args.a.rpartition("@")[0] or args.a
    a = diff.resolve(args.a, base, args.rev_a)
    b = diff.resolve(b_spec, base, args.rev_b)
    report = diff.diff_versions(a, b, rows=not args.no_rows, max_rows=args.max_rows or diff.MAX_ROWS)
    if args.json:
        emit_json(report)
    else:
        print(format_report(report))
    return 1 if args.exit_code and not report["same_content"] else 0


def _show(value: Any) -> str:
    return "-" if value is None else str(value)


def _arrow(pair: dict[str, Any]) -> str:
    return f"{_show(pair['a'])} -> {_show(pair['b'])}" if pair["changed"] else f"{_show(pair['a'])} (same)"


def _params(params: dict[str, Any]) -> list[str]:
    out = [f"{k}: {v['a']!r} -> {v['b']!r}" for k, v in params["changed"].items()]
    out += [f"+{k}: {v!r}" for k, v in params["added"].items()]
    out += [f"-{k}: {v!r}" for k, v in params["removed"].items()]
    return out or ["(same)"]


def format_report(report: dict[str, Any], indent: str = "") -> str:
    """The text ``juniper-data diff`` prints for a :func:`~juniper_data.catalog.diff.diff_versions` report."""
    lines = []
    if "a" in report:
        lines.append(f"A: {report['a']['spec']}  ({report['a']['how']})")
        lines.append(f"B: {report['b']['spec']}  ({report['b']['how']})")
    lines.append(f"name               {_arrow(report['name'])}")
    lines.append(f"generator          {_arrow(report['generator'])}, version {_arrow(report['generator_version'])}")
    if report["kind"] == "family":
        lines.append("parameters         " + "; ".join(_params(report["params"])))
        lines.append(f"sweep              {_arrow(report['sweep'])}")
        variants = report["variants"]
        lines.append(
            f"variants           {len(variants['compared'])} in both, "
            f"+{len(variants['added'])} added, -{len(variants['removed'])} removed"
        )
        lines += [f"  + {v}" for v in variants["added"]] + [f"  - {v}" for v in variants["removed"]]
        same = [key for key, sub in variants["compared"].items() if sub["same_content"]]
        if same:
            lines.append(f"same arrays        {', '.join(same)}")
        for key, sub in variants["compared"].items():
            if not sub["same_content"]:
                lines.append(f"\n== variant {key}: changed")
                lines.append(format_report({**sub, "kind": "dataset"}, indent="   "))
        return "\n".join(indent + line for line in lines)
    lines.append(f"contract version   {_arrow(report['contract_version'])}")
    lines.append(f"dataset id         {_arrow(report['dataset_id'])}")
    lines.append("parameters         " + "; ".join(_params(report["params"])))
    lines += [f"{k:<19}{_arrow(v)}" for k, v in report["recipe_other"].items()]
    arrays = report["arrays"]
    changed = [k for k, v in arrays.items() if v["status"] != "same"]
    lines.append(f"arrays             {len(arrays) - len(changed)} same, {len(changed)} differ")
    for key in changed:
        v = arrays[key]
        lines.append(
            f"  {key:<16} {v['status']:<8} shape {v['shape_a']} -> {v['shape_b']}  "
            f"{(v['hash_a'] or '-')[:19]} -> {(v['hash_b'] or '-')[:19]}"
        )
    lines.append("splits             " + ", ".join(f"{s} {_arrow(p)}" for s, p in report["splits"].items()))
    for split, classes in report["class_distribution"].items():
        moved = [f"{c} {_arrow(p)}" for c, p in classes.items() if p["changed"]]
        lines.append(f"classes {split:<11}" + ("; ".join(moved) if moved else "(same)"))
    rows = report["rows"]
    if rows["compared"]:
        source = "from the array hashes" if rows.get("from") == "hashes" else "read from both versions"
        lines.append(f"rows (by content, any order; changed = same features, other label; {source}):")
        for split, n in rows["splits"].items():
            lines.append(
                f"  {split:<8} {n['identical']} identical, {n['changed']} changed, "
                f"{n['added']} added, {n['removed']} removed"
            )
    else:
        lines.append(f"rows               not compared: {rows['reason']}")
    return "\n".join(indent + line for line in lines)
