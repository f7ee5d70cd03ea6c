"""The browsable registry: a static site (plain HTML, CSS and a little JavaScript) of a registry.

``juniper-data site --out DIR`` writes it; it opens from disk (``file://``) and from any
static host, since every link is relative and the index's data is a script
(``catalog.js``) rather than a fetched file. Layout of the output:

=============================  =====================================================
``index.html``                 search, filters, sort over every dataset and family
``all.html``                   the same list as plain links (no script needed)
``catalog.js``/``catalog.json``  the index's data (one record per dataset and family)
``datasets/<name>.html``       a dataset's page; ``datasets/<name>.png`` its preview (the index's picture too)
``families/<family>.html``     the variants' grid on the sweep's axes
``releases/<name>/<v>.html``   a release and what changed since the previous one
``releases/index.html``        every release
``assets/``                    ``site.css``, ``index.js``, ``page.js``
``.juniper-site``              the manifest: what the writer wrote, with its inputs' digests
=============================  =====================================================

The same registry gives the same bytes: nothing depends on the build's time or
machine (expiry is judged by the visitor's browser). Modules: :mod:`.model` (what is
shown), :mod:`.index`, :mod:`.dataset_page`, :mod:`.family_page`,
:mod:`.release_page` (pages), :mod:`.charts`, :mod:`.images`, :mod:`.releases`,
:mod:`.html` (helpers), :mod:`.build` (writing).
"""

from __future__ import annotations

from juniper_data.site.build import build_site, build_stage_site

__all__ = ["build_site", "build_stage_site"]
