"""`dvc repro` of the registry: deterministic, incremental to the dataset, guarded against bad recipes."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from juniper_data.adapters.dvc import directory_md5, locked_outputs
from juniper_data.pipeline.dvcyaml import shard_of
from tests.pipeline.conftest import SMALL_RECIPES, make_project, run

GENERATED = ("dvc.lock", "dvc.yaml", "params.yaml")


def ran_stages(output: str) -> set[str]:
    """The stages DVC ran (a shard's ``pipelines/shards/<k>/dvc.yaml:build-<k>`` as ``build-<k>``)."""
    return {name.rsplit(":", 1)[-1] for name in re.findall(r"Running stage '([^']+)'", output)}


def built(output: str) -> list[str]:
    return re.findall(r"^built \w+ (\S+)$", output, flags=re.M)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def tracked(project: Path) -> dict[str, str]:
    """Digest of every generated, git-tracked folder and file of a registry."""
    out = {name: hashlib.sha256((project / name).read_bytes()).hexdigest() for name in GENERATED}
    out.update({name: tree_digest(project / name) for name in ("params", "catalog", "metrics", "data")})
    out["pipelines/shards"] = tree_digest(project / "pipelines" / "shards")  # their dvc.yaml, dvc.lock, built.yaml
    return out


def locks(project: Path) -> str:
    """Every dvc.lock of the registry (the root's and each build stage's), concatenated by path."""
    return "".join(path.read_text() for path in sorted(project.rglob("dvc.lock")) if ".dvc" not in path.parts)


def test_fresh_clone_repro_reproduces_every_generated_file_and_leaves_a_clean_tree(built_project, tmp_path):
    project, env = built_project
    clone = tmp_path / "fresh"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    output = run(["dvc", "repro"], clone, env).stdout
    shards = {f"build-{shard_of(name.split('/')[1].removesuffix('.yaml'))}" for name in SMALL_RECIPES}
    assert shards | {"catalog"} <= ran_stages(output)
    assert sorted(built(output)) == ["spiral_small", "xor_fam", "xor_small"]
    assert tracked(clone) == tracked(project)
    assert run(["git", "status", "--porcelain"], clone, env).stdout == ""


def test_each_build_stage_has_its_own_lock_and_the_root_lock_none_of_the_datasets(built_project):
    """DVC rewrites a stage's whole lock after running it: a build stage's lock holds its shard only."""
    import yaml

    project, _ = built_project
    root = yaml.safe_load((project / "dvc.lock").read_text())["stages"]
    assert set(root) == {"compose", "catalog", "site"}
    for name in ("xor_small", "spiral_small", "xor_fam"):
        shard = shard_of(name)
        lock = yaml.safe_load((project / "pipelines" / "shards" / shard / "dvc.lock").read_text())["stages"]
        assert set(lock) == {f"build-{shard}"}
        deps = sorted(d["path"] for d in lock[f"build-{shard}"]["deps"])
        assert deps == [f"params/shards/{shard}.yaml", "pipelines/build.py"]  # not each resolved recipe
        assert f"data/{name}" in {o["path"] for o in lock[f"build-{shard}"]["outs"]}
        receipt = yaml.safe_load((project / "pipelines" / "shards" / shard / "built.yaml").read_text())
        keys = yaml.safe_load((project / "params" / "shards" / f"{shard}.yaml").read_text())
        assert receipt == keys and name in {**keys.get("datasets", {}), **keys.get("families", {})}


def test_noop_repro_runs_no_stage(project_copy):
    clone, env = project_copy
    result = run(["dvc", "repro"], clone, env)
    assert ran_stages(result.stdout) == set()
    assert "up to date" in result.stdout


def test_dvc_records_each_dataset_folder_with_the_hash_the_stage_compares(built_project):
    project, _ = built_project
    locked = locked_outputs(project)
    folders = [path for path in locked if path.startswith("data/") and (project / path).is_dir()]
    assert sorted(folders) == ["data/spiral_small", "data/xor_fam", "data/xor_small"]
    for path in folders:
        assert directory_md5(project / path) == locked[path]


def test_editing_one_recipe_rebuilds_exactly_that_dataset(project_copy):
    clone, env = project_copy
    recipe = clone / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 5"))
    spiral_before = (clone / "data" / "spiral_small" / "meta.json").read_bytes()
    output = run(["dvc", "repro"], clone, env).stdout
    assert ran_stages(output) == {"compose", f"build-{shard_of('xor_small')}", "catalog", "site"}
    assert built(output) == ["xor_small"]
    meta = json.loads((clone / "data" / "xor_small" / "meta.json").read_text())
    assert meta["recipe"]["params"]["seed"] == 5
    assert (clone / "data" / "spiral_small" / "meta.json").read_bytes() == spiral_before
    catalog = json.loads((clone / "data" / "catalog.json").read_text())
    assert {row["name"]: row["params"].get("seed") for row in catalog["datasets"]}["xor_small"] == 5


def test_a_stage_skips_its_unchanged_datasets_and_rebuilds_a_damaged_one(tmp_path):
    """xor_small and xor_toy share a build stage: an edit of one, or damage to one, rebuilds only that one."""
    from tests.pipeline.conftest import project_env

    assert shard_of("xor_small") == shard_of("xor_toy")
    env = project_env(tmp_path / "home")
    recipes = {"datasets/xor_small.yaml": SMALL_RECIPES["datasets/xor_small.yaml"],
               "datasets/xor_toy.yaml": "generator: xor\nparams: {n_points_per_quadrant: 10, seed: 3}\n"}  # fmt: skip
    project = make_project(tmp_path / "registry", env, recipes)
    assert sorted(built(run(["dvc", "repro"], project, env).stdout)) == ["xor_small", "xor_toy"]
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", "build"], project, env)
    good, lock = tree_digest(project / "data" / "xor_small"), locks(project)

    card = project / "data" / "xor_small" / "README.md"
    card.write_text(card.read_text() + "tampered\n")
    output = run(["dvc", "repro"], project, env).stdout
    assert built(output) == ["xor_small"] and "1 built, 1 unchanged" in output
    assert tree_digest(project / "data" / "xor_small") == good
    assert locks(project) == lock

    recipe = project / "conf" / "datasets" / "xor_toy.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 3", "seed: 4"))
    output = run(["dvc", "repro"], project, env).stdout
    assert built(output) == ["xor_toy"] and tree_digest(project / "data" / "xor_small") == good


def test_a_new_recipe_needs_a_second_repro_and_says_so(project_copy):
    clone, env = project_copy
    (clone / "conf" / "datasets" / "circles_new.yaml").write_text("generator: circles\nparams: {seed: 1}\n")
    first = run(["dvc", "repro"], clone, env, check=False)
    assert first.returncode != 0 and "run `dvc repro` again" in first.stdout + first.stderr
    second = run(["dvc", "repro"], clone, env).stdout
    assert built(second) == ["circles_new"]
    assert (clone / "data" / "circles_new" / "meta.json").is_file()


def test_bad_recipe_fails_compose_and_changes_nothing(project_copy):
    clone, env = project_copy
    (clone / "conf" / "datasets" / "broken.yaml").write_text("generator: spiral\nparams: {n_spirals: 11}\n")
    before = tracked(clone)
    result = run(["dvc", "repro"], clone, env, check=False)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "conf/datasets/broken.yaml" in message and "n_spirals" in message and "[2, 10]" in message
    assert tracked(clone) == before


def test_push_then_pull_in_a_fresh_clone_gives_identical_artifacts(built_project, tmp_path):
    project, env = built_project
    run(["dvc", "push", "-q"], project, env)
    remote = Path(env["HOME"]) / ".cache" / "juniper-data" / "remote"
    assert any(remote.rglob("*")), "the embedded default remote received nothing"
    clone = tmp_path / "consumer"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    run(["dvc", "pull", "-q"], clone, env)
    assert tree_digest(clone / "data") == tree_digest(project / "data")


def test_dvc_metrics_show_reads_the_committed_metrics_and_the_uncommitted_timings(built_project):
    project, env = built_project
    shown = json.loads(run(["dvc", "metrics", "show", "--json"], project, env).stdout)
    files = next(iter(shown.values()))["data"]
    xor = files["metrics/xor_small.json"]["data"]
    assert xor["rows"] == {"train": 64, "test": 16, "full": 80} and xor["artifact_bytes"] > 0
    assert files["metrics/xor_fam.json"]["data"]["datasets"] == 2
    timings = json.loads(run(["dvc", "metrics", "show", "--json", "timings"], project, env).stdout)
    assert next(iter(timings.values()))["data"]["timings/xor_small.json"]["data"]["build_seconds"] > 0
    assert "timings" not in run(["git", "ls-files"], project, env).stdout


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
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 9").replace("20", "30"))
    run(["dvc", "repro"], clone, env)
    run(["git", "add", "-A"], clone, env)
    run(["git", "commit", "-qm", "xor_small: seed 9, 30 per quadrant"], clone, env)
    run(["git", "tag", "v2"], clone, env)
    params = json.loads(run(["dvc", "params", "diff", "v1", "v2", "--json"], clone, env).stdout)
    assert set(params) == {"params/datasets/xor_small.yaml"}
    changed = params["params/datasets/xor_small.yaml"]
    assert {k: changed["params.seed"][k] for k in ("old", "new")} == {"old": 0, "new": 9}
    assert {"params.seed", "params.n_points_per_quadrant", "dataset_id", "build"} == set(changed)
    metrics = json.loads(run(["dvc", "metrics", "diff", "v1", "v2", "--json"], clone, env).stdout)
    assert set(metrics) == {"metrics/xor_small.json"}
    assert metrics["metrics/xor_small.json"]["rows.full"] == {"old": 80, "new": 120, "diff": 40}


def test_removing_a_dataset_leaves_the_lock_a_fresh_build_would_write(tmp_path):
    """DVC does not rerun a stage when an output is removed from it: compose drops the stale lock entries."""
    from juniper_data.cli import main as cli
    from tests.pipeline.conftest import project_env

    env = project_env(tmp_path / "home")
    recipes = {"datasets/xor_small.yaml": SMALL_RECIPES["datasets/xor_small.yaml"],
               "datasets/xor_toy.yaml": "generator: xor\nparams: {n_points_per_quadrant: 10, seed: 3}\n",
               "datasets/spiral_small.yaml": SMALL_RECIPES["datasets/spiral_small.yaml"]}  # fmt: skip
    project = make_project(tmp_path / "registry", env, recipes)
    run(["dvc", "repro"], project, env)
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", "build"], project, env)
    import os

    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert cli(["remove", "xor_toy", "spiral_small"]) == 0  # xor_toy shares its stage; spiral_small has its own
    finally:
        os.chdir(cwd)
    lock = locks(project)
    assert "xor_toy" not in lock and "spiral_small" not in lock
    assert not (project / "pipelines" / "shards" / shard_of("spiral_small")).exists()  # its shard is empty now
    output = run(["dvc", "repro"], project, env).stdout  # xor_small's stage reruns (its shard's keys changed)
    assert ran_stages(output) <= {"compose", f"build-{shard_of('xor_small')}", "catalog", "site"}
    assert built(output) == []
    assert run(["dvc", "status", "-q"], project, env).returncode == 0
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", "remove"], project, env)
    fresh = tmp_path / "fresh"
    run(["git", "clone", "-q", str(project), str(fresh)], tmp_path, env)
    run(["dvc", "repro"], fresh, env)
    assert locks(fresh) == locks(project)
