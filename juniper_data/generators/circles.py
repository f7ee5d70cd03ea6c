"""Two concentric circles: the outer one class 0, the inner one class 1.

Chunked builds (:func:`generate_block`) draw per block ``uniform(0, 2*pi, m)``
angles, then, with noise, ``standard_normal((m, 2)) * noise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, row_classes
from juniper_data.generators.params import CommonParams, interval
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"
CLASS_NAMES = ("outer", "inner")


@dataclass
class CirclesParams(CommonParams):
    """Parameters of the circles generator (JuniperData 0.4 names, bounds and defaults)."""

    n_samples: int = field(default=100, metadata=interval(2, doc="total points"))
    outer_radius: float = field(default=1.0, metadata=interval(0.0, low_open=True, doc="outer radius"))
    factor: float = field(
        default=0.5, metadata=interval(0.0, 1.0, low_open=True, high_open=True, doc="inner/outer radius")
    )
    inner_ratio: float = field(
        default=0.5, metadata=interval(0.0, 1.0, low_open=True, doc="fraction of points inside")
    )
    noise: float = field(default=0.0, metadata=interval(0.0, doc="Gaussian noise scale"))


def generate(params: CirclesParams, rng: np.random.Generator) -> RawData:
    """Outer angles ``uniform(0, 2*pi, n_outer)``, then inner angles, then optional noise.

    ``n_inner = floor(n_samples * inner_ratio)``; outer rows come first.

    Returns
    -------
    RawData
        ``X`` of shape (n_samples, 2), float32.

    Examples
    --------
    >>> raw = generate(CirclesParams(n_samples=10), np.random.default_rng(0))
    >>> np.bincount(raw.labels).tolist()
    [5, 5]
    """
    n_outer, n_inner = _class_sizes(params)
    X = np.empty((params.n_samples, 2))  # filled in place: no per-ring stacking copies
    start = 0
    for count, radius in ((n_outer, params.outer_radius), (n_inner, params.outer_radius * params.factor)):
        angles = rng.uniform(0, 2 * np.pi, count)
        ring = X[start : start + count]
        ring[:, 0] = np.cos(angles)
        ring[:, 1] = np.sin(angles, out=angles)
        ring *= radius
        start += count
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape)
        jitter *= params.noise
        X += jitter
    labels = np.repeat(np.array([0, 1], dtype=np.int64), [n_outer, n_inner])
    return RawData(X.astype(np.float32), labels, CLASS_NAMES)


def _class_sizes(params: CirclesParams) -> tuple[int, int]:
    n_inner = int(params.n_samples * params.inner_ratio)
    return params.n_samples - n_inner, n_inner


def _ring_points(radius: Any, angles: np.ndarray) -> np.ndarray:
    return np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])


def layout(params: CirclesParams) -> Layout:
    """Rows, features and class names of a circles recipe."""
    return Layout(params.n_samples, 2, CLASS_NAMES)


def generate_block(
    params: CirclesParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order (outer ring first), from the block's own stream.

    Returns
    -------
    X : ndarray of shape (stop - start, 2), float32
    labels : ndarray of shape (stop - start,), uint8

    Examples
    --------
    >>> X, labels = generate_block(CirclesParams(n_samples=10), 3, 7, np.random.default_rng(0))
    >>> labels.tolist()
    [0, 0, 1, 1]
    """
    n_outer, _ = _class_sizes(params)
    labels = row_classes(start, stop, [0, n_outer, params.n_samples])
    radii = np.array([params.outer_radius, params.outer_radius * params.factor])[labels]
    X = _ring_points(radii, rng.uniform(0, 2 * np.pi, stop - start))
    if params.noise > 0:
        X += rng.standard_normal(X.shape) * params.noise
    return X.astype(np.float32), labels


SPEC = GeneratorSpec(
    name="circles",
    version=VERSION,
    params=CirclesParams,
    generate=generate,
    summary="concentric circles",
    block=BlockForm(layout=layout, generate=generate_block),
    size=SizeKnob("n_samples"),
)
