"""The generated pipeline: a fixed number of stages whatever the registry's size, one output per dataset."""

from __future__ import annotations

import yaml

from juniper_data.pipeline.dvcyaml import (
    SHARDS,
    artifact_declared,
    pipeline_files,
    render,
    render_shard,
    shard_members,
    shard_of,
)

REGISTRY = {
    "registry": {"url": None},
    "datasets": {"xor_a": {"tags": ["xor"], "description": "A"}, "circ": {}},
    "families": {"grid": {"variants": {"n=1": {}, "n=2": {}}}},
}


def test_artifacts_and_previews_list_every_dataset_family_and_variant():
    data = yaml.safe_load(render(REGISTRY))
    # only what a release needs: descriptions and tags are in the catalog (and an edit of one keeps the pipeline)
    assert data["artifacts"] == {"circ": {"path": "data/circ"}, "grid": {"path": "data/grid"},
                                 "xor_a": {"path": "data/xor_a"}}  # fmt: skip
    assert data["plots"] == ["data/circ/preview.png", "data/grid/n=1/preview.png", "data/grid/n=2/preview.png",
                             "data/xor_a/preview.png"]  # fmt: skip
    # the resolved recipes, not the shards' build keys (params/shards/): `dvc params diff` shows parameters
    assert data["params"] == ["params/datasets", "params/families"] and data["metrics"] == ["metrics"]
    assert yaml.safe_load(render({**REGISTRY, "families": {}}))["params"] == ["params/datasets"]


def test_each_dataset_is_an_output_of_the_build_stage_of_its_shard_in_that_stages_own_file():
    files = pipeline_files(REGISTRY)
    root = yaml.safe_load(files["dvc.yaml"])["stages"]
    assert list(root) == ["compose", "catalog", "site"]
    for name in ("xor_a", "circ", "grid"):
        shard = shard_of(name)
        stages = yaml.safe_load(files[f"pipelines/shards/{shard}/dvc.yaml"])["stages"]
        stage = stages[f"build-{shard}"]
        assert list(stages) == [f"build-{shard}"] and stage["wdir"] == "../../.."  # paths from the root
        assert {f"data/{name}": {"persist": True}} in stage["outs"]
        assert stage["deps"] == ["pipelines/build.py", f"params/shards/{shard}.yaml"]  # one key file, not n recipes
        assert stage["cmd"] == f"python pipelines/build.py {shard}"
        # its receipt is what the root's catalog stage depends on, so a plain `dvc repro` runs it
        assert {f"pipelines/shards/{shard}/built.yaml": {"cache": False}} in stage["outs"]
        assert f"pipelines/shards/{shard}/built.yaml" in root["catalog"]["deps"]


def test_the_number_of_stages_is_bounded_by_the_shards():
    many = {"registry": {"url": None}, "datasets": {f"d{i}": {} for i in range(500)}, "families": {}}
    files = pipeline_files(many)
    assert len(files) == SHARDS + 1  # the root dvc.yaml (compose, catalog, site) and one per shard
    assert sum(len(yaml.safe_load(text)["stages"]) for text in files.values()) == SHARDS + 3
    assert files["pipelines/shards/00/dvc.yaml"] == render_shard("00", shard_members(many)["00"])
    members = shard_members(many)
    assert sum(len(m) for m in members.values()) == 500
    assert max(len(m) for m in members.values()) < 2 * 500 / SHARDS  # the hash spreads names evenly


def test_a_shard_depends_on_the_name_only_so_adding_datasets_moves_none():
    small = shard_members({"datasets": {"a": {}, "b": {}}, "families": {}})
    large = shard_members({"datasets": {"a": {}, "b": {}, **{f"x{i}": {} for i in range(50)}}, "families": {}})
    for shard, members in small.items():
        assert set(members) <= set(large[shard])


def test_rendering_is_deterministic_and_artifact_declared_reads_it():
    text = render(REGISTRY, ["sources/b.csv", "sources/a.csv"])
    assert text == render(REGISTRY, ["sources/a.csv", "sources/b.csv"])
    assert yaml.safe_load(text)["stages"]["compose"]["deps"][-2:] == ["sources/a.csv", "sources/b.csv"]
    assert artifact_declared(text, "xor_a") and not artifact_declared(text, "gone")
    assert not artifact_declared(None, "xor_a")
