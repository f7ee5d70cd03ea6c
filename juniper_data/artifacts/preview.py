"""The preview plot of a dataset card (``preview.png``, 320 x 320 px), byte-deterministic.

* 2-D features: scatter coloured by class, with a legend of class names, a frame and tick labels;
* image-like data (:func:`image_shape`): a grid of the first images of each class;
* ARC-AGI pairs: input and output grids side by side, in the ARC palette (padding white);
* more than two features otherwise: scatter of the first two;
* one feature: the feature against the class.

Drawn straight into a palette raster (:mod:`juniper_data.artifacts.raster`: numpy and
Pillow's bitmap font): 1-3 ms a preview where matplotlib took 40-550 ms (and ~400 ms for
its imports in a fresh process), most of a small dataset's build. Integer pixel arithmetic
and a metadata-free PNG: the same arrays give the same bytes (tests/artifacts check two
renders and a fresh process).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from juniper_data.artifacts.raster import LINE_HEIGHT, Canvas, Colour, fit_text, text_width
from juniper_data.dataset import Dataset

SIZE = 320
MAX_POINTS = 4000
IMAGES_PER_CLASS = 6
MAX_IMAGE_CLASSES = 10
MAX_LEGEND_CLASSES = 10
ARC_PAIRS = 8
#: Palette indices every preview shares: background, text, axes, light rules.
WHITE, INK, AXIS, RULE = 0, 1, 2, 3
BASE_PALETTE: tuple[Colour, ...] = ((255, 255, 255), (0, 0, 0), (85, 85, 85), (187, 187, 187))
#: Class colours: Okabe & Ito's (distinguishable under the common colour-vision deficiencies;
#: without their black, the text's colour, and with their yellow last, it is faint on white),
#: then Paul Tol's "muted" set for classes 8-16; further classes repeat the cycle.
CLASS_COLOURS: tuple[Colour, ...] = (
    (0, 114, 178), (230, 159, 0), (0, 158, 115), (213, 94, 0), (204, 121, 167), (86, 180, 233), (240, 228, 66),
    (51, 34, 136), (136, 34, 85), (68, 170, 153), (153, 153, 51), (221, 204, 119), (170, 68, 153),
    (17, 119, 51), (136, 204, 238), (204, 102, 119),
)  # fmt: skip
#: ARC-AGI's ten colours, for the values 0..9; padding (-1) is drawn white.
ARC_COLOURS = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
               "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")  # fmt: skip
#: Grey levels of image grids (the palette's room after the four shared colours).
GREY_LEVELS = 256 - len(BASE_PALETTE)
GREY_PALETTE = (*BASE_PALETTE, *((v, v, v) for v in np.linspace(0, 255, GREY_LEVELS).round().astype(int).tolist()))
#: Point markers by sample size: a disc of 21 px, a 3 x 3 square, a 2 x 2 square.
MARKERS = (
    (500, np.add.outer(np.arange(-2, 3) ** 2, np.arange(-2, 3) ** 2) <= 5),
    (2000, np.ones((3, 3), dtype=bool)),
    (MAX_POINTS, np.pad(np.ones((2, 2), dtype=bool), ((1, 0), (1, 0)))),
)
# The scatter's frame: room on the left for tick labels (at least) and the turned axis label, below for both.
PLOT_LEFT, PLOT_RIGHT, PLOT_BOTTOM = 56, SIZE - 10, SIZE - 34
TITLE_Y, TOP = 3, 16  # the title's line; where grids start below it


def sample_rows(n: int, limit: int = MAX_POINTS) -> np.ndarray:
    """Evenly spaced row indices, at most ``limit`` (deterministic; keeps class proportions of ordered rows).

    Examples
    --------
    >>> sample_rows(10, 4).tolist()
    [0, 3, 6, 9]
    """
    if n <= limit:
        return np.arange(n)
    return np.linspace(0, n - 1, limit).round().astype(np.int64)  # steps > 1: no index twice


def image_shape(meta: dict[str, Any]) -> tuple[int, ...] | None:
    """How one row reshapes into an image or grid, or None for tabular data.

    ``feature_shape`` (or ``image_shape``) with two or more axes; else an ARC-AGI row is a
    ``pad_to`` x ``pad_to`` grid, and a flattened ``mnist`` (image source) row a square grey or RGB image.

    Examples
    --------
    >>> image_shape({"feature_shape": [28, 28], "n_features": 784, "recipe": {"generator": "x", "params": {}}})
    (28, 28)
    >>> image_shape({"feature_shape": [2], "n_features": 2, "recipe": {"generator": "xor", "params": {}}}) is None
    True
    """
    n = int(meta["n_features"])
    shape = [int(d) for d in (meta.get("feature_shape") or meta.get("image_shape") or [])]
    if len(shape) >= 2 and int(np.prod(shape)) == n:
        return tuple(shape)
    generator, params = meta["recipe"]["generator"], meta["recipe"]["params"]
    if generator == "arc_agi" and int(params.get("pad_to", 0)) ** 2 == n:
        return (int(params["pad_to"]), int(params["pad_to"]))
    if generator == "mnist":  # the image source (hf_image.py); flatten=True drops feature_shape
        for channels in (1, 3):
            side = math.isqrt(n // channels)
            if side > 1 and side * side * channels == n:
                return (side, side) if channels == 1 else (side, side, channels)
    return None


def render_preview(dataset: Dataset) -> bytes:
    """PNG bytes (320 x 320 px) of the dataset's preview plot (the module docstring says which plot).

    Examples
    --------
    >>> from juniper_data import generate
    >>> png = render_preview(generate("xor", seed=0).annotate(name="xor0"))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png == render_preview(generate("xor", seed=0).annotate(name="xor0"))
    (True, True)
    """
    shape = image_shape(dataset.meta)
    if shape and dataset.meta["recipe"]["generator"] == "arc_agi" and "output_grid" in dataset.extras:
        canvas = _arc_pairs(dataset, shape)
    elif shape:
        canvas = _image_grid(dataset, shape)
    else:
        canvas = _scatter(dataset)
    return canvas.png()


def nice_ticks(lo: float, hi: float, target: int = 5) -> tuple[list[float], int]:
    """At most ``target`` round tick values in ``[lo, hi]`` (a step of 1, 2, 2.5 or 5 x 10^k) and their decimals.

    Examples
    --------
    >>> nice_ticks(-1.1, 1.1)
    ([-1.0, -0.5, 0.0, 0.5, 1.0], 1)
    >>> nice_ticks(0.01, 0.09, 3)
    ([0.025, 0.05, 0.075], 3)
    >>> nice_ticks(0, 1000, 3)
    ([0.0, 500.0, 1000.0], 0)
    """
    exponent = math.floor(math.log10((hi - lo) / target))
    for step in (m * 10.0**e for e in (exponent, exponent + 1) for m in (1.0, 2.0, 2.5, 5.0)):
        # the smallest round step that gives at most `target` ticks: at least two for target >= 2
        decimals = len(f"{step:.10f}".rstrip("0").split(".")[1])
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        ticks = [round(k * step, decimals) + 0.0 for k in range(first, last + 1)]
        if len(ticks) <= target:
            break
    return ticks, decimals


def tick_label(value: float, decimals: int, digits: int = 3) -> str:
    """A tick value as short text: fixed decimals, or ``digits`` significant ones for extreme magnitudes.

    Examples
    --------
    >>> tick_label(-0.0, 1), tick_label(2.5, 1), tick_label(-250000.0, 0), tick_label(1.2e-7, 8)
    ('0.0', '2.5', '-2.5e5', '1.2e-7')
    """
    if abs(value) >= 1e5 or decimals > 5:
        mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
        return mantissa + (f"e{int(exponent)}" if exponent else "")
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _scatter(dataset: Dataset) -> Canvas:
    X, labels = dataset["X_full"], dataset.labels("full")
    rows = sample_rows(X.shape[0])
    X, labels = X[rows].astype(np.float64), labels[rows]
    names = dataset.class_names
    canvas = Canvas(SIZE, SIZE, [*BASE_PALETTE, *CLASS_COLOURS])
    suffix = "" if X.shape[1] <= 2 else f" (x0, x1 of {X.shape[1]} features)"
    title = fit_text(dataset.name, SIZE - 8 - text_width(suffix)) + suffix
    canvas.text(SIZE // 2, TITLE_Y, title, INK, align="centre")
    top = _legend(canvas, names, TITLE_Y + LINE_HEIGHT + 3)
    one_feature = X.shape[1] < 2
    xs, ys = X[:, 0], (labels.astype(np.float64) if one_feature else X[:, 1])
    x_range = _data_range(xs)
    y_range = (-0.5, len(names) - 0.5) if one_feature else _data_range(ys)
    y_ticks = axis_ticks(y_range, integers=one_feature)
    # the frame's left edge leaves room for the widest y tick label (near-constant data needs long ones)
    left = min(max(PLOT_LEFT, 19 + max((text_width(text) for _, text in y_ticks), default=0)), SIZE // 3)
    canvas.frame(left, top, PLOT_RIGHT, PLOT_BOTTOM, AXIS)
    px = _to_pixels(xs, x_range, left + 1, PLOT_RIGHT - 2)
    py = _to_pixels(ys, y_range, PLOT_BOTTOM - 2, top + 1)
    x_ticks = axis_ticks(x_range)
    x_places = _to_pixels(np.array([v for v, _ in x_ticks]), x_range, left + 1, PLOT_RIGHT - 2)
    room = int(np.diff(x_places).min(initial=SIZE)) - 4  # a tick label may not reach its neighbour's
    for (_, text), x in zip(x_ticks, x_places.tolist(), strict=True):
        canvas.fill(x, PLOT_BOTTOM, x + 1, PLOT_BOTTOM + 3, AXIS)
        canvas.text(x + 1, PLOT_BOTTOM + 5, text, INK, align="centre", max_width=room)
    canvas.text((left + PLOT_RIGHT) // 2, PLOT_BOTTOM + 5 + LINE_HEIGHT + 2, "x0", INK, align="centre")
    y_places = _to_pixels(np.array([v for v, _ in y_ticks]), y_range, PLOT_BOTTOM - 2, top + 1)
    for (_, text), y in zip(y_ticks, y_places.tolist(), strict=True):
        canvas.fill(left - 3, y, left, y + 1, AXIS)
        canvas.text(left - 5, y - 5, text, INK, align="right", max_width=left - 19)
    canvas.text(3, (top + PLOT_BOTTOM) // 2, "class" if one_feature else "x1", INK, align="centre", vertical=True)
    finite = np.isfinite(xs) & np.isfinite(ys)
    marker = next(mask for limit, mask in MARKERS if len(xs) <= limit)
    for index in range(len(names)):  # later classes on top, as in matplotlib's legend order
        chosen = finite & (labels == index)
        canvas.stamp(px[chosen], py[chosen], len(BASE_PALETTE) + index % len(CLASS_COLOURS), marker)
    return canvas


def axis_ticks(limits: tuple[float, float], *, integers: bool = False) -> list[tuple[float, str]]:
    """``(value, label)`` of an axis's ticks, labels all different; ``integers``: class numbers.

    Class numbers are every class when there are at most ten, else the whole round ticks.

    Examples
    --------
    >>> [label for _, label in axis_ticks((0.99e9, 1.01e9))]
    ['9.9e8', '9.95e8', '1e9', '1.005e9', '1.01e9']
    >>> axis_ticks((-0.5, 2.5), integers=True)
    [(0.0, '0'), (1.0, '1'), (2.0, '2')]
    """
    ticks, decimals = nice_ticks(*limits)
    if integers:
        n = round(limits[1] + 0.5)
        ticks = [float(k) for k in range(n)] if n <= MAX_LEGEND_CLASSES else [t for t in ticks if t == int(t)]
        decimals = 0
    for digits in range(3, 16):  # more significant digits until neighbouring ticks read differently
        labels = [tick_label(value, decimals, digits) for value in ticks]
        if len(set(labels)) == len(labels):
            break
    return list(zip(ticks, labels, strict=True))


def _legend(canvas: Canvas, names: list[str], y: int) -> int:
    """Class swatches and names in lines above the plot (never over the data); the plot's top."""
    if len(names) > MAX_LEGEND_CLASSES:
        canvas.text(PLOT_LEFT, y, f"{len(names)} classes", AXIS)
        return y + LINE_HEIGHT + 4
    x = PLOT_LEFT
    for index, name in enumerate(names):
        label = fit_text(name, 90)
        width = 10 + text_width(label)
        if x > PLOT_LEFT and x + width > PLOT_RIGHT:
            x, y = PLOT_LEFT, y + LINE_HEIGHT + 1
        canvas.fill(x, y + 2, x + 7, y + 9, len(BASE_PALETTE) + index % len(CLASS_COLOURS))
        canvas.text(x + 10, y, label, INK)
        x += width + 10
    return y + LINE_HEIGHT + 4


def _data_range(values: np.ndarray, room: float = 0.05) -> tuple[float, float]:
    """The finite values' range with ``room`` (a fraction) each side; a unit range around a constant."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):
        return (lo - 0.5, hi + 0.5)
    return (lo - room * (hi - lo), hi + room * (hi - lo))


def _to_pixels(values: np.ndarray, limits: tuple[float, float], start: int, end: int) -> np.ndarray:
    """Pixel positions of ``values`` on an axis running from pixel ``start`` (at lo) to ``end`` (at hi)."""
    lo, hi = limits
    with np.errstate(invalid="ignore"):
        t = np.nan_to_num((values - lo) / (hi - lo), nan=0.0, posinf=1.0, neginf=0.0)
    return (start + np.floor(t * (end - start) + 0.5)).astype(np.int64)


def _image_grid(dataset: Dataset, shape: tuple[int, ...]) -> Canvas:
    X, labels = dataset["X_full"], dataset.labels("full")
    classes = range(min(len(dataset.class_names), MAX_IMAGE_CLASSES))
    picks = [np.flatnonzero(labels == c)[:IMAGES_PER_CLASS] for c in classes]
    images = _pictures(X[np.concatenate([np.zeros(0, np.int64), *picks])], shape)
    if images.ndim == 4:  # RGB in [0, 1] or [0, 255]
        canvas = Canvas(SIZE, SIZE, BASE_PALETTE, rgb=True)
        scale = 255.0 if images.size and float(np.nanmax(images)) > 1.0 else 1.0
        blocks = (np.clip(np.nan_to_num(images) / scale, 0, 1) * 255).round().astype(np.uint8)
    else:  # grey, on one scale for all the images shown, so that they compare
        canvas = Canvas(SIZE, SIZE, GREY_PALETTE)
        lo, hi = _data_range(images.ravel(), room=0.0)
        t = np.clip(np.nan_to_num((images - lo) / (hi - lo)), 0, 1)
        blocks = (len(BASE_PALETTE) + (t * (GREY_LEVELS - 1)).round()).astype(np.uint8)
    canvas.text(SIZE // 2, TITLE_Y, dataset.name, INK, align="centre", max_width=SIZE - 8)
    label_width, gap = 64, 2
    pitch = min((SIZE - TOP) // max(len(picks), 1), (SIZE - label_width - 4) // IMAGES_PER_CLASS)
    blocks = _fit(blocks, pitch - gap)
    left = (SIZE - label_width - IMAGES_PER_CLASS * pitch) // 2  # the grid centred below the title
    first = TOP + (SIZE - TOP - len(picks) * pitch) // 2
    offset = ((pitch - gap - blocks.shape[2]) // 2, (pitch - gap - blocks.shape[1]) // 2)
    shown = iter(blocks)
    for row, (cls, row_picks) in enumerate(zip(classes, picks, strict=True)):
        y = first + row * pitch
        name = dataset.class_names[cls]
        canvas.text(left + 4, y + (pitch - gap - LINE_HEIGHT) // 2, name, INK, max_width=label_width - 8)
        for col in range(len(row_picks)):
            canvas.paste(left + label_width + col * pitch + offset[0], y + offset[1], next(shown))
    return canvas


def _pictures(rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Rows as grey images (n, h, w) or colour ones (n, h, w, 3), channels last or first; else first 2-D slices."""
    dims = [d for d in shape if d > 1] or [1, 1]
    images = rows.astype(np.float64).reshape(len(rows), *dims)
    if len(dims) == 1:
        return images[:, np.newaxis, :]
    if len(dims) == 3 and dims[-1] in (3, 4):
        return images[..., :3]
    if len(dims) == 3 and dims[0] in (3, 4):
        return np.moveaxis(images[:, :3], 1, -1)
    return images.reshape(len(rows), int(np.prod(dims[:-2])), *dims[-2:])[:, 0]


def _fit(blocks: np.ndarray, cell: int) -> np.ndarray:
    """``blocks`` (n, h, w, ...) scaled to fit a square cell: nearest pixel, whole multiples when enlarging."""
    h, w = blocks.shape[1:3]
    scale = cell / max(h, w)
    if scale >= 1:
        return blocks.repeat(int(scale), axis=1).repeat(int(scale), axis=2)
    out_h, out_w = max(1, round(h * scale)), max(1, round(w * scale))
    return blocks[:, (np.arange(out_h) * h) // out_h][:, :, (np.arange(out_w) * w) // out_w]


def _arc_pairs(dataset: Dataset, shape: tuple[int, ...]) -> Canvas:
    canvas = Canvas(SIZE, SIZE, [*BASE_PALETTE, *(_rgb(c) for c in ARC_COLOURS)])
    canvas.text(SIZE // 2, TITLE_Y, f"{dataset.name} (input, output)", INK, align="centre", max_width=SIZE - 8)
    pairs = min(ARC_PAIRS, dataset["X_full"].shape[0])
    cell, pair_gap, io_gap = 61, 20, 6  # four framed 61 px grids and their gaps fit a line of 320 px
    grids = []
    for source in (dataset["X_full"], dataset["output_grid_full"]):
        values = np.clip(np.rint(np.nan_to_num(source[:pairs], nan=-1.0)), -1, 9).astype(np.int64)
        values = values.reshape(pairs, *shape[:2])
        grids.append(_fit(np.where(values < 0, WHITE, len(BASE_PALETTE) + values).astype(np.uint8), cell))
    h, w = grids[0].shape[1:3]
    width = 4 * (cell + 2) + 2 * io_gap + pair_gap
    row_height = (SIZE - TOP) // (ARC_PAIRS // 2)
    for index in range(pairs):
        row, pair = divmod(index, 2)
        for offset, (blocks, word) in enumerate(zip(grids, ("in", "out"), strict=True)):
            x = (SIZE - width) // 2 + pair * (2 * (cell + 2) + io_gap + pair_gap) + offset * (cell + 2 + io_gap)
            y = TOP + row * row_height
            canvas.text(x, y, f"{word} {index}", AXIS)
            left, top = x + 1 + (cell - w) // 2, y + LINE_HEIGHT + 3 + (cell - h) // 2
            canvas.paste(left, top, blocks[index])
            canvas.frame(left - 1, top - 1, left + w + 1, top + h + 1, RULE)
    return canvas


def _rgb(hex_colour: str) -> Colour:
    """``"#RRGGBB"`` as a (r, g, b) tuple."""
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))
