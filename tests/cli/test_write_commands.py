"""juniper-data add/tag/remove/prune/release/compose edit the checkout, validated and all-or-nothing."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.cli.conftest import snapshot
from tests.pipeline.conftest import resolved, run


def params(project) -> dict:
    return resolved(project)


def dvc_yaml(project) -> dict:
    return yaml.safe_load((project / "dvc.yaml").read_text())


def git(project, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def test_add_writes_the_recipe_recomposes_and_declares_artifact_and_plot(project, cli):
    code, out, err = cli("add", "my_xor", "generator=xor", "noise=0.1", "seed=3", "--tag", "demo", "--expires",
                         "2099-01-01", "--description", "demo xor")  # fmt: skip
    assert code == 0, err
    recipe = yaml.safe_load((project / "conf" / "datasets" / "my_xor.yaml").read_text())
    assert recipe == {"generator": "xor", "params": {"noise": 0.1, "seed": 3}, "tags": ["demo"],
                      "expires": "2099-01-01", "description": "demo xor"}  # fmt: skip
    entry = params(project)["datasets"]["my_xor"]
    assert entry["params"]["noise"] == 0.1 and entry["params"]["n_points_per_quadrant"] == 50  # defaults resolved
    assert dvc_yaml(project)["artifacts"]["my_xor"] == {"path": "data/my_xor"}  # a release name: the path only
    assert "data/my_xor/preview.png" in dvc_yaml(project)["plots"]
    assert "dvc repro" in out


def test_add_then_repro_builds_a_dataset_that_verifies(project, cli, registry_env):
    assert cli("add", "tiny", "generator=circles", "n_samples=20", "seed=1")[0] == 0
    run(["dvc", "repro", "-q"], project, registry_env.env)
    run(["git", "add", "-A"], project, registry_env.env)
    run(["git", "commit", "-qm", "add tiny"], project, registry_env.env)
    assert "tiny" in [r["name"] for r in cli.json("list")["datasets"]]
    assert cli.json("verify", "--regenerate", "tiny")["ok"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["my", "generator=xor", "noise=-1", "seed=1"], "'noise' = -1.0 is out of range"),
        (["my", "generator=xorr", "seed=1"], "xorr"),
        (["my", "generator=xor"], "must pin a seed"),
        (["my", "generator=xor", "seed=1", "nosie=0.1"], "unknown parameter 'nosie'"),
        (["my", "seed=1"], "no generator=NAME"),
        (["xor_small", "generator=xor", "seed=1"], "'xor_small' already exists"),
        (["Bad Name", "generator=xor", "seed=1"], "'Bad Name' is not allowed"),
        (["my", "generator=xor", "seed=1", "--expires", "soon"], "expires = 'soon'"),
        (["my", "generator=xor", "seed=1", "--tag", "a b"], "--tag 'a b'"),
    ],
)
def test_failed_add_exits_2_and_writes_nothing(project, cli, args, needle):
    before = snapshot(project)
    code, _, err = cli("add", *args)
    assert code == 2 and needle in err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("family", "needle"),
    [
        ("generator: xor\nparams: {seed: 1}\nsweep: {noise: [0.0, -9.0]}\n", "conf/families/xor_fam.yaml"),
        ("generator: xor\nsweep: {noise: [0.0]}\nsweep: {noise: [0.1]}\n", "duplicate key sweep"),
    ],
)
def test_add_is_rolled_back_when_composing_the_registry_fails(project, cli, family, needle):
    # Another recipe is broken (hand-edited): the new recipe validates, but the compose step fails.
    (project / "conf" / "families" / "xor_fam.yaml").write_text(family)
    before = snapshot(project)
    code, _, err = cli("add", "my", "generator=xor", "seed=1")
    assert code == 2 and needle in err
    assert snapshot(project) == before and not (project / "conf" / "datasets" / "my.yaml").exists()


def test_tag_rewrites_only_the_tags_and_recomposes(project, cli):
    recipe = project / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text("# my comment\n" + recipe.read_text())
    assert cli.json("tag", "xor_small", "--add", "golden", "--remove", "xor")["tags"] == ["golden"]
    text = recipe.read_text()
    assert text.startswith("# my comment\n") and "tags: [golden]" in text
    assert params(project)["datasets"]["xor_small"]["tags"] == ["golden"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["xor_small", "--remove", "nope"], "has no such tag"),
        (["xor_smal", "--add", "a"], "did you mean 'xor_small'"),
        (["xor_fam/noise=0.1", "--add", "a"], "variant of family 'xor_fam'"),
        (["xor_small"], "nothing to do"),
    ],
)
def test_failed_tag_exits_2_and_writes_nothing(project, cli, args, needle):
    before = snapshot(project)
    code, _, err = cli("tag", *args)
    assert code == 2 and needle in err
    assert snapshot(project) == before


def test_remove_deletes_recipe_data_entry_and_lock_stage_of_the_head(project, cli):
    assert cli("remove", "spiral_small")[0] == 0
    assert not (project / "conf" / "datasets" / "spiral_small.yaml").exists()
    assert not (project / "data" / "spiral_small").exists() and not (project / "catalog" / "spiral_small.json").exists()
    assert "spiral_small" not in params(project)["datasets"]
    assert "spiral_small" not in dvc_yaml(project)["artifacts"]
    assert "dataset@spiral_small" not in yaml.safe_load((project / "dvc.lock").read_text())["stages"]
    assert "spiral_small" not in [r["name"] for r in cli.json("list", "--include-expired")["datasets"]]


def test_failed_remove_exits_2_and_writes_nothing(project, cli):
    before = snapshot(project)
    code, _, err = cli("remove", "spiral_small", "nope_small")
    assert code == 2 and "'nope_small'" in err
    assert snapshot(project) == before


def test_prune_removes_only_expired_and_explains_gc(project, cli):
    before = snapshot(project)
    dry = cli.json("prune", "--expired", "--dry-run")
    assert dry["expired"] == ["old_circles"] and dry["removed"] == [] and snapshot(project) == before
    code, out, _ = cli("prune", "--expired")
    assert code == 0 and "old_circles" in out and "dvc gc -w --all-tags -c" in out
    assert out.index("dvc repro") < out.index("dvc gc")  # rebuild, commit and push before collecting
    assert not (project / "conf" / "datasets" / "old_circles.yaml").exists()
    assert not (project / "data" / "old_circles").exists()
    assert (project / "data" / "xor_small").is_dir()
    assert cli.json("prune", "--expired")["expired"] == []


def test_older_versions_stay_loadable_after_remove(project, cli, registry_env):
    from juniper_data import LoadError, load

    assert cli("remove", "xor_small")[0] == 0
    run(["git", "add", "-A"], project, registry_env.env)
    run(["git", "commit", "-qm", "remove xor_small"], project, registry_env.env)
    got = load("xor_small@latest", repo=project)  # its releases keep it
    assert got.meta["hashes"] == registry_env.expected_xor("v2").meta["hashes"]
    with pytest.raises(LoadError, match="no DVC-tracked folder data/xor_small"):  # HEAD no longer has it
        load("xor_small", repo=project)


def test_release_tags_head_after_its_checks(project, cli):
    code, out, err = cli("release", "spiral_small", "v0.1.0")
    assert code == 0, err
    head = git(project, "rev-parse", "HEAD").strip()
    assert git(project, "rev-list", "-n", "1", "spiral_small@v0.1.0").strip() == head
    assert git(project, "cat-file", "-t", "spiral_small@v0.1.0").strip() == "tag"  # annotated
    assert "git push origin spiral_small@v0.1.0" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["xor_small", "v1.1.0"], "already exists"),
        (["xor_small", "v1.0.5"], "lower than the latest release xor_small@v1.1.0"),
        (["xor_small", "1.2.0"], "vMAJOR.MINOR.PATCH"),
        (["xor_smal", "v1.0.0"], "did you mean 'xor_small'"),
    ],
)
def test_failed_release_exits_2_and_creates_no_tag(project, cli, args, needle):
    tags = git(project, "tag")
    code, _, err = cli("release", *args)
    assert code == 2 and needle in err
    assert git(project, "tag") == tags


def test_release_refuses_uncommitted_recipe_changes(project, cli):
    assert cli("tag", "spiral_small", "--add", "new")[0] == 0
    code, _, err = cli("release", "spiral_small", "v1.0.0")
    assert code == 2 and "uncommitted changes" in err and "conf/datasets/spiral_small.yaml" in err


def test_release_refuses_data_missing_from_the_remote(project, cli, registry_env, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "empty-home"))  # the embedded remote is now empty
    code, _, err = cli("release", "spiral_small", "v1.0.0")
    assert code == 2 and "run `dvc push` first" in err
    assert "spiral_small@v1.0.0" not in git(project, "tag")


def drop_artifacts(project) -> None:
    text = (project / "dvc.yaml").read_text()
    (project / "dvc.yaml").write_text(text[: text.index("\nartifacts:")] + "\n")


def test_release_refuses_a_dataset_without_artifact_entry(project, cli, registry_env):
    drop_artifacts(project)
    run(["git", "commit", "-qam", "drop generated sections"], project, registry_env.env)
    code, _, err = cli("release", "spiral_small", "v1.0.0")
    assert code == 2 and "no `artifacts: spiral_small" in err and "juniper-data compose" in err


def test_compose_restores_the_generated_dvc_yaml(project, cli):
    original = (project / "dvc.yaml").read_bytes()
    drop_artifacts(project)
    assert cli("compose")[0] == 0
    assert (project / "dvc.yaml").read_bytes() == original
