"""Four uniform quadrant blocks labelled by the XOR of their signs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.params import CommonParams, interval
from juniper_data.generators.registry import GeneratorSpec, RawData

VERSION = "1.0.0"


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
    n, m, xr, yr = params.n_points_per_quadrant, params.margin, params.x_range, params.y_range
    boxes = [(m, xr, m, yr), (-xr, -m, m, yr), (-xr, -m, -yr, -m), (m, xr, -yr, -m)]
    X = np.empty((4 * n, 2))  # filled in place: no per-block stacking copies
    for q, (x0, x1, y0, y1) in enumerate(boxes):
        X[q * n : (q + 1) * n, 0] = rng.uniform(x0, x1, n)
        X[q * n : (q + 1) * n, 1] = rng.uniform(y0, y1, n)
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape)
        jitter *= params.noise
        X += jitter
    labels = np.repeat(np.array([0, 1, 0, 1], dtype=np.int64), n)
    return RawData(X.astype(np.float32), labels, ("class_0", "class_1"))


SPEC = GeneratorSpec(
    name="xor", version=VERSION, params=XorParams, generate=generate, summary="XOR of quadrant signs"
)
