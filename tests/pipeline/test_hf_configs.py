"""Hugging Face configs of a registry built by `dvc repro`: one per family variant, one per dataset, no mixing.

Real ``datasets.load_dataset`` on the built folders (offline, private caches): a
family's card has one config per variant with that variant's rows and classes,
and the catalog card ``data/README.md`` one config per dataset and variant.
"""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import numpy as np
import pytest
import yaml
from huggingface_hub import DatasetCard

from juniper_data import read_dataset
from juniper_data.artifacts.hf import config_name
from tests.pipeline.conftest import ROOT, make_project, project_env, run

#: Variants that differ in classes (2 and 5 arms) and carry brackets in their folder names.
HF_RECIPES = {
    "families/arms.yaml": (
        "generator: spiral\nparams: {n_points_per_spiral: 12, seed: 3}\n"
        "sweep: {n_spirals: [2, 5], origin: [[0.0, 0.0], [1.0, 1.0]]}\ntags: [spiral, family]\n"
    ),
    "datasets/xor_small.yaml": "generator: xor\nparams: {n_points_per_quadrant: 8, seed: 0}\ntags: [xor]\n",
    "datasets/mnist_tiny.yaml": (ROOT / "conf" / "datasets" / "mnist_tiny.yaml").read_text(),
}


@pytest.fixture(scope="module")
def hf_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with a family of differently sized variants and an image dataset, after `dvc repro`."""
    base = tmp_path_factory.mktemp("hf-registry")
    env = project_env(base / "home")
    project = make_project(base / "project", env, HF_RECIPES)
    run(["dvc", "repro"], project, env)
    return project


@pytest.fixture(params=["built_project", "hf_project"])
def registry(request: pytest.FixtureRequest) -> Path:
    """Each small registry: the shared one of tests/pipeline/conftest.py and the one above."""
    value = request.getfixturevalue(request.param)
    return Path(value[0] if isinstance(value, tuple) else value)


def front_matter(card: Path) -> dict:
    return yaml.safe_load(card.read_text().split("\n---\n", 1)[0].removeprefix("---\n"))


def assert_loads_exactly(loaded: datasets.DatasetDict, folder: Path) -> None:
    """``loaded`` holds exactly the rows, labels and class names of the dataset folder ``folder``."""
    ds = read_dataset(folder)
    assert sorted(loaded) == sorted(ds.meta["artifacts"]["parquet"])
    for split in loaded:
        part = loaded[split]
        assert part.features["label"].names == ds.class_names
        X = np.column_stack([part[f"x{i}"] for i in range(ds.meta["n_features"])]).astype(np.float32)
        np.testing.assert_array_equal(X.reshape(len(part), -1), ds[f"X_{split}"])
        np.testing.assert_array_equal(np.asarray(part["label"]), ds.labels(split))


def test_family_card_has_one_config_per_variant_and_no_default(hf_project: Path) -> None:
    family = hf_project / "data" / "arms"
    index = json.loads((family / "index.json").read_text())
    variants = [v["variant"] for v in index["variants"]]
    assert len(variants) == 4 and any("[" in v for v in variants)
    data = front_matter(family / "README.md")
    assert [c["config_name"] for c in data["configs"]] == variants
    assert "default" not in variants and not any(c.get("default") for c in data["configs"])
    assert [i["config_name"] for i in data["dataset_info"]] == variants
    assert data["license"] == "cc0-1.0" and len(data["tags"]) == len(set(data["tags"]))


def test_each_family_variant_config_loads_exactly_that_variants_rows_and_classes(hf_project: Path, hf_offline) -> None:  # type: ignore[no-untyped-def]
    family = hf_project / "data" / "arms"
    classes = set()
    for variant in json.loads((family / "index.json").read_text())["variants"]:
        loaded = datasets.load_dataset(str(family), variant["variant"], cache_dir=str(hf_offline))
        assert_loads_exactly(loaded, family / variant["variant"])
        classes.add(loaded["train"].features["label"].num_classes)
    assert classes == {2, 5}  # each variant its own ClassLabel, not one shared by all


def test_a_family_folder_without_a_config_name_mixes_nothing(hf_project: Path, hf_offline) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="Config name is missing"):
        datasets.load_dataset(str(hf_project / "data" / "arms"), cache_dir=str(hf_offline))


def test_every_dataset_of_the_registry_loads_by_name_from_the_data_folder(registry: Path, hf_offline) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads((registry / "data" / "catalog.json").read_text())["datasets"]
    data = front_matter(registry / "data" / "README.md")
    assert sorted(c["config_name"] for c in data["configs"]) == sorted(config_name(r["name"]) for r in rows)
    for row in rows:
        loaded = datasets.load_dataset(str(registry / "data"), config_name(row["name"]), cache_dir=str(hf_offline))
        assert_loads_exactly(loaded, registry / row["path"])
    with pytest.raises(ValueError, match="Config name is missing"):
        datasets.load_dataset(str(registry / "data"), cache_dir=str(hf_offline))


def test_the_image_dataset_loads_from_the_catalog_with_its_image_shape(hf_project: Path, hf_offline) -> None:  # type: ignore[no-untyped-def]
    loaded = datasets.load_dataset(str(hf_project / "data"), "mnist_tiny", cache_dir=str(hf_offline))
    ds = read_dataset(hf_project / "data" / "mnist_tiny")
    assert loaded["train"].features["x"] == datasets.Array2D(shape=(28, 28), dtype="float32")
    np.testing.assert_array_equal(np.asarray(loaded["train"].with_format("numpy")["x"]),
                                  ds["X_train"].reshape(-1, 28, 28))  # fmt: skip


def test_every_card_carries_the_registry_license_and_is_huggingface_hub_canonical(hf_project: Path) -> None:
    cards = sorted((hf_project / "data").rglob("README.md"))
    assert len(cards) == 1 + 1 + 4 + 2  # catalog, family, its variants, two datasets
    for card in cards:
        text = card.read_text()
        assert DatasetCard(text).data.license == "cc0-1.0", card
        assert str(DatasetCard(text)) == text, card
        tags = DatasetCard(text).data.tags
        assert len(tags) == len(set(tags)), card


def test_the_catalog_stage_depends_on_the_registry_license(hf_project: Path) -> None:
    stage = yaml.safe_load((hf_project / "dvc.lock").read_text())["stages"]["catalog"]
    assert stage["params"]["params.yaml"] == {"registry.license": "cc0-1.0"}
