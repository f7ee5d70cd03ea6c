"""Interleaved spiral arms, one class per arm (the classic two-spirals problem).

Three algorithms, each bit-compatible with a predecessor:

``modern``
    JuniperData 0.4's default: evenly spaced radii and angles along each arm,
    Gaussian noise. Per arm, ``standard_normal(n)`` for x then for y.
``legacy_cascor``
    JuniperData 0.4's "legacy" mode: radius ``sqrt(u) * radius``, uniform noise
    in ``[0, noise)``. Per arm: radius draws, x-noise, y-noise.
``cascor``
    The original JuniperCascor ``SpiralProblem``: MT19937 ``RandomState``, 8
    discarded draws, one radius array shared by all arms, a fixed 780 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from juniper_data.generators.params import CommonParams, ParameterError, described, interval, one_of
from juniper_data.generators.registry import GeneratorSpec, RawData

VERSION = "1.0.0"
CASCOR_MAX_ANGLE = 780 * 2 * np.pi / 360
CASCOR_DISCARDED_DRAWS = 8


@dataclass
class SpiralParams(CommonParams):
    """Parameters of the spiral generator (JuniperData 0.4 names, bounds and defaults)."""

    n_spirals: int = field(default=2, metadata=interval(2, 10, doc="number of arms = classes"))
    n_points_per_spiral: int = field(default=97, metadata=interval(10, 10_000, doc="points per arm"))
    n_rotations: float = field(default=3.0, metadata=interval(0.5, 10, doc="turns per arm (modern)"))
    noise: float = field(default=0.25, metadata=interval(0.0, 2.0, doc="noise scale"))
    clockwise: bool = field(default=True, metadata=described("direction of the arms"))
    seed: int | None = field(default=42, metadata=interval(0, doc="random seed"))
    radius: float = field(default=10.0, metadata=interval(0.0, 100.0, low_open=True, doc="outer radius"))
    origin: list[float] = field(default_factory=lambda: [0.0, 0.0], metadata=described("centre (x, y)"))
    algorithm: str = field(default="modern", metadata=one_of("modern", "legacy_cascor", "cascor"))

    def check(self) -> None:
        super().check()
        if len(self.origin) != 2:
            raise ParameterError(f"parameter 'origin' = {self.origin!r}; allowed: two numbers (x, y)")


def make_rng(params: SpiralParams) -> Any:
    """``cascor`` replays the original MT19937 stream; the others use PCG64."""
    if params.algorithm == "cascor":
        return np.random.RandomState(params.seed)
    return np.random.default_rng(params.seed)


def generate(params: SpiralParams, rng: Any) -> RawData:
    """Generate spiral arms in order, arm ``i`` = class ``i``.

    Parameters
    ----------
    params : SpiralParams
    rng : numpy.random.Generator or numpy.random.RandomState
        From :func:`make_rng`; every draw of the recipe comes from it.

    Returns
    -------
    RawData
        ``X`` of shape (n_spirals * n_points_per_spiral, 2), float32, computed in
        float64; ``labels`` of shape (n,), arm index.

    Examples
    --------
    >>> p = SpiralParams(n_spirals=3, n_points_per_spiral=10, noise=0.0)
    >>> raw = generate(p, make_rng(p))
    >>> raw.X.shape, np.bincount(raw.labels).tolist()
    ((30, 2), [10, 10, 10])
    """
    n = params.n_points_per_spiral
    if params.algorithm == "cascor":
        arms = _cascor_arms(params, rng)
    else:
        arms = [_arm(params, 2 * np.pi * i / params.n_spirals, rng) for i in range(params.n_spirals)]
    X = np.vstack(arms)
    labels = np.repeat(np.arange(params.n_spirals, dtype=np.int64), n)
    return RawData(X, labels, tuple(f"class_{i}" for i in range(params.n_spirals)))


def _arm(params: SpiralParams, offset: float, rng: np.random.Generator) -> np.ndarray:
    n, noise = params.n_points_per_spiral, params.noise
    direction = 1 if params.clockwise else -1
    if params.algorithm == "legacy_cascor":
        distance = np.sqrt(rng.random(n)) * params.radius
        theta = direction * (distance + offset)
        x = np.cos(theta) * distance + rng.random(n) * noise
        y = np.sin(theta) * distance + rng.random(n) * noise
    else:
        radii = np.linspace(0, params.radius, n)
        theta = np.linspace(0, 2 * np.pi * params.n_rotations, n) + offset
        x = direction * radii * np.cos(theta) + rng.standard_normal(n) * noise
        y = direction * radii * np.sin(theta) + rng.standard_normal(n) * noise
    x += params.origin[0]
    y += params.origin[1]
    return np.column_stack([x, y]).astype(np.float32)


def _cascor_arms(params: SpiralParams, rng: np.random.RandomState) -> list[np.ndarray]:
    n, noise = params.n_points_per_spiral, params.noise
    sign = -1.0 if params.clockwise else 1.0
    rng.rand(CASCOR_DISCARDED_DRAWS)
    distance = np.sqrt(rng.rand(n)) * CASCOR_MAX_ANGLE
    arms = []
    for i in range(params.n_spirals):
        angle = distance + 2 * np.pi * i / params.n_spirals
        x = sign * np.cos(angle) * distance + rng.rand(n) * noise
        y = sign * np.sin(angle) * distance + rng.rand(n) * noise
        x += params.origin[0]
        y += params.origin[1]
        arms.append(np.column_stack([x, y]).astype(np.float32))
    return arms


SPEC = GeneratorSpec(
    name="spiral",
    version=VERSION,
    params=SpiralParams,
    generate=generate,
    make_rng=make_rng,
    aliases={"n_points": "n_points_per_spiral", "noise_level": "noise"},
    summary="interleaved spiral arms, one class per arm",
)
