"""`dvc repro` of the registry: deterministic, incremental, guarded against bad recipes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from tests.pipeline.conftest import run


def ran_stages(output: str) -> set[str]:
    return set(re.findall(r"Running stage '([^']+)'", output))


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_fresh_clone_repro_reproduces_lock_and_params_exactly(built_project, tmp_path):
    project, env = built_project
    clone = tmp_path / "fresh"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    output = run(["dvc", "repro"], clone, env).stdout
    assert {"dataset@xor_small", "dataset@spiral_small", "family@xor_fam", "catalog"} <= ran_stages(output)
    for name in ("dvc.lock", "params.yaml", "catalog/xor_small.json", "catalog/xor_fam.json"):
        assert (clone / name).read_bytes() == (project / name).read_bytes(), name
    assert tree_digest(clone / "data") == tree_digest(project / "data")


def test_noop_repro_runs_no_stage(project_copy):
    clone, env = project_copy
    result = run(["dvc", "repro"], clone, env)
    assert ran_stages(result.stdout) == set()
    assert "up to date" in result.stdout


def test_editing_one_recipe_rebuilds_exactly_that_dataset(project_copy):
    clone, env = project_copy
    recipe = clone / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 5"))
    spiral_before = (clone / "data" / "spiral_small" / "meta.json").read_bytes()
    output = run(["dvc", "repro"], clone, env).stdout
    assert ran_stages(output) == {"compose", "dataset@xor_small", "catalog", "site"}
    meta = json.loads((clone / "data" / "xor_small" / "meta.json").read_text())
    assert meta["recipe"]["params"]["seed"] == 5
    assert (clone / "data" / "spiral_small" / "meta.json").read_bytes() == spiral_before
    catalog = json.loads((clone / "data" / "catalog.json").read_text())
    assert {row["name"]: row["params"].get("seed") for row in catalog["datasets"]}["xor_small"] == 5


def test_bad_recipe_fails_compose_and_changes_nothing(project_copy):
    clone, env = project_copy
    (clone / "conf" / "datasets" / "broken.yaml").write_text("generator: spiral\nparams: {n_spirals: 11}\n")
    before = (tree_digest(clone / "data"), (clone / "dvc.lock").read_bytes(), (clone / "params.yaml").read_bytes())
    result = run(["dvc", "repro"], clone, env, check=False)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "conf/datasets/broken.yaml" in message and "n_spirals" in message and "[2, 10]" in message
    after = (tree_digest(clone / "data"), (clone / "dvc.lock").read_bytes(), (clone / "params.yaml").read_bytes())
    assert after == before


def test_push_then_pull_in_a_fresh_clone_gives_identical_artifacts(built_project, tmp_path):
    project, env = built_project
    run(["dvc", "push", "-q"], project, env)
    remote = Path(env["HOME"]) / ".cache" / "juniper-data" / "remote"
    assert any(remote.rglob("*")), "the embedded default remote received nothing"
    clone = tmp_path / "consumer"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    run(["dvc", "pull", "-q"], clone, env)
    assert tree_digest(clone / "data") == tree_digest(project / "data")


def test_build_metrics_are_reported_by_dvc_metrics_show(built_project):
    project, env = built_project
    shown = json.loads(run(["dvc", "metrics", "show", "--json"], project, env).stdout)
    files = next(iter(shown.values()))["data"]
    xor = files["metrics/xor_small.json"]["data"]
    assert xor["build_seconds"] > 0 and xor["peak_rss_mib"] > 0 and xor["artifact_bytes"] > 0
    assert files["metrics/xor_fam.json"]["data"]["datasets"] == 2


def test_family_writes_a_folder_per_variant_and_a_queryable_index(built_project):
    project, _ = built_project
    family = project / "data" / "xor_fam"
    index = json.loads((family / "index.json").read_text())
    assert [v["variant"] for v in index["variants"]] == ["noise=0.0", "noise=0.1"]
    for variant in index["variants"]:
        meta = json.loads((family / variant["variant"] / "meta.json").read_text())
        assert meta["dataset_id"] == variant["dataset_id"]
        assert meta["recipe"]["params"]["noise"] == variant["overrides"]["noise"]
    import pyarrow.parquet as pq

    table = pq.read_table(family / "index.parquet").to_pydict()
    assert table["noise"] == [0.0, 0.1] and table["n_train"] == [32, 32]


def test_params_and_metrics_diff_between_two_registry_versions(project_copy):
    clone, env = project_copy
    run(["git", "tag", "v1"], clone, env)
    recipe = clone / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 9"))
    run(["dvc", "repro"], clone, env)
    run(["git", "add", "-A"], clone, env)
    run(["git", "commit", "-qm", "xor_small: seed 9"], clone, env)
    run(["git", "tag", "v2"], clone, env)
    params = json.loads(run(["dvc", "params", "diff", "v1", "v2", "--json"], clone, env).stdout)["params.yaml"]
    assert {k: params["datasets.xor_small.params.seed"][k] for k in ("old", "new")} == {"old": 0, "new": 9}
    assert {key.split(".")[1] for key in params} == {"xor_small"}
    metrics = json.loads(run(["dvc", "metrics", "diff", "v1", "v2", "--json"], clone, env).stdout)
    assert "build_seconds" in metrics["metrics/xor_small.json"]
    assert "metrics/spiral_small.json" not in metrics
