"""DVC stage ``site``: the registry's static site (``site/``) from the files of this version.

Thin over :func:`juniper_data.site.build_stage_site`: the site without releases (a
release tag is made after the commit it points to; ``juniper-data site --out DIR``,
with the git history at hand, e.g. when publishing, writes the full site).

Usage: ``python pipelines/site.py [OUT]`` (default ``site``), from the repository root.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from juniper_data.catalog.view import CatalogError
    from juniper_data.site import build_stage_site

    out = argv[0] if argv else "site"
    try:
        summary = build_stage_site(".", out)
    except CatalogError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"site: {summary['datasets']} dataset pages, {summary['families']} family pages -> {out}/index.html "
          f"({summary['rendered']} files written, {summary['kept']} unchanged)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
