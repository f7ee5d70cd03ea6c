"""xor: SPEC §4 bounds, quadrant geometry and JuniperData 0.4 bit-identity."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from juniper_data import generate
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference


class TestContract(GeneratorContract):
    generator, recipe = "xor", {"n_points_per_quadrant": 13, "noise": 0.05}


class TestContractNoiseless(GeneratorContract):
    generator, recipe = "xor", {"n_points_per_quadrant": 5}


def reference_xor(
    *,
    seed: int,
    n_points_per_quadrant: int = 50,
    x_range: float = 1.0,
    y_range: float = 1.0,
    margin: float = 0.1,
    noise: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """JuniperData 0.4 as SPEC §4 states it: Q1..Q4, x then y per block, then one noise draw."""
    rng = np.random.default_rng(seed)
    n, m = n_points_per_quadrant, margin
    quadrants = [
        ((m, x_range), (m, y_range), 0),
        ((-x_range, -m), (m, y_range), 1),
        ((-x_range, -m), (-y_range, -m), 0),
        ((m, x_range), (-y_range, -m), 1),
    ]
    blocks, labels = [], []
    for (x_lo, x_hi), (y_lo, y_hi), label in quadrants:
        x = rng.uniform(x_lo, x_hi, n)
        y = rng.uniform(y_lo, y_hi, n)
        blocks.append(np.stack([x, y], axis=1))
        labels += [label] * n
    X = np.concatenate(blocks)
    if noise > 0:
        X = X + rng.standard_normal((4 * n, 2)) * noise
    return X.astype(np.float32), np.array(labels)


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_points_per_quadrant": 7, "x_range": 2.0, "y_range": 0.5, "margin": 0.0},
    {"n_points_per_quadrant": 31, "noise": 0.3, "margin": 0.25, "x_range": 3.0},
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_algorithm(seed: int, recipe: dict, shuffle: bool) -> None:
    ds = generate("xor", seed=seed, shuffle=shuffle, **recipe)
    X, labels = reference_xor(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


@pytest.mark.parametrize("n", [1, 2, 25, 101])
def test_quadrant_blocks_alternate_classes_with_exact_counts(n: int) -> None:
    labels = generate("xor", n_points_per_quadrant=n, seed=0).labels("full")
    assert np.bincount(labels).tolist() == [2 * n, 2 * n]
    np.testing.assert_array_equal(labels, np.repeat([0, 1, 0, 1], n))


@pytest.mark.parametrize(("x_range", "y_range", "margin"), [(1.0, 1.0, 0.1), (3.0, 0.5, 0.2), (1.0, 1.0, 0.0)])
def test_without_noise_each_quadrant_keeps_its_signs_ranges_and_margin(
    seed: int, x_range: float, y_range: float, margin: float
) -> None:
    n = 200
    ds = generate("xor", n_points_per_quadrant=n, x_range=x_range, y_range=y_range, margin=margin, seed=seed)
    X = ds["X_full"]
    m, xr, yr = np.float32(margin), np.float32(x_range), np.float32(y_range)
    signs = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
    for q, (sx, sy) in enumerate(signs):
        x, y = X[q * n : (q + 1) * n].T
        assert ((sx * x >= m) & (sx * x <= xr)).all(), f"Q{q + 1} x"
        assert ((sy * y >= m) & (sy * y <= yr)).all(), f"Q{q + 1} y"
    # the label is the XOR of the signs
    np.testing.assert_array_equal(ds.labels("full"), (X[:, 0] < 0) ^ (X[:, 1] < 0))


def test_noise_moves_points_off_the_noiseless_quadrants(seed: int) -> None:
    clean = generate("xor", n_points_per_quadrant=500, seed=seed)["X_full"]
    noisy = generate("xor", n_points_per_quadrant=500, noise=0.2, seed=seed)["X_full"]
    delta = (noisy - clean).astype(np.float64)
    assert abs(delta.std() - 0.2) < 0.02
    assert (np.abs(noisy) < 0.1).any()  # some points now fall inside the margin band


BOUNDS = [
    Bound("n_points_per_quadrant", 1, 0, "[1, inf)"),
    Bound("x_range", 0.001, 0.0, "(0, inf)", {"margin": 0.0}),
    Bound("y_range", 0.001, 0.0, "(0, inf)", {"margin": 0.0}),
    Bound("margin", 0.0, -0.01, "[0, inf)"),
    Bound("noise", 0.0, -0.01, "[0, inf)"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_accepts_the_value_just_inside(bound: Bound) -> None:
    assert_accepted("xor", {}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("xor", {}, bound)
