"""A tiny palette raster for the card previews: boxes, point stamps, pasted blocks, bitmap text, PNG.

The preview needs a few thousand coloured pixels and a dozen short labels, not a plotting
library: drawing straight into a numpy array of palette indices costs well under a
millisecond, and a palette PNG encodes in about one. Every operation is integer pixel
arithmetic, so the same calls give the same bytes on every run and machine.

Text uses Pillow's built-in bitmap font (:func:`PIL.ImageFont.load_default_imagefont`:
6 x 11 px cells, Latin-1). Not :func:`PIL.ImageFont.load_default`, which since Pillow 10.1
returns an anti-aliased FreeType font whose pixels depend on the FreeType build.
The PNG holds only ``IHDR``, ``PLTE`` (palette canvases), ``IDAT`` and ``IEND``: no time,
no software, no resolution. Its bytes depend on Pillow's zlib, which constraints.txt pins.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, Literal

import numpy as np

Colour = tuple[int, int, int]
#: Height of a line of text in pixels (the bitmap font's cell).
LINE_HEIGHT = 11
#: PNG zlib level: 3 encodes a dense scatter in ~1.5 ms; zlib's default 6 takes ~5x longer for
#: ~20 % smaller files (a few KB either way), 9 ~40x longer for ~30 %.
COMPRESS_LEVEL = 3


class Canvas:
    """A ``width`` x ``height`` raster of palette indices (0, the background, everywhere at first).

    Parameters
    ----------
    width, height : int
        Size in pixels.
    palette : sequence of (r, g, b)
        At most 256 colours; drawing calls name colours by their index in it.
    rgb : bool
        Hold RGB pixels instead of indices (for pasting photographs); the PNG is then RGB.

    Examples
    --------
    >>> canvas = Canvas(8, 4, [(255, 255, 255), (0, 0, 0)])
    >>> canvas.fill(0, 0, 2, 4, 1)
    >>> canvas.pixels[:, :3].tolist()
    [[1, 1, 0], [1, 1, 0], [1, 1, 0], [1, 1, 0]]
    >>> canvas.png()[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """

    def __init__(self, width: int, height: int, palette: Sequence[Colour], *, rgb: bool = False):
        if not 1 <= len(palette) <= 256:
            raise ValueError(f"palette has {len(palette)} colours; allowed: 1 to 256")
        self.width, self.height = width, height
        self.palette = np.array(palette, dtype=np.uint8).reshape(-1, 3)
        shape = (height, width, 3) if rgb else (height, width)
        self.pixels = np.zeros(shape, dtype=np.uint8)
        if rgb:
            self.pixels[:] = self.palette[0]

    def _value(self, colour: int) -> Any:
        return self.palette[colour] if self.pixels.ndim == 3 else colour

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: int) -> None:
        """Paint the box ``[x0, x1) x [y0, y1)`` (clipped to the canvas)."""
        self.pixels[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = self._value(colour)

    def frame(self, x0: int, y0: int, x1: int, y1: int, colour: int) -> None:
        """A 1-pixel outline just inside the box ``[x0, x1) x [y0, y1)``."""
        for box in ((x0, y0, x1, y0 + 1), (x0, y1 - 1, x1, y1), (x0, y0, x0 + 1, y1), (x1 - 1, y0, x1, y1)):
            self.fill(*box, colour)

    def stamp(self, xs: np.ndarray, ys: np.ndarray, colour: int, marker: np.ndarray) -> None:
        """Paint ``marker`` (an odd-sized boolean mask) centred on each pixel ``(xs[i], ys[i])``.

        One colour per call, so points drawn twice give the same pixel whatever numpy's
        order of repeated-index assignment; later calls paint over earlier ones.
        """
        dy, dx = np.nonzero(marker)
        px = (xs[:, np.newaxis] + (dx - marker.shape[1] // 2)).ravel()
        py = (ys[:, np.newaxis] + (dy - marker.shape[0] // 2)).ravel()
        keep = (px >= 0) & (px < self.width) & (py >= 0) & (py < self.height)
        self.pixels[py[keep], px[keep]] = self._value(colour)

    def paste(self, x: int, y: int, block: np.ndarray) -> None:
        """Copy ``block`` (indices, or (h, w, 3) RGB on an RGB canvas) with its top-left at ``(x, y)``."""
        h, w = block.shape[:2]
        self.pixels[y : y + h, x : x + w] = block

    def text(
        self,
        x: int,
        y: int,
        text: str,
        colour: int,
        *,
        align: Literal["left", "centre", "right"] = "left",
        vertical: bool = False,
        max_width: int | None = None,
    ) -> int:
        """Write ``text`` with its cell's top-left at ``(x, y)`` (``align`` shifts it); its width in px.

        ``vertical`` turns it a quarter left, reading bottom-up: ``x`` is then its left edge and
        ``align`` works along the reading direction (``"left"``: it starts at ``y`` and runs up).
        Text wider than ``max_width`` is cut and ends in ``~``.
        """
        mask = text_mask(fit_text(text, max_width) if max_width is not None else text)
        if vertical:
            mask = np.rot90(mask)
        length = mask.shape[0] if vertical else mask.shape[1]
        shift = {"left": 0, "centre": length // 2, "right": length}[align]
        if vertical:
            y -= length - shift  # the turned text's anchor is its bottom end
        else:
            x -= shift
        h, w = mask.shape
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, self.width), min(y + h, self.height)
        if x1 > x0 and y1 > y0:
            region = self.pixels[y0:y1, x0:x1]
            region[mask[y0 - y : y1 - y, x0 - x : x1 - x]] = self._value(colour)
        return length

    def png(self) -> bytes:
        """The canvas as PNG bytes: a fixed zlib level and no metadata chunks."""
        from PIL import Image

        image = Image.fromarray(self.pixels)
        if self.pixels.ndim == 2:
            image.putpalette(self.palette.tobytes())  # "L" becomes "P"
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL, optimize=False)
        return buffer.getvalue()


@cache
def _font() -> Any:
    from PIL import ImageFont

    return ImageFont.load_default_imagefont()


def text_width(text: str) -> int:
    """Width in pixels of ``text`` in the bitmap font (6 px a character).

    Examples
    --------
    >>> text_width("x0"), text_width("")
    (12, 0)
    """
    return int(_font().getlength(_latin1(text)))


def fit_text(text: str, max_width: int) -> str:
    """``text``, cut to at most ``max_width`` px with a trailing ``~`` when it is wider.

    Examples
    --------
    >>> fit_text("class_0", 100), fit_text("a_long_class_name", 48)
    ('class_0', 'a_long_~')
    """
    if text_width(text) <= max_width:
        return text
    keep = text
    while keep and text_width(keep + "~") > max_width:
        keep = keep[:-1]
    return keep + "~" if text_width(keep + "~") <= max_width else ""


@lru_cache(maxsize=4096)
def text_mask(text: str) -> np.ndarray:
    """Boolean pixels of ``text``, shape (11, width); read-only (shared by a cache: labels repeat)."""
    from PIL import Image, ImageDraw

    text = _latin1(text)
    width = text_width(text)
    if width == 0:
        return np.zeros((LINE_HEIGHT, 0), dtype=bool)
    image = Image.new("1", (width, LINE_HEIGHT))
    ImageDraw.Draw(image).text((0, 0), text, fill=1, font=_font())
    mask = np.asarray(image, dtype=bool).copy()
    mask.flags.writeable = False
    return mask


def _latin1(text: str) -> str:
    """The bitmap font covers Latin-1: other characters become ``?`` (and line breaks spaces)."""
    flat = " ".join(text.splitlines())
    return flat.encode("latin-1", errors="replace").decode("latin-1")
