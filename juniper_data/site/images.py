"""Pictures of the site that are not a dataset's own: a placeholder when a dataset's data is not at hand.

The index and the family grids show each dataset's ``preview.png`` itself, scaled by the
browser and loaded lazily: a plot of a few colours compresses to a few KiB, smaller than a
resampled thumbnail of it (whose anti-aliased edges compress worse), and nothing is drawn
at build time.
"""

from __future__ import annotations

#: An SVG placeholder for a dataset without a preview (no data in the workspace).
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
    '<rect width="128" height="128" fill="#eee"/><text x="64" y="70" font-size="14" text-anchor="middle" '
    'fill="#666" font-family="sans-serif">no preview</text></svg>'
)
