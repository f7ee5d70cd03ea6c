"""circles: SPEC §4 bounds, exact radii and JuniperData 0.4 bit-identity."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from juniper_data import generate
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference


class TestContract(GeneratorContract):
    generator, recipe = "circles", {"n_samples": 21, "noise": 0.05}


class TestContractNoiselessUneven(GeneratorContract):
    generator, recipe = "circles", {"n_samples": 30, "inner_ratio": 0.3}


def reference_circles(
    *,
    seed: int,
    n_samples: int = 100,
    outer_radius: float = 1.0,
    factor: float = 0.5,
    inner_ratio: float = 0.5,
    noise: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """JuniperData 0.4 as SPEC §4 states it: outer angles, inner angles, then one noise draw."""
    rng = np.random.default_rng(seed)
    n_inner = math.floor(n_samples * inner_ratio)
    n_outer = n_samples - n_inner
    outer = rng.uniform(0, 2 * np.pi, n_outer)
    inner = rng.uniform(0, 2 * np.pi, n_inner)
    r_in = outer_radius * factor
    X = np.concatenate(
        [
            np.stack([outer_radius * np.cos(outer), outer_radius * np.sin(outer)], axis=1),
            np.stack([r_in * np.cos(inner), r_in * np.sin(inner)], axis=1),
        ]
    )
    if noise > 0:
        X = X + rng.standard_normal((n_samples, 2)) * noise
    return X.astype(np.float32), np.array([0] * n_outer + [1] * n_inner)


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_samples": 37, "outer_radius": 2.5, "factor": 0.3, "inner_ratio": 0.7},
    {"n_samples": 64, "noise": 0.15, "inner_ratio": 1.0},
    {"n_samples": 9, "noise": 0.4, "factor": 0.9, "inner_ratio": 0.01},
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_algorithm(seed: int, recipe: dict, shuffle: bool) -> None:
    ds = generate("circles", seed=seed, shuffle=shuffle, **recipe)
    X, labels = reference_circles(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


@pytest.mark.parametrize(
    ("n_samples", "inner_ratio", "n_inner"),
    # floor, not round: 7 * 0.5 = 3.5 -> 3; 10 * 0.37 = 3.7 -> 3; 100 * 0.29 = 28.999... -> 28
    [(100, 0.5, 50), (7, 0.5, 3), (10, 0.37, 3), (100, 0.29, 28), (5, 1.0, 5), (2, 0.01, 0)],
)
def test_inner_circle_holds_floor_of_n_times_inner_ratio_and_comes_second(
    n_samples: int, inner_ratio: float, n_inner: int
) -> None:
    ds = generate("circles", n_samples=n_samples, inner_ratio=inner_ratio, seed=1)
    labels = ds.labels("full")
    assert np.bincount(labels, minlength=2).tolist() == [n_samples - n_inner, n_inner]
    np.testing.assert_array_equal(labels, np.repeat([0, 1], [n_samples - n_inner, n_inner]))
    assert ds.class_names == ["outer", "inner"]


@pytest.mark.parametrize(("outer_radius", "factor"), [(1.0, 0.5), (7.5, 0.2), (0.01, 0.99)])
def test_without_noise_points_lie_exactly_on_the_two_radii(seed: int, outer_radius: float, factor: float) -> None:
    ds = generate("circles", n_samples=301, outer_radius=outer_radius, factor=factor, seed=seed)
    radii = np.hypot(*ds["X_full"].astype(np.float64).T)
    labels = ds.labels("full")
    np.testing.assert_allclose(radii[labels == 0], outer_radius, rtol=4e-7)
    np.testing.assert_allclose(radii[labels == 1], outer_radius * factor, rtol=4e-7)


def test_noise_spreads_points_off_the_circles(seed: int) -> None:
    radii = np.hypot(*generate("circles", n_samples=2000, noise=0.1, seed=seed)["X_full"].astype(np.float64).T)
    assert np.abs(radii[:1000] - 1.0).max() > 0.1
    assert abs(np.median(radii[:1000]) - 1.0) < 0.02


BOUNDS = [
    Bound("n_samples", 2, 1, "[2, inf)"),
    Bound("outer_radius", 0.001, 0.0, "(0, inf)"),
    Bound("factor", 0.001, 0.0, "(0, 1)"),
    Bound("factor", 0.999, 1.0, "(0, 1)"),
    Bound("inner_ratio", 0.01, 0.0, "(0, 1]"),
    Bound("inner_ratio", 1.0, 1.01, "(0, 1]"),
    Bound("noise", 0.0, -0.01, "[0, inf)"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_accepts_the_value_just_inside(bound: Bound) -> None:
    assert_accepted("circles", {}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("circles", {}, bound)
