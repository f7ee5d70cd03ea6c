"""The dataset card: HF-readable front matter, deterministic text and preview, pull snippets."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import yaml

from juniper_data import generate, read_dataset, write_dataset
from juniper_data.artifacts.card import URL_PLACEHOLDER, card_metadata, card_text, front_matter, size_category
from juniper_data.artifacts.meta import read_meta
from juniper_data.artifacts.preview import render_preview


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def spiral_folder(tmp_path_factory):
    ds = generate("spiral", n_spirals=3, n_points=40, seed=3).annotate(name="sp3", tags=["demo", "spiral"])
    return write_dataset(ds, tmp_path_factory.mktemp("card") / "sp3")


def test_card_front_matter_is_read_by_hf_datasets_with_class_names_and_split_sizes(spiral_folder):
    import datasets

    meta = read_meta(spiral_folder)
    loaded = datasets.load_dataset(str(spiral_folder))
    assert sorted(loaded) == ["test", "train"]
    assert loaded["train"].num_rows == meta["n_train"] and loaded["test"].num_rows == meta["n_test"]
    assert loaded["train"].features["label"].names == meta["class_names"]
    assert loaded["train"].features["x0"].dtype == "float32"
    np.testing.assert_array_equal(
        np.column_stack([loaded["train"]["x0"], loaded["train"]["x1"]]).astype(np.float32),
        np.load(spiral_folder / meta["artifacts"]["npz"])["X_train"],
    )


def test_front_matter_lists_parquet_configs_features_and_tags(spiral_folder):
    meta = read_meta(spiral_folder)
    data = yaml.safe_load(front_matter(meta))
    files = {f["split"]: f["path"] for f in data["configs"][0]["data_files"]}
    assert files == meta["artifacts"]["parquet"]
    assert all((spiral_folder / p).is_file() for p in files.values())
    label = data["dataset_info"]["features"][-1]
    assert label["name"] == "label"
    assert list(label["dtype"]["class_label"]["names"].values()) == meta["class_names"]
    assert {"demo", "spiral", "juniper-data"} <= set(data["tags"])


def test_card_without_parquet_has_no_data_files_config(tmp_path):
    folder = write_dataset(generate("xor", seed=0).annotate(name="x"), tmp_path / "x", formats=["npz"])
    data = yaml.safe_load(front_matter(read_meta(folder)))
    assert "configs" not in data and "splits" not in data["dataset_info"]


def test_two_writes_of_one_recipe_give_identical_card_and_preview_bytes(tmp_path):
    ds = generate("circles", n_samples=300, noise=0.05, seed=5).annotate(name="c")
    a, b = write_dataset(ds, tmp_path / "a"), write_dataset(ds, tmp_path / "b")
    for name in ("README.md", "preview.png"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_written_preview_png_is_the_rendered_preview_with_no_software_or_time_metadata(spiral_folder):
    data = (spiral_folder / "preview.png").read_bytes()
    assert b"Software" not in data and b"tIME" not in data
    assert png_size(data) == (320, 320) and data == render_preview(read_dataset(spiral_folder))


def test_card_names_dataset_id_hashes_and_versioned_pull_snippets(spiral_folder):
    meta = read_meta(spiral_folder)
    text = (spiral_folder / "README.md").read_text()
    assert meta["dataset_id"] in text
    for key, digest in meta["hashes"].items():
        assert f"`{key}`" in text and digest in text
    assert f"dvc import {URL_PLACEHOLDER} data/sp3 --rev" in text
    assert f"dvc get {URL_PLACEHOLDER} data/sp3/{meta['artifacts']['npz']} --rev" in text
    assert f'load("sp3", repo="{URL_PLACEHOLDER}", rev="sp3@vX.Y.Z")' in text and "REV=sp3@vX.Y.Z" in text
    for cls, count in meta["class_distribution"]["full"].items():
        assert f"| `{cls}` |" in text and f"| {count} |" in text


def test_card_text_is_a_function_of_meta_and_the_given_url_only(spiral_folder):
    meta = read_meta(spiral_folder)
    text = card_text(meta, registry_url="https://git.example/lab/registry.git")
    assert text == card_text(dict(meta), registry_url="https://git.example/lab/registry.git")
    assert "dvc import https://git.example/lab/registry.git data/sp3" in text
    assert URL_PLACEHOLDER not in text
    assert str(spiral_folder) not in text and "/tmp" not in text


def test_card_declares_extra_columns_so_hf_reads_the_folder(tmp_path, monkeypatch):
    import json

    import datasets

    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(tmp_path))
    task = {"train": [{"input": [[1, 2]], "output": [[2, 1]]}, {"input": [[3]], "output": [[3]]}], "test": []}
    (tmp_path / "arc" / "training").mkdir(parents=True)
    (tmp_path / "arc" / "training" / "t1.json").write_text(json.dumps(task))
    ds = generate("arc_agi", source="local", local_path="arc", pad_to=2, seed=0, train_ratio=0.5, test_ratio=0.5)
    folder = write_dataset(ds.annotate(name="arc"), tmp_path / "out")
    loaded = datasets.load_dataset(str(folder))
    assert loaded["train"].features["task_id"].dtype == "string"
    assert loaded["train"].features["output_grid"].length == 4
    assert loaded["train"]["task_id"] == ["t1"]


@pytest.mark.parametrize(("n", "bucket"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (2_500_000, "1M<n<10M")])
def test_size_category_buckets_rows_like_hugging_face(n, bucket):
    assert size_category(n) == bucket


def test_card_is_what_huggingface_hub_writes_with_license_and_each_tag_once(tmp_path):
    from huggingface_hub import DatasetCard

    ds = generate("spiral", n_points=20, seed=1).annotate(name="sp", tags=["spiral", "demo", "juniper-data"])
    folder = write_dataset(ds, tmp_path / "sp", license="cc-by-4.0")
    text = (folder / "README.md").read_text()
    card = DatasetCard.load(folder / "README.md")
    assert str(card) == text  # huggingface_hub's own rendering of the card, byte for byte
    assert card.data.license == "cc-by-4.0"
    assert card.data.tags == ["juniper-data", "synthetic", "spiral", "demo"]
    assert card.data.pretty_name == "sp" and card.data.task_categories == ["tabular-classification"]


def test_card_without_a_license_says_unknown(spiral_folder):
    assert yaml.safe_load(front_matter(read_meta(spiral_folder)))["license"] == "unknown"


def test_imported_data_is_not_tagged_synthetic(tmp_path, monkeypatch):
    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(tmp_path))
    (tmp_path / "d.csv").write_text("a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n")
    ds = generate("csv_import", file_path="d.csv", seed=0).annotate(name="d", tags=["csv_import"])
    tags = card_metadata(ds.meta)["tags"]
    assert tags == ["juniper-data", "csv_import"]


def test_card_bytes_depend_on_the_license(tmp_path):
    ds = generate("xor", seed=2).annotate(name="x")
    a = write_dataset(ds, tmp_path / "a", license="cc0-1.0") / "README.md"
    b = write_dataset(ds, tmp_path / "b", license="mit") / "README.md"
    assert a.read_bytes() != b.read_bytes()
    assert a.read_bytes() == (write_dataset(ds, tmp_path / "c", license="cc0-1.0") / "README.md").read_bytes()


def test_family_card_is_byte_deterministic_and_lists_each_variant_once(tmp_path):
    from juniper_data.artifacts.family_card import write_family_card

    variants = []
    for noise in (0.0, 0.1):
        label = f"noise={noise}"
        folder = write_dataset(generate("xor", noise=noise, seed=1).annotate(name=f"g/{label}"), tmp_path / label)
        variants.append({"variant": label, "meta": read_meta(folder)})
    entry = {"generator": "xor", "version": "1.0.0", "sweep": {"noise": [0.0, 0.1]}, "description": "XOR noise"}
    first = write_family_card(tmp_path, "g", entry, variants, license="cc0-1.0").read_bytes()
    again = write_family_card(tmp_path, "g", dict(entry), [dict(v) for v in variants], license="cc0-1.0")
    assert again.read_bytes() == first
    data = yaml.safe_load(first.decode().split("\n---\n", 1)[0].removeprefix("---\n"))
    assert [c["config_name"] for c in data["configs"]] == ["noise=0.0", "noise=0.1"]
    assert data["tags"] == ["juniper-data", "synthetic", "xor"] and data["license"] == "cc0-1.0"
    assert "XOR noise" in first.decode() and 'load_dataset("data/g", "noise=0.0")' in first.decode()


def test_card_snippet_data_files_load_a_variant_whose_folder_has_glob_characters(tmp_path, monkeypatch, hf_offline):
    import datasets

    name = "fam/origin=[0.0,1.0]"
    ds = generate("xor", seed=3).annotate(name=name)
    folder = write_dataset(ds, tmp_path / "data" / "fam" / "origin=[0.0,1.0]")
    text = (folder / "README.md").read_text()
    line = next(x for x in text.splitlines() if x.startswith('ds = datasets.load_dataset("parquet"'))
    files = json.loads(line.split("data_files=", 1)[1].removesuffix(")"))
    monkeypatch.chdir(tmp_path)  # the snippet's paths are relative to the registry root
    loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=str(hf_offline))
    assert loaded["train"].num_rows == ds.meta["n_train"] and loaded["test"].num_rows == ds.meta["n_test"]
