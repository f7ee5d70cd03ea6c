"""Uniform points on a square grid, labelled by the parity of their square.

Chunked builds (:func:`generate_block`) draw per block ``uniform(x_min, x_max, m)``,
then ``uniform(y_min, y_max, m)``, then, with noise, ``standard_normal((m, 2)) * noise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, label_dtype
from juniper_data.generators.params import CommonParams, ParameterError, interval
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"
CLASS_NAMES = ("class_0", "class_1")


@dataclass
class CheckerboardParams(CommonParams):
    """Parameters of the checkerboard generator (JuniperData 0.4 names, bounds and defaults)."""

    n_samples: int = field(default=200, metadata=interval(2, doc="total points"))
    n_squares: int = field(default=4, metadata=interval(2, 16, doc="squares per side"))
    x_range: list[float] = field(default_factory=lambda: [0.0, 1.0], metadata=interval(doc="(min, max) of x"))
    y_range: list[float] = field(default_factory=lambda: [0.0, 1.0], metadata=interval(doc="(min, max) of y"))
    noise: float = field(default=0.0, metadata=interval(0.0, doc="Gaussian noise scale"))

    def check(self) -> None:
        super().check()
        for name in ("x_range", "y_range"):
            value = getattr(self, name)
            if len(value) != 2 or not value[0] < value[1]:
                raise ParameterError(f"parameter '{name}' = {list(value)!r}; allowed: [min, max] with min < max")


def generate(params: CheckerboardParams, rng: np.random.Generator) -> RawData:
    """x = ``uniform(xmin, xmax, N)``, then y; label = (ix + iy) mod 2 before noise.

    Returns
    -------
    RawData
        ``X`` of shape (n_samples, 2), float32.

    Examples
    --------
    >>> raw = generate(CheckerboardParams(n_samples=8), np.random.default_rng(0))
    >>> raw.X.shape, sorted(set(raw.labels.tolist()))
    ((8, 2), [0, 1])
    """
    X, labels = _points(params, params.n_samples, rng)
    return RawData(X, labels.astype(np.int64), CLASS_NAMES)


def _points(params: CheckerboardParams, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points (float32) and their square parity, labelled before the noise is added."""
    (x_min, x_max), (y_min, y_max) = params.x_range, params.y_range
    x = rng.uniform(x_min, x_max, n)
    y = rng.uniform(y_min, y_max, n)
    X = np.column_stack([x, y])
    if params.noise > 0:
        X += rng.standard_normal(X.shape) * params.noise
    last = params.n_squares - 1
    ix = np.clip(np.floor((x - x_min) / ((x_max - x_min) / params.n_squares)).astype(int), 0, last)
    iy = np.clip(np.floor((y - y_min) / ((y_max - y_min) / params.n_squares)).astype(int), 0, last)
    return X.astype(np.float32), ((ix + iy) % 2).astype(label_dtype(2))


def layout(params: CheckerboardParams) -> Layout:
    """Rows, features and class names of a checkerboard recipe."""
    return Layout(params.n_samples, 2, CLASS_NAMES)


def generate_block(
    params: CheckerboardParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order, from the block's own stream.

    Rows are exchangeable, so a block draws like a dataset of ``stop - start`` rows.

    Examples
    --------
    >>> X, labels = generate_block(CheckerboardParams(), 0, 5, np.random.default_rng(0))
    >>> X.shape, labels.dtype.name
    ((5, 2), 'uint8')
    """
    return _points(params, stop - start, rng)


SPEC = GeneratorSpec(
    name="checkerboard",
    version=VERSION,
    params=CheckerboardParams,
    generate=generate,
    summary="checkerboard parity",
    block=BlockForm(layout=layout, generate=generate_block),
    size=SizeKnob("n_samples"),
)
