"""Two interleaving half circles ("two moons"): the upper one class 0, the lower one class 1.

JuniperData 0.17.1's moon process (SPEC-0.17 §2), bit for bit: evenly spaced angles on
each arc (no draw), then one optional Gaussian noise draw over all rows.

Chunked builds (:func:`generate_block`) compute the same noise-free arcs for any block of
rows and, with noise, draw ``standard_normal((m, 2)) * noise`` from the block's stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, row_classes
from juniper_data.generators.params import CommonParams, interval
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"
CLASS_NAMES = ("upper", "lower")
#: Where the lower arc sits relative to the upper one: x shifted right, y shifted down.
LOWER_SHIFT = (1.0, 0.5)


@dataclass
class MoonParams(CommonParams):
    """Parameters of the moon generator (JuniperData 0.17.1 names, bounds and defaults)."""

    n_samples: int = field(default=200, metadata=interval(2, doc="total points (the lower moon gets an odd one)"))
    noise: float = field(default=0.1, metadata=interval(0.0, doc="Gaussian noise scale"))


def _class_sizes(n_samples: int) -> tuple[int, int]:
    """``(upper, lower)``: ``floor(n / 2)`` upper rows, the rest lower."""
    return n_samples // 2, n_samples - n_samples // 2


def generate(params: MoonParams, rng: np.random.Generator) -> RawData:
    """The upper arc's rows, then the lower arc's, then optional noise.

    With ``n_u = floor(n / 2)`` and ``n_l = n - n_u``: upper rows are
    ``(cos t, sin t)`` for ``t = linspace(0, pi, n_u)``, lower rows
    ``(1 - cos t, 0.5 - sin t)`` for ``t = linspace(0, pi, n_l)``, in float64. If
    ``noise > 0``, one ``standard_normal((n, 2))`` draw (row-major: x0, y0, x1, ...)
    times ``noise`` is added; with ``noise == 0`` nothing is drawn. Then float32.

    Returns
    -------
    RawData
        ``X`` of shape (n_samples, 2), float32; labels 0 (upper) then 1 (lower).

    Examples
    --------
    >>> raw = generate(MoonParams(n_samples=5, noise=0.0), np.random.default_rng(0))
    >>> raw.X.tolist()[:2], raw.labels.tolist()
    ([[1.0, 0.0], [-1.0, 1.2246468525851679e-16]], [0, 0, 1, 1, 1])
    """
    n_upper, n_lower = _class_sizes(params.n_samples)
    X = np.empty((params.n_samples, 2))
    _arc(X[:n_upper], np.linspace(0.0, np.pi, n_upper), lower=False)
    _arc(X[n_upper:], np.linspace(0.0, np.pi, n_lower), lower=True)
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape)
        jitter *= params.noise
        X += jitter
    labels = np.repeat(np.array([0, 1], dtype=np.int64), [n_upper, n_lower])
    return RawData(X.astype(np.float32), labels, CLASS_NAMES)


def _arc(out: np.ndarray, angles: np.ndarray, *, lower: bool) -> None:
    """Write one arc's float64 points into ``out`` (shape (len(angles), 2))."""
    # cos and sin into contiguous arrays, as the reference computes them: numpy may use
    # other (SIMD or scalar) kernels for a strided output, which can differ in the last bit.
    out[:, 0] = np.cos(angles)
    out[:, 1] = np.sin(angles)
    if lower:
        np.subtract(LOWER_SHIFT, out, out=out)


def arc_angles(count: int, start: int, stop: int) -> np.ndarray:
    """Entries ``[start, stop)`` of ``numpy.linspace(0, pi, count)``, without making the rest.

    As ``linspace`` computes them: ``i * (pi / (count - 1))``, the last one exactly ``pi``
    (``[0.0]`` when ``count`` is 1).

    Examples
    --------
    >>> bool(np.array_equal(arc_angles(7, 2, 7), np.linspace(0, np.pi, 7)[2:]))
    True
    """
    angles = np.arange(start, stop, dtype=np.float64)
    if count > 1:
        angles *= np.pi / (count - 1)
        if stop == count and stop > start:
            angles[-1] = np.pi
    return angles


def layout(params: MoonParams) -> Layout:
    """Rows, features and class names of a moon recipe."""
    return Layout(params.n_samples, 2, CLASS_NAMES)


def generate_block(
    params: MoonParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order (upper arc first), from the block's own stream.

    Noise-free rows equal the in-memory ones exactly; with noise the block draws
    ``standard_normal((stop - start, 2)) * noise``.

    Returns
    -------
    X : ndarray of shape (stop - start, 2), float32
    labels : ndarray of shape (stop - start,), uint8

    Examples
    --------
    >>> X, labels = generate_block(MoonParams(n_samples=10), 3, 8, np.random.default_rng(0))
    >>> X.shape, labels.tolist()
    ((5, 2), [0, 0, 1, 1, 1])
    """
    n_upper, n_lower = _class_sizes(params.n_samples)
    labels = row_classes(start, stop, [0, n_upper, params.n_samples])
    X = np.empty((stop - start, 2))
    split = max(min(n_upper, stop) - start, 0)  # block rows on the upper arc
    _arc(X[:split], arc_angles(n_upper, start, start + split), lower=False)
    lower_start = max(start, n_upper) - n_upper
    _arc(X[split:], arc_angles(n_lower, lower_start, stop - n_upper), lower=True)
    if params.noise > 0:
        X += rng.standard_normal(X.shape) * params.noise
    return X.astype(np.float32), labels


SPEC = GeneratorSpec(
    name="moon",
    version=VERSION,
    params=MoonParams,
    generate=generate,
    summary="two interleaving half circles",
    block=BlockForm(layout=layout, generate=generate_block),
    size=SizeKnob("n_samples"),
)
