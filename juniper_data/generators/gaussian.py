"""Isotropic Gaussian blobs, one per class.

Chunked builds (:func:`generate_block`) draw per block ``standard_normal((m, f))``,
then, with noise, ``standard_normal((m, f))`` for the extra noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from juniper_data.generators.blocks import BlockForm, Layout, equal_bounds, row_classes
from juniper_data.generators.params import CommonParams, ParameterError, interval
from juniper_data.generators.registry import GeneratorSpec, RawData, SizeKnob

VERSION = "1.0.0"


@dataclass
class GaussianParams(CommonParams):
    """Parameters of the Gaussian-blobs generator (JuniperData 0.4 names, bounds and defaults)."""

    n_classes: int = field(default=2, metadata=interval(2, 10, doc="number of blobs = classes"))
    n_samples_per_class: int = field(default=50, metadata=interval(1, doc="points per class"))
    n_features: int = field(default=2, metadata=interval(1, doc="dimensions"))
    class_std: float | list[float] = field(
        default=1.0, metadata=interval(0.0, low_open=True, doc="std, or one per class")
    )
    centers: list[list[float]] | None = field(
        default=None, metadata=interval(doc="n_classes x n_features, or None for a ring")
    )
    center_radius: float = field(default=3.0, metadata=interval(0.0, low_open=True, doc="ring radius"))
    noise: float = field(default=0.0, metadata=interval(0.0, doc="extra Gaussian noise scale"))

    def check(self) -> None:
        super().check()
        if isinstance(self.class_std, list) and len(self.class_std) != self.n_classes:
            raise ParameterError(
                f"parameter 'class_std' = {self.class_std!r} has {len(self.class_std)} values; "
                f"allowed: one number or exactly n_classes = {self.n_classes} values"
            )
        if self.centers is not None:
            widths = sorted({len(row) for row in self.centers})
            if len(widths) > 1:
                raise ParameterError(
                    f"parameter 'centers' = {self.centers!r}; allowed: a list of n_classes rows "
                    f"of n_features numbers each (rows of {widths} numbers)"
                )
            shape = (len(self.centers), *widths)
            if shape != (self.n_classes, self.n_features):
                raise ParameterError(
                    f"parameter 'centers' has shape {shape}; allowed: "
                    f"(n_classes, n_features) = ({self.n_classes}, {self.n_features})"
                )


def class_centers(params: GaussianParams) -> np.ndarray:
    """Centers of shape (n_classes, n_features), float32 as in JuniperData 0.4.

    Without explicit ``centers``, class ``i`` sits at angle ``2*pi*i/k`` on a
    circle of ``center_radius`` in the first two dimensions, 0 elsewhere.
    """
    if params.centers is not None:
        return np.array(params.centers, dtype=np.float32)
    centers = np.zeros((params.n_classes, params.n_features), dtype=np.float32)
    angles = np.linspace(0, 2 * np.pi, params.n_classes, endpoint=False)
    centers[:, 0] = params.center_radius * np.cos(angles)
    if params.n_features > 1:
        centers[:, 1] = params.center_radius * np.sin(angles)
    return centers


def generate(params: GaussianParams, rng: np.random.Generator) -> RawData:
    """Per class in order: ``standard_normal((n, f)) * std_i + center_i``.

    Returns
    -------
    RawData
        ``X`` of shape (n_classes * n_samples_per_class, n_features), float32.

    Examples
    --------
    >>> p = GaussianParams(n_classes=3, n_samples_per_class=4, seed=1)
    >>> raw = generate(p, np.random.default_rng(1))
    >>> raw.X.shape, np.bincount(raw.labels).tolist()
    ((12, 2), [4, 4, 4])
    """
    k, n, f = params.n_classes, params.n_samples_per_class, params.n_features
    stds, centers = _class_stds(params), class_centers(params)
    X = np.zeros((k * n, f), dtype=np.float32)
    for i in range(k):
        block = rng.standard_normal((n, f))  # float64 math in place, cast on assignment
        block *= stds[i]
        block += centers[i]
        X[i * n : (i + 1) * n] = block
    _add_noise(params, X, rng)
    labels = np.repeat(np.arange(k, dtype=np.int64), n)
    return RawData(X, labels, layout(params).class_names)


def _class_stds(params: GaussianParams) -> np.ndarray:
    k = params.n_classes
    return np.array(params.class_std if isinstance(params.class_std, list | tuple) else [params.class_std] * k)


def _add_noise(params: GaussianParams, X: np.ndarray, rng: np.random.Generator) -> None:
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape).astype(np.float32)
        jitter *= params.noise
        X += jitter


def layout(params: GaussianParams) -> Layout:
    """Rows, features and class names of a Gaussian-blobs recipe."""
    k = params.n_classes
    return Layout(k * params.n_samples_per_class, params.n_features, tuple(f"class_{i}" for i in range(k)))


def generate_block(
    params: GaussianParams, start: int, stop: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``[start, stop)`` of the generation order, from the block's own stream.

    Examples
    --------
    >>> X, labels = generate_block(GaussianParams(n_samples_per_class=4), 2, 6, np.random.default_rng(0))
    >>> X.shape, labels.tolist()
    ((4, 2), [0, 0, 1, 1])
    """
    labels = row_classes(start, stop, equal_bounds(params.n_classes, params.n_samples_per_class))
    normals = rng.standard_normal((stop - start, params.n_features))
    X = (normals * _class_stds(params)[labels][:, None] + class_centers(params)[labels]).astype(np.float32)
    _add_noise(params, X, rng)
    return X, labels


SPEC = GeneratorSpec(
    name="gaussian",
    version=VERSION,
    params=GaussianParams,
    generate=generate,
    summary="Gaussian blobs",
    block=BlockForm(layout=layout, generate=generate_block),
    size=SizeKnob("n_samples_per_class", units="n_classes"),
)
