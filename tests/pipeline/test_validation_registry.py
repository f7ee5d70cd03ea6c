"""A registry with a three-way dataset, built by `dvc repro`: catalog, stats, show, preview, verify, load, metrics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from juniper_data import generate, load
from juniper_data.catalog.release import release
from juniper_data.cli import main
from tests.pipeline.conftest import make_project, project_env, run

RECIPES = {
    "datasets/moon_small.yaml": "generator: moon\nparams: {n_samples: 50, seed: 42, sizing_mode: additive}\n",
    "datasets/xor_small.yaml": "generator: xor\nparams: {n_points_per_quadrant: 20, seed: 0}\n",
    "families/moon_fam.yaml": (
        "generator: moon\nparams: {n_samples: 40, seed: 1, sizing_mode: carve, val_ratio: 0.1, test_ratio: 0.1}\n"
        "sweep: {noise: [0.0, 0.1]}\n"
    ),
}


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(checkout, bare clone, env) of a registry built, pushed and released (moon_small@v1.0.0)."""
    base = tmp_path_factory.mktemp("val-registry")
    env = project_env(base / "home")
    work = make_project(base / "work", env, RECIPES)
    run(["dvc", "repro", "-q"], work, env)
    run(["git", "add", "-A"], work, env)
    run(["git", "commit", "-qm", "build"], work, env)
    run(["dvc", "push", "-q"], work, env)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        release(work, "moon_small", "v1.0.0")
    bare = base / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return work, bare, env


@pytest.fixture
def inside(registry: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    work, _, env = registry
    for key in ("HOME", "DVC_NO_ANALYTICS"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(work)
    return work


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_built_three_way_dataset_is_what_generate_gives_and_the_two_way_one_is_contract_1_2(inside: Path) -> None:
    meta = json.loads((inside / "data" / "moon_small" / "meta.json").read_text())
    expected = generate("moon", n_samples=50, seed=42, sizing_mode="additive")
    assert meta["hashes"] == expected.meta["hashes"] and meta["contract_version"] == "1.3"
    assert (meta["n_train"], meta["n_val"], meta["n_test"]) == (50, 20, 15)
    assert (inside / "data" / "moon_small" / "parquet" / "validation.parquet").is_file()
    two_way = json.loads((inside / "data" / "xor_small" / "meta.json").read_text())
    assert two_way["contract_version"] == "1.2" and "n_val" not in two_way


def test_catalog_rows_and_stats_count_the_validation_rows(inside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["name"]: r for r in json.loads((inside / "data" / "catalog.json").read_text())["datasets"]}
    assert rows["moon_small"]["n_val"] == 20 and rows["xor_small"]["n_val"] == 0
    assert rows["moon_fam/noise=0.1"]["n_val"] == 4
    stats = cli_json(capsys, "stats")
    assert stats["splits"] == {"train": 50 + 64 + 2 * 32, "val": 20 + 2 * 4, "test": 15 + 16 + 2 * 4}
    assert stats["with_validation"] == 3
    main(["stats"])
    assert "28 validation (3 datasets with a validation split)" in capsys.readouterr().out


def test_show_and_preview_give_the_validation_split(inside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    info = cli_json(capsys, "show", "moon_small")
    assert info["sizes"]["n_val"] == 20 and set(info["class_distribution"]) == {"train", "val", "test", "full"}
    main(["show", "moon_small"])
    out = capsys.readouterr().out
    assert "50 train / 20 validation / 15 test of 85 rows" in out
    assert re.search(r"^class\s+train\s+val\s+test\s+full$", out, re.MULTILINE)
    preview = cli_json(capsys, "preview", "moon_small", "--split", "validation", "-n", "3")
    assert preview["split"] == "validation" and len(preview["rows"]) == 3
    assert main(["preview", "xor_small", "--split", "val"]) != 0
    assert "no validation split" in capsys.readouterr().err


def test_verify_checks_the_validation_arrays_and_parquet(inside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = cli_json(capsys, "verify", "moon_small", "--regenerate")
    (result,) = report["results"]
    assert result["ok"], result["problems"]
    assert any("(train, val, test, full) match meta.json" in c for c in result["checks"])
    assert any("parquet splits equal the NPZ" in c for c in result["checks"])


def test_a_family_index_and_the_metrics_carry_validation_rows(inside: Path) -> None:
    index = json.loads((inside / "data" / "moon_fam" / "index.json").read_text())
    assert [v["n_val"] for v in index["variants"]] == [4, 4]
    metrics = json.loads((inside / "metrics" / "moon_small.json").read_text())
    assert metrics["rows"] == {"train": 50, "val": 20, "test": 15, "full": 85}
    assert set(json.loads((inside / "metrics" / "xor_small.json").read_text())["rows"]) == {"train", "test", "full"}


def test_load_from_a_release_gives_three_splits_and_the_release_version(
    registry: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, bare, env = registry
    monkeypatch.setenv("HOME", env["HOME"])
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "cache"))
    ds = load("moon_small@v1.0.0", repo=bare)
    assert ds.splits == ("train", "val", "test", "full")
    assert (ds.meta["dataset_name"], ds.meta["dataset_version"], ds.meta["n_val"]) == ("moon_small", "1.0.0", 20)
    np.testing.assert_array_equal(ds["X_val"], generate("moon", n_samples=50, seed=42, sizing_mode="additive")["X_val"])
    assert list(ds.to_hf()) == ["train", "validation", "test"]


def test_hugging_face_reads_the_registrys_catalog_config_with_three_splits(inside: Path) -> None:
    import datasets

    loaded = datasets.load_dataset(str(inside / "data"), "moon_small")
    assert {s: loaded[s].num_rows for s in loaded} == {"train": 50, "validation": 20, "test": 15}
    variant = datasets.load_dataset(str(inside / "data" / "moon_fam"), "noise=0.1")
    assert {s: variant[s].num_rows for s in variant} == {"train": 32, "validation": 4, "test": 4}
