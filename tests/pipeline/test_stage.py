"""The build stage in-process: artifacts, catalog entries, metrics, the catalog, and what it refuses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from juniper_data.artifacts.meta import read_meta
from juniper_data.artifacts.reader import read_dataset
from juniper_data.dataset import consumer_meta
from juniper_data.pipeline import catalog, compose, stage
from juniper_data.pipeline.dvcyaml import shard_of
from tests.pipeline.conftest import ROOT, copy_conf_skeleton


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


def build(name: str) -> int:
    return stage.main([shard_of(name)])


def test_dataset_stage_writes_artifacts_entry_and_deterministic_metrics(workdir):
    assert build("circ") == 0
    ds = read_dataset(workdir / "data" / "circ")
    assert ds.meta["name"] == "circ" and ds.meta["tags"] == ["a", "b"]
    assert ds["X_full"].shape == (40, 2)
    entry = json.loads((workdir / "catalog" / "circ.json").read_text())
    assert entry["meta"] == read_meta(workdir / "data" / "circ")  # meta.json as written (readers add derived fields)
    assert consumer_meta(entry["meta"]) == ds.meta
    resolved = (workdir / "params" / "datasets" / "circ.yaml").read_text()
    assert entry["build"] in resolved
    metrics = json.loads((workdir / "metrics" / "circ.json").read_text())
    assert metrics == {"datasets": 1, "rows": {"train": 32, "test": 8, "full": 40}, "min_class_balance": 1.0,
                       "artifact_bytes": sum(p.stat().st_size for p in (workdir / "data" / "circ").rglob("*")
                                             if p.is_file())}  # fmt: skip
    timings = json.loads((workdir / "timings" / "circ.json").read_text())
    assert timings["build_seconds"] > 0 and timings["peak_rss_mib"] > 0


def test_family_stage_builds_every_variant(workdir):
    assert build("gauss") == 0
    for k in (2, 3):
        ds = read_dataset(workdir / "data" / "gauss" / f"n_classes={k}")
        assert ds["y_full"].shape == (5 * k, k)
        assert ds.meta["name"] == f"gauss/n_classes={k}"
        assert ds.meta["expires"] == "2000-01-01"


def test_catalog_lists_datasets_and_family_variants(workdir):
    build("circ")
    build("gauss")
    assert catalog.main([]) == 0
    rows = json.loads((workdir / "data" / "catalog.json").read_text())["datasets"]
    assert [r["name"] for r in rows] == ["circ", "gauss/n_classes=2", "gauss/n_classes=3"]
    assert [r["family"] for r in rows] == [None, "gauss", "gauss"]
    table = pq.read_table(workdir / "data" / "catalog.parquet").to_pydict()
    assert table["name"] == [r["name"] for r in rows]
    assert table["n_classes"] == [2, 2, 3]
    assert json.loads(table["hashes"][0]) == rows[0]["hashes"]


def test_same_recipe_builds_identical_bytes_twice(workdir):
    build("circ")
    first = {p.name: p.read_bytes() for p in (workdir / "data" / "circ").rglob("*") if p.is_file()}
    shutil.rmtree(workdir / "data" / "circ")
    build("circ")
    second = {p.name: p.read_bytes() for p in (workdir / "data" / "circ").rglob("*") if p.is_file()}
    assert first == second


def test_stage_output_matches_in_memory_generation(workdir):
    from juniper_data import generate

    build("circ")
    expected = generate("circles", n_samples=40, seed=2)
    built = read_dataset(workdir / "data" / "circ")
    for key in expected:
        np.testing.assert_array_equal(built[key], expected[key])


def test_chunked_recipe_is_built_in_blocks_and_verifies(workdir):
    (workdir / "conf" / "datasets" / "big.yaml").write_text(
        "generator: xor\nparams: {n_points_per_quadrant: 300, seed: 4}\nchunked: true\nblock_size: 256\n"
    )
    assert compose.main([]) == 0
    assert build("big") == 0
    ds = read_dataset(workdir / "data" / "big")
    assert ds.meta["recipe"]["chunking"] == {"block_size": 256}
    assert ds["X_full"].shape == (1200, 2) and ds.meta["name"] == "big"
    entry = json.loads((workdir / "catalog" / "big.json").read_text())
    assert entry["meta"]["hashes"] == ds.meta["hashes"]


def test_a_hand_edited_resolved_recipe_is_refused_and_nothing_is_built(workdir, capsys):
    resolved = workdir / "params" / "datasets" / "circ.yaml"
    resolved.write_text(resolved.read_text().replace("seed: 2", "seed: 3"))
    assert build("circ") == 2
    err = capsys.readouterr().err
    assert "build key of 'circ'" in err and "juniper-data compose" in err
    assert not (workdir / "data" / "circ").exists()


def test_a_folder_the_registry_did_not_write_is_never_replaced(workdir, capsys):
    (workdir / "data" / "circ").mkdir(parents=True)
    (workdir / "data" / "circ" / "thesis.tex").write_text("mine")
    assert build("circ") == 2
    assert "is not a folder juniper-data wrote" in capsys.readouterr().err
    assert [p.name for p in (workdir / "data" / "circ").iterdir()] == ["thesis.tex"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next_stage(workdir):
    dead = workdir / "data" / ".circ.tmp-999999999-0123abcd"
    dead.mkdir(parents=True)
    (dead / "half.npz").write_bytes(b"\0" * 100)
    build("gauss")
    assert not dead.exists()


def test_a_build_runs_only_code_its_build_key_covers(tmp_path):
    """Every juniper_data module a build imports is in the fingerprint, so editing any of them changes the key."""
    from juniper_data.pipeline.fingerprint import BUILD_CODE, PACKAGE

    script = (
        "import sys, tempfile, pathlib\n"
        "from juniper_data.build import BuildSpec, build\n"
        "out = pathlib.Path(tempfile.mkdtemp())\n"
        "for g, p, b in [('xor', {'seed': 1}, None), ('spiral', {'seed': 1}, 64), ('csv_import', "
        "{'seed': 1, 'file_path': 'sources/iris_like.csv', 'label_column': 'species'}, None)]:\n"
        "    build(BuildSpec(g, p, block_size=b, name=g), out / g)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('juniper_data'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})  # fmt: skip
    covered = []
    for module in result.stdout.split():
        relative = module.replace(".", "/")
        path = PACKAGE.parent / relative
        file = f"{relative}.py" if path.with_suffix(".py").is_file() else f"{relative}/__init__.py"
        covered.append((module, any(file.removeprefix("juniper_data/") == c or
                                    file.removeprefix("juniper_data/").startswith(c.rstrip("/") + "/")
                                    for c in BUILD_CODE) or module.startswith("juniper_data.generators.")))  # fmt: skip
    assert [module for module, ok in covered if not ok] == []
