"""sizing: the partition knobs' validation order and errors (SPEC-0.17 §1.3), rescaling, and recipes that name none."""

from __future__ import annotations

import dataclasses
import doctest
import json
import re
from pathlib import Path
from typing import Any

import pytest

from juniper_data import generate
from juniper_data.generators import registry, sizing
from juniper_data.generators.params import ParameterError

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
REJECTIONS = json.loads((REPOSITORY_ROOT / "tests" / "fixtures" / "jd017" / "fingerprints.json").read_text())[
    "rejections"
]
SYNTHETIC = ("spiral", "xor", "gaussian", "circles", "checkerboard", "moon")


def test_doctests() -> None:
    assert doctest.testmod(sizing).failed == 0


@pytest.fixture
def repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(REPOSITORY_ROOT))


# Each 0.17.1 refusal (tests/fixtures/jd017 "rejections") as our request, and what our error names. Where 0.17.1's
# default mode made the request a three-way one, ours names the mode ("additive" for generators, "carve" for
# csv_import), since a recipe without a sizing mode is 0.4's.
CSV = {"file_path": "tests/fixtures/jd017/small.csv"}
REFUSED_AS_0_17_1_DID: dict[str, tuple[str, dict[str, Any], str]] = {
    "bounds_before_sizing_mode": ("moon", {"sizing_mode": "bogus", "val_ratio": 2},
                                  "parameter 'val_ratio' = 2.0 is out of range; allowed: [0, 1]"),
    "sizing_mode_before_ratio_sum": ("moon", {"sizing_mode": "bogus", "val_ratio": 0.5},
                                     "parameter 'sizing_mode' = 'bogus'; allowed: 'additive' or 'carve'"),
    "sizing_mode_capitalised": ("moon", {"sizing_mode": "Carve"}, "parameter 'sizing_mode' = 'Carve'; allowed: "),
    "sizing_mode_unknown_spiral": ("spiral", {"sizing_mode": "fixed"}, "parameter 'sizing_mode' = 'fixed'; allowed"),
    "csv_additive": ("csv_import", {**CSV, "sizing_mode": "additive"},
                     "'sizing_mode' = 'additive' is not available for this generator: it reads real data"),
    "csv_default_ratios_plus_test": ("csv_import", {**CSV, "sizing_mode": "carve", "test_ratio": 0.2},
                                     "train_ratio (0.8) + val_ratio (0.1) + test_ratio (0.2) = 1.1"),
    "ratio_sum_0_4_style_val_additive": ("spiral", {"sizing_mode": "additive", "val_ratio": 0.1},
                                         "train_ratio (0.8) + val_ratio (0.1) + test_ratio (0.2) = 1.1"),
    "ratio_sum_0_4_style_val_carve": ("moon", {"sizing_mode": "carve", "val_ratio": 0.1},
                                      "train_ratio (0.8) + val_ratio (0.1) + test_ratio (0.2) = 1.1"),
    "ratio_sum_0_7_0_2_0_2": ("xor", {"sizing_mode": "carve", "train_ratio": 0.7, "val_ratio": 0.2, "test_ratio": 0.2},
                              "= 1.0999999999999999; allowed: a sum <= 1.0"),
    "ratio_sum_float_excess": ("moon", {"sizing_mode": "carve", "train_ratio": 0.34, "val_ratio": 0.56,
                                        "test_ratio": 0.1}, "= 1.0000000000000002; allowed: a sum <= 1.0"),
    "n_samples_1_moon": ("moon", {"n_samples": 1}, "parameter 'n_samples' = 1 is out of range; allowed: [2, inf)"),
    "n_samples_not_an_int_moon": ("moon", {"n_samples": "many"}, "parameter 'n_samples' = 'many'; allowed: an integ"),
    "noise_negative_moon": ("moon", {"noise": -0.1}, "parameter 'noise' = -0.1 is out of range; allowed: [0, inf)"),
    "seed_negative_moon": ("moon", {"seed": -1}, "parameter 'seed' = -1 is out of range; allowed: [0, inf)"),
    "seed_negative_spiral": ("spiral", {"seed": -1}, "parameter 'seed' = -1 is out of range; allowed: [0, inf)"),
    "spiral_additive_rescale_over_cap": ("spiral", {"sizing_mode": "additive", "n_points_per_spiral": 5883},
                                         "parameter 'n_points_per_spiral' = 5883 with sizing_mode 'additive' needs "
                                         "10001 per unit"),
    "test_percent_negative": ("moon", {"sizing_mode": "additive", "test_percent": -1},
                              "parameter 'test_percent' = -1.0 is out of range; allowed: [0, 1000]"),
    "train_ratio_zero_moon": ("moon", {"sizing_mode": "carve", "test_ratio": 0.5, "train_ratio": 0.0},
                              "parameter 'train_ratio' = 0.0 is out of range; allowed: (0, 1]"),
    "train_ratio_zero_xor": ("xor", {"sizing_mode": "carve", "test_ratio": 0.5, "train_ratio": 0.0},
                             "parameter 'train_ratio' = 0.0 is out of range; allowed: (0, 1]"),
    "unknown_generator_moons": ("moons", {"seed": 42}, "unknown generator 'moons'; known generators: "),
    "val_percent_above_1000": ("moon", {"sizing_mode": "additive", "val_percent": 1000.5},
                               "parameter 'val_percent' = 1000.5 is out of range; allowed: [0, 1000]"),
    "val_percent_negative_in_carve": ("moon", {"sizing_mode": "carve", "val_percent": -5},
                                      "parameter 'val_percent' = -5.0 is out of range; allowed: [0, 1000]"),
    "val_ratio_above_1": ("moon", {"sizing_mode": "carve", "val_ratio": 1.5},
                          "parameter 'val_ratio' = 1.5 is out of range; allowed: [0, 1]"),
    "val_ratio_negative_in_additive": ("moon", {"sizing_mode": "additive", "val_ratio": -0.1},
                                       "parameter 'val_ratio' = -0.1 is out of range; allowed: [0, 1]"),
}  # fmt: skip


def test_every_0_17_1_refusal_of_the_fixtures_is_covered() -> None:
    assert set(REFUSED_AS_0_17_1_DID) == set(REJECTIONS)


@pytest.mark.usefixtures("repository_root")
@pytest.mark.parametrize("case", sorted(REFUSED_AS_0_17_1_DID))
def test_what_0_17_1_refused_we_refuse_naming_the_parameter_the_value_and_what_is_allowed(case: str) -> None:
    generator, request, message = REFUSED_AS_0_17_1_DID[case]
    with pytest.raises(ParameterError) as caught:
        generate(generator, **request)
    assert message in str(caught.value)


def test_the_largest_additive_spiral_fits_the_cap_after_rescaling() -> None:
    ds = generate("spiral", sizing_mode="additive", n_points_per_spiral=5882)
    assert ds["X_full"].shape == (20000, 2) and ds.meta["recipe"]["params"]["n_points_per_spiral"] == 5882


def test_a_zero_train_share_is_refused_except_for_spiral_as_in_0_4_and_0_17() -> None:
    ds = generate("spiral", sizing_mode="carve", train_ratio=0.0, val_ratio=0.5, test_ratio=0.5)
    assert (ds.meta["n_train"], ds.meta["n_val"], ds.meta["n_test"]) == (0, 97, 97)


@pytest.mark.parametrize("generator", SYNTHETIC)
def test_every_field_given_at_its_default_as_hydra_passes_them_keeps_the_recipe_without_a_sizing_mode(
    generator: str,
) -> None:
    """``python -m juniper_data.build`` passes every schema field: absent knobs must stay absent."""
    schema = registry.get(generator).params
    defaults = {f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
                for f in dataclasses.fields(schema)}  # fmt: skip
    explicit = generate(generator, **{**defaults, "seed": 3})
    plain = generate(generator, seed=3)
    assert explicit.meta["recipe"] == plain.meta["recipe"] and "sizing_mode" not in plain.meta["recipe"]["params"]
    assert explicit.meta["dataset_id"] == plain.meta["dataset_id"] and "X_val" not in explicit


def test_0_17_defaults_sent_explicitly_are_the_same_recipe_as_the_mode_alone() -> None:
    """The migration client sends 0.17's defaults: they must not make another dataset id."""
    explicit = {"sizing_mode": "additive", "val_percent": 40.0, "test_percent": 30.0, "val_ratio": 0.0,
                "train_ratio": 0.8, "test_ratio": 0.2, "shuffle": True, "seed": 42}  # fmt: skip
    a, b = generate("moon", **explicit), generate("moon", sizing_mode="additive", seed=42)
    assert a.meta["recipe"] == b.meta["recipe"] and a.meta["hashes"] == b.meta["hashes"]
    assert list(a.meta["recipe"]["params"]) == ["seed", "train_ratio", "test_ratio", "shuffle", "sizing_mode",
                                                 "n_samples", "noise"]  # fmt: skip


def test_a_three_way_recipe_without_a_seed_records_the_drawn_seed_as_every_recipe_does() -> None:
    ds = generate("xor", sizing_mode="carve", val_ratio=0.1, test_ratio=0.1)
    seed = ds.meta["recipe"]["params"]["seed"]
    assert isinstance(seed, int) and generate("xor", **ds.meta["recipe"]["params"]).meta["hashes"] == ds.meta["hashes"]


def test_ignored_knobs_of_the_other_mode_are_validated_and_recorded_but_do_not_move_the_arrays() -> None:
    """As 0.17: additive reads the percentages only, carve the ratios only; both check all of them."""
    plain = generate("xor", sizing_mode="additive", seed=4)
    other = generate("xor", sizing_mode="additive", val_ratio=0.05, test_ratio=0.15, seed=4)
    assert other.meta["hashes"] == plain.meta["hashes"] and other.meta["recipe"]["params"]["val_ratio"] == 0.05
    carved = generate("xor", sizing_mode="carve", val_percent=10.0, seed=4)
    assert carved.meta["hashes"] == generate("xor", sizing_mode="carve", seed=4).meta["hashes"]


def test_the_rescale_error_says_how_many_rows_each_split_needed() -> None:
    with pytest.raises(ParameterError) as caught:
        generate("spiral", sizing_mode="additive", n_points_per_spiral=5883)
    assert re.search(r"train 11766 \+ validation 4706 \+ test 3530 rows over 2 units\); allowed: "
                     r"n_points_per_spiral in \[10, 10000\]", str(caught.value))  # fmt: skip
