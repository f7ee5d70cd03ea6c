"""Per-row extra arrays: split with X, written after the six, hashed, verified, byte-stable."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from juniper_data.artifacts.parquet import read_split_extras, split_table, write_split
from juniper_data.artifacts.reader import ArtifactError, read_dataset, verify_parquet
from juniper_data.artifacts.writer import write_dataset
from juniper_data.dataset import Dataset, array_keys, assemble, describe
from juniper_data.recipe import make_recipe

N = 20


def dataset_with_extras(seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, 3)).astype(np.float32)
    labels = np.arange(N) % 2
    extras = {
        "grid": rng.integers(-1, 10, (N, 4)).astype(np.float32),
        "row_id": np.array([f"r{i:03d}" for i in range(N)], dtype=np.str_),
        "weight": np.linspace(0, 1, N),
    }
    params = SimpleNamespace(train_ratio=0.7, test_ratio=0.3, seed=seed, shuffle=True)
    arrays = assemble(X, labels, ["a", "b"], params, extras)
    recipe = make_recipe("handmade", "1.0.0", {"seed": seed})
    meta = describe(arrays, recipe, ["a", "b"], feature_shape=(3,), extras=list(extras))
    return Dataset(arrays, meta)


def test_extras_are_split_with_the_rows_of_x() -> None:
    ds = dataset_with_extras()
    assert list(ds) == array_keys(["grid", "row_id", "weight"])
    position = {row_id: i for i, row_id in enumerate(ds["row_id_full"])}
    for split in ("train", "test"):
        rows = [position[r] for r in ds[f"row_id_{split}"]]
        np.testing.assert_array_equal(ds[f"X_{split}"], ds["X_full"][rows])
        np.testing.assert_array_equal(ds[f"grid_{split}"], ds["grid_full"][rows])
        np.testing.assert_array_equal(ds[f"weight_{split}"], ds["weight_full"][rows])
    assert set(ds.meta["hashes"]) == set(ds) and ds.meta["dtypes"]["row_id_full"] == "<U4"


def test_npz_with_extras_is_byte_stable_loads_without_pickle_and_verifies(tmp_path: Path) -> None:
    first = write_dataset(dataset_with_extras(), tmp_path / "one", card=False)
    second = write_dataset(dataset_with_extras(), tmp_path / "two", card=False)
    (npz_one,), (npz_two,) = first.glob("*.npz"), second.glob("*.npz")
    assert npz_one.read_bytes() == npz_two.read_bytes()
    with np.load(npz_one, allow_pickle=False) as npz:
        assert list(npz.files) == array_keys(["grid", "row_id", "weight"])
    loaded = read_dataset(first)
    verify_parquet(first, loaded)
    assert loaded.extras == ["grid", "row_id", "weight"]


def test_a_changed_extra_column_in_parquet_fails_verification(tmp_path: Path) -> None:
    ds = dataset_with_extras()
    folder = write_dataset(ds, tmp_path / "ds", card=False)
    train = folder / "parquet" / "train.parquet"
    extras = {name: ds[f"{name}_train"] for name in ds.extras}
    extras["row_id"] = extras["row_id"][::-1].copy()
    table = split_table(ds["X_train"], ds.labels("train"), ds.class_names, {"split": "train"}, extras)
    write_split(train, table)
    assert read_split_extras(train)["row_id"].tolist() == extras["row_id"].tolist()
    with pytest.raises(ArtifactError, match="column 'row_id' differs from the NPZ's row_id_train"):
        verify_parquet(folder, read_dataset(folder))


@pytest.mark.parametrize(
    ("extras", "message"),
    [
        ({"X": np.zeros(N)}, "allowed: a lower-case identifier"),
        ({"label": np.zeros(N)}, "other than label, x<i>"),
        ({"x0": np.zeros(N)}, "other than label, x<i>"),
        ({"Bad-Name": np.zeros(N)}, "allowed: a lower-case identifier"),
        ({"ids": np.array(["a"] * N, dtype=object)}, "allowed: numeric or fixed-width string"),
        ({"short": np.zeros(N - 1)}, "with one entry per row"),
    ],
)
def test_invalid_extras_are_refused(extras: dict[str, np.ndarray], message: str) -> None:
    params = SimpleNamespace(train_ratio=0.5, test_ratio=0.5, seed=0, shuffle=True)
    with pytest.raises(ValueError, match=message):
        assemble(np.zeros((N, 1), np.float32), np.zeros(N, np.int64), ["a"], params, extras)
