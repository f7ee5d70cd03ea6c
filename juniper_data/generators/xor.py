"""Four uniform quadrant blocks labelled by the XOR of their signs.

Chunked builds (:func:`generate_block`) draw per block ``random(m)`` for x,
then ``random(m)`` for y (mapped to each row's quadrant box as ``uniform``
does), then, with noise, ``standard_normal((m, 2)) * noise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, equal_bounds, label_dtype, row_classes
from juniper_data.generators.params import CommonParams, interval
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"
QUADRANT_CLASSES = (0, 1, 0, 1)
CLASS_NAMES = ("class_0", "class_1")


@dataclass
class XorParams(CommonParams):
    """Parameters of the XOR generator (JuniperData 0.4 names, bounds and defaults)."""

    n_points_per_quadrant: int = field(default=50, metadata=interval(1, doc="points per quadrant"))
    x_range: float = field(default=1.0, metadata=interval(0.0, low_open=True, doc="|x| upper bound"))
    y_range: float = field(default=1.0, metadata=interval(0.0, low_open=True, doc="|y| upper bound"))
    margin: float = field(default=0.1, metadata=interval(0.0, doc="gap kept empty around each axis"))
    noise: float = field(default=0.0, metadata=interval(0.0, doc="Gaussian noise scale"))


def generate(params: XorParams, rng: np.random.Generator) -> RawData:
    """Generate quadrants Q1..Q4 in order (classes 0, 1, 0, 1).

    Each quadrant draws ``uniform(lo, hi, n)`` for x, then for y; with noise > 0,
    one ``standard_normal((4n, 2)) * noise`` draw is added at the end.

    Returns
    -------
    RawData
        ``X`` of shape (4 * n_points_per_quadrant, 2), float32.

    Examples
    --------
    >>> p = XorParams(n_points_per_quadrant=5, seed=0)
    >>> raw = generate(p, np.random.default_rng(0))
    >>> raw.X.shape, raw.labels.tolist()[::5]
    ((20, 2), [0, 1, 0, 1])
    """
    n = params.n_points_per_quadrant
    X = np.empty((4 * n, 2))  # filled in place: no per-block stacking copies
    for q, (x0, x1, y0, y1) in enumerate(_boxes(params)):
        X[q * n : (q + 1) * n, 0] = rng.uniform(x0, x1, n)
        X[q * n : (q + 1) * n, 1] = rng.uniform(y0, y1, n)
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape)
        jitter *= params.noise
        X += jitter
    labels = np.repeat(np.array(QUADRANT_CLASSES, dtype=np.int64), n)
    return RawData(X.astype(np.float32), labels, CLASS_NAMES)


def _boxes(params: XorParams) -> list[tuple[float, float, float, float]]:
    """``(x_low, x_high, y_low, y_high)`` of quadrants Q1..Q4."""
    m, xr, yr = params.margin, params.x_range, params.y_range
    return [(m, xr, m, yr), (-xr, -m, m, yr), (-xr, -m, -yr, -m), (m, xr, -yr, -m)]


def layout(params: XorParams) -> Layout:
    """Rows, features and class names of an XOR recipe."""
    return Layout(4 * params.n_points_per_quadrant, 2, CLASS_NAMES)


def generate_block(
    params: XorParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order, from the block's own stream.

    Returns
    -------
    X : ndarray of shape (stop - start, 2), float32
    labels : ndarray of shape (stop - start,), uint8

    Examples
    --------
    >>> X, labels = generate_block(XorParams(n_points_per_quadrant=5), 3, 8, np.random.default_rng(0))
    >>> X.shape, labels.tolist()
    ((5, 2), [0, 0, 1, 1, 1])
    """
    quadrant = row_classes(start, stop, equal_bounds(4, params.n_points_per_quadrant))
    x_low, x_high, y_low, y_high = np.array(_boxes(params))[quadrant].T
    X = np.column_stack([x_low + (x_high - x_low) * rng.random(stop - start), np.empty(stop - start)])
    X[:, 1] = y_low + (y_high - y_low) * rng.random(stop - start)
    if params.noise > 0:
        X += rng.standard_normal(X.shape) * params.noise
    labels = np.array(QUADRANT_CLASSES, dtype=label_dtype(2))[quadrant]
    return X.astype(np.float32), labels


SPEC = GeneratorSpec(
    name="xor",
    version=VERSION,
    params=XorParams,
    generate=generate,
    summary="XOR of quadrant signs",
    block=BlockForm(layout=layout, generate=generate_block),
    size=SizeKnob("n_points_per_quadrant", units=4),
)
