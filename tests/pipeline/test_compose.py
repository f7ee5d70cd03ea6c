"""Composing conf/ into the registry (params.yaml, params/, dvc.yaml): complete, current, strict about bad recipes."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml

from juniper_data.generators import registry
from juniper_data.generators.params import RECIPE_DEFAULT_OMITTED
from juniper_data.pipeline import compose
from juniper_data.pipeline.dvcyaml import shard_of
from juniper_data.pipeline.recipes import RecipeError, variant_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    """A private copy of the project's conf/ to add recipes to (its registry root is ``conf.parent``)."""
    target = tmp_path / "conf"
    shutil.copytree(ROOT / "conf", target)
    return target


def generated(root: Path) -> dict[str, bytes]:
    """Every file compose writes under ``root``."""
    paths = [root / "params.yaml", root / "dvc.yaml", *sorted((root / "params").rglob("*")),
             *sorted((root / "pipelines" / "shards").glob("*/dvc.yaml"))]  # fmt: skip
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def test_every_recipe_is_resolved_with_every_parameter():
    composed = compose.compose_registry(ROOT / "conf")
    names = sorted(p.stem for p in (ROOT / "conf" / "datasets").glob("*.yaml"))
    assert sorted(composed["datasets"]) == names
    for entry in composed["datasets"].values():
        schema = registry.get(entry["generator"]).params
        # every field, except one declared omitted_at_default while it holds its default
        fields = dataclasses.fields(schema)
        kept = [f.name for f in fields if not f.metadata.get(RECIPE_DEFAULT_OMITTED) or f.name in entry["params"]]
        assert list(entry["params"]) == kept
        for f in fields:
            if f.metadata.get(RECIPE_DEFAULT_OMITTED) and f.name in entry["params"]:
                assert entry["params"][f.name] != f.default
        assert entry["params"]["seed"] is not None
        assert entry["version"] == registry.get(entry["generator"]).version


def test_committed_generated_files_are_current():
    files = compose.outputs(compose.compose_registry(ROOT / "conf"))
    assert compose.stale(ROOT, files) == [], "run juniper-data compose"
    assert {"params.yaml", "dvc.yaml", "params/datasets/xor_default.yaml", "params/families/spiral_grid.yaml"} <= set(
        files
    )


def test_params_yaml_stays_small_and_each_recipe_has_its_resolved_file():
    files = compose.outputs(compose.compose_registry(ROOT / "conf"))
    assert len(files["params.yaml"].splitlines()) < 10  # DVC parses params.yaml in every command
    entry = yaml.safe_load(files["params/datasets/xor_default.yaml"])
    assert entry["build"].startswith("sha256:") and entry["params"]["seed"] == 0
    assert entry["dataset_id"] == "xor-c3c7bb7471aa"  # the committed artifact's id, unchanged


def test_read_registry_gives_back_what_compose_resolved(conf):
    composed = compose.compose_registry(conf)
    root = conf.parent
    compose.write_registry(root, compose.outputs(composed))

    def listing(folder: str) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): p.read_text() for p in (root / folder).rglob("*") if p.is_file()}

    assert compose.read_registry(lambda path: (root / path).read_text(), listing) == composed


def test_default_registry_holds_the_old_consumers_recipes():
    datasets = compose.compose_registry(ROOT / "conf")["datasets"]
    generators = {entry["generator"] for entry in datasets.values()}
    assert {"spiral", "xor", "gaussian", "circles", "checkerboard"} <= generators
    old_service = {name: e for name, e in datasets.items() if "sizing_mode" not in e["params"]}
    trainer = {e["params"]["algorithm"] for e in old_service.values() if "trainer" in e["tags"]}
    assert trainer == {"modern", "legacy_cascor"}
    carve = datasets["trainer_spiral_carve"]["params"]  # the trainer's request to JuniperData 0.17
    assert (carve["n_points_per_spiral"], carve["n_rotations"], carve["noise"], carve["seed"]) == (1000, 1.0, 0.1, 42)
    assert (carve["sizing_mode"], carve["train_ratio"], carve["val_ratio"], carve["test_ratio"]) == ("carve", 0.8,
                                                                                                     0.1, 0.1)
    assert datasets["moon_default"]["params"]["sizing_mode"] == "additive"
    for entry in old_service.values():
        if "trainer" in entry["tags"]:
            p = entry["params"]
            assert (p["n_spirals"], p["n_points_per_spiral"], p["n_rotations"], p["noise"], p["seed"]) == (
                2,
                1000,
                2.0,
                0.25,
                42,
            )
    cascor = sorted(
        (e["params"]["n_spirals"], e["params"]["n_points_per_spiral"], e["params"]["noise"])
        for e in datasets.values()
        if e["params"].get("algorithm") == "cascor"
    )
    assert cascor == [(2, 100, 0.1), (3, 50, 0.05)]


def test_families_expand_to_the_full_grid():
    families = compose.compose_registry(ROOT / "conf")["families"]
    assert len(families["spiral_grid"]["variants"]) == 4 * 3
    assert len(families["xor_grid"]["variants"]) == 4 * 2
    assert families["spiral_grid"]["variants"]["n_spirals=3,noise=0.1"] == {"n_spirals": 3, "noise": 0.1}


def test_variant_names_follow_hydra_override_dirname():
    assert variant_name({"n_spirals": 2, "noise": 0.1, "clockwise": False}) == "n_spirals=2,noise=0.1,clockwise=false"


@pytest.mark.parametrize(
    ("value", "label"),
    [("a/b", "label_column=a%2Fb"), ("..", "label_column=.."), ("../../etc", "label_column=..%2F..%2Fetc"),
     ("x\\y", "label_column=x%5Cy"), ("é", "label_column=%C3%A9")],
)  # fmt: skip
def test_variant_names_encode_every_separator_so_a_value_cannot_leave_the_family_folder(value, label):
    assert variant_name({"label_column": value}) == label
    assert "/" not in label and label not in (".", "..")


def test_a_variant_name_too_long_for_a_folder_is_refused_by_compose(conf, capsys):
    zeros, ones = ", ".join(["0.0"] * 40), ", ".join(["1.0"] * 40)
    (conf / "families" / "long.yaml").write_text(
        "generator: gaussian\nparams: {seed: 1, n_features: 40}\n"
        f"sweep: {{centers: [[[{zeros}], [{ones}]]]}}\n"
    )
    before = generated(conf.parent)
    assert compose.main(["--root", str(conf.parent)]) == 2
    message = capsys.readouterr().err
    assert "conf/families/long.yaml" in message and "safe folder name" in message
    assert generated(conf.parent) == before


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("datasets/bad.yaml", "generator: spiral\nparams: {n_spirals: 11}\n", ["n_spirals", "11", "[2, 10]"]),
        ("datasets/bad.yaml", "generator: spirals\n", ["generator", "spirals", "known generators", "spiral"]),
        ("datasets/bad.yaml", "generator: spiral\nparams: {n_spirlas: 3}\n", ["n_spirlas", "did you mean"]),
        ("datasets/bad.yaml", "generator: xor\n", ["seed", "must pin a seed"]),
        ("datasets/bad.yaml", "generator: xor\nparams: {seed: 1}\nexpires: soon\n", ["expires", "soon", "YYYY-MM-DD"]),
        ("datasets/bad.yaml", "generator: xor\nparams: {seed: 1}\nstorage: tape\n", ["storage", "tape"]),
        ("datasets/bad.yaml", "generator: spiral\nparams: {n_spirals: abc}\n", ["n_spirals", "abc", "integer"]),
        ("datasets/bad.yaml", "generator: spiral\ntagz: [a]\n", ["tagz"]),
        ("datasets/Bad Name.yaml", "generator: spiral\n", ["Bad Name", "not allowed"]),
        ("families/fam.yaml", "generator: xor\nparams: {seed: 1}\nsweep: {nois: [0.1]}\n", ["sweep", "nois", "noise"]),
        ("families/fam.yaml", "generator: xor\nparams: {seed: 1}\nsweep: {noise: []}\n", ["sweep.noise", "non-empty"]),
        ("families/fam.yaml", "generator: xor\nparams: {seed: 1}\nsweep: {noise: [0, 0.0]}\n", ["twice"]),
        ("families/fam.yaml", "generator: xor\nparams: {seed: 1}\nsweep: {margin: [0.1, -1]}\n", ["margin", "-1"]),
    ],
)
def test_bad_recipe_is_refused_naming_file_key_and_value(conf, capsys, file, text, expected):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    (conf / file).parent.mkdir(exist_ok=True)
    (conf / file).write_text(text)
    before = generated(root)
    capsys.readouterr()
    assert compose.main(["--root", str(root)]) == 2
    message = capsys.readouterr().err
    assert f"conf/{file}" in message
    for fragment in expected:
        assert fragment in message
    assert generated(root) == before


def test_check_mode_reports_stale_files_and_writes_nothing(conf, capsys):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    assert compose.main(["--root", str(root), "--check"]) == 0
    (conf / "datasets" / "extra.yaml").write_text("generator: circles\nparams: {seed: 3}\n")
    before = generated(root)
    assert compose.main(["--root", str(root), "--check"]) == 1
    err = capsys.readouterr().err
    assert "params/datasets/extra.yaml is stale" in err and "dvc.yaml is stale" in err
    assert generated(root) == before


def test_removing_a_recipe_removes_its_resolved_file(conf):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    assert (root / "params" / "datasets" / "xor_default.yaml").is_file()
    (conf / "datasets" / "xor_default.yaml").unlink()
    assert compose.main(["--root", str(root)]) == 0
    assert not (root / "params" / "datasets" / "xor_default.yaml").exists()
    assert "data/xor_default" not in (root / "dvc.yaml").read_text()
    shard, keys = root / "pipelines" / "shards" / shard_of("xor_default"), root / "params" / "shards"
    assert not (shard / "dvc.yaml").is_file() or "data/xor_default" not in (shard / "dvc.yaml").read_text()
    key_file = keys / f"{shard_of('xor_default')}.yaml"
    assert not key_file.is_file() or "xor_default" not in key_file.read_text()


def test_the_compose_stage_stops_when_it_had_to_rewrite_dvc_yaml(conf, capsys):
    root = conf.parent
    assert compose.main(["--root", str(root), "--stage"]) == 0  # no dvc.yaml yet: nothing DVC could have read
    assert compose.main(["--root", str(root), "--stage"]) == 0
    (conf / "datasets" / "extra.yaml").write_text("generator: circles\nparams: {seed: 3}\n")
    assert compose.main(["--root", str(root), "--stage"]) == 1
    assert "run `dvc repro` again" in capsys.readouterr().err
    assert "data/extra" in (root / "pipelines" / "shards" / shard_of("extra") / "dvc.yaml").read_text()
    assert compose.main(["--root", str(root), "--stage"]) == 0
    recipe = conf / "datasets" / "extra.yaml"  # an edited description or tag leaves the pipeline as it was
    recipe.write_text(recipe.read_text() + "description: more\ntags: [more]\n")
    assert compose.main(["--root", str(root), "--stage"]) == 0


def test_a_recipe_may_use_a_hydra_defaults_list(conf):
    (conf / "datasets" / "base_xor.yaml").write_text("generator: xor\nparams: {seed: 4, noise: 0.2}\n")
    (conf / "datasets" / "derived.yaml").write_text(
        "defaults:\n  - base_xor\n  - _self_\nparams: {margin: 0.3}\ntags: [derived]\n"
    )
    entry = compose.compose_registry(conf)["datasets"]["derived"]
    assert (entry["generator"], entry["params"]["seed"], entry["params"]["noise"]) == ("xor", 4, 0.2)
    assert entry["params"]["margin"] == 0.3 and entry["tags"] == ["derived"]


def test_recipe_error_is_a_value_error():
    assert issubclass(RecipeError, ValueError)


def test_chunked_recipe_lifts_in_memory_caps_and_records_its_block_size(conf):
    recipe = "generator: spiral\nparams: {n_points_per_spiral: 20000, seed: 1}\nchunked: true\nblock_size: 4096\n"
    (conf / "datasets" / "big.yaml").write_text(recipe)
    entry = compose.compose_registry(conf)["datasets"]["big"]
    assert entry["chunking"] == {"block_size": 4096}
    assert entry["params"]["n_points_per_spiral"] == 20000
    assert "chunking" not in compose.compose_registry(ROOT / "conf")["datasets"]["spiral_default"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("generator: spiral\nparams: {n_points_per_spiral: 20000}\n", ["20000", "chunked build"]),
        ("generator: spiral\nblock_size: 64\n", ["block_size", "chunked: true"]),
        ("generator: spiral\nchunked: true\nblock_size: 0\n", ["block_size", "0"]),
    ],
)
def test_chunking_mistakes_are_refused(conf, capsys, text, expected):
    (conf / "datasets" / "big.yaml").write_text(text)
    assert compose.main(["--root", str(conf.parent)]) == 2
    message = capsys.readouterr().err
    assert "conf/datasets/big.yaml" in message
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("url: null\nlicense: CC BY 4.0\n", ["license = 'CC BY 4.0'", "Hugging Face license id", "cc0-1.0"]),
        ("url: null\nlicense: [mit]\n", ["license = ['mit']"]),
        ("url: null\nlicence: mit\n", ["unknown keys ['licence']", "url, license"]),
    ],
)
def test_a_bad_registry_setting_is_refused_naming_file_key_and_value(conf, capsys, text, expected):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    before = generated(root)
    (conf / "registry.yaml").write_text(text)
    capsys.readouterr()
    assert compose.main(["--root", str(root)]) == 2
    message = capsys.readouterr().err
    assert "conf/registry.yaml" in message and all(fragment in message for fragment in expected), message
    assert generated(root) == before


def test_the_registry_license_is_in_params_yaml_and_in_every_build_key(conf):
    root = conf.parent
    assert compose.registry_settings(conf)["license"] == "cc0-1.0"  # this registry's choice
    assert compose.main(["--root", str(root)]) == 0
    resolved = [p for group in ("datasets", "families") for p in sorted((root / "params" / group).glob("*.yaml"))]
    keys = {p: yaml.safe_load(p.read_text())["build"] for p in resolved}
    (conf / "registry.yaml").write_text("url: null\nlicense: null\n")
    assert compose.main(["--root", str(root)]) == 0
    assert yaml.safe_load((root / "params.yaml").read_text())["registry"]["license"] == "unknown"
    again = {p: yaml.safe_load(p.read_text())["build"] for p in keys}
    assert all(again[p] != keys[p] for p in keys)  # the license is in every card: every dataset rebuilds


def _resolving(monkeypatch) -> list[str]:
    """The recipes compose loads (and resolves) from now on, by file name."""
    loaded: list[str] = []
    original = compose.load_recipe

    def counting(conf, group, name, hydra):  # type: ignore[no-untyped-def]
        loaded.append(f"{group}/{name}")
        return original(conf, group, name, hydra)

    monkeypatch.setattr(compose, "load_recipe", counting)
    return loaded


def test_compose_resolves_again_only_the_recipes_whose_inputs_changed(conf, monkeypatch):
    root = conf.parent
    loaded = _resolving(monkeypatch)
    assert compose.main(["--root", str(root)]) == 0
    first = generated(root)
    cacheable = {"datasets/xor_default", "datasets/spiral_default", "families/xor_grid"}
    assert cacheable <= set(loaded)
    loaded.clear()
    assert compose.main(["--root", str(root)]) == 0
    assert generated(root) == first and not cacheable & set(loaded)
    # always resolved: import recipes (they read files) and Hydra defaults lists (they read other recipes)
    assert "datasets/iris_like" in loaded and "datasets/mnist_tiny" in loaded
    (conf / "datasets" / "base_xor.yaml").write_text("generator: xor\nparams: {seed: 4}\n")
    (conf / "datasets" / "derived.yaml").write_text("defaults:\n  - base_xor\n  - _self_\nparams: {margin: 0.3}\n")
    assert compose.main(["--root", str(root)]) == 0
    loaded.clear()
    assert compose.main(["--root", str(root)]) == 0
    assert "datasets/derived" in loaded and "datasets/base_xor" not in loaded

    recipe = conf / "datasets" / "xor_default.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 0", "seed: 3"))
    loaded.clear()
    assert compose.main(["--root", str(root)]) == 0
    assert set(loaded) & cacheable == {"datasets/xor_default"}
    assert yaml.safe_load((root / "params" / "datasets" / "xor_default.yaml").read_text())["params"]["seed"] == 3
    assert compose.main(["--root", str(root), "--check"]) == 0  # what a compose without the record writes


def test_a_changed_shared_input_or_a_hand_edited_resolved_file_is_resolved_again(conf, monkeypatch):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    expected = generated(root)
    loaded = _resolving(monkeypatch)
    resolved = root / "params" / "datasets" / "xor_default.yaml"
    resolved.write_text(resolved.read_text().replace("seed: 0", "seed: 1"))
    assert compose.main(["--root", str(root)]) == 0
    assert "datasets/xor_default" in loaded and generated(root) == expected
    loaded.clear()
    storage = conf / "storage" / "local.yaml"  # conf outside the recipes: every recipe may depend on it
    storage.write_text(storage.read_text() + "\n# a comment\n")
    assert compose.main(["--root", str(root)]) == 0
    assert {"datasets/xor_default", "datasets/spiral_default", "families/xor_grid"} <= set(loaded)
    assert generated(root) == expected


def test_the_compose_record_is_ignored_by_git_and_a_broken_one_costs_nothing_but_time(conf):
    root = conf.parent
    assert compose.main(["--root", str(root)]) == 0
    record = root / ".juniper-data" / "compose.json"
    assert record.is_file() and "/.juniper-data/" in (ROOT / ".gitignore").read_text().splitlines()
    expected = generated(root)
    record.write_text("{not json")
    assert compose.main(["--root", str(root)]) == 0
    assert generated(root) == expected and json.loads(record.read_text())["entries"]
