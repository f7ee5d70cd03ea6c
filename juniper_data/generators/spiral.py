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

Chunked builds (:func:`generate_block`, more than one block) draw each block
from its own stream. ``modern`` draws ``standard_normal((m, 2))`` per block (the
x and y noise of each row in turn) and evaluates the curve by rotation: the
angle is computed directly once per run of ``ROTATION_RUN`` points and
advanced by multiplying with ``exp(i * t * step)`` (within ~1e-15 of direct
evaluation; several times faster than ``cos`` and ``sin`` per point).
``legacy_cascor`` draws ``random(m)`` for the radii, then the x-noise, then
the y-noise. ``cascor`` has no multi-block form (one radius array is shared by
every arm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, class_segments, equal_bounds, row_classes
from juniper_data.generators.params import CommonParams, ParameterError, described, interval, one_of
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"
CASCOR_MAX_ANGLE = 780 * 2 * np.pi / 360
CASCOR_DISCARDED_DRAWS = 8
#: Points per run of the chunked ``modern`` curve sharing one directly evaluated angle; also the
#: rows per cache-sized pass. Part of the algorithm (changing it moves bits of multi-block arrays).
ROTATION_RUN = 1 << 14


@dataclass
class SpiralParams(CommonParams):
    """Parameters of the spiral generator (JuniperData 0.4 names, bounds and defaults)."""

    n_spirals: int = field(default=2, metadata=interval(2, 10, doc="number of arms = classes"))
    n_points_per_spiral: int = field(
        default=97, metadata=interval(10, 10_000, in_memory_cap=True, doc="points per arm")
    )
    n_rotations: float = field(default=3.0, metadata=interval(0.5, 10, doc="turns per arm (modern)"))
    noise: float = field(default=0.25, metadata=interval(0.0, 2.0, doc="noise scale"))
    clockwise: bool = field(default=True, metadata=described("direction of the arms"))
    seed: int | None = field(default=42, metadata=interval(0, doc="random seed"))
    # 0.4's spiral alone allows an empty train split (the other generators refuse train_ratio = 0).
    train_ratio: float = field(default=0.8, metadata=interval(0.0, 1.0, doc="fraction of rows for train"))
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
    return RawData(X, labels, layout(params).class_names)


def layout(params: SpiralParams) -> Layout:
    """Rows, features and class names of a spiral recipe."""
    names = tuple(f"class_{i}" for i in range(params.n_spirals))
    return Layout(params.n_spirals * params.n_points_per_spiral, 2, names)


def _legacy_xy(
    params: SpiralParams, distance: np.ndarray, offset: Any, x_noise: np.ndarray, y_noise: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``legacy_cascor`` points from radii and uniform noise draws (offset: scalar or per row)."""
    direction = 1 if params.clockwise else -1
    theta = direction * (distance + offset)
    x = np.cos(theta) * distance + x_noise * params.noise
    y = np.sin(theta) * distance + y_noise * params.noise
    return x, y


def _arm(params: SpiralParams, offset: float, rng: np.random.Generator) -> np.ndarray:
    n, noise = params.n_points_per_spiral, params.noise
    direction = 1 if params.clockwise else -1
    if params.algorithm == "legacy_cascor":
        distance = np.sqrt(rng.random(n)) * params.radius
        x_noise = rng.random(n)
        x, y = _legacy_xy(params, distance, offset, x_noise, rng.random(n))
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


def generate_block(
    params: SpiralParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order, from the block's own stream.

    Returns
    -------
    X : ndarray of shape (stop - start, 2), float32
    labels : ndarray of shape (stop - start,), uint8 (see ``blocks.label_dtype``)

    Examples
    --------
    >>> p = SpiralParams(n_points_per_spiral=50, seed=1)
    >>> X, labels = generate_block(p, 40, 60, np.random.default_rng(0))
    >>> X.shape, np.bincount(labels).tolist()
    ((20, 2), [10, 10])
    """
    bounds = equal_bounds(params.n_spirals, params.n_points_per_spiral)
    labels = row_classes(start, stop, bounds)
    if params.algorithm == "legacy_cascor":
        m = stop - start
        distance = np.sqrt(rng.random(m)) * params.radius
        x_noise = rng.random(m)
        offsets = (2 * np.pi * np.arange(params.n_spirals) / params.n_spirals)[labels]
        x, y = _legacy_xy(params, distance, offsets, x_noise, rng.random(m))
        x += params.origin[0]
        y += params.origin[1]
        return np.column_stack([x, y]).astype(np.float32), labels
    X = np.empty((stop - start, 2), dtype=np.float32)
    curve = _ModernCurve(params)
    buffer = np.empty((ROTATION_RUN, 2))
    at = 0
    for arm, lo, hi in class_segments(start, stop, bounds):
        while lo < hi:
            end = min(hi, (lo // ROTATION_RUN + 1) * ROTATION_RUN)
            rows = buffer[: end - lo]
            rng.standard_normal(out=rows)
            rows *= params.noise
            rows += curve.points(arm, lo, end)
            rows.view(np.complex128)[:, 0] += curve.origin  # one add per point (a (2,) broadcast is slow)
            X[at : at + end - lo] = rows
            at, lo = at + end - lo, end
    return X, labels


class _ModernCurve:
    """Noise-free points of the ``modern`` arms, evaluated by rotation in runs of ROTATION_RUN.

    Point ``j`` of run ``b`` (``b = j - j % ROTATION_RUN``) is
    ``radius_j * exp(i * (b * step + offset)) * exp(i * (j - b) * step)``, with
    both exponentials evaluated directly (so the error does not grow along a
    run) and ``radius_j`` exactly ``np.linspace(0, radius, n)[j]``.
    """

    def __init__(self, params: SpiralParams):
        n = params.n_points_per_spiral
        self.n, self.n_spirals = n, params.n_spirals
        self.stop_angle = 2 * np.pi * params.n_rotations
        self.step = self.stop_angle / (n - 1)  # np.linspace's step
        self.outer = (1 if params.clockwise else -1) * params.radius
        self.radius_step = (1 if params.clockwise else -1) * (params.radius / (n - 1))
        self.turn = np.exp(1j * (np.arange(ROTATION_RUN) * self.step))
        self.run_offsets = np.repeat(np.arange(ROTATION_RUN, dtype=np.float64), 2)
        self.origin = complex(params.origin[0], params.origin[1])
        self._unit = np.empty(ROTATION_RUN, dtype=np.complex128)
        self._radii = np.empty(2 * ROTATION_RUN)

    def points(self, arm: int, lo: int, hi: int) -> np.ndarray:
        """Points ``lo .. hi - 1`` of arm ``arm``, within one run; shape (hi - lo, 2), float64.

        The result is a view of a buffer that the next call overwrites.
        """
        offset = 2 * np.pi * arm / self.n_spirals
        base = lo // ROTATION_RUN * ROTATION_RUN
        first, last = lo - base, hi - base
        unit = np.multiply(self.turn[first:last], np.exp(1j * (base * self.step + offset)), out=self._unit[: hi - lo])
        radii = np.add(self.run_offsets[2 * first : 2 * last], base, out=self._radii[: 2 * (hi - lo)])
        radii *= self.radius_step  # exactly np.linspace(0, radius, n)[j]
        points = unit.view(np.float64)
        points *= radii
        points = points.reshape(-1, 2)
        if hi == self.n:  # np.linspace ends exactly on its stop values
            angle = self.stop_angle + offset
            points[-1] = (self.outer * np.cos(angle), self.outer * np.sin(angle))
        return points


def _refuse_multi_block(params: SpiralParams) -> str | None:
    if params.algorithm == "cascor":
        return "algorithm 'cascor' shares one radius array across all arms and has no multi-block form"
    return None


SPEC = GeneratorSpec(
    name="spiral",
    version=VERSION,
    params=SpiralParams,
    generate=generate,
    make_rng=make_rng,
    aliases={"n_points": "n_points_per_spiral", "noise_level": "noise"},
    summary="interleaved spiral arms, one class per arm",
    block=BlockForm(layout=layout, generate=generate_block, refuse=_refuse_multi_block),
    size=SizeKnob("n_points_per_spiral", units="n_spirals"),
)
