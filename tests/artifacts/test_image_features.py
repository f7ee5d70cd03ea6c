"""Images keep their shape: column ``x`` (``Array2D``/``Array3D``) through Parquet, ``datasets``, to_hf, to_torch."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import datasets
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from juniper_data import generate, read_dataset, write_dataset
from juniper_data.artifacts.parquet import read_split, read_split_shaped, read_split_table
from juniper_data.artifacts.reader import ArtifactError, verify_parquet
from juniper_data.consumer.export import torch_arrays
from tests.artifacts.support import image_dataset

SHAPES = [(6, 5), (4, 3, 3)]  # grey (mnist-like, flatten: false) and colour
FEATURE = {2: datasets.Array2D, 3: datasets.Array3D}


@pytest.fixture(params=SHAPES, ids=["grey", "colour"])
def written(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    shape = request.param
    ds = image_dataset(shape).annotate(name="imgs")
    return shape, ds, write_dataset(ds, tmp_path / "imgs", license="cc0-1.0")


def images(ds, split: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    return ds[f"X_{split}"].reshape(-1, *ds.feature_shape)


def test_npz_stays_two_dimensional_while_parquet_adds_the_shaped_column(written) -> None:  # type: ignore[no-untyped-def]
    shape, ds, folder = written
    loaded = read_dataset(folder)
    assert loaded["X_train"].ndim == 2 and loaded["X_train"].shape[1] == int(np.prod(shape))
    table = read_split_table(folder / "parquet" / "train.parquet")
    n = int(np.prod(shape))
    assert table.column_names == [*(f"x{i}" for i in range(n)), "label", "x"]
    X, labels, _ = read_split(folder / "parquet" / "train.parquet", table)  # the flat columns, as before
    np.testing.assert_array_equal(X, ds["X_train"])
    np.testing.assert_array_equal(read_split_shaped(table), images(ds, "train"))
    verify_parquet(folder, loaded)


def test_datasets_reads_the_parquet_file_as_an_array_feature_of_the_image_shape(written, hf_offline) -> None:  # type: ignore[no-untyped-def]
    shape, ds, folder = written
    files = {s: str(folder / "parquet" / f"{s}.parquet") for s in ("train", "test")}
    loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=str(hf_offline))
    for split in files:
        assert loaded[split].features["x"] == FEATURE[len(shape)](shape=shape, dtype="float32")
        assert loaded[split].features["label"].names == ds.class_names
        np.testing.assert_array_equal(np.asarray(loaded[split].with_format("numpy")["x"]), images(ds, split))


def test_datasets_reads_the_folder_through_its_card_with_the_image_shape(written, hf_offline) -> None:  # type: ignore[no-untyped-def]
    shape, ds, folder = written
    loaded = datasets.load_dataset(str(folder), cache_dir=str(hf_offline))
    assert loaded["train"].features["x"] == FEATURE[len(shape)](shape=shape, dtype="float32")
    np.testing.assert_array_equal(np.asarray(loaded["test"].with_format("numpy")["x"]), images(ds, "test"))


def test_to_hf_has_the_shaped_column_and_equals_the_parquet_files(written) -> None:  # type: ignore[no-untyped-def]
    shape, ds, folder = written
    hf = read_dataset(folder).to_hf()
    for split in ("train", "test"):
        assert hf[split].features["x"] == FEATURE[len(shape)](shape=shape, dtype="float32")
        np.testing.assert_array_equal(np.asarray(hf[split].with_format("numpy")["x"]), images(ds, split))
        assert hf[split].data.table.equals(pq.read_table(folder / "parquet" / f"{split}.parquet"))


def test_torch_arrays_are_images_in_feature_shape_and_to_torch_wraps_them(written) -> None:  # type: ignore[no-untyped-def]
    shape, ds, _ = written
    arrays = torch_arrays(ds)
    for split, (features, labels) in arrays.items():
        assert features.shape == (ds.meta[f"n_{split}"], *shape) and features.dtype == np.float32
        np.testing.assert_array_equal(features, images(ds, split))
        np.testing.assert_array_equal(labels, ds.labels(split))
    if importlib.util.find_spec("torch") is None:  # torch is optional: the tensors are these arrays
        with pytest.raises(ImportError, match="pip install torch"):
            ds.to_torch()
        return
    tensors = ds.to_torch()
    for split, (features, labels) in arrays.items():
        x, y = tensors[split].tensors
        assert tuple(x.shape) == (len(features), *shape) and str(x.dtype) == "torch.float32"
        np.testing.assert_array_equal(x.numpy(), features)
        np.testing.assert_array_equal(y.numpy(), labels)


def test_tabular_data_has_no_shaped_column_and_torch_rows_stay_vectors(tmp_path: Path) -> None:
    ds = generate("circles", n_samples=40, seed=0).annotate(name="c")
    table = read_split_table(write_dataset(ds, tmp_path / "c", card=False) / "parquet" / "train.parquet")
    assert table.column_names == ["x0", "x1", "label"] and read_split_shaped(table) is None
    assert torch_arrays(ds)["train"][0].shape == (32, 2)


def test_verify_refuses_a_shaped_column_that_differs_from_the_npz(tmp_path: Path) -> None:
    ds = image_dataset((6, 5)).annotate(name="imgs")
    folder = write_dataset(ds, tmp_path / "imgs", card=False)
    path = folder / "parquet" / "test.parquet"
    table = read_split_table(path)
    column = table.column("x").combine_chunks()
    swapped = pa.concat_arrays([column[1:], column[:1]])  # the same images, one row off
    pq.write_table(table.set_column(table.column_names.index("x"), "x", swapped), path, write_page_checksum=True)
    with pytest.raises(ArtifactError, match="column 'x' is not the NPZ's X_test in feature_shape"):
        verify_parquet(folder, read_dataset(folder))
