"""Parquet: per-split, Hugging Face-compatible files carrying the same rows, labels and splits as the NPZ."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from juniper_data import Dataset, generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import ArtifactError, verify_parquet
from tests.artifacts.support import flip_byte_in_first_data_page


def split_file(folder: Path, split: str) -> Path:
    return folder / "parquet" / f"{split}.parquet"


def test_each_split_has_float32_feature_columns_and_an_int64_label(folder: Path, dataset: Dataset) -> None:
    for split in ("train", "test"):
        table = pq.read_table(split_file(folder, split))
        assert table.column_names == ["x0", "x1", "label"]
        assert [str(t) for t in table.schema.types] == ["float", "float", "int64"]
        assert table.num_rows == dataset.meta[f"n_{split}"]


def test_schema_metadata_names_the_classes_for_hugging_face_and_for_us(folder: Path, dataset: Dataset) -> None:
    metadata = pq.read_schema(split_file(folder, "test")).metadata
    features = json.loads(metadata[b"huggingface"])["info"]["features"]
    assert features["label"] == {"names": ["class_0", "class_1", "class_2"], "_type": "ClassLabel"}
    assert features["x0"] == {"dtype": "float32", "_type": "Value"}
    ours = json.loads(metadata[b"juniper_data"])
    assert ours == {
        "class_names": dataset.class_names,
        "dataset_id": dataset.meta["dataset_id"],
        "extras": [],
        "split": "test",
    }


@pytest.mark.parametrize(
    "recipe",
    [
        {"generator": "spiral", "n_spirals": 3, "n_points": 20, "seed": 4},
        {"generator": "gaussian", "n_features": 1, "seed": 1},
        {"generator": "gaussian", "n_classes": 5, "n_features": 6, "n_samples_per_class": 7, "seed": 2},
        {"generator": "circles", "n_samples": 31, "train_ratio": 1.0, "test_ratio": 0.0, "seed": 3},
        {"generator": "xor", "n_points_per_quadrant": 5, "train_ratio": 0.3, "test_ratio": 0.3, "seed": 5},
    ],
    ids=lambda r: r["generator"] + "-" + str(r["seed"]),
)
def test_parquet_and_npz_carry_the_same_arrays_labels_and_splits(tmp_path: Path, recipe: dict) -> None:
    params = dict(recipe)
    ds = generate(params.pop("generator"), **params)
    out = write_dataset(ds, tmp_path / "ds", card=False)
    loaded = read_dataset(out)
    verify_parquet(out, loaded)
    for split in ("train", "test"):
        table = pq.read_table(split_file(out, split))
        X = np.column_stack([table.column(f"x{i}").to_numpy() for i in range(ds.meta["n_features"])])
        np.testing.assert_array_equal(X.reshape(-1, ds.meta["n_features"]), loaded[f"X_{split}"], strict=True)
        np.testing.assert_array_equal(table.column("label").to_numpy(), loaded.labels(split))


def rewrite(path: Path, change: object) -> None:
    """Rewrite a split file with ``change(columns)`` applied, keeping its schema and metadata."""
    table = pq.read_table(path)
    columns = {name: table.column(name).to_numpy().copy() for name in table.column_names}
    change(columns)  # type: ignore[operator]
    pq.write_table(pa.Table.from_arrays(list(columns.values()), schema=table.schema), path)


def test_verify_parquet_refuses_a_changed_label(folder: Path, dataset: Dataset) -> None:
    def relabel(columns: dict) -> None:
        columns["label"][0] = (columns["label"][0] + 1) % 3

    rewrite(split_file(folder, "train"), relabel)
    with pytest.raises(ArtifactError, match=r"train.parquet: rows differ from the NPZ's train split"):
        verify_parquet(folder, read_dataset(folder))


def test_verify_parquet_refuses_rows_in_another_order(folder: Path) -> None:
    def reverse(columns: dict) -> None:
        for name in columns:
            columns[name] = columns[name][::-1].copy()

    rewrite(split_file(folder, "test"), reverse)
    with pytest.raises(ArtifactError, match=r"test.parquet: rows differ"):
        verify_parquet(folder, read_dataset(folder))


def test_verify_parquet_refuses_other_class_names(folder: Path) -> None:
    path = split_file(folder, "test")
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata)
    metadata[b"juniper_data"] = json.dumps({"class_names": ["a", "b", "c"]}).encode()
    pq.write_table(table.replace_schema_metadata(metadata), path)
    with pytest.raises(ArtifactError, match=r"class names \['a', 'b', 'c'\] != \['class_0', 'class_1', 'class_2'\]"):
        verify_parquet(folder, read_dataset(folder))


@pytest.fixture
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep ``datasets`` offline and its cache inside the test's folder."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    return tmp_path / "hf-cache"


def test_hugging_face_reads_the_split_files_with_a_class_label(folder: Path, dataset: Dataset, hf_cache: Path) -> None:
    import datasets

    files = {split: str(split_file(folder, split)) for split in ("train", "test")}
    loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=str(hf_cache))
    assert set(loaded) == {"train", "test"}
    for split in ("train", "test"):
        label = loaded[split].features["label"]
        assert isinstance(label, datasets.ClassLabel)
        assert label.names == dataset.class_names
        assert loaded[split]["label"][:] == dataset.labels(split).tolist()
        columns = loaded[split].with_format("numpy")
        np.testing.assert_array_equal(np.column_stack([columns["x0"], columns["x1"]]), dataset[f"X_{split}"])


def test_hugging_face_loads_the_dataset_folder_itself_with_train_and_test_splits(
    folder: Path, dataset: Dataset, hf_cache: Path
) -> None:
    import datasets

    loaded = datasets.load_dataset(str(folder), cache_dir=str(hf_cache))
    assert set(loaded) == {"train", "test"}
    for split in ("train", "test"):
        assert loaded[split].num_rows == dataset.meta[f"n_{split}"]
        assert loaded[split].features["label"].names == dataset.class_names
        assert loaded[split]["label"][:] == dataset.labels(split).tolist()


def test_every_data_page_carries_a_checksum_that_our_reader_verifies(folder: Path, dataset: Dataset) -> None:
    path = split_file(folder, "train")
    flip_byte_in_first_data_page(path)
    # without verification (pyarrow's, pandas' and `datasets`' default) the flip is a silently different float
    plain = pq.read_table(path).column("x0").to_numpy()
    assert (plain != dataset["X_train"][:, 0]).sum() == 1
    with pytest.raises(ArtifactError, match=r"train.parquet: unreadable Parquet \(.*CRC checksum verification failed"):
        verify_parquet(folder, read_dataset(folder))


@pytest.mark.parametrize("damage", ["truncated footer", "missing file", "not parquet"])
def test_a_damaged_split_file_is_an_artifact_error_naming_it(folder: Path, damage: str) -> None:
    path = split_file(folder, "test")
    if damage == "truncated footer":
        path.write_bytes(path.read_bytes()[:-12])
    elif damage == "missing file":
        path.unlink()
    else:
        path.write_bytes(b"PAR1 not really")
    with pytest.raises(ArtifactError, match=r"test.parquet: (unreadable Parquet|missing)"):
        verify_parquet(folder, read_dataset(folder))


def test_split_files_with_checksums_stay_byte_identical_across_writes(tmp_path: Path) -> None:
    recipe = {"n_classes": 3, "n_samples_per_class": 400, "n_features": 5, "seed": 2}
    first = write_dataset(generate("gaussian", **recipe), tmp_path / "a", card=False)
    second = write_dataset(generate("gaussian", **recipe), tmp_path / "b", card=False)
    for split in ("train", "test"):
        assert split_file(first, split).read_bytes() == split_file(second, split).read_bytes()
        assert pq.ParquetFile(split_file(first, split)).metadata.num_rows > 0


@pytest.mark.parametrize("codec", ["bogus", "", "snappy2"])
def test_an_unknown_parquet_compression_is_refused_before_anything_is_written(
    tmp_path: Path, dataset: Dataset, codec: str
) -> None:
    from juniper_data.artifacts.parquet import check_parquet_compression

    with pytest.raises(ValueError, match=rf"storage.parquet_compression = '{codec}'; allowed: none, snappy, gzip"):
        write_dataset(dataset, tmp_path / "out", parquet_compression=codec)
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []
    assert check_parquet_compression("ZSTD") == "ZSTD"
    write_dataset(dataset, tmp_path / "npz-only", formats=["npz"], parquet_compression=codec, card=False)
