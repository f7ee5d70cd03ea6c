"""moon: JuniperData 0.17.1's process (SPEC-0.17 §2) bit for bit, its bounds, and its chunked form."""

from __future__ import annotations

import doctest
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from juniper_data import generate, read_dataset
from juniper_data.generators import moon, registry
from juniper_data.generators.blocks import block_rng, label_dtype
from juniper_data.generators.params import ParameterError
from juniper_data.scale import build_chunked
from juniper_data.split import split_sizes
from tests.generators.bounds import Bound, assert_accepted, assert_rejected
from tests.generators.contract import GeneratorContract, assert_matches_reference

FINGERPRINTS = Path(__file__).resolve().parents[1] / "fixtures" / "jd017" / "fingerprints.json"
CASES_017 = json.loads(FINGERPRINTS.read_text())["cases"]


class TestContract(GeneratorContract):
    generator, recipe = "moon", {"n_samples": 31, "noise": 0.1}


class TestContractNoiseless(GeneratorContract):
    generator, recipe = "moon", {"n_samples": 30, "noise": 0.0}
    rows_depend_on_seed = False  # no draw at all without noise


def reference_moon(*, seed: int, n_samples: int = 200, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """SPEC-0.17 §2 as written: two linspace arcs stacked upper first, one noise draw, float32."""
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_u, t_l = np.linspace(0.0, np.pi, n_upper), np.linspace(0.0, np.pi, n_lower)
    X = np.vstack([np.column_stack([np.cos(t_u), np.sin(t_u)]),
                   np.column_stack([1.0 - np.cos(t_l), 0.5 - np.sin(t_l)])])  # fmt: skip
    if noise > 0:
        X = X + np.random.default_rng(seed).standard_normal((n_samples, 2)) * noise
    return X.astype(np.float32), np.repeat([0, 1], [n_upper, n_lower])


REFERENCE_RECIPES: list[dict[str, Any]] = [
    {},
    {"n_samples": 101, "noise": 0.3},
    {"n_samples": 2},
    {"n_samples": 3, "noise": 0.0},
    {"n_samples": 64, "noise": 1e-6},
    {"n_samples": 1000, "noise": 2.5},
]


@pytest.mark.parametrize("recipe", REFERENCE_RECIPES, ids=lambda r: json.dumps(r, sort_keys=True))
@pytest.mark.parametrize("shuffle", [True, False])
def test_arrays_are_bit_identical_to_the_reference_process(seed: int, recipe: dict, shuffle: bool) -> None:
    ds = generate("moon", seed=seed, shuffle=shuffle, **recipe)
    X, labels = reference_moon(seed=seed, **recipe)
    assert_matches_reference(ds, X, labels, seed=seed, shuffle=shuffle)


def sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


#: 0.17.1 moon cases carved with val_ratio 0 whose counts are the 0.4 split's (SPEC-0.17 §1.8).
CARVED_LIKE_0_4 = sorted(
    case_id for case_id, case in CASES_017.items()
    if case["generator"] == "moon" and case["params"]["sizing_mode"] == "carve" and case["params"]["val_ratio"] == 0
)  # fmt: skip


def test_the_fingerprints_hold_enough_moon_recipes_carved_like_0_4() -> None:
    assert len(CARVED_LIKE_0_4) >= 8


@pytest.mark.parametrize("case_id", CARVED_LIKE_0_4)
def test_0_4_style_moon_gives_0_17_1s_arrays_carved_at_val_ratio_0(case_id: str) -> None:
    case = CASES_017[case_id]
    p = case["params"]
    assert split_sizes(p["n_samples"], p["train_ratio"], p["test_ratio"]) == (case["n_train"], case["n_test"])
    ds = generate("moon", **{k: p[k] for k in ("n_samples", "noise", "seed", "shuffle", "train_ratio", "test_ratio")})
    for key in ("X_train", "y_train", "X_test", "y_test"):
        assert sha256(ds[key]) == case["arrays"][key]["sha256"], key


def test_full_rows_are_0_17_1s_raw_rows() -> None:
    """0.17.1 unshuffled, everything in train: ``X_train`` is its raw generation order."""
    case = CASES_017["moon_raw_rows_n201"]
    p = case["params"]
    ds = generate("moon", n_samples=p["n_samples"], noise=p["noise"], seed=p["seed"])
    assert sha256(ds["X_full"]) == case["arrays"]["X_train"]["sha256"]
    assert sha256(ds["y_full"]) == case["arrays"]["y_train"]["sha256"]


@pytest.mark.parametrize(("n_samples", "upper"), [(2, 1), (3, 1), (4, 2), (101, 50), (200, 100), (999, 499)])
def test_upper_moon_is_class_0_with_floor_half_and_the_lower_moon_gets_the_odd_point(
    n_samples: int, upper: int
) -> None:
    ds = generate("moon", n_samples=n_samples, seed=1)
    np.testing.assert_array_equal(ds.labels("full"), np.repeat([0, 1], [upper, n_samples - upper]))
    assert ds.class_names == ["upper", "lower"]


def test_without_noise_nothing_is_drawn_and_points_lie_on_the_two_unit_arcs() -> None:
    first, second = (generate("moon", n_samples=301, noise=0.0, seed=s)["X_full"] for s in (1, 2))
    np.testing.assert_array_equal(first, second)
    X = first.astype(np.float64)
    upper, lower = X[:150], X[150:]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, rtol=2e-7)
    np.testing.assert_allclose(np.hypot(1.0 - lower[:, 0], 0.5 - lower[:, 1]), 1.0, rtol=2e-7, atol=1e-7)
    assert upper[:, 1].min() >= 0 and lower[:, 1].max() <= 0.5
    assert first[0].tolist() == [1.0, 0.0] and first[149].tolist() == [-1.0, np.float32(np.sin(np.pi))]
    assert first[150].tolist() == [0.0, 0.5] and first[-1].tolist() == [2.0, np.float32(0.5 - np.sin(np.pi))]


def test_an_arc_of_one_point_sits_at_angle_zero() -> None:
    X = generate("moon", n_samples=3, noise=0.0, seed=1)["X_full"]
    assert X[0].tolist() == [1.0, 0.0]  # linspace(0, pi, 1) == [0]


def test_noise_is_one_row_major_normal_draw_scaled_by_noise(seed: int) -> None:
    clean = generate("moon", n_samples=50, noise=0.0, seed=seed)["X_full"].astype(np.float64)
    noisy = generate("moon", n_samples=50, noise=0.5, seed=seed)["X_full"].astype(np.float64)
    draw = np.random.default_rng(seed).standard_normal((50, 2)) * 0.5
    np.testing.assert_allclose(noisy - clean, draw, atol=1e-6)


def test_moon_has_no_aliases_so_0_17_1s_ignored_keys_are_errors_here() -> None:
    for key in ("n_points", "noise_level"):
        with pytest.raises(ParameterError, match=f"unknown parameter '{key}' for generator 'moon'"):
            generate("moon", **{key: 5})


BOUNDS = [
    Bound("n_samples", 2, 1, "[2, inf)"),
    Bound("noise", 0.0, -0.01, "[0, inf)"),
    Bound("seed", 0, -1, "[0, inf)"),
]


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_accepts_the_value_just_inside(bound: Bound) -> None:
    assert_accepted("moon", {}, bound)


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_bound_rejects_the_value_just_outside_naming_parameter_value_and_range(bound: Bound) -> None:
    assert_rejected("moon", {}, bound)


def test_the_modules_examples_hold() -> None:
    assert doctest.testmod(moon).failed == 0


def test_defaults_are_0_17_1s_size_and_noise() -> None:
    params = registry.get("moon").resolve({"seed": 3})
    assert (params.n_samples, params.noise, params.train_ratio, params.test_ratio, params.shuffle) == (
        200, 0.1, 0.8, 0.2, True)  # fmt: skip
    assert registry.get("moon").version == moon.VERSION == "1.0.0"


# -- the chunked form -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 10, 97, 1000, 12_345])
def test_arc_angles_are_numpys_linspace_for_any_slice(count: int) -> None:
    full = np.linspace(0.0, np.pi, count)
    np.testing.assert_array_equal(moon.arc_angles(count, 0, count), full)
    for start, stop in ((0, 1), (count // 3, count // 2 + 1), (count - 1, count), (count, count)):
        np.testing.assert_array_equal(moon.arc_angles(count, start, stop), full[start:stop])


def blocks(params: dict[str, Any], size: int) -> tuple[np.ndarray, np.ndarray]:
    spec = registry.get("moon")
    resolved = spec.resolve(params, chunked=True)
    n = spec.block.layout(resolved).n_rows
    parts = [spec.block.generate(resolved, a, min(a + size, n), block_rng(resolved.seed, a // size))
             for a in range(0, n, size)]  # fmt: skip
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


@pytest.mark.parametrize("n_samples", [2, 3, 101, 10_001])
@pytest.mark.parametrize("size", [1, 7, 50, 5_000])
def test_noise_free_blocks_equal_the_in_memory_rows(n_samples: int, size: int) -> None:
    params = {"n_samples": n_samples, "noise": 0.0, "seed": 2}
    reference = registry.get("moon").run(registry.get("moon").resolve(params))
    X, labels = blocks(params, size)
    np.testing.assert_array_equal(X, reference.X)
    np.testing.assert_array_equal(labels, reference.labels)
    assert labels.dtype == label_dtype(2)


def test_noisy_blocks_add_each_blocks_own_row_major_draw() -> None:
    params = moon.MoonParams(n_samples=40, noise=0.3, seed=1)
    clean, _ = moon.generate_block(moon.MoonParams(n_samples=40, noise=0.0), 15, 30, np.random.default_rng(9))
    noisy, _ = moon.generate_block(params, 15, 30, np.random.default_rng(9))
    expected = np.random.default_rng(9).standard_normal((15, 2)) * 0.3
    np.testing.assert_allclose(noisy.astype(np.float64) - clean, expected, atol=1e-6)


def test_a_chunked_build_of_one_block_has_exactly_the_in_memory_arrays(tmp_path: Path) -> None:
    params = {"n_samples": 99, "noise": 0.05, "seed": 6}
    built = read_dataset(build_chunked("moon", tmp_path / "ds", block_size=1000, progress="never", **params))
    reference = generate("moon", **params)
    for key in reference:
        np.testing.assert_array_equal(built[key], reference[key])
    assert built.meta["hashes"] == reference.meta["hashes"]
