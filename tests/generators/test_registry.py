"""registry: the one name -> generator map, and every generator's opt-in to the contract suite."""

from __future__ import annotations

import dataclasses
import importlib
import re
import subprocess
import sys

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.generators import registry
from juniper_data.generators.params import ParameterError
from juniper_data.generators.registry import GeneratorSpec, RawData, UnknownGeneratorError
from juniper_data.generators.xor import XorParams
from tests.conftest import WORKTREE
from tests.generators.contract import GeneratorContract

BUILTIN = ["checkerboard", "circles", "gaussian", "spiral", "xor"]


def test_available_lists_the_builtin_generators_sorted() -> None:
    names = registry.available()
    assert names == sorted(names)
    assert set(BUILTIN) <= set(names)


@pytest.mark.parametrize("name", registry.available())
def test_every_registered_generator_opts_in_to_the_contract_suite(name: str) -> None:
    # Tests mirror the source tree: the suite lives in the test module of the generator's module.
    stem = registry.get(name).generate.__module__.rsplit(".", 1)[-1]
    module = importlib.import_module(f"tests.generators.test_{stem}")
    suites = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, GeneratorContract) and obj.__name__.startswith("Test")
    ]
    assert [s for s in suites if s.generator == name], f"tests/generators/test_{stem}.py runs no contract suite"


@pytest.mark.parametrize("name", registry.available())
def test_every_generator_declares_a_semantic_version_and_its_own_schema(name: str) -> None:
    spec = registry.get(name)
    assert spec.name == name
    assert re.fullmatch(r"\d+\.\d+\.\d+", spec.version)
    assert spec.summary
    fields = {f.name for f in dataclasses.fields(spec.params)}
    assert {"seed", "train_ratio", "test_ratio", "shuffle"} <= fields
    assert set(spec.aliases.values()) <= fields


@pytest.mark.parametrize("name", ["spirals", "", "XOR", 3, None])
def test_unknown_generator_error_lists_the_known_ones(name: object) -> None:
    with pytest.raises(UnknownGeneratorError) as caught:
        registry.get(name)  # type: ignore[arg-type]
    assert f"unknown generator {name!r}; known generators: " in str(caught.value)
    for known in BUILTIN:
        assert known in str(caught.value)


def test_unknown_generator_is_a_parameter_error_from_generate() -> None:
    with pytest.raises(ParameterError, match="unknown generator 'moons'; known generators: ") as caught:
        generate("moons", n_samples=10)
    assert all(name in str(caught.value) for name in BUILTIN)


def test_the_public_view_of_known_generators_is_read_only() -> None:
    with pytest.raises(TypeError):
        registry.KNOWN["evil"] = "os"  # type: ignore[index]


def test_importing_the_package_loads_no_generator_or_heavy_dependency() -> None:
    code = (
        "import sys, juniper_data; juniper_data.generate('xor', seed=1); "
        "heavy = ['pandas', 'pyarrow', 'datasets', 'dvc', 'hydra', 'matplotlib', 'PIL', "
        "'juniper_data.generators.spiral']; "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=WORKTREE, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by a test vanish after it."""
    monkeypatch.setattr(registry, "_BUILTIN", dict(registry._BUILTIN))
    monkeypatch.setattr(registry, "_LOADED", dict(registry._LOADED))


def constant(params: XorParams, rng: np.random.Generator) -> RawData:
    n = params.n_points_per_quadrant
    X = rng.standard_normal((2 * n, 3)).astype(np.float32)
    return RawData(X, np.repeat(np.array([0, 1]), n), ("a", "b"))


@pytest.mark.usefixtures("isolated_registry")
def test_registered_plugin_generates_through_the_same_pipeline() -> None:
    spec = GeneratorSpec(name="plugin", version="0.1.0", params=XorParams, generate=constant, summary="test")
    registry.register(spec)
    registry.register(spec)  # the same spec again is harmless
    assert "plugin" in registry.available()
    ds = generate("plugin", n_points_per_quadrant=4, seed=2)
    assert ds["X_full"].shape == (8, 3) and ds.class_names == ["a", "b"]
    assert ds.meta["recipe"]["version"] == "0.1.0"
    with pytest.raises(ValueError, match="generator 'plugin' is already registered"):
        registry.register(dataclasses.replace(spec, version="0.2.0"))


@pytest.mark.usefixtures("isolated_registry")
def test_generator_version_enters_the_recipe_and_the_id_but_not_the_arrays() -> None:
    before = generate("xor", seed=3)
    registry._LOADED["xor"] = dataclasses.replace(registry.get("xor"), version="2.0.0")
    after = generate("xor", seed=3)
    assert after.meta["recipe"]["version"] == "2.0.0"
    assert after.meta["dataset_id"] != before.meta["dataset_id"]
    assert after.meta["hashes"] == before.meta["hashes"]
