"""What Hugging Face sees: one feature description for Parquet and cards, config names, licenses, card classes."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest
from huggingface_hub import DatasetCard

from juniper_data import generate, write_dataset
from juniper_data.artifacts import hf
from juniper_data.artifacts.meta import read_meta
from juniper_data.artifacts.parquet import dataset_table
from tests.artifacts.support import image_dataset
from tests.artifacts.test_extras import dataset_with_extras


@pytest.mark.parametrize(
    "make", [lambda: generate("xor", seed=0), dataset_with_extras, lambda: image_dataset((6, 5)),
             lambda: image_dataset((4, 3, 3))], ids=["tabular", "extras", "grey", "colour"],
)  # fmt: skip
def test_card_features_equal_what_datasets_writes_for_the_parquet_features(make) -> None:
    ds = make()
    stored = json.loads(dataset_table(ds, "train").schema.metadata[b"huggingface"])["info"]["features"]
    assert stored == hf.meta_features(ds.meta)  # the Parquet schema (from arrays) and the card (from meta) agree
    expected = datasets.DatasetInfo(features=datasets.Features.from_dict(stored))._to_yaml_dict()["features"]
    assert hf.yaml_features(stored) == expected


def test_parquet_features_of_a_tabular_dataset_are_the_flat_columns_and_the_class_label() -> None:
    features = hf.meta_features(generate("spiral", n_spirals=5, seed=1).meta)
    assert list(features) == ["x0", "x1", "label"]
    assert features["label"] == {"names": [f"class_{i}" for i in range(5)], "_type": "ClassLabel"}


@pytest.mark.parametrize(
    "name", ["xor_default", "spiral_grid/n_spirals=2,noise=0.1", "fam/origin=[0.0,1.0]", "fam/col=a%2Fb"]
)
def test_catalog_config_names_are_valid_hugging_face_config_names_that_map_back(name: str) -> None:
    config = hf.config_name(name)
    datasets.BuilderConfig(name=config)  # raises InvalidConfigName on characters HF refuses
    assert "/" not in config and config.replace(".", "/", 1) == name


def written_meta(ds, folder: Path) -> dict:  # type: ignore[no-untyped-def]
    return read_meta(write_dataset(ds.annotate(name="w"), folder, card=False))


def test_two_datasets_with_one_config_name_are_refused(tmp_path: Path) -> None:
    meta = written_meta(generate("xor", seed=0), tmp_path / "w")
    with pytest.raises(ValueError, match="'a.b'"):
        hf.configs([("a.b", "a/b", meta), ("a.b", "a.b", meta)])


def test_data_files_escape_glob_characters_of_variant_folders() -> None:
    assert hf.data_file("g/origin=[0.0,1.0]/parquet/train.parquet") == "g/origin=[[]0.0,1.0[]]/parquet/train.parquet"
    assert hf.data_file("g/n=2,noise=0.1/parquet/test.parquet") == "g/n=2,noise=0.1/parquet/test.parquet"


@pytest.mark.parametrize("bad", ["CC BY 4.0", "MIT", "", 3, "-mit"])
def test_a_license_that_is_not_a_hugging_face_id_is_refused_naming_the_file_and_value(bad: object) -> None:
    with pytest.raises(ValueError, match=rf"conf/registry.yaml: license = {bad!r}; allowed: a Hugging Face") as error:
        hf.check_license(bad)
    assert "cc0-1.0" in str(error.value)


def test_no_license_is_unknown_and_ids_pass_unchanged() -> None:
    assert hf.check_license(None) == "unknown"
    ids = ["cc0-1.0", "cc-by-4.0", "openrail++"]
    assert [hf.check_license(v) for v in ids] == ids


def test_rendered_card_is_huggingface_hub_canonical_and_deterministic() -> None:
    metadata = {"license": "cc0-1.0", "pretty_name": "x", "tags": ["a", "b"], "configs": [{"config_name": "c"}]}
    text = hf.render_card(metadata, "# x\n\nbody\n")
    assert text == hf.render_card(dict(metadata), "# x\n\nbody\n")
    card = DatasetCard(text)
    assert str(card) == text  # what huggingface_hub itself writes for this card, byte for byte
    assert card.data.license == "cc0-1.0" and card.data.to_dict()["configs"] == [{"config_name": "c"}]
    assert card.text == "\n# x\n\nbody\n"


def test_split_infos_follow_the_parquet_files_the_meta_lists(tmp_path: Path) -> None:
    meta = written_meta(generate("xor", n_points_per_quadrant=10, seed=0), tmp_path / "w")
    assert [(s["name"], s["num_examples"]) for s in hf.split_infos(meta)] == [("train", 32), ("test", 8)]
    only_test = {**meta, "artifacts": {**meta["artifacts"], "parquet": {"test": "parquet/test.parquet"}}}
    assert [s["name"] for s in hf.split_infos(only_test)] == ["test"]
    with_validation = {**meta, "n_val": 3, "artifacts": {**meta["artifacts"], "parquet": {
        **meta["artifacts"]["parquet"], "validation": "parquet/validation.parquet"}}}  # fmt: skip
    assert hf.split_infos(with_validation)[-1] == {"name": "validation", "num_bytes": 3 * 16, "num_examples": 3}
    assert hf.split_infos(meta)[0]["num_bytes"] == 32 * (2 * 4 + 8)
