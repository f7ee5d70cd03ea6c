"""checkerboard: SPEC §4 bounds, square parity labels and JuniperData 0.4 bit-identity."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from juniper_data import generate
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference


class TestContract(GeneratorContract):
    generator, recipe = "checkerboard", {"n_samples": 23, "n_squares": 3, "noise": 0.02}


def reference_checkerboard(
    *,
    seed: int,
    n_samples: int = 200,
    n_squares: int = 4,
    x_range: tuple[float, float] = (0.0, 1.0),
    y_range: tuple[float, float] = (0.0, 1.0),
    noise: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """JuniperData 0.4 as SPEC §4 states it: x, then y, labels before noise, then noise."""
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = x_range, y_range
    x = rng.uniform(x0, x1, n_samples)
    y = rng.uniform(y0, y1, n_samples)
    ix = np.clip(np.floor((x - x0) / ((x1 - x0) / n_squares)).astype(int), 0, n_squares - 1)
    iy = np.clip(np.floor((y - y0) / ((y1 - y0) / n_squares)).astype(int), 0, n_squares - 1)
    X = np.stack([x, y], axis=1)
    if noise > 0:
        X = X + rng.standard_normal((n_samples, 2)) * noise
    return X.astype(np.float32), (ix + iy) % 2


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_samples": 51, "n_squares": 7, "x_range": (-2.0, 3.0), "y_range": (10.0, 10.5)},
    {"n_samples": 40, "n_squares": 2, "noise": 0.2},
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_algorithm(seed: int, recipe: dict, shuffle: bool) -> None:
    ds = generate("checkerboard", seed=seed, shuffle=shuffle, **recipe)
    X, labels = reference_checkerboard(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


@pytest.mark.parametrize(
    ("n_squares", "x_range", "y_range"),
    [(4, (0.0, 1.0), (0.0, 1.0)), (5, (-3.0, 2.0), (1.0, 9.0)), (16, (0, 1), (0, 2))],
)
def test_labels_are_the_parity_of_the_square_each_point_falls_in(
    seed: int, n_squares: int, x_range: tuple[float, float], y_range: tuple[float, float]
) -> None:
    n = 3000
    ds = generate("checkerboard", n_samples=n, n_squares=n_squares, x_range=x_range, y_range=y_range, seed=seed)
    # Replay the two coordinate draws and find each point's column and row by
    # searching the grid lines (rather than dividing by the step).
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(*x_range, n), rng.uniform(*y_range, n)
    np.testing.assert_array_equal(ds["X_full"], np.stack([x, y], axis=1).astype(np.float32))
    x_lines = np.linspace(*x_range, n_squares + 1)[1:-1]
    y_lines = np.linspace(*y_range, n_squares + 1)[1:-1]
    column, row = np.searchsorted(x_lines, x, side="right"), np.searchsorted(y_lines, y, side="right")
    np.testing.assert_array_equal(ds.labels("full"), (column + row) % 2)


def test_labels_are_fixed_before_noise_moves_the_points(seed: int) -> None:
    clean = generate("checkerboard", n_samples=500, seed=seed)
    noisy = generate("checkerboard", n_samples=500, noise=0.3, seed=seed)
    np.testing.assert_array_equal(noisy.labels("full"), clean.labels("full"))
    assert not np.array_equal(noisy["X_full"], clean["X_full"])


def test_both_classes_appear_in_roughly_equal_numbers(seed: int) -> None:
    labels = generate("checkerboard", n_samples=4000, seed=seed).labels("full")
    counts = np.bincount(labels)
    assert counts.sum() == 4000 and len(counts) == 2
    assert abs(counts[0] - 2000) < 200


BOUNDS = [
    Bound("n_samples", 2, 1, "[2, inf)"),
    Bound("n_squares", 2, 1, "[2, 16]"),
    Bound("n_squares", 16, 17, "[2, 16]"),
    Bound("x_range", [0.0, 0.001], [1.0, 1.0], "[min, max] with min < max"),
    Bound("x_range", [-5.0, -4.0], [2.0, 1.0], "[min, max] with min < max"),
    Bound("x_range", [0.0, 1.0], [0.0], "[min, max] with min < max"),
    Bound("y_range", [0.0, 0.001], [1.0, 1.0], "[min, max] with min < max"),
    Bound("y_range", [3.0, 4.0], [0.0, 1.0, 2.0], "[min, max] with min < max"),
    Bound("noise", 0.0, -0.01, "[0, inf)"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_accepts_the_value_just_inside(bound: Bound) -> None:
    assert_accepted("checkerboard", {}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("checkerboard", {}, bound)
