"""Stage commands in-process: artifacts, catalog entries, metrics and the catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from juniper_data.artifacts.reader import read_dataset
from juniper_data.pipeline import compose, stage
from tests.pipeline.conftest import copy_conf_skeleton


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    conf = copy_conf_skeleton(tmp_path / "conf")
    (conf / "datasets").mkdir()
    (conf / "families").mkdir()
    (conf / "datasets" / "circ.yaml").write_text("generator: circles\nparams: {n_samples: 40, seed: 2}\ntags: [b, a]\n")
    (conf / "families" / "gauss.yaml").write_text(
        "generator: gaussian\nparams: {n_samples_per_class: 5, seed: 1}\nsweep: {n_classes: [2, 3]}\n"
        "expires: 2000-01-01\n"
    )
    monkeypatch.chdir(tmp_path)
    assert compose.main([]) == 0
    return tmp_path


def test_dataset_stage_writes_artifacts_entry_and_metrics(workdir):
    assert stage.main(["dataset", "circ"]) == 0
    ds = read_dataset(workdir / "data" / "circ")
    assert ds.meta["name"] == "circ" and ds.meta["tags"] == ["a", "b"]
    assert ds["X_full"].shape == (40, 2)
    entry = json.loads((workdir / "catalog" / "circ.json").read_text())
    assert entry["meta"]["hashes"] == ds.meta["hashes"]
    metrics = json.loads((workdir / "metrics" / "circ.json").read_text())
    assert metrics["datasets"] == 1 and metrics["artifact_bytes"] > 0


def test_family_stage_builds_every_variant(workdir):
    assert stage.main(["family", "gauss"]) == 0
    for k in (2, 3):
        ds = read_dataset(workdir / "data" / "gauss" / f"n_classes={k}")
        assert ds["y_full"].shape == (5 * k, k)
        assert ds.meta["name"] == f"gauss/n_classes={k}"
        assert ds.meta["expires"] == "2000-01-01"


def test_catalog_lists_datasets_and_family_variants(workdir):
    stage.main(["dataset", "circ"])
    stage.main(["family", "gauss"])
    assert stage.main(["catalog"]) == 0
    rows = json.loads((workdir / "data" / "catalog.json").read_text())["datasets"]
    assert [r["name"] for r in rows] == ["circ", "gauss/n_classes=2", "gauss/n_classes=3"]
    assert [r["family"] for r in rows] == [None, "gauss", "gauss"]
    table = pq.read_table(workdir / "data" / "catalog.parquet").to_pydict()
    assert table["name"] == [r["name"] for r in rows]
    assert table["n_classes"] == [2, 2, 3]
    assert json.loads(table["hashes"][0]) == rows[0]["hashes"]


def test_same_recipe_builds_identical_bytes_twice(workdir):
    stage.main(["dataset", "circ"])
    first = {p.name: p.read_bytes() for p in (workdir / "data" / "circ").rglob("*") if p.is_file()}
    shutil.rmtree(workdir / "data" / "circ")
    stage.main(["dataset", "circ"])
    second = {p.name: p.read_bytes() for p in (workdir / "data" / "circ").rglob("*") if p.is_file()}
    assert first == second


def test_unknown_stage_name_suggests_the_closest(workdir):
    with pytest.raises(SystemExit, match="did you mean circ"):
        stage.main(["dataset", "cirk"])


def test_stage_output_matches_in_memory_generation(workdir):
    from juniper_data import generate

    stage.main(["dataset", "circ"])
    expected = generate("circles", n_samples=40, seed=2)
    built = read_dataset(workdir / "data" / "circ")
    for key in expected:
        np.testing.assert_array_equal(built[key], expected[key])


def test_chunked_recipe_is_built_in_blocks_and_verifies(workdir):
    (workdir / "conf" / "datasets" / "big.yaml").write_text(
        "generator: xor\nparams: {n_points_per_quadrant: 300, seed: 4}\nchunked: true\nblock_size: 256\n"
    )
    assert compose.main([]) == 0
    assert stage.main(["dataset", "big"]) == 0
    ds = read_dataset(workdir / "data" / "big")
    assert ds.meta["recipe"]["chunking"] == {"block_size": 256}
    assert ds["X_full"].shape == (1200, 2) and ds.meta["name"] == "big"
    entry = json.loads((workdir / "catalog" / "big.json").read_text())
    assert entry["meta"]["hashes"] == ds.meta["hashes"]
