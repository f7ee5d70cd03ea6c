"""Chunked builds: the in-memory arrays for one block, recipe-only arrays beyond, valid artifacts always."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from juniper_data import generate, read_dataset
from juniper_data.artifacts.reader import verify_parquet
from juniper_data.generators import registry
from juniper_data.generators.blocks import BlockForm, Layout
from juniper_data.generators.params import ParameterError
from juniper_data.generators.registry import GeneratorSpec
from juniper_data.recipe import dataset_id
from juniper_data.scale import build_chunked, npz_member_hashes

ONE_BLOCK = [
    ("spiral", {"n_points_per_spiral": 60, "seed": 3}),
    ("spiral", {"n_points_per_spiral": 60, "algorithm": "legacy_cascor", "noise": 0.3, "seed": 4}),
    ("spiral", {"n_points_per_spiral": 50, "algorithm": "cascor", "n_spirals": 3, "seed": 42}),
    ("xor", {"n_points_per_quadrant": 25, "noise": 0.1, "seed": 5}),
    ("circles", {"n_samples": 99, "noise": 0.05, "seed": 6}),
    ("checkerboard", {"n_samples": 120, "noise": 0.02, "seed": 7}),
    ("gaussian", {"n_classes": 3, "n_samples_per_class": 30, "n_features": 3, "noise": 0.1, "seed": 8}),
]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("name", "params"), ONE_BLOCK)
def test_a_recipe_of_one_block_has_exactly_the_in_memory_arrays(tmp_path, name, params):
    out = build_chunked(name, tmp_path / "ds", block_size=1000, progress="never", **params)
    built, reference = read_dataset(out), generate(name, **params)
    for key in reference:
        assert np.array_equal(built[key], reference[key]), key
    assert built.meta["hashes"] == reference.meta["hashes"]
    assert built.meta["class_distribution"] == reference.meta["class_distribution"]
    verify_parquet(out, built)


def test_the_recipe_records_the_chunking_so_the_id_differs_from_the_in_memory_one(tmp_path):
    out = build_chunked("xor", tmp_path / "ds", block_size=16, progress="never", seed=1)
    meta = read_dataset(out).meta
    assert meta["recipe"]["chunking"] == {"block_size": 16}
    assert meta["dataset_id"] == dataset_id(meta["recipe"]) != generate("xor", seed=1).meta["dataset_id"]
    assert set(meta) >= set(generate("xor", seed=1).meta)


@pytest.mark.parametrize("block_size", [5, 64])
def test_multi_block_artifacts_are_consistent_and_split_every_row_once(tmp_path, block_size):
    out = build_chunked(
        "spiral",
        tmp_path / "ds",
        block_size=block_size,
        progress="never",
        n_points_per_spiral=80,
        n_spirals=3,
        train_ratio=0.75,
        test_ratio=0.25,
        seed=2,
    )
    ds = read_dataset(out)  # verifies every array against meta.json
    verify_parquet(out, ds)
    rows = lambda X: X[np.lexsort(X.T)]  # noqa: E731
    assert np.array_equal(rows(np.vstack([ds["X_train"], ds["X_test"]])), rows(ds["X_full"]))
    assert np.array_equal(ds.labels("full"), np.repeat([0, 1, 2], 80))
    counts = np.bincount(ds.labels("train"), minlength=3).tolist()
    assert list(ds.meta["class_distribution"]["train"].values()) == counts
    members = npz_member_hashes(out / ds.meta["artifacts"]["npz"])
    assert {key: m["hash"] for key, m in members.items()} == ds.meta["hashes"]


def test_the_same_recipe_builds_the_same_bytes(tmp_path):
    kwargs = {"block_size": 50, "progress": "never", "n_points_per_quadrant": 60, "noise": 0.1, "seed": 3}
    first, second = build_chunked("xor", tmp_path / "a", **kwargs), build_chunked("xor", tmp_path / "b", **kwargs)
    assert files(first) == files(second)


def test_multi_block_arrays_depend_on_the_block_size_that_the_recipe_records(tmp_path):
    common = {"progress": "never", "n_points_per_quadrant": 60, "seed": 3}
    small = read_dataset(build_chunked("xor", tmp_path / "a", block_size=50, **common))
    large = read_dataset(build_chunked("xor", tmp_path / "b", block_size=70, **common))
    assert small.meta["dataset_id"] != large.meta["dataset_id"]
    assert not np.array_equal(small["X_full"], large["X_full"])


def test_unshuffled_splits_keep_generation_order_and_dropped_rows_stay_out(tmp_path):
    out = build_chunked(
        "circles",
        tmp_path / "ds",
        block_size=9,
        progress="never",
        n_samples=100,
        shuffle=False,
        train_ratio=0.5,
        test_ratio=0.3,
        seed=1,
    )
    ds = read_dataset(out)
    assert np.array_equal(ds["X_train"], ds["X_full"][:50])
    assert np.array_equal(ds["X_test"], ds["X_full"][50:80])


def test_an_empty_test_split_is_written_as_empty_arrays_and_an_empty_parquet_file(tmp_path):
    out = build_chunked(
        "xor",
        tmp_path / "ds",
        block_size=8,
        progress="never",
        n_points_per_quadrant=10,
        train_ratio=1.0,
        test_ratio=0.0,
        seed=1,
    )
    ds = read_dataset(out)
    assert ds["X_test"].shape == (0, 2) and ds["y_test"].shape == (0, 2)
    verify_parquet(out, ds)


def test_chunked_mode_lifts_the_in_memory_cap_and_in_memory_mode_names_it(tmp_path):
    with pytest.raises(ParameterError, match=r"allowed: \[10, 10000\] in memory; a chunked build"):
        generate("spiral", n_points_per_spiral=10_001)
    out = build_chunked(
        "spiral",
        tmp_path / "ds",
        block_size=5000,
        progress="never",
        n_points_per_spiral=10_001,
        n_spirals=2,
        seed=1,
        card=False,
    )
    assert read_dataset(out)["X_full"].shape == (20_002, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"block_size": 0}, r"scale.block_size = 0; allowed: an integer in \[1, "),
        ({"block_size": 1, "n_points_per_spiral": 3000}, r"6000 rows into 6000 blocks; allowed: at most 4096"),
        ({"block_size": 10, "algorithm": "cascor"}, "'cascor' .* no multi-block form"),
        ({"n_spirals": 11}, r"'n_spirals' = 11 is out of range"),
        ({"engine": "spark"}, "scale.engine = 'spark'; allowed: one of auto, serial, joblib, dask"),
        ({"workers": 0}, "scale.workers = 0; allowed: an integer >= 1"),
    ],
)
def test_bad_recipes_and_knobs_are_refused_before_anything_is_written(tmp_path, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        build_chunked("spiral", tmp_path / "ds", progress="never", **kwargs)
    assert list(tmp_path.iterdir()) == []


def failing_block(params, start, stop, rng):
    if start >= 20:
        raise RuntimeError("worker lost")
    return np.zeros((stop - start, 1), np.float32), np.zeros(stop - start, np.uint8)


FAILING = GeneratorSpec(
    name="test_failing_blocks",
    version="0.0.1",
    params=registry.get("circles").params,
    generate=lambda params, rng: None,
    summary="fails in block 2",
    block=BlockForm(layout=lambda p: Layout(p.n_samples, 1, ("a", "b")), generate=failing_block),
)


def test_a_failure_mid_build_leaves_the_previous_dataset_and_no_temporary_files(tmp_path, scratch_registry):
    registry.register(FAILING, module=__name__)
    target = tmp_path / "ds"
    build_chunked("xor", target, block_size=8, progress="never", seed=1, card=False)
    before = files(target)
    with pytest.raises(RuntimeError, match="worker lost"):
        build_chunked("test_failing_blocks", target, block_size=10, progress="never", n_samples=50, seed=1)
    assert files(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]
    assert json.loads((target / "meta.json").read_text())["recipe"]["generator"] == "xor"
