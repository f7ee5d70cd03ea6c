"""A validation split on disk (contract 1.3): NPZ, Parquet, meta.json, card, readers; 1.2 folders unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

from juniper_data import Dataset, generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import ArtifactError, verify_parquet
from tests.artifacts.support import flip_byte_in_first_data_page, snapshot

EIGHT = ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test", "X_full", "y_full"]
#: meta.json keys of a contract 1.2 folder (no validation split), in file order.
KEYS_1_2 = ["contract_version", "dataset_id", "name", "recipe", "n_train", "n_test", "n_full", "n_features",
            "feature_shape", "n_classes", "class_names", "class_distribution", "extras", "shapes", "dtypes", "hashes",
            "tags", "expires", "software", "artifacts"]  # fmt: skip
CONSUMER = ("task_type", "dataset_name", "dataset_version", "truncation", "data_quality")


def three_way(**overrides: object) -> Dataset:
    recipe = {"n_spirals": 3, "n_points": 20, "noise": 0.1, "seed": 4, "sizing_mode": "additive", **overrides}
    return generate("spiral", **recipe).annotate(name="sp3v")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dataset(three_way(), tmp_path_factory.mktemp("val") / "sp3v")


def test_the_npz_holds_the_validation_arrays_after_train_and_loads_without_pickle(folder: Path) -> None:
    with np.load(folder / "sp3v.npz", allow_pickle=False) as archive:
        assert archive.files == EIGHT
        assert archive["X_val"].shape == (24, 2) and archive["X_val"].dtype == np.float32
    with zipfile.ZipFile(folder / "sp3v.npz") as archive:
        assert [i.filename for i in archive.infolist()] == [f"{k}.npy" for k in EIGHT]


def test_round_trip_gives_the_eight_arrays_and_the_meta_as_written(folder: Path) -> None:
    written, loaded = three_way(), read_dataset(folder)
    assert list(loaded) == EIGHT and loaded.has_validation
    for key in EIGHT:
        np.testing.assert_array_equal(loaded[key], written[key], strict=True)
    assert {k: v for k, v in loaded.meta.items() if k != "artifacts"} == written.meta  # nothing left to derive


def test_meta_json_records_contract_1_3_n_val_and_what_consumers_read(folder: Path) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["contract_version"] == "1.3"
    assert (meta["n_train"], meta["n_val"], meta["n_test"], meta["n_full"]) == (60, 24, 18, 102)
    assert list(meta["class_distribution"]) == ["train", "val", "test", "full"]
    assert {k: meta[k] for k in CONSUMER} == {"task_type": "classification", "dataset_name": "sp3v",
                                              "dataset_version": None, "truncation": None, "data_quality": None}
    assert meta["artifacts"]["parquet"] == {"train": "parquet/train.parquet",
                                            "validation": "parquet/validation.parquet",
                                            "test": "parquet/test.parquet"}  # fmt: skip


def test_parquet_has_a_validation_split_that_equals_the_npz_and_verifies(folder: Path) -> None:
    import pyarrow.parquet as pq

    dataset = read_dataset(folder)
    verify_parquet(folder, dataset)
    table = pq.read_table(folder / "parquet" / "validation.parquet")
    assert json.loads(table.schema.metadata[b"juniper_data"])["split"] == "validation"
    np.testing.assert_array_equal(np.column_stack([table["x0"], table["x1"]]), dataset["X_val"])
    np.testing.assert_array_equal(table["label"].to_numpy(), dataset.labels("val"))


def test_hugging_face_datasets_reads_the_folder_as_three_splits(folder: Path) -> None:
    import datasets

    loaded = datasets.load_dataset(str(folder))
    assert list(loaded) == ["train", "validation", "test"]
    assert [loaded[s].num_rows for s in loaded] == [60, 24, 18]
    assert loaded["validation"].features["label"].names == ["class_0", "class_1", "class_2"]


def test_the_card_lists_the_validation_split_in_its_config_and_its_balance_table(folder: Path) -> None:
    text = (folder / "README.md").read_text()
    front = yaml.safe_load(text.split("---")[1])
    (config,) = front["configs"]
    assert [f["split"] for f in config["data_files"]] == ["train", "validation", "test"]
    assert {s["name"]: s["num_examples"] for s in front["dataset_info"]["splits"]} == {"train": 60, "validation": 24,
                                                                                        "test": 18}  # fmt: skip
    assert "| class | train | validation | test | full | share |" in text
    assert "| **all** | 60 | 24 | 18 | 102 | 100% |" in text


def test_a_tampered_validation_parquet_is_refused_naming_it(tmp_path: Path) -> None:
    out = write_dataset(three_way(), tmp_path / "v")
    flip_byte_in_first_data_page(out / "parquet" / "validation.parquet")
    with pytest.raises(ArtifactError, match="validation.parquet"):
        verify_parquet(out, read_dataset(out))


def test_a_tampered_validation_array_is_refused_naming_it(tmp_path: Path) -> None:
    out = write_dataset(three_way(), tmp_path / "v", formats=["npz"], card=False)
    meta = json.loads((out / "meta.json").read_text())
    meta["hashes"]["X_val"] = "sha256:" + "0" * 64
    (out / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ArtifactError, match="X_val has sha256:"):
        read_dataset(out)


def test_writing_a_three_way_dataset_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    assert snapshot(write_dataset(three_way(), tmp_path / "a")) == snapshot(write_dataset(three_way(), tmp_path / "b"))


def test_an_empty_validation_split_is_in_the_npz_but_has_no_parquet_file(tmp_path: Path) -> None:
    """carve at val_ratio 0 (0.17's way to 0.4's arrays): Hugging Face cannot load a split without rows."""
    import datasets

    out = write_dataset(generate("xor", sizing_mode="carve", seed=1).annotate(name="x"), tmp_path / "x")
    meta = json.loads((out / "meta.json").read_text())
    assert meta["shapes"]["X_val"] == [0, 2] and meta["n_val"] == 0 and meta["contract_version"] == "1.3"
    assert sorted(meta["artifacts"]["parquet"]) == ["test", "train"]
    assert read_dataset(out)["X_val"].shape == (0, 2)
    assert list(datasets.load_dataset(str(out))) == ["train", "test"]


def test_extras_are_split_into_validation_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(Path(__file__).resolve().parents[2]))
    ds = generate("arc_agi", source="local", local_path="sources/arc", subset="all", pad_to=10, seed=2,
                  sizing_mode="carve", train_ratio=0.6, val_ratio=0.2, test_ratio=0.2)  # fmt: skip
    assert [k for k in ds if k.startswith("task_id")] == [f"task_id_{s}" for s in ("train", "val", "test", "full")]
    n = ds.meta["n_full"]
    order = np.random.default_rng(2).permutation(n)
    a, b = ds.meta["n_train"], ds.meta["n_train"] + ds.meta["n_val"]
    np.testing.assert_array_equal(ds["task_id_val"], ds["task_id_full"][order[a:b]])


# -- folders without a validation split: contract 1.2, bytes as before ------------------------


def test_a_recipe_without_a_sizing_mode_writes_contract_1_2_and_none_of_the_new_fields(tmp_path: Path) -> None:
    out = write_dataset(generate("xor", seed=1).annotate(name="x"), tmp_path / "x")
    meta = json.loads((out / "meta.json").read_text())
    assert list(meta) == KEYS_1_2 and meta["contract_version"] == "1.2"
    assert list(meta["class_distribution"]) == ["train", "test", "full"]
    assert sorted(meta["artifacts"]["parquet"]) == ["test", "train"]
    with np.load(out / "x.npz", allow_pickle=False) as archive:
        assert archive.files == ["X_train", "y_train", "X_test", "y_test", "X_full", "y_full"]


def test_readers_derive_the_consumer_fields_of_a_folder_that_does_not_record_them(tmp_path: Path) -> None:
    out = write_dataset(generate("xor", seed=1).annotate(name="x"), tmp_path / "x")
    meta = read_dataset(out).meta
    assert (meta["n_val"], meta["task_type"], meta["dataset_name"]) == (0, "classification", "x")
    assert meta["dataset_version"] is None and meta["truncation"] is None and meta["data_quality"] is None
    assert "n_val" not in json.loads((out / "meta.json").read_text())  # derived, not written
