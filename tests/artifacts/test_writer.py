"""writer: the one writer of a dataset folder; deterministic bytes, atomic replacement."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from juniper_data import Dataset, generate, read_dataset, write_dataset
from juniper_data.artifacts import writer
from tests.artifacts.support import entries, make_dataset, snapshot


def test_folder_holds_the_npz_the_parquet_splits_meta_and_card(folder: Path, dataset: Dataset) -> None:
    name = dataset.meta["dataset_id"]
    assert sorted(snapshot(folder)) == sorted(
        [f"{name}.npz", "meta.json", "README.md", "preview.png", "parquet/train.parquet", "parquet/test.parquet"]
    )


def test_meta_json_is_the_dataset_meta_plus_the_file_list(folder: Path, dataset: Dataset) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    name = dataset.meta["dataset_id"]
    assert meta.pop("artifacts") == {
        "npz": f"{name}.npz",
        "parquet": {"train": "parquet/train.parquet", "test": "parquet/test.parquet"},
    }
    assert meta == dataset.meta
    assert list(meta) == list(dataset.meta)  # insertion order kept, not re-sorted
    assert (folder / "meta.json").read_bytes().endswith(b"}\n")


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"compress": True},
        {"parquet_compression": "zstd"},
        {"parquet_compression": "none"},
        {"formats": ["npz"]},
    ],
    ids=json.dumps,
)
def test_same_recipe_written_twice_gives_byte_identical_files(tmp_path: Path, options: dict) -> None:
    first = snapshot(write_dataset(make_dataset(), tmp_path / "a", **options))
    second = snapshot(write_dataset(make_dataset(), tmp_path / "b", **options))
    assert list(first) == list(second)
    for name in first:
        assert first[name] == second[name], name


def test_rewriting_a_folder_in_place_reproduces_its_bytes(folder: Path) -> None:
    before = snapshot(folder)
    write_dataset(make_dataset(), folder)
    assert snapshot(folder) == before


def test_a_larger_noisy_dataset_also_writes_byte_identically(tmp_path: Path) -> None:
    recipe = {"n_classes": 4, "n_samples_per_class": 5000, "n_features": 3, "noise": 0.1, "seed": 8}
    first = snapshot(write_dataset(generate("gaussian", **recipe), tmp_path / "a"))
    second = snapshot(write_dataset(generate("gaussian", **recipe), tmp_path / "b"))
    assert first == second


def test_different_recipes_give_different_npz_bytes(tmp_path: Path) -> None:
    a = snapshot(write_dataset(make_dataset(), tmp_path / "a", card=False))
    b = snapshot(write_dataset(make_dataset(seed=5), tmp_path / "b", card=False))
    assert [v for k, v in a.items() if k.endswith(".npz")] != [v for k, v in b.items() if k.endswith(".npz")]


def test_npz_only_writes_no_parquet_and_says_so_in_meta(tmp_path: Path, dataset: Dataset) -> None:
    out = write_dataset(dataset, tmp_path / "ds", formats=["npz"], card=False)
    assert entries(out) == ["meta.json", f"{dataset.name}.npz"]
    assert json.loads((out / "meta.json").read_text())["artifacts"] == {"npz": f"{dataset.name}.npz"}
    assert read_dataset(out).meta["hashes"] == dataset.meta["hashes"]


def test_npz_is_always_written_even_when_only_parquet_is_asked_for(tmp_path: Path, dataset: Dataset) -> None:
    out = write_dataset(dataset, tmp_path / "ds", formats=["parquet"], card=False)
    assert (out / f"{dataset.name}.npz").is_file() and (out / "parquet" / "train.parquet").is_file()


def test_unknown_format_is_refused_before_anything_is_written(tmp_path: Path, dataset: Dataset) -> None:
    with pytest.raises(
        ValueError, match=r"storage.formats = \['npz', 'hdf5'\]: unknown \['hdf5'\]; allowed: npz, parquet"
    ):
        write_dataset(dataset, tmp_path / "ds", formats=["npz", "hdf5"])
    assert entries(tmp_path) == []


def test_compressed_npz_deflates_every_entry_and_keeps_the_arrays(tmp_path: Path, dataset: Dataset) -> None:
    out = write_dataset(dataset, tmp_path / "ds", compress=True, card=False)
    with zipfile.ZipFile(out / f"{dataset.name}.npz") as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    loaded = read_dataset(out)
    for key in dataset:
        np.testing.assert_array_equal(loaded[key], dataset[key])


def test_annotated_name_names_the_files_and_the_card_shows_the_recipe(tmp_path: Path, dataset: Dataset) -> None:
    named = dataset.annotate(name="three_arms", tags=["demo"])
    out = write_dataset(named, tmp_path / "three_arms")
    assert (out / "three_arms.npz").is_file()
    card = (out / "README.md").read_text()
    front, body = card.split("\n---\n", 1)  # HF front matter first, then the Markdown
    assert front.startswith("---\n") and "\npretty_name: three_arms\n" in front + "\n"
    assert body.startswith("\n# three_arms\n")
    assert dataset.meta["dataset_id"] in card
    assert "| `n_spirals` | `3` |" in card
    assert dataset.meta["hashes"]["X_full"] in card


def test_replacing_a_folder_removes_files_of_the_previous_dataset(tmp_path: Path) -> None:
    target = tmp_path / "ds"
    old = make_dataset(seed=1)
    write_dataset(old, target)
    new = make_dataset(seed=2)
    write_dataset(new, target, formats=["npz"], card=False)
    assert entries(target) == ["meta.json", f"{new.name}.npz"]
    assert entries(tmp_path) == ["ds"]


# -- atomicity: a failure inside the write changes nothing on disk ----------------------


class Boom(RuntimeError):
    pass


def fail(*args: object, **kwargs: object) -> None:
    raise Boom("disk full")


@pytest.mark.parametrize("step", ["write_parquet_split", "write_npz", "dumps_meta"])
def test_failed_write_leaves_the_existing_folder_byte_identical_and_no_temp_files(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = snapshot(folder)
    monkeypatch.setattr(writer, step, fail)
    with pytest.raises(Boom):
        write_dataset(make_dataset(seed=99), folder)
    assert snapshot(folder) == before
    assert entries(tmp_path) == ["ds"]


def test_failed_first_write_creates_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "write_parquet_split", fail)
    with pytest.raises(Boom):
        write_dataset(make_dataset(), tmp_path / "out" / "ds")
    assert entries(tmp_path / "out") == []


def test_interrupt_during_the_write_is_cleaned_up_too(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(folder)

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "write_parquet_split", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_dataset(make_dataset(seed=99), folder)
    assert snapshot(folder) == before
    assert entries(tmp_path) == ["ds"]
