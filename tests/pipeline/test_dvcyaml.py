"""The generated dvc.yaml: a fixed number of stages whatever the registry's size, one output per dataset."""

from __future__ import annotations

import yaml

from juniper_data.pipeline.dvcyaml import SHARDS, artifact_declared, render, shard_members, shard_of

REGISTRY = {
    "registry": {"url": None},
    "datasets": {"xor_a": {"tags": ["xor"], "description": "A"}, "circ": {}},
    "families": {"grid": {"variants": {"n=1": {}, "n=2": {}}}},
}


def test_artifacts_and_previews_list_every_dataset_family_and_variant():
    data = yaml.safe_load(render(REGISTRY))
    assert data["artifacts"] == {
        "circ": {"path": "data/circ", "type": "dataset"},
        "grid": {"path": "data/grid", "type": "dataset"},
        "xor_a": {"path": "data/xor_a", "type": "dataset", "desc": "A", "labels": ["xor"]},
    }
    assert data["plots"] == ["data/circ/preview.png", "data/grid/n=1/preview.png", "data/grid/n=2/preview.png",
                             "data/xor_a/preview.png"]  # fmt: skip
    assert data["params"] == ["params"] and data["metrics"] == ["metrics"]


def test_each_dataset_is_an_output_of_the_build_stage_of_its_shard():
    stages = yaml.safe_load(render(REGISTRY))["stages"]
    for name, group in (("xor_a", "datasets"), ("circ", "datasets"), ("grid", "families")):
        stage = stages[f"build-{shard_of(name)}"]
        assert {f"data/{name}": {"persist": True}} in stage["outs"]
        assert f"params/{group}/{name}.yaml" in stage["deps"]
        assert stage["cmd"] == f"python pipelines/build.py {shard_of(name)}"
    assert list(stages)[0] == "compose" and list(stages)[-2:] == ["catalog", "site"]


def test_the_number_of_stages_is_bounded_by_the_shards():
    many = {"registry": {"url": None}, "datasets": {f"d{i}": {} for i in range(500)}, "families": {}}
    stages = yaml.safe_load(render(many))["stages"]
    assert len(stages) == SHARDS + 3  # compose, the shards, catalog, site
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
