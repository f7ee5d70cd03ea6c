"""`juniper-data rebuild`: after recipe edits, the files `dvc repro` writes, and a clean `dvc status`."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.pipeline.conftest import run
from tests.pipeline.test_repro import built, locks, tracked, tree_digest

REBUILD = [sys.executable, "-m", "juniper_data.cli", "rebuild"]


def twin(project: Path, tmp_path: Path, env: dict[str, str]) -> Path:
    """A second clone of ``project`` (sharing its DVC cache), its data checked out."""
    clone = tmp_path / "twin"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    run(["dvc", "cache", "dir", str(project / ".dvc" / "cache")], clone, env)
    run(["dvc", "checkout", "-q"], clone, env)
    return clone


def edit(project: Path) -> None:
    # seed 7, an edit no other test makes: the clones share one DVC cache, run cache included, and
    # a stage already run with the same dependencies is restored from it instead of run
    recipe = project / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 7"))


def test_rebuild_after_an_edit_writes_exactly_what_dvc_repro_writes(built_project, project_copy, tmp_path):
    clone, env = project_copy
    other = twin(built_project[0], tmp_path, env)
    edit(clone)
    edit(other)
    output = run(REBUILD, clone, env).stdout
    repro = run(["dvc", "repro"], other, env).stdout
    assert built(output) == built(repro) == ["xor_small"]
    assert tracked(clone) == tracked(other)
    assert locks(clone) == locks(other)  # dvc commit recorded what dvc repro records
    assert tree_digest(clone / "site") == tree_digest(other / "site")
    assert "up to date" in run(["dvc", "status"], clone, env).stdout
    assert "Running stage" not in run(["dvc", "repro"], clone, env).stdout


def test_rebuild_with_nothing_edited_builds_nothing_and_changes_nothing(project_copy):
    clone, env = project_copy
    before = tracked(clone), locks(clone)
    output = run(REBUILD, clone, env).stdout
    assert built(output) == []
    assert (tracked(clone), locks(clone)) == before
    assert "up to date" in run(["dvc", "status"], clone, env).stdout


def test_rebuild_of_a_new_recipe_hands_over_to_dvc_repro(project_copy):
    clone, env = project_copy
    (clone / "conf" / "datasets" / "circles_new.yaml").write_text("generator: circles\nparams: {seed: 1}\n")
    output = run(REBUILD, clone, env).stdout
    assert "running `dvc repro`" in output and built(output) == ["circles_new"]
    assert (clone / "data" / "circles_new" / "meta.json").is_file()
    assert "up to date" in run(["dvc", "status"], clone, env).stdout


def test_a_bad_recipe_fails_rebuild_and_changes_nothing(project_copy):
    clone, env = project_copy
    (clone / "conf" / "datasets" / "broken.yaml").write_text("generator: spiral\nparams: {n_spirals: 11}\n")
    before = tracked(clone), locks(clone)
    result = run(REBUILD, clone, env, check=False)
    assert result.returncode == 2
    assert "conf/datasets/broken.yaml" in result.stderr and "n_spirals" in result.stderr and "[2, 10]" in result.stderr
    assert (tracked(clone), locks(clone)) == before
