"""Two concentric circles: the outer one class 0, the inner one class 1."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.params import CommonParams, interval
from juniper_data.generators.registry import GeneratorSpec, RawData

VERSION = "1.0.0"


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
    n_inner = int(params.n_samples * params.inner_ratio)
    n_outer = params.n_samples - n_inner
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
    return RawData(X.astype(np.float32), labels, ("outer", "inner"))


SPEC = GeneratorSpec(
    name="circles", version=VERSION, params=CirclesParams, generate=generate, summary="concentric circles"
)
