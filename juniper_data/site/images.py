"""Thumbnails of the preview plots, and a placeholder when a dataset's data is not at hand.

A thumbnail is the preview resized with Pillow (Lanczos) and saved as PNG with no
metadata, so the same preview gives the same bytes.
"""

from __future__ import annotations

import io

THUMB = 128  # pixels; shown at 64 in the index (sharp on 2x screens) and 128 in family grids

#: An SVG placeholder for a dataset without a preview (no data in the workspace).
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
    '<rect width="128" height="128" fill="#eee"/><text x="64" y="70" font-size="14" text-anchor="middle" '
    'fill="#666" font-family="sans-serif">no preview</text></svg>'
)


def thumbnail(png: bytes, size: int = THUMB) -> bytes:
    """``png`` scaled to fit ``size`` x ``size`` pixels, as PNG bytes.

    Examples
    --------
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (320, 320), "white").save(buf, format="PNG")
    >>> Image.open(io.BytesIO(thumbnail(buf.getvalue()))).size
    (128, 128)
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.load()
        small = image.convert("RGBA") if image.mode not in ("RGB", "RGBA", "L") else image.copy()
    small.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()
