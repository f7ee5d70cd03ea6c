"""DVC stage ``site``: the registry's static site (``site/``) from the files of this version.

Thin over :func:`juniper_data.site.build_site`. The stage leaves out releases: a
release tag is made after the commit it points to, so a site listing the tags could
not be reproduced from that commit, and ``dvc.lock`` must reproduce byte for byte on
a clean clone. ``juniper-data site --out DIR`` (with the git history at hand, e.g.
when publishing) writes the full site, releases included.

Usage: ``python pipelines/site.py [OUT]`` (default ``site``), from the repository root.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from juniper_data.catalog.view import CatalogError, open_view
    from juniper_data.site import build_site

    out = argv[0] if argv else "site"
    try:
        summary = build_site(open_view(), out, releases=False)
    except CatalogError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"site: {summary['datasets']} dataset pages, {summary['families']} family pages -> {out}/index.html "
          f"({summary['rendered']} files written, {summary['kept']} unchanged)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
