"""reader: a folder back into a Dataset, refusing anything that does not match meta.json."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from juniper_data import Dataset, read_dataset
from juniper_data.artifacts.reader import ArtifactError


def npz_path(folder: Path) -> Path:
    return folder / json.loads((folder / "meta.json").read_text())["artifacts"]["npz"]


def edit_meta(folder: Path, edit: object) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    edit(meta)  # type: ignore[operator]
    (folder / "meta.json").write_text(json.dumps(meta, indent=2))


def test_round_trip_gives_equal_arrays_and_meta(folder: Path, dataset: Dataset) -> None:
    loaded = read_dataset(folder)
    for key in dataset:
        np.testing.assert_array_equal(loaded[key], dataset[key], strict=True)
    # meta.json as written, plus the fields consumers read, derived for a folder that does not record them
    derived = {"n_val": 0, "task_type": "classification", "dataset_name": dataset.meta["name"], "dataset_version": None,
               "truncation": None, "data_quality": None}  # fmt: skip
    assert {k: v for k, v in loaded.meta.items() if k != "artifacts"} == {**dataset.meta, **derived}
    assert not set(derived) & set(json.loads((folder / "meta.json").read_text()))
    assert loaded.class_names == dataset.class_names
    np.testing.assert_array_equal(loaded.labels("train"), dataset.labels("train"))


def test_npz_loads_without_pickle_with_keys_in_contract_order(folder: Path) -> None:
    with np.load(npz_path(folder), allow_pickle=False) as archive:
        assert archive.files == ["X_train", "y_train", "X_test", "y_test", "X_full", "y_full"]
        for key in archive.files:
            array = archive[key]
            assert array.dtype == np.float32 and array.ndim == 2 and array.dtype != object
    with zipfile.ZipFile(npz_path(folder)) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_flipped_byte_in_an_array_payload_is_refused(folder: Path, dataset: Dataset) -> None:
    path = npz_path(folder)
    raw = bytearray(path.read_bytes())
    at = raw.find(dataset["X_full"].tobytes())
    assert at > 0
    raw[at + 13] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(
        ArtifactError,
        match=r"\.npz: unreadable NPZ \(Bad CRC-32 for file 'X_full.npy'\); the file is corrupted",
    ):
        read_dataset(folder)


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.99])
def test_a_truncated_npz_is_refused(folder: Path, keep: float) -> None:
    path = npz_path(folder)
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * keep)])
    with pytest.raises(ArtifactError, match=r"unreadable NPZ .*the file is corrupted"):
        read_dataset(folder)


def test_a_well_formed_npz_with_other_values_fails_the_hash_check(folder: Path, dataset: Dataset) -> None:
    arrays = {k: dataset[k].copy() for k in dataset}
    arrays["X_test"][0, 0] += 1.0
    np.savez(npz_path(folder), **arrays)
    with pytest.raises(ArtifactError) as caught:
        read_dataset(folder)
    message = str(caught.value)
    assert "X_test has sha256:" in message
    assert f"meta.json records {dataset.meta['hashes']['X_test']}" in message
    assert "corrupted or was modified" in message
    read_dataset(folder, verify=False)  # an explicit opt-out still loads it


def test_an_edited_hash_in_meta_json_is_refused(folder: Path) -> None:
    edit_meta(folder, lambda m: m["hashes"].update(y_full="sha256:" + "0" * 64))
    with pytest.raises(ArtifactError, match=r"y_full has sha256:[0-9a-f]{64}, meta.json records sha256:0{64}"):
        read_dataset(folder)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shapes", [1, 2], r"X_train is float32\[48, 2\], meta.json says float32\[1, 2\]"),
        ("dtypes", "float64", r"X_train is float32\[48, 2\], meta.json says float64\[48, 2\]"),
    ],
)
def test_a_shape_or_dtype_that_disagrees_with_meta_is_refused(
    folder: Path, field: str, value: object, message: str
) -> None:
    edit_meta(folder, lambda m: m[field].update(X_train=value))
    with pytest.raises(ArtifactError, match=message):
        read_dataset(folder)


def test_an_npz_missing_an_array_is_refused(folder: Path, dataset: Dataset) -> None:
    np.savez(npz_path(folder), **{k: dataset[k] for k in dataset if k != "y_test"})
    with pytest.raises(ArtifactError, match=r"arrays \['y_test'\] are missing"):
        read_dataset(folder)


def test_unparseable_meta_json_is_refused(folder: Path) -> None:
    (folder / "meta.json").write_text('{"hashes": ')
    with pytest.raises(ArtifactError, match=r"meta.json: unreadable .*the file is corrupted"):
        read_dataset(folder)


def test_meta_json_without_the_file_list_is_refused(folder: Path) -> None:
    edit_meta(folder, lambda m: m.pop("artifacts"))
    with pytest.raises(ArtifactError, match=r"meta.json: unreadable \(KeyError\('artifacts'\)\)"):
        read_dataset(folder)


def test_a_folder_without_meta_json_is_not_a_dataset(tmp_path: Path) -> None:
    with pytest.raises(
        ArtifactError, match=r"no meta.json; not a dataset folder \(is the data pulled\? try `dvc pull`\)"
    ):
        read_dataset(tmp_path / "nowhere")


def test_a_missing_npz_points_at_dvc(folder: Path) -> None:
    npz_path(folder).unlink()
    with pytest.raises(ArtifactError, match=r"\.npz: missing \(try `dvc pull` or `dvc repro`\)"):
        read_dataset(folder)
