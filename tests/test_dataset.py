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
