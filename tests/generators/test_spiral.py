"""spiral: SPEC §4 bounds, geometry, JuniperData 0.4 bit-identity and the JuniperCascor golden sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.generators.params import ParameterError
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "cascor_golden"


class TestContractModern(GeneratorContract):
    generator, recipe = "spiral", {"n_spirals": 3, "n_points": 11, "noise": 0.1}
    empty_train_allowed = True


class TestContractLegacyCascor(GeneratorContract):
    generator, recipe = "spiral", {"algorithm": "legacy_cascor", "n_points": 12, "noise": 0.2}
    empty_train_allowed = True


class TestContractCascor(GeneratorContract):
    generator, recipe = "spiral", {"algorithm": "cascor", "n_spirals": 4, "n_points": 10, "noise": 0.1}
    empty_train_allowed = True


# -- reference: JuniperData 0.4 and JuniperCascor, written out from SPEC §4 ----------


def reference_spiral(
    *,
    seed: int,
    n_spirals: int = 2,
    n_points: int = 97,
    n_rotations: float = 3.0,
    noise: float = 0.25,
    clockwise: bool = True,
    radius: float = 10.0,
    origin: tuple[float, float] = (0.0, 0.0),
    algorithm: str = "modern",
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (float32) and labels, arm by arm, all math in float64."""
    d = 1 if clockwise else -1
    arms = []
    if algorithm == "cascor":
        rs = np.random.RandomState(seed)
        rs.rand(8)
        dist = np.sqrt(rs.rand(n_points)) * (780 * 2 * np.pi / 360)
        for i in range(n_spirals):
            angle = dist + 2 * np.pi * i / n_spirals
            x = -d * np.cos(angle) * dist + rs.rand(n_points) * noise
            y = -d * np.sin(angle) * dist + rs.rand(n_points) * noise
            arms.append((x + origin[0], y + origin[1]))
    else:
        rng = np.random.default_rng(seed)
        for i in range(n_spirals):
            offset = 2 * np.pi * i / n_spirals
            if algorithm == "modern":
                r = np.linspace(0, radius, n_points)
                theta = np.linspace(0, 2 * np.pi * n_rotations, n_points) + offset
                x = d * r * np.cos(theta) + rng.standard_normal(n_points) * noise
                y = d * r * np.sin(theta) + rng.standard_normal(n_points) * noise
            else:
                dist = np.sqrt(rng.random(n_points)) * radius
                theta = d * (dist + offset)
                x = np.cos(theta) * dist + rng.random(n_points) * noise
                y = np.sin(theta) * dist + rng.random(n_points) * noise
            arms.append((x + origin[0], y + origin[1]))
    X = np.concatenate([np.stack(arm, axis=1) for arm in arms]).astype(np.float32)
    labels = np.repeat(np.arange(n_spirals), n_points)
    return X, labels


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_spirals": 5, "n_points": 40, "noise": 0.0, "n_rotations": 1.5},
    {"n_spirals": 3, "n_points": 25, "noise": 1.3, "clockwise": False, "radius": 4.0, "origin": (2.5, -1.0)},
    {"algorithm": "legacy_cascor"},
    {"algorithm": "legacy_cascor", "n_spirals": 4, "n_points": 30, "noise": 0.0, "radius": 7.0},
    {"algorithm": "legacy_cascor", "n_points": 20, "noise": 0.7, "clockwise": False, "origin": (1.0, 1.0)},
    {"algorithm": "cascor", "n_spirals": 2, "n_points": 100, "noise": 0.1},
    {
        "algorithm": "cascor",
        "n_spirals": 3,
        "n_points": 20,
        "noise": 0.05,
        "clockwise": False,
        "origin": (1, 2),
    },
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_algorithm(seed: int, recipe: dict, shuffle: bool) -> None:
    names = {"n_points": "n_points_per_spiral"}
    ds = generate("spiral", seed=seed, shuffle=shuffle, **{names.get(k, k): v for k, v in recipe.items()})
    X, labels = reference_spiral(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


# -- JuniperCascor golden files ------------------------------------------------------


def rows_with_class(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(x, y, class) rows as float32, sorted so two multisets compare with array_equal."""
    rows = np.column_stack([X.astype(np.float32), np.argmax(y, axis=1).astype(np.float32)])
    return rows[np.lexsort(rows.T[::-1])]


@pytest.mark.parametrize("name", ["2_spiral", "3_spiral"])
def test_cascor_reproduces_the_golden_point_sets_of_the_original_code(name: str) -> None:
    golden = np.load(GOLDEN / f"{name}.npz", allow_pickle=False)
    config = json.loads((GOLDEN / f"{name}_metadata.json").read_text())["config"]
    ds = generate(
        "spiral",
        algorithm="cascor",
        n_spirals=config["n_spirals"],
        n_points=config["n_points"],
        noise=config["noise"],
        seed=config["seed"],
        train_ratio=config["train_ratio"],
        test_ratio=config["test_ratio"],
    )
    theirs = rows_with_class(
        np.concatenate([golden["X_train"], golden["X_test"]]),
        np.concatenate([golden["y_train"], golden["y_test"]]),
    )
    ours = rows_with_class(np.concatenate([ds["X_train"], ds["X_test"]]), np.concatenate([ds["y_train"], ds["y_test"]]))
    assert ours.shape == (config["n_spirals"] * config["n_points"], 3)
    np.testing.assert_array_equal(ours, theirs, strict=True)


def test_cascor_golden_check_would_catch_a_one_ulp_difference() -> None:
    golden = np.load(GOLDEN / "2_spiral.npz", allow_pickle=False)
    X = np.concatenate([golden["X_train"], golden["X_test"]])
    y = np.concatenate([golden["y_train"], golden["y_test"]])
    nudged = X.copy()
    nudged[17, 0] = np.nextafter(nudged[17, 0], np.float32(np.inf))
    assert not np.array_equal(rows_with_class(nudged, y), rows_with_class(X, y))


# -- class counts, aliases -----------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["modern", "legacy_cascor", "cascor"])
@pytest.mark.parametrize(("n_spirals", "n_points"), [(2, 10), (3, 17), (10, 23)])
def test_each_arm_is_one_class_block_of_exactly_n_points(algorithm: str, n_spirals: int, n_points: int) -> None:
    ds = generate("spiral", algorithm=algorithm, n_spirals=n_spirals, n_points=n_points, seed=3)
    labels = ds.labels("full")
    assert np.bincount(labels).tolist() == [n_points] * n_spirals
    np.testing.assert_array_equal(labels, np.repeat(np.arange(n_spirals), n_points))
    assert ds.class_names == [f"class_{i}" for i in range(n_spirals)]


def test_aliases_n_points_and_noise_level_mean_the_canonical_parameters() -> None:
    by_alias = generate("spiral", n_points=33, noise_level=0.4, seed=5)
    canonical = generate("spiral", n_points_per_spiral=33, noise=0.4, seed=5)
    assert by_alias.meta == canonical.meta
    np.testing.assert_array_equal(by_alias["X_full"], canonical["X_full"])
    assert "n_points" not in by_alias.meta["recipe"]["params"]


@pytest.mark.parametrize(
    ("alias", "canonical", "a", "b"),
    [("n_points", "n_points_per_spiral", 20, 21), ("noise_level", "noise", 0.1, 0.2)],
)
def test_alias_and_canonical_name_with_different_values_is_an_error(
    alias: str, canonical: str, a: float, b: float
) -> None:
    with pytest.raises(ParameterError, match=f"'{canonical}' given twice"):
        generate("spiral", **{alias: a, canonical: b})
    assert generate("spiral", **{alias: a, canonical: a}).meta["recipe"]["params"][canonical] == a


# -- validation ----------------------------------------------------------------------

BOUNDS = [
    Bound("n_spirals", 2, 1, "[2, 10]"),
    Bound("n_spirals", 10, 11, "[2, 10]"),
    Bound("n_points_per_spiral", 10, 9, "[10, 10000]"),
    Bound("n_points_per_spiral", 10_000, 10_001, "[10, 10000]"),
    Bound("n_rotations", 0.5, 0.49, "[0.5, 10]"),
    Bound("n_rotations", 10.0, 10.01, "[0.5, 10]"),
    Bound("noise", 0.0, -0.01, "[0, 2]"),
    Bound("noise", 2.0, 2.01, "[0, 2]"),
    Bound("radius", 0.01, 0.0, "(0, 100]"),
    Bound("radius", 100.0, 100.01, "(0, 100]"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
@pytest.mark.parametrize("algorithm", ["modern", "legacy_cascor", "cascor"])
def test_bound_accepts_the_value_just_inside(bound: Bound, algorithm: str) -> None:
    assert_accepted("spiral", {"algorithm": algorithm}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("spiral", {}, bound)


@pytest.mark.parametrize(
    ("param", "value", "allowed"),
    [
        ("algorithm", "fast", "one of modern, legacy_cascor, cascor"),
        ("origin", [1.0, 2.0, 3.0], "two numbers (x, y)"),
        ("origin", [1.0], "two numbers (x, y)"),
        ("origin", "0,0", "a list of numbers"),
        ("clockwise", "yes", "true or false"),
        ("n_spirals", 2.5, "an integer"),
        ("n_spirals", True, "an integer"),
        ("noise", float("nan"), "a finite number"),
        ("noise", None, "a number"),
    ],
)
def test_choice_shape_and_type_errors_name_the_parameter_and_what_is_allowed(
    param: str, value: Any, allowed: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        generate("spiral", **{param: value})
    assert f"parameter '{param}' = " in str(caught.value)
    assert f"allowed: {allowed}" in str(caught.value)


def test_whole_floats_are_accepted_for_integer_parameters_and_recorded_as_ints() -> None:
    params = generate("spiral", n_spirals=3.0, n_points=10.0).meta["recipe"]["params"]
    assert params["n_spirals"] == 3 and isinstance(params["n_spirals"], int)
    assert isinstance(params["n_points_per_spiral"], int)


# -- geometry ------------------------------------------------------------------------


@pytest.mark.parametrize("origin", [(0.0, 0.0), (3.0, -2.0)])
@pytest.mark.parametrize("radius", [1.0, 10.0, 55.5])
def test_modern_spiral_without_noise_stays_within_its_radius_around_the_origin(
    seed: int, origin: tuple[float, float], radius: float
) -> None:
    ds = generate("spiral", n_spirals=4, n_points=50, noise=0.0, radius=radius, origin=origin, seed=seed)
    distance = np.hypot(*(ds["X_full"].astype(np.float64) - origin).T)
    tolerance = 4 * np.spacing(np.float32(radius + max(map(abs, origin))))
    assert distance.max() <= radius + tolerance
    # each arm runs from the origin out to exactly the radius
    arms = distance.reshape(4, 50)
    np.testing.assert_allclose(arms[:, 0], 0.0, atol=tolerance)
    np.testing.assert_allclose(arms[:, -1], radius, atol=tolerance)


def test_modern_spiral_direction_mirrors_every_point_through_the_origin(seed: int) -> None:
    cw = generate("spiral", n_spirals=3, n_points=20, noise=0.0, clockwise=True, seed=seed)
    ccw = generate("spiral", n_spirals=3, n_points=20, noise=0.0, clockwise=False, seed=seed)
    np.testing.assert_array_equal(ccw["X_full"], -cw["X_full"])


def test_modern_spiral_noise_is_gaussian_around_the_noiseless_arm(seed: int) -> None:
    clean = generate("spiral", n_spirals=2, n_points=5000, noise=0.0, seed=seed)["X_full"]
    noisy = generate("spiral", n_spirals=2, n_points=5000, noise=0.5, seed=seed)["X_full"]
    delta = (noisy - clean).astype(np.float64)
    assert abs(delta.mean()) < 0.05
    assert abs(delta.std() - 0.5) < 0.05
    assert (delta < 0).mean() > 0.4  # symmetric, unlike the legacy uniform noise


@pytest.mark.parametrize("clockwise", [True, False])
def test_legacy_cascor_noise_deltas_lie_in_zero_to_noise(seed: int, clockwise: bool) -> None:
    n_spirals, n, radius, noise = 3, 400, 10.0, 0.3
    ds = generate(
        "spiral",
        algorithm="legacy_cascor",
        n_spirals=n_spirals,
        n_points=n,
        noise=noise,
        radius=radius,
        clockwise=clockwise,
        seed=seed,
    )
    # Replay the stream: per arm the radius draw, then the x-noise and y-noise draws.
    rng = np.random.default_rng(seed)
    d = 1 if clockwise else -1
    clean = []
    for i in range(n_spirals):
        dist = np.sqrt(rng.random(n)) * radius
        rng.random(n)
        rng.random(n)
        theta = d * (dist + 2 * np.pi * i / n_spirals)
        clean.append(np.stack([np.cos(theta) * dist, np.sin(theta) * dist], axis=1))
    delta = ds["X_full"].astype(np.float64) - np.concatenate(clean)
    rounding = np.spacing(np.float32(radius + noise))  # float32 cast of the stored rows
    assert delta.min() >= -rounding
    assert delta.max() < noise + rounding
    assert delta.min() < 0.02 * noise and delta.max() > 0.98 * noise  # fills [0, noise)


def test_legacy_cascor_ignores_n_rotations(seed: int) -> None:
    a = generate("spiral", algorithm="legacy_cascor", n_rotations=1.0, seed=seed)
    b = generate("spiral", algorithm="legacy_cascor", n_rotations=7.0, seed=seed)
    np.testing.assert_array_equal(a["X_full"], b["X_full"])
    assert a.meta["dataset_id"] != b.meta["dataset_id"]  # still part of the recipe


def test_cascor_arms_share_one_radius_array(seed: int) -> None:
    ds = generate("spiral", algorithm="cascor", n_spirals=3, n_points=30, noise=0.0, seed=seed)
    radii = np.hypot(*ds["X_full"].astype(np.float64).T).reshape(3, 30)
    np.testing.assert_allclose(radii[1], radii[0], rtol=1e-6)
    np.testing.assert_allclose(radii[2], radii[0], rtol=1e-6)
    assert radii.max() <= 780 * 2 * np.pi / 360 * (1 + 1e-6)
