"""Isotropic Gaussian blobs, one per class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from juniper_data.generators.params import CommonParams, ParameterError, interval
from juniper_data.generators.registry import GeneratorSpec, RawData

VERSION = "1.0.0"


@dataclass
class GaussianParams(CommonParams):
    """Parameters of the Gaussian-blobs generator (JuniperData 0.4 names, bounds and defaults)."""

    n_classes: int = field(default=2, metadata=interval(2, 10, doc="number of blobs = classes"))
    n_samples_per_class: int = field(default=50, metadata=interval(1, doc="points per class"))
    n_features: int = field(default=2, metadata=interval(1, doc="dimensions"))
    class_std: Any = field(default=1.0, metadata=interval(0.0, low_open=True, doc="std, or one per class"))
    centers: Any = field(default=None, metadata=interval(doc="n_classes x n_features, or None for a ring"))
    center_radius: float = field(default=3.0, metadata=interval(0.0, low_open=True, doc="ring radius"))
    noise: float = field(default=0.0, metadata=interval(0.0, doc="extra Gaussian noise scale"))

    def check(self) -> None:
        super().check()
        stds = self.class_std if isinstance(self.class_std, list | tuple) else [self.class_std]
        if not all(isinstance(s, int | float) and not isinstance(s, bool) for s in stds):
            raise ParameterError(f"parameter 'class_std' = {self.class_std!r}; allowed: a number or a list")
        if isinstance(self.class_std, list | tuple) and len(self.class_std) != self.n_classes:
            raise ParameterError(
                f"parameter 'class_std' = {list(self.class_std)!r} has {len(self.class_std)} values; "
                f"allowed: one number or exactly n_classes = {self.n_classes} values"
            )
        # One spelling per value, so equal recipes get equal dataset ids.
        self.class_std = [float(s) for s in stds] if isinstance(self.class_std, list | tuple) else float(stds[0])
        if self.centers is not None:
            try:
                shape = np.shape(np.asarray(self.centers, dtype=np.float64))
            except (TypeError, ValueError):  # ragged rows or non-numbers
                raise ParameterError(
                    f"parameter 'centers' = {self.centers!r}; allowed: a list of n_classes rows "
                    f"of n_features numbers each"
                ) from None
            if shape != (self.n_classes, self.n_features):
                raise ParameterError(
                    f"parameter 'centers' has shape {shape}; allowed: "
                    f"(n_classes, n_features) = ({self.n_classes}, {self.n_features})"
                )
            self.centers = [[float(v) for v in row] for row in self.centers]


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
    stds = list(params.class_std) if isinstance(params.class_std, list | tuple) else [params.class_std] * k
    centers = class_centers(params)
    X = np.zeros((k * n, f), dtype=np.float32)
    for i in range(k):
        block = rng.standard_normal((n, f))  # float64 math in place, cast on assignment
        block *= stds[i]
        block += centers[i]
        X[i * n : (i + 1) * n] = block
    if params.noise > 0:
        jitter = rng.standard_normal(X.shape).astype(np.float32)
        jitter *= params.noise
        X += jitter
    labels = np.repeat(np.arange(k, dtype=np.int64), n)
    return RawData(X, labels, tuple(f"class_{i}" for i in range(k)))


SPEC = GeneratorSpec(
    name="gaussian", version=VERSION, params=GaussianParams, generate=generate, summary="Gaussian blobs"
)
