"""The contract every generator keeps (SPEC §3), as one suite each generator opts in to.

A generator joins with a one-line subclass in its own test module::

    class TestContract(GeneratorContract):
        generator, recipe = "xor", {"n_points_per_quadrant": 13, "noise": 0.1}

``recipe`` is a small valid recipe without a seed, whose rows depend on the seed.
Every seeded test runs for each seed of the ``seed`` fixture.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.dataset import Dataset
from juniper_data.generators import registry
from juniper_data.generators.params import RECIPE_DEFAULT_OMITTED, CommonParams, ParameterError
from juniper_data.split import additive_partition, carve_partition
from juniper_data.split_names import THREE_WAY
from tests.generators.bounds import Bound, assert_accepted, assert_rejected

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
KEYS = ("X_train", "y_train", "X_test", "y_test", "X_full", "y_full")
THREE_WAY_KEYS = ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test", "X_full", "y_full")

#: (train, val, test) of a carve: 0.17's cascor request, sum < 1 (a discarded tail), a half-even case.
CARVE_RATIOS = [(0.8, 0.1, 0.1), (0.5, 0.2, 0.1), (0.25, 0.375, 0.375)]
#: The partition knobs' bounds (SPEC-0.17 §1.2), each checked in a named mode.
SIZING_BOUNDS = [
    Bound("val_ratio", 0.0, -0.01, "[0, 1]", {"sizing_mode": "carve", "test_ratio": 0.1}),
    Bound("val_ratio", 0.2, 1.5, "[0, 1]", {"sizing_mode": "carve", "train_ratio": 0.7, "test_ratio": 0.1}),
    Bound("val_percent", 0.0, -5.0, "[0, 1000]", {"sizing_mode": "carve", "test_ratio": 0.1}),
    Bound("val_percent", 1000.0, 1000.5, "[0, 1000]", {"sizing_mode": "carve", "test_ratio": 0.1}),
    Bound("test_percent", 0.0, -1.0, "[0, 1000]", {"sizing_mode": "carve", "test_ratio": 0.1}),
    Bound("test_percent", 1000.0, 1000.01, "[0, 1000]", {"sizing_mode": "carve", "test_ratio": 0.1}),
]

#: (train_ratio, test_ratio): the default, an overflow case (halves round up on
#: odd N), dropped rows, a round-half-even case on N = 4k, everything in train.
RATIOS = [(0.8, 0.2), (0.5, 0.5), (0.3, 0.3), (0.125, 0.375), (1.0, 0.0)]

COMMON_BOUNDS = [
    Bound("test_ratio", 0.0, -0.01, "[0, 1]"),
    Bound("test_ratio", 0.999, 1.01, "[0, 1]", {"train_ratio": 0.001}),
    Bound("seed", 0, -1, "[0, inf)"),
]
#: JuniperData 0.4: spiral alone allows an empty train split; the others refuse train_ratio = 0.
TRAIN_RATIO_BOUNDS = {
    True: [Bound("train_ratio", 0.0, -0.01, "[0, 1]"), Bound("train_ratio", 1.0, 1.01, "[0, 1]", {"test_ratio": 0.0})],
    False: [Bound("train_ratio", 0.001, 0.0, "(0, 1]"), Bound("train_ratio", 1.0, 1.01, "(0, 1]", {"test_ratio": 0.0})],
}


def spec_split_sizes(n: int, train_ratio: float, test_ratio: float) -> tuple[int, int]:
    """SPEC §3 with Python's ``round`` (also half-to-even), independent of numpy."""
    n_train, n_test = round(n * train_ratio), round(n * test_ratio)
    if n_train + n_test > n:
        n_test = n - n_train
    return n_train, n_test


def spec_dataset_id(recipe: dict[str, Any]) -> str:
    """``<generator>-`` + 12 hex of sha256 over the sorted, compact JSON of the recipe."""
    canonical = json.dumps(recipe, sort_keys=True, separators=(",", ":"))
    return f"{recipe['generator']}-{hashlib.sha256(canonical.encode()).hexdigest()[:12]}"


def common_fields() -> set[str]:
    """The fields of :class:`CommonParams` every recipe records (the partition knobs only when set)."""
    return {f.name for f in dataclasses.fields(CommonParams) if not f.metadata.get(RECIPE_DEFAULT_OMITTED)}


class GeneratorContract:
    """Behaviour shared by every generator; subclass it to opt in."""

    generator: ClassVar[str]
    recipe: ClassVar[dict[str, Any]]
    #: False for a source whose rows are fixed (an import): then the seed only moves the split.
    rows_depend_on_seed: ClassVar[bool] = True
    #: True for an import source: its recipe's paths resolve against the repository root.
    reads_repository_files: ClassVar[bool] = False
    #: True only for spiral: JuniperData 0.4 allowed train_ratio = 0 there and nowhere else.
    empty_train_allowed: ClassVar[bool] = False

    #: Sizing tests that apply only to generators that make their rows, or only to import sources
    #: (additive sizing is refused there): a subclass collects only the set that applies to it.
    GENERATED_ROWS_ONLY: ClassVar[tuple[str, ...]] = (
        "test_additive_generates_val_and_test_on_top_of_the_size_knobs_train_rows",
    )
    IMPORTED_ROWS_ONLY: ClassVar[tuple[str, ...]] = (
        "test_additive_is_refused_for_an_import_source_naming_the_mode",
        "test_an_import_source_carves_a_tenth_for_validation_by_default",
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        generator = cls.__dict__.get("generator")
        if generator is None:
            return
        generated = registry.get(generator).params.GENERATES_ROWS
        for name in cls.IMPORTED_ROWS_ONLY if generated else cls.GENERATED_ROWS_ONLY:
            setattr(cls, name, None)  # pytest collects no test under a name bound to None

    @pytest.fixture(autouse=True)
    def _import_root(self, monkeypatch: pytest.MonkeyPatch) -> None:
        if self.reads_repository_files:
            monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(REPOSITORY_ROOT))

    def make(self, seed: int | None, **overrides: Any) -> Dataset:
        return generate(self.generator, **{**self.recipe, "seed": seed, **overrides})

    @pytest.fixture
    def ds(self, seed: int) -> Dataset:
        return self.make(seed)

    # -- arrays ---------------------------------------------------------------

    def test_has_the_six_contract_arrays_first_then_each_extra_per_split(self, ds: Dataset) -> None:
        extras = tuple(f"{name}_{split}" for name in ds.meta["extras"] for split in ("train", "test", "full"))
        assert tuple(ds) == KEYS + extras
        assert len(ds) == 6 + len(extras)

    def test_every_array_is_float32_and_two_dimensional(self, ds: Dataset) -> None:
        for key in KEYS:
            assert ds[key].dtype == np.float32, key
            assert ds[key].ndim == 2, key

    def test_labels_are_one_hot_with_exactly_one_one_per_row(self, ds: Dataset) -> None:
        for split in ("train", "test", "full"):
            y = ds[f"y_{split}"]
            assert np.isin(y, [0.0, 1.0]).all()
            assert (np.count_nonzero(y == 1.0, axis=1) == 1).all()

    def test_shapes_agree_across_arrays_and_meta(self, ds: Dataset) -> None:
        n_features, n_classes = ds.meta["n_features"], ds.meta["n_classes"]
        for split in ("train", "test", "full"):
            n = ds[f"X_{split}"].shape[0]
            assert ds[f"X_{split}"].shape == (n, n_features)
            assert ds[f"y_{split}"].shape == (n, n_classes)
            assert ds.meta[f"n_{split}"] == n
        assert ds.meta["shapes"] == {k: list(ds[k].shape) for k in ds}
        assert {k: ds.meta["dtypes"][k] for k in KEYS} == dict.fromkeys(KEYS, "float32")
        assert len(ds.meta["class_names"]) == n_classes

    @pytest.mark.parametrize(("train_ratio", "test_ratio"), RATIOS)
    def test_split_sizes_round_half_even_shrink_test_on_overflow_and_drop_the_rest(
        self, seed: int, train_ratio: float, test_ratio: float
    ) -> None:
        ds = self.make(seed, train_ratio=train_ratio, test_ratio=test_ratio)
        n = ds["X_full"].shape[0]
        n_train, n_test = spec_split_sizes(n, train_ratio, test_ratio)
        assert (ds["X_train"].shape[0], ds["X_test"].shape[0]) == (n_train, n_test)
        assert (ds.meta["n_train"], ds.meta["n_test"]) == (n_train, n_test)

    def test_full_arrays_are_the_generator_rows_in_generation_order(self, seed: int, ds: Dataset) -> None:
        spec = registry.get(self.generator)
        raw = spec.run(spec.resolve({**self.recipe, "seed": seed}))
        np.testing.assert_array_equal(ds["X_full"], raw.X)
        np.testing.assert_array_equal(ds.labels("full"), raw.labels)
        assert ds.class_names == list(raw.class_names)

    @pytest.mark.parametrize(("train_ratio", "test_ratio"), RATIOS)
    def test_train_and_test_are_rows_of_full_picked_by_a_fresh_seeded_permutation(
        self, seed: int, train_ratio: float, test_ratio: float
    ) -> None:
        ds = self.make(seed, train_ratio=train_ratio, test_ratio=test_ratio)
        n = ds["X_full"].shape[0]
        n_train, n_test = spec_split_sizes(n, train_ratio, test_ratio)
        order = np.random.default_rng(seed).permutation(n)
        for key in ("X", "y"):
            full = ds[f"{key}_full"]
            np.testing.assert_array_equal(ds[f"{key}_train"], full[order[:n_train]])
            np.testing.assert_array_equal(ds[f"{key}_test"], full[order[n_train : n_train + n_test]])

    def test_unshuffled_split_takes_leading_rows_in_generation_order(self, seed: int) -> None:
        ds = self.make(seed, shuffle=False)
        n_train, n_test = ds.meta["n_train"], ds.meta["n_test"]
        for key in ("X", "y"):
            full = ds[f"{key}_full"]
            np.testing.assert_array_equal(ds[f"{key}_train"], full[:n_train])
            np.testing.assert_array_equal(ds[f"{key}_test"], full[n_train : n_train + n_test])

    # -- determinism ----------------------------------------------------------

    def test_same_recipe_twice_gives_identical_arrays_and_meta(self, seed: int, ds: Dataset) -> None:
        again = self.make(seed)
        for key in KEYS:
            np.testing.assert_array_equal(again[key], ds[key])
        assert again.meta == ds.meta

    def test_different_seed_gives_different_data(self, seed: int, ds: Dataset) -> None:
        other = self.make(seed + 1)
        assert np.array_equal(other["X_full"], ds["X_full"]) is not self.rows_depend_on_seed
        assert not np.array_equal(other["X_train"], ds["X_train"])
        assert other.meta["hashes"]["X_train"] != ds.meta["hashes"]["X_train"]
        assert other.meta["dataset_id"] != ds.meta["dataset_id"]

    def test_recorded_recipe_regenerates_the_identical_dataset(self, ds: Dataset) -> None:
        recipe = ds.meta["recipe"]
        again = generate(recipe["generator"], **recipe["params"])
        assert again.meta["hashes"] == ds.meta["hashes"]
        assert again.meta["dataset_id"] == ds.meta["dataset_id"]

    def test_missing_seed_is_drawn_recorded_and_reproducible(self) -> None:
        ds = self.make(None)
        recorded = ds.meta["recipe"]["params"]
        assert isinstance(recorded["seed"], int) and recorded["seed"] >= 0
        # the recorded recipe (which may also record how an unseeded recipe picks rows) reproduces it
        assert generate(self.generator, **recorded).meta["hashes"] == ds.meta["hashes"]

    # -- validation -----------------------------------------------------------

    def test_ratio_sum_above_one_is_rejected(self, seed: int) -> None:
        with pytest.raises(ParameterError, match=r"train_ratio \+ test_ratio = 0\.7 \+ 0\.4 .*sum <= 1"):
            self.make(seed, train_ratio=0.7, test_ratio=0.4)

    def test_ratio_sum_above_one_by_one_ulp_is_rejected_as_0_4_did(self, seed: int) -> None:
        with pytest.raises(ParameterError, match=r"= 1\.0000000000000002; allowed: a sum <= 1"):
            self.make(seed, train_ratio=0.5, test_ratio=0.5000000000000002)

    def test_train_ratio_bounds_are_those_of_0_4(self) -> None:
        for bound in TRAIN_RATIO_BOUNDS[self.empty_train_allowed]:
            assert_accepted(self.generator, self.recipe, bound)
            assert_rejected(self.generator, self.recipe, bound)

    def test_ratio_sum_of_exactly_one_is_accepted(self, seed: int) -> None:
        for train_ratio in (0.9, 0.7, 0.55, 0.35):
            ds = self.make(seed, train_ratio=train_ratio, test_ratio=round(1 - train_ratio, 10))
            assert ds.meta["n_train"] + ds.meta["n_test"] == ds.meta["n_full"]

    @pytest.mark.parametrize("bound", COMMON_BOUNDS, ids=str)
    def test_common_bound_accepts_the_inside_value(self, bound: Bound) -> None:
        assert_accepted(self.generator, self.recipe, bound)

    @pytest.mark.parametrize("bound", COMMON_BOUNDS, ids=str)
    def test_common_bound_rejects_the_outside_value_naming_it(self, bound: Bound) -> None:
        assert_rejected(self.generator, self.recipe, bound)

    def test_unknown_parameter_error_suggests_the_closest_valid_name(self) -> None:
        for f in dataclasses.fields(registry.get(self.generator).params):
            typo = f.name[:-1]
            with pytest.raises(ParameterError) as caught:
                self.make(1, **{typo: 1})
            message = str(caught.value)
            assert f"unknown parameter '{typo}' for generator '{self.generator}'" in message
            assert f"did you mean '{f.name}'" in message

    def test_wrong_type_is_rejected_naming_the_parameter(self) -> None:
        for name, value in (("shuffle", "yes"), ("train_ratio", "0.5"), ("seed", 1.5)):
            with pytest.raises(ParameterError, match=re.escape(f"parameter '{name}' = {value!r}; allowed: ")):
                generate(self.generator, **{**self.recipe, "seed": 1, name: value})

    # -- metadata -------------------------------------------------------------

    def test_recipe_records_generator_version_and_every_resolved_parameter(self, seed: int) -> None:
        spec = registry.get(self.generator)
        ds = self.make(seed)
        recipe = ds.meta["recipe"]
        assert recipe["generator"] == self.generator
        assert recipe["version"] == spec.version
        fields = dataclasses.fields(spec.params)
        # Fields added after 0.4 stay out of the recipe at their default (ids of old recipes kept).
        recorded = [f.name for f in fields if not f.metadata.get(RECIPE_DEFAULT_OMITTED)]
        assert list(recipe["params"]) == recorded
        assert common_fields() <= set(recipe["params"])
        assert recipe["params"]["seed"] == seed
        json.dumps(recipe, allow_nan=False)  # JSON-ready: plain values only

    def test_defaults_given_explicitly_give_the_same_recipe_and_id(self, seed: int, ds: Dataset) -> None:
        explicit = generate(self.generator, **ds.meta["recipe"]["params"])
        assert explicit.meta["recipe"] == ds.meta["recipe"]
        assert explicit.meta["dataset_id"] == ds.meta["dataset_id"]

    def test_dataset_id_is_a_readable_prefix_and_a_hash_of_the_canonical_recipe(self, ds: Dataset) -> None:
        assert ds.meta["dataset_id"] == spec_dataset_id(ds.meta["recipe"])
        assert ds.meta["name"] == ds.meta["dataset_id"]

    def test_dataset_id_changes_with_the_split_parameters(self, seed: int, ds: Dataset) -> None:
        ids = {
            ds.meta["dataset_id"],
            self.make(seed, shuffle=False).meta["dataset_id"],
            self.make(seed, train_ratio=0.5, test_ratio=0.5).meta["dataset_id"],
        }
        assert len(ids) == 3

    def test_hashes_are_sha256_of_the_c_order_array_bytes(self, ds: Dataset) -> None:
        for key in KEYS:
            assert ds.meta["hashes"][key] == "sha256:" + hashlib.sha256(ds[key].tobytes(order="C")).hexdigest()

    def test_meta_counts_match_the_arrays(self, ds: Dataset) -> None:
        meta = ds.meta
        assert meta["contract_version"] == "1.2"
        assert meta["n_classes"] == ds["y_full"].shape[1]
        assert meta["n_features"] == ds["X_full"].shape[1]
        for split in ("train", "test", "full"):
            counts = np.bincount(np.argmax(ds[f"y_{split}"], axis=1), minlength=meta["n_classes"])
            assert meta["class_distribution"][split] == dict(zip(meta["class_names"], counts.tolist(), strict=True))
        assert meta["tags"] == [] and meta["expires"] is None
        assert meta["software"]["numpy"] == np.__version__
        assert set(meta["software"]) == {"juniper_data", "numpy"}


    # -- sizing modes (SPEC-0.17 §1): the three-way partition --------------------

    def native_rows(self, seed: int) -> tuple[int, int]:
        """``(N, U)``: rows the recipe describes without a sizing mode, and the units its size knob counts."""
        spec = registry.get(self.generator)
        plain = self.make(seed)
        if spec.size is None:
            return plain.meta["n_full"], 1
        params = spec.resolve({**self.recipe, "seed": seed})
        assert spec.size.rows(params) == plain.meta["n_full"]
        return plain.meta["n_full"], spec.size.unit_count(params)

    @pytest.mark.parametrize(("train_ratio", "val_ratio", "test_ratio"), CARVE_RATIOS)
    def test_carve_divides_the_native_rows_and_cuts_one_fresh_permutation_into_three(
        self, seed: int, train_ratio: float, val_ratio: float, test_ratio: float
    ) -> None:
        n, _ = self.native_rows(seed)
        ratios = {"train_ratio": train_ratio, "val_ratio": val_ratio, "test_ratio": test_ratio}
        ds = self.make(seed, sizing_mode="carve", **ratios)
        part = carve_partition(n, **ratios)
        assert tuple(ds) == THREE_WAY_KEYS + tuple(f"{e}_{s}" for e in ds.meta["extras"] for s in THREE_WAY)
        assert [ds.meta[f"n_{s}"] for s in ("train", "val", "test", "full")] == [*part[:3], n]
        assert {k: list(ds[k].shape) for k in ds} == ds.meta["shapes"]
        np.testing.assert_array_equal(ds["X_full"], self.make(seed)["X_full"])  # carve invents no rows
        order = np.random.default_rng(seed).permutation(n)
        picks = np.split(order[: part.total], [part.n_train, part.n_train + part.n_val])
        for key in ("X", "y"):
            for split, rows in zip(("train", "val", "test"), picks, strict=True):
                np.testing.assert_array_equal(ds[f"{key}_{split}"], ds[f"{key}_full"][rows])
        assert len(set(np.concatenate(picks).tolist())) == part.total  # disjoint splits

    def test_carve_without_shuffling_takes_contiguous_blocks_of_the_generation_order(self, seed: int) -> None:
        ds = self.make(seed, sizing_mode="carve", shuffle=False, train_ratio=0.5, val_ratio=0.25, test_ratio=0.25)
        a, b, c = ds.meta["n_train"], ds.meta["n_val"], ds.meta["n_test"]
        for key in ("X", "y"):
            full = ds[f"{key}_full"]
            np.testing.assert_array_equal(ds[f"{key}_train"], full[:a])
            np.testing.assert_array_equal(ds[f"{key}_val"], full[a : a + b])
            np.testing.assert_array_equal(ds[f"{key}_test"], full[a + b : a + b + c])

    def test_carve_at_val_ratio_0_keeps_0_4s_train_and_test_and_an_empty_validation_split(self, seed: int) -> None:
        carved = self.make(seed, sizing_mode="carve", val_ratio=0.0, train_ratio=0.75, test_ratio=0.25)
        plain = self.make(seed, train_ratio=0.75, test_ratio=0.25)
        for key in ("X_train", "y_train", "X_test", "y_test", "X_full", "y_full"):
            np.testing.assert_array_equal(carved[key], plain[key])
        assert carved["X_val"].shape == (0, plain.meta["n_features"]) and carved.meta["n_val"] == 0

    def test_additive_generates_val_and_test_on_top_of_the_size_knobs_train_rows(self, seed: int) -> None:
        n, units = self.native_rows(seed)
        ds = self.make(seed, sizing_mode="additive", val_percent=25.0, test_percent=15.0)
        part = additive_partition(n, val_percent=25.0, test_percent=15.0)
        assert (ds.meta["n_train"], ds.meta["n_val"], ds.meta["n_test"]) == part[:3] and part.n_train == n
        n_generated = units * -(-part.total // units)
        assert ds.meta["n_full"] == n_generated == ds["X_full"].shape[0] and n_generated - part.total < units
        order = np.random.default_rng(seed).permutation(n_generated)
        np.testing.assert_array_equal(ds["X_val"], ds["X_full"][order[part.n_train : part.n_train + part.n_val]])
        np.testing.assert_array_equal(ds["y_test"], ds["y_full"][order[part.n_train + part.n_val : part.total]])

    def test_additive_is_refused_for_an_import_source_naming_the_mode(self, seed: int) -> None:
        with pytest.raises(ParameterError, match=r"'sizing_mode' = 'additive' is not available .* allowed: 'carve'"):
            self.make(seed, sizing_mode="additive")

    def test_an_import_source_carves_a_tenth_for_validation_by_default(self, seed: int) -> None:
        n, _ = self.native_rows(seed)
        ds = self.make(seed, sizing_mode="carve", test_ratio=0.1)
        part = carve_partition(n, train_ratio=0.8, val_ratio=0.1, test_ratio=0.1)
        assert (ds.meta["n_train"], ds.meta["n_val"], ds.meta["n_test"]) == part[:3]
        assert "val_ratio" not in ds.meta["recipe"]["params"]  # at its default

    def test_a_sizing_mode_is_recorded_regenerates_identically_and_moves_the_id(self, seed: int) -> None:
        knobs = {"sizing_mode": "carve", "val_ratio": 0.15, "test_ratio": 0.05}
        ds = self.make(seed, **knobs)
        params = ds.meta["recipe"]["params"]
        assert {k: params[k] for k in knobs} == knobs
        again = generate(self.generator, **params)
        assert again.meta["hashes"] == ds.meta["hashes"] and again.meta["dataset_id"] == ds.meta["dataset_id"]
        assert ds.meta["dataset_id"] != self.make(seed, test_ratio=0.05).meta["dataset_id"]
        twice = self.make(seed, **knobs)  # deterministic: the same recipe twice, the same arrays
        for key in ds:
            np.testing.assert_array_equal(twice[key], ds[key])

    def test_a_three_way_meta_records_contract_1_3_n_val_and_what_consumers_read(self, seed: int) -> None:
        ds = self.make(seed, sizing_mode="carve", val_ratio=0.1, test_ratio=0.1)
        meta = ds.meta
        assert meta["contract_version"] == "1.3"
        assert meta["n_val"] == ds["X_val"].shape[0] == ds.labels("validation").shape[0]
        counts = np.bincount(ds.labels("val"), minlength=meta["n_classes"])
        assert meta["class_distribution"]["val"] == dict(zip(meta["class_names"], counts.tolist(), strict=True))
        assert (meta["task_type"], meta["dataset_name"]) == ("classification", meta["name"])
        assert meta["dataset_version"] is None and meta["truncation"] is None and meta["data_quality"] is None

    def test_a_recipe_without_a_sizing_mode_has_no_validation_split_and_contract_1_2(self, ds: Dataset) -> None:
        assert "X_val" not in ds and "n_val" not in ds.meta and ds.meta["contract_version"] == "1.2"
        assert not ({"sizing_mode", "val_ratio", "val_percent", "test_percent", "task_type"} & set(ds.meta["recipe"]
                                                                                                  ["params"]))
        with pytest.raises(ValueError, match="no validation split"):
            ds.labels("validation")

    def test_the_ratio_sum_of_a_sizing_mode_is_refused_above_1_in_float64_naming_all_three(self, seed: int) -> None:
        with pytest.raises(ParameterError, match=re.escape(
            "train_ratio (0.7) + val_ratio (0.2) + test_ratio (0.2) = 1.0999999999999999; allowed: a sum <= 1.0"
        )):  # fmt: skip
            self.make(seed, sizing_mode="carve", train_ratio=0.7, val_ratio=0.2, test_ratio=0.2)

    def test_sizing_mode_must_be_additive_or_carve_exactly(self, seed: int) -> None:
        for value in ("Carve", "fixed", ""):
            with pytest.raises(ParameterError, match=rf"parameter 'sizing_mode' = {value!r}; allowed: 'additive' or"):
                self.make(seed, sizing_mode=value)

    @pytest.mark.parametrize("bound", SIZING_BOUNDS, ids=str)
    def test_sizing_knob_bound_accepts_inside_and_refuses_outside_naming_it(self, bound: Bound) -> None:
        ds = self.make(1, **{**bound.extra, bound.param: bound.inside})
        default = registry.get(self.generator).params.__dataclass_fields__[bound.param].default
        assert ds.meta["recipe"]["params"].get(bound.param, default) == bound.inside  # omitted when the default
        assert_rejected(self.generator, {**self.recipe, "seed": 1}, bound)

    def test_a_sizing_knob_without_a_sizing_mode_is_refused_as_it_would_be_ignored(self, seed: int) -> None:
        for name, value, mode in (("val_ratio", 0.05, "carve"), ("val_percent", 10.0, "additive")):
            with pytest.raises(ParameterError, match=rf"parameter '{name}' = {value} is read only with sizing_mode"
                                                     rf" '{mode}'; allowed: "):  # fmt: skip
                self.make(seed, **{name: value})


def assert_matches_reference(
    ds: Dataset,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    seed: int,
    shuffle: bool = True,
    train_ratio: float = 0.8,
    test_ratio: float = 0.2,
) -> None:
    """``ds`` holds exactly ``X``/``labels`` (a reference implementation's rows) and their SPEC §3 split."""
    assert X.dtype == np.float32
    np.testing.assert_array_equal(ds["X_full"], X, strict=True)
    np.testing.assert_array_equal(ds.labels("full"), labels)
    n = X.shape[0]
    n_train, n_test = spec_split_sizes(n, train_ratio, test_ratio)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    np.testing.assert_array_equal(ds["X_train"], X[order[:n_train]], strict=True)
    np.testing.assert_array_equal(ds["X_test"], X[order[n_train : n_train + n_test]], strict=True)
    np.testing.assert_array_equal(ds.labels("train"), labels[order[:n_train]])
    np.testing.assert_array_equal(ds.labels("test"), labels[order[n_train : n_train + n_test]])
