"""gaussian: SPEC §4 bounds, class means and spreads, JuniperData 0.4 bit-identity."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.generators.params import ParameterError
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference


class TestContract(GeneratorContract):
    generator, recipe = "gaussian", {"n_classes": 3, "n_samples_per_class": 7, "n_features": 3}


class TestContractWithNoiseAndStdList(GeneratorContract):
    generator, recipe = "gaussian", {"n_samples_per_class": 9, "class_std": [0.5, 2.0], "noise": 0.1}


def reference_gaussian(
    *,
    seed: int,
    n_classes: int = 2,
    n_samples_per_class: int = 50,
    n_features: int = 2,
    class_std: float | list[float] = 1.0,
    centers: list[list[float]] | None = None,
    center_radius: float = 3.0,
    noise: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """JuniperData 0.4 as SPEC §4 states it (centers held as float32, as 0.4 did)."""
    rng = np.random.default_rng(seed)
    k, n, f = n_classes, n_samples_per_class, n_features
    if centers is None:
        angles = np.linspace(0, 2 * np.pi, k, endpoint=False)
        C = np.zeros((k, f), dtype=np.float32)
        C[:, 0] = center_radius * np.cos(angles)
        if f > 1:
            C[:, 1] = center_radius * np.sin(angles)
    else:
        C = np.array(centers, dtype=np.float32)
    stds = class_std if isinstance(class_std, list) else [class_std] * k
    X = np.concatenate([rng.standard_normal((n, f)) * stds[i] + C[i] for i in range(k)]).astype(np.float32)
    if noise > 0:
        X = X + rng.standard_normal(X.shape).astype(np.float32) * noise
    return X, np.repeat(np.arange(k), n)


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_classes": 5, "n_samples_per_class": 13, "n_features": 4, "center_radius": 6.0},
    {"n_classes": 3, "n_features": 1, "class_std": [0.2, 1.0, 3.0]},
    {"n_classes": 2, "n_features": 3, "centers": [[1.0, -2.0, 0.5], [0.1, 0.2, 0.3]], "noise": 0.25},
    {"n_classes": 4, "n_samples_per_class": 8, "noise": 1.5, "class_std": 0.3},
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_algorithm(seed: int, recipe: dict, shuffle: bool) -> None:
    ds = generate("gaussian", seed=seed, shuffle=shuffle, **recipe)
    X, labels = reference_gaussian(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


@pytest.mark.parametrize(("n_classes", "n"), [(2, 1), (3, 17), (10, 4)])
def test_each_class_is_one_block_of_exactly_n_samples(n_classes: int, n: int) -> None:
    ds = generate("gaussian", n_classes=n_classes, n_samples_per_class=n, seed=2)
    labels = ds.labels("full")
    assert np.bincount(labels).tolist() == [n] * n_classes
    np.testing.assert_array_equal(labels, np.repeat(np.arange(n_classes), n))


def class_stats(ds: Any, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    X, labels = ds["X_full"].astype(np.float64), ds.labels("full")
    means = np.stack([X[labels == i].mean(axis=0) for i in range(n_classes)])
    stds = np.stack([X[labels == i].std(axis=0) for i in range(n_classes)])
    return means, stds


@pytest.mark.parametrize(("n_classes", "n_features", "radius"), [(2, 2, 3.0), (5, 3, 8.0), (3, 1, 2.0)])
def test_class_means_sit_near_their_ring_centers(seed: int, n_classes: int, n_features: int, radius: float) -> None:
    ds = generate(
        "gaussian",
        n_classes=n_classes,
        n_samples_per_class=4000,
        n_features=n_features,
        center_radius=radius,
        seed=seed,
    )
    means, stds = class_stats(ds, n_classes)
    angle = 2 * np.pi * np.arange(n_classes) / n_classes
    expected = np.zeros((n_classes, n_features))
    expected[:, 0] = radius * np.cos(angle)
    if n_features > 1:
        expected[:, 1] = radius * np.sin(angle)
    np.testing.assert_allclose(means, expected, atol=0.08)  # 5 standard errors at n = 4000
    np.testing.assert_allclose(stds, 1.0, atol=0.05)


def test_explicit_centers_and_per_class_std_are_used(seed: int) -> None:
    centers = [[0.0, 0.0, 0.0], [5.0, 5.0, -5.0], [-3.0, 2.0, 1.0]]
    class_std = [0.5, 1.0, 2.0]
    ds = generate(
        "gaussian",
        n_classes=3,
        n_features=3,
        n_samples_per_class=4000,
        centers=centers,
        class_std=class_std,
        seed=seed,
    )
    means, stds = class_stats(ds, 3)
    np.testing.assert_allclose(means, centers, atol=5 * 2.0 / np.sqrt(4000))
    np.testing.assert_allclose(stds, np.repeat(np.array(class_std)[:, None], 3, axis=1), rtol=0.05)
    assert ds.meta["recipe"]["params"]["centers"] == centers


def test_noise_adds_its_variance_to_every_class(seed: int) -> None:
    ds = generate("gaussian", n_samples_per_class=5000, class_std=0.6, noise=0.8, seed=seed)
    _, stds = class_stats(ds, 2)
    np.testing.assert_allclose(stds, np.hypot(0.6, 0.8), rtol=0.05)


def test_integer_and_float_spellings_of_std_give_one_recipe_and_id() -> None:
    assert generate("gaussian", class_std=2, seed=1).meta == generate("gaussian", class_std=2.0, seed=1).meta
    a = generate("gaussian", class_std=[1, 2], seed=1).meta
    assert a == generate("gaussian", class_std=(1.0, 2.0), seed=1).meta
    assert a["recipe"]["params"]["class_std"] == [1.0, 2.0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"class_std": [1.0]}, "has 1 values; allowed: one number or exactly n_classes = 2 values"),
        ({"n_classes": 3, "class_std": [1.0, 2.0]}, "allowed: one number or exactly n_classes = 3 values"),
        ({"class_std": [1.0, 2.0, 3.0]}, "allowed: one number or exactly n_classes = 2 values"),
        ({"class_std": "wide"}, "parameter 'class_std' = 'wide'; allowed: a number or a list of numbers"),
        ({"centers": [[1.0, 2.0]]}, "'centers' has shape (1, 2); allowed: (n_classes, n_features) = (2, 2)"),
        (
            {"centers": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]},
            "has shape (2, 3); allowed: (n_classes, n_features) = (2, 2)",
        ),
        (
            {"centers": [[1.0, 2.0], [3.0]]},
            "parameter 'centers' = [[1.0, 2.0], [3.0]]; allowed: a list of n_classes",
        ),
        (
            {"centers": [["a", "b"], [1.0, 2.0]]},
            "parameter 'centers' = [['a', 'b'], [1.0, 2.0]]: item [0][0] = 'a'; allowed: a number",
        ),
    ],
)
def test_std_list_and_centers_of_the_wrong_size_are_rejected(params: dict, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        generate("gaussian", **params)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"class_std": float("nan")}, "parameter 'class_std' = nan; allowed: a number or a list of numbers"),
        ({"class_std": float("inf")}, "parameter 'class_std' = inf; allowed: a number or a list of numbers"),
        ({"class_std": [1.0, float("inf")]}, "parameter 'class_std' = [1.0, inf]: item [1] = inf; allowed: a finite"),
        ({"centers": [[0.0, 0.0], [float("nan"), 1.0]]}, "item [1][0] = nan; allowed: a finite number"),
        ({"centers": [[0.0, float("-inf")], [1.0, 1.0]]}, "item [0][1] = -inf; allowed: a finite number"),
    ],
    ids=["std-nan", "std-inf", "std-list-inf", "centers-nan", "centers-minus-inf"],
)
def test_non_finite_std_or_centers_are_refused_as_parameters_naming_the_value(params: dict, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        generate("gaussian", seed=1, **params)
    assert message in str(caught.value)


def test_gaussian_schema_declares_real_types_not_any() -> None:
    from typing import get_type_hints

    from juniper_data.generators.gaussian import GaussianParams

    hints = get_type_hints(GaussianParams)
    assert hints["class_std"] == float | list[float] and hints["centers"] == list[list[float]] | None


BOUNDS = [
    Bound("n_classes", 2, 1, "[2, 10]"),
    Bound("n_classes", 10, 11, "[2, 10]"),
    Bound("n_samples_per_class", 1, 0, "[1, inf)"),
    Bound("n_features", 1, 0, "[1, inf)"),
    Bound("class_std", 0.001, 0.0, "(0, inf)"),
    Bound("class_std", [0.5, 0.001], [1.0, 0.0], "(0, inf)"),
    Bound("center_radius", 0.001, 0.0, "(0, inf)"),
    Bound("noise", 0.0, -0.01, "[0, inf)"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_accepts_the_value_just_inside(bound: Bound) -> None:
    assert_accepted("gaussian", {}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("gaussian", {}, bound)


def test_the_build_app_takes_a_class_std_list_and_refuses_a_nan_naming_it(tmp_path) -> None:
    from juniper_data import read_dataset
    from tests.generators.helpers import run_build

    args = ["generator=gaussian", "generator.class_std=[0.5,2.0]", "generator.seed=1", "out_dir=out"]
    good = run_build(args, tmp_path)
    assert good.returncode == 0, good.stderr
    (folder,) = (tmp_path / "out").iterdir()
    assert read_dataset(folder).meta["recipe"]["params"]["class_std"] == [0.5, 2.0]
    bad = run_build(["generator=gaussian", "generator.class_std=[1.0,nan]", "out_dir=bad"], tmp_path)
    assert bad.returncode != 0 and "parameter 'class_std' = [1.0, nan]: item [1] = nan" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "bad").exists()
