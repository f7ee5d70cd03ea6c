"""Composing conf/ into params.yaml: complete, current, and strict about bad recipes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from juniper_data.generators import registry
from juniper_data.pipeline import compose
from juniper_data.pipeline.recipes import RecipeError, variant_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    """A private copy of the project's conf/ to add recipes to."""
    target = tmp_path / "conf"
    shutil.copytree(ROOT / "conf", target)
    return target


def test_every_recipe_is_resolved_with_every_parameter():
    composed = compose.compose_registry(ROOT / "conf")
    names = sorted(p.stem for p in (ROOT / "conf" / "datasets").glob("*.yaml"))
    assert sorted(composed["datasets"]) == names
    for entry in composed["datasets"].values():
        schema = registry.get(entry["generator"]).params
        assert list(entry["params"]) == [f.name for f in dataclasses.fields(schema)]
        assert entry["params"]["seed"] is not None
        assert entry["version"] == registry.get(entry["generator"]).version


def test_committed_params_yaml_is_current():
    rendered = compose.render(compose.compose_registry(ROOT / "conf"))
    assert (ROOT / "params.yaml").read_text() == rendered, "run python -m juniper_data.pipeline.compose"


def test_default_registry_holds_the_old_consumers_recipes():
    datasets = compose.compose_registry(ROOT / "conf")["datasets"]
    generators = {entry["generator"] for entry in datasets.values()}
    assert {"spiral", "xor", "gaussian", "circles", "checkerboard"} <= generators
    trainer = {e["params"]["algorithm"] for e in datasets.values() if "trainer" in e["tags"]}
    assert trainer == {"modern", "legacy_cascor"}
    for entry in datasets.values():
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
def test_bad_recipe_is_refused_naming_file_key_and_value(conf, tmp_path, capsys, file, text, expected):
    (conf / file).parent.mkdir(exist_ok=True)
    (conf / file).write_text(text)
    out = tmp_path / "params.yaml"
    out.write_text("previous\n")
    assert compose.main(["--conf", str(conf), "--out", str(out)]) == 2
    message = capsys.readouterr().err
    assert f"conf/{file}" in message
    for fragment in expected:
        assert fragment in message
    assert out.read_text() == "previous\n"


def test_check_mode_reports_stale_params_and_writes_nothing(conf, tmp_path, capsys):
    out = tmp_path / "params.yaml"
    assert compose.main(["--conf", str(conf), "--out", str(out)]) == 0
    assert compose.main(["--conf", str(conf), "--out", str(out), "--check"]) == 0
    (conf / "datasets" / "extra.yaml").write_text("generator: circles\nparams: {seed: 3}\n")
    before = out.read_bytes()
    assert compose.main(["--conf", str(conf), "--out", str(out), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert out.read_bytes() == before


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
def test_chunking_mistakes_are_refused(conf, tmp_path, capsys, text, expected):
    (conf / "datasets" / "big.yaml").write_text(text)
    assert compose.main(["--conf", str(conf), "--out", str(tmp_path / "params.yaml")]) == 2
    message = capsys.readouterr().err
    assert "conf/datasets/big.yaml" in message
    for fragment in expected:
        assert fragment in message
