"""dataset and recipe: the in-memory Dataset, its metadata, ids and hashes."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

import juniper_data
from juniper_data import Dataset, generate
from juniper_data.dataset import ARRAY_KEYS, assemble, class_counts, describe, feature_names, split_rows
from juniper_data.generators.xor import XorParams
from juniper_data.recipe import array_hash, canonical_json, dataset_id, make_recipe


@pytest.fixture
def ds() -> Dataset:
    return generate("gaussian", n_classes=3, n_samples_per_class=10, n_features=4, seed=11)


def test_dataset_is_a_read_only_mapping_of_the_six_arrays(ds: Dataset) -> None:
    assert list(ds) == list(ARRAY_KEYS) == list(ds.keys())
    assert len(ds) == 6
    assert "X_train" in ds and "labels" not in ds
    with pytest.raises(KeyError):
        ds["X_valid"]
    with pytest.raises(TypeError):
        ds["X_train"] = ds["X_test"]  # type: ignore[index]


def test_dataset_refuses_an_incomplete_set_of_arrays(ds: Dataset) -> None:
    arrays = {k: ds[k] for k in ARRAY_KEYS if k != "y_test"}
    with pytest.raises(KeyError, match="missing arrays \\['y_test'\\]"):
        Dataset(arrays, ds.meta)


def test_repr_names_the_dataset_and_its_sizes(ds: Dataset) -> None:
    text = repr(ds)
    assert text.startswith(f"Dataset({ds.name!r}, id={ds.meta['dataset_id']!r}")
    assert "train=24, test=6, features=4, classes=3" in text


def test_labels_are_integer_class_indices_of_each_split(ds: Dataset) -> None:
    for split in ("train", "test", "full"):
        labels = ds.labels(split)
        assert labels.dtype == np.int64
        np.testing.assert_array_equal(labels, np.argmax(ds[f"y_{split}"], axis=1))
    with pytest.raises(ValueError, match="split 'valid' is not one of train, test, full"):
        ds.labels("valid")


def test_annotate_sets_catalog_fields_without_touching_recipe_id_or_arrays(ds: Dataset) -> None:
    named = ds.annotate(name="blobs", tags=["b", "a", "b"], expires="2030-01-01")
    assert (named.name, named.meta["tags"], named.meta["expires"]) == ("blobs", ["a", "b"], "2030-01-01")
    assert named.meta["dataset_id"] == ds.meta["dataset_id"]
    assert named.meta["recipe"] == ds.meta["recipe"]
    assert named.meta["hashes"] == ds.meta["hashes"]
    assert ds.name == ds.meta["dataset_id"] and ds.meta["tags"] == []  # the original is unchanged
    assert ds.annotate().meta == ds.meta


def test_to_pandas_gives_feature_columns_and_a_categorical_label(ds: Dataset) -> None:
    frame = ds.to_pandas("test")
    assert list(frame.columns) == ["x0", "x1", "x2", "x3", "label"]
    np.testing.assert_array_equal(frame[["x0", "x1", "x2", "x3"]].to_numpy(), ds["X_test"])
    assert list(frame["label"].cat.categories) == ds.class_names
    np.testing.assert_array_equal(frame["label"].cat.codes.to_numpy(), ds.labels("test"))


def test_feature_names_and_class_counts_cover_every_column_and_class() -> None:
    assert feature_names(3) == ["x0", "x1", "x2"]
    assert class_counts(np.array([2, 2, 0]), ["a", "b", "c"]) == {"a": 1, "b": 0, "c": 2}


def test_assemble_builds_the_six_arrays_from_rows_labels_and_split_params() -> None:
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    labels = np.array([0, 1] * 5)
    params = XorParams(seed=5, train_ratio=0.5, test_ratio=0.3)
    arrays = assemble(X, labels, ["a", "b"], params)
    order = np.random.default_rng(5).permutation(10)
    np.testing.assert_array_equal(arrays["X_train"], X[order[:5]])
    np.testing.assert_array_equal(arrays["X_test"], X[order[5:8]])
    np.testing.assert_array_equal(arrays["X_full"], X)
    np.testing.assert_array_equal(np.argmax(arrays["y_full"], axis=1), labels)
    meta = describe(arrays, make_recipe("toy", "1.0.0", {"seed": 5}), ["a", "b"])
    assert meta["class_distribution"]["test"] == class_counts(labels[order[5:8]], ["a", "b"])
    assert meta["n_full"] == 10 and meta["n_train"] == 5 and meta["n_test"] == 3


def test_meta_is_json_ready_and_records_the_software_versions(ds: Dataset) -> None:
    assert json.loads(json.dumps(ds.meta, allow_nan=False)) == ds.meta
    assert ds.meta["software"] == {"juniper_data": juniper_data.__version__, "numpy": np.__version__}


def test_canonical_json_is_sorted_and_compact_with_one_spelling_per_value() -> None:
    assert canonical_json({"b": 1, "a": [1.5, None, True]}) == '{"a":[1.5,null,true],"b":1}'
    assert canonical_json({"é": 1}) == '{"\\u00e9":1}'
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_dataset_id_is_generator_prefix_plus_12_hex_of_the_recipe_hash() -> None:
    recipe = make_recipe("xor", "1.0.0", {"seed": 1, "noise": 0.0})
    assert recipe == {"generator": "xor", "version": "1.0.0", "params": {"seed": 1, "noise": 0.0}}
    digest = hashlib.sha256(b'{"generator":"xor","params":{"noise":0.0,"seed":1},"version":"1.0.0"}').hexdigest()
    assert dataset_id(recipe) == f"xor-{digest[:12]}"
    # key order does not matter, every value does
    assert dataset_id(make_recipe("xor", "1.0.0", {"noise": 0.0, "seed": 1})) == dataset_id(recipe)
    assert dataset_id(make_recipe("xor", "1.0.1", {"seed": 1, "noise": 0.0})) != dataset_id(recipe)
    assert dataset_id(make_recipe("xor", "1.0.0", {"seed": 1, "noise": 0.5})) != dataset_id(recipe)


def test_array_hash_is_over_c_order_bytes_whatever_the_memory_layout() -> None:
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    expected = "sha256:" + hashlib.sha256(a.tobytes()).hexdigest()
    assert array_hash(a) == expected
    assert array_hash(np.asfortranarray(a)) == expected
    assert array_hash(a.T.copy().T) == expected
    assert array_hash(a.astype(np.float64)) != expected  # dtype is part of the bytes


def test_generate_is_reachable_from_the_package_and_other_names_are_not() -> None:
    assert juniper_data.generate is generate
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = juniper_data.nothing


def test_split_rows_returns_the_labels_describe_would_otherwise_recompute() -> None:
    X = np.arange(40, dtype=np.float32).reshape(20, 2)
    labels = np.arange(20) % 3
    params = XorParams(seed=1)
    arrays, split_labels = split_rows(X, labels, 3, params)
    for split in ("train", "test", "full"):
        np.testing.assert_array_equal(split_labels[split], np.argmax(arrays[f"y_{split}"], axis=1))
    recipe = make_recipe("toy", "1.0.0", {"seed": 1})
    names = ["a", "b", "c"]
    assert describe(arrays, recipe, names, labels=split_labels) == describe(arrays, recipe, names)


# -- a validation split (a recipe that names a sizing mode) ---------------------------------


@pytest.fixture
def three() -> Dataset:
    return generate("gaussian", n_classes=3, n_samples_per_class=10, n_features=4, seed=11, sizing_mode="carve",
                    train_ratio=0.6, val_ratio=0.2, test_ratio=0.2)  # fmt: skip


def test_a_three_way_dataset_has_the_validation_arrays_after_train(three: Dataset) -> None:
    assert list(three) == ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test", "X_full", "y_full"]
    assert three.splits == ("train", "val", "test", "full") and three.has_validation
    assert three["X_val"].shape == (6, 4) and three["y_val"].shape == (6, 3)


def test_labels_and_to_pandas_take_val_or_validation(three: Dataset) -> None:
    np.testing.assert_array_equal(three.labels("validation"), np.argmax(three["y_val"], axis=1))
    np.testing.assert_array_equal(three.labels("val"), three.labels("validation"))
    frame = three.to_pandas("validation")
    np.testing.assert_array_equal(frame[["x0", "x1", "x2", "x3"]].to_numpy(), three["X_val"])
    np.testing.assert_array_equal(frame["label"].cat.codes.to_numpy(), three.labels("val"))
    with pytest.raises(ValueError, match="split 'valid' is not one of train, val, test, full"):
        three.labels("valid")


def test_a_dataset_without_a_validation_split_says_how_to_get_one(ds: Dataset) -> None:
    assert not ds.has_validation and ds.splits == ("train", "test", "full")
    with pytest.raises(ValueError, match="'validation' is not one of train, test, full; .* names a sizing_mode"):
        ds.to_pandas("validation")


def test_repr_lists_the_validation_size(three: Dataset) -> None:
    assert "train=18, val=6, test=6, features=4, classes=3" in repr(three)


def test_to_hf_has_train_validation_and_test(three: Dataset) -> None:
    hf = three.to_hf()
    assert list(hf) == ["train", "validation", "test"]
    assert hf["validation"].num_rows == 6 and hf["validation"].split == "validation"
    np.testing.assert_array_equal(np.array(hf["validation"]["label"]), three.labels("val"))


def test_torch_arrays_have_the_validation_split_under_its_hugging_face_name(three: Dataset) -> None:
    from juniper_data.consumer.export import torch_arrays

    arrays = torch_arrays(three)
    assert list(arrays) == ["train", "validation", "test"]
    np.testing.assert_array_equal(arrays["validation"][0], three["X_val"])


def test_an_empty_validation_split_is_in_the_arrays_but_not_exported() -> None:
    """carve with val_ratio 0: X_val is (0, F); Hugging Face cannot hold a split without rows."""
    ds = generate("xor", sizing_mode="carve", seed=2)
    assert ds["X_val"].shape == (0, 2) and ds.meta["n_val"] == 0
    assert list(ds.to_hf()) == ["train", "test"]


def test_three_way_meta_records_n_val_contract_1_3_and_the_consumer_fields(three: Dataset) -> None:
    meta = three.meta
    assert list(meta)[:8] == ["contract_version", "dataset_id", "name", "recipe", "n_train", "n_val", "n_test",
                              "n_full"]  # fmt: skip
    assert meta["contract_version"] == "1.3" and list(meta["class_distribution"]) == ["train", "val", "test", "full"]
    assert {k: meta[k] for k in ("task_type", "dataset_name", "dataset_version", "truncation", "data_quality")} == {
        "task_type": "classification", "dataset_name": meta["name"], "dataset_version": None, "truncation": None,
        "data_quality": None}  # fmt: skip
    named = three.annotate(name="blobs3")
    assert named.meta["dataset_name"] == "blobs3" == named.name


def test_split_rows_with_a_sizing_mode_cuts_three_splits_of_one_permutation() -> None:
    X = np.arange(40, dtype=np.float32).reshape(20, 2)
    labels = np.arange(20) % 2
    params = XorParams(seed=3, sizing_mode="carve", train_ratio=0.5, val_ratio=0.25, test_ratio=0.25)
    arrays, split_labels = split_rows(X, labels, 2, params)
    order = np.random.default_rng(3).permutation(20)
    for split, rows in (("train", order[:10]), ("val", order[10:15]), ("test", order[15:])):
        np.testing.assert_array_equal(arrays[f"X_{split}"], X[rows])
        np.testing.assert_array_equal(split_labels[split], labels[rows])
