"""Each test sees an empty dataset store and warnings not yet given (both are per process)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from juniper_data.client import client as client_module
from tests.conftest import WORKTREE
from tests.pipeline.conftest import make_project, project_env, run

TRAINER_RECIPE = "trainer_spiral_carve"
#: The trainer's 0.17 CLI request as a recipe (this checkout's conf/datasets copy is used when it has one).
TRAINER_RECIPE_TEXT = """\
generator: spiral
params: {n_spirals: 2, n_points_per_spiral: 1000, n_rotations: 1.0, noise: 0.1, clockwise: true, seed: 42,
         sizing_mode: carve, train_ratio: 0.8, val_ratio: 0.1, test_ratio: 0.1}
tags: [trainer, spiral]
"""


@pytest.fixture(autouse=True)
def fresh_client_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "_STORE", client_module._Store())
    monkeypatch.setattr(client_module, "_warned", set())
    for name in ("JUNIPER_DATA_REGISTRY", "JUNIPER_DATA_DEFAULT_GENERATOR_SEED"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class ReleasedRegistry:
    """A registry holding this checkout's ``trainer_spiral_carve`` recipe, released as v1.0.0."""

    bare: Path
    env: dict[str, str]


@pytest.fixture(scope="session")
def carve_registry(tmp_path_factory: pytest.TempPathFactory) -> ReleasedRegistry:
    """The trainer's carve recipe (``trainer_spiral_carve``) built by `dvc repro`, pushed,
    released and cloned bare: what a trainer reads after the migration."""
    from juniper_data.catalog.release import release

    base = tmp_path_factory.mktemp("carve-registry")
    env = project_env(base / "home")
    conf = WORKTREE / "conf" / "datasets" / f"{TRAINER_RECIPE}.yaml"
    recipe = conf.read_text() if conf.is_file() else TRAINER_RECIPE_TEXT
    work = make_project(base / "work", env, {f"datasets/{TRAINER_RECIPE}.yaml": recipe})
    for args in (["dvc", "repro", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "build"]):
        run(args, work, env)
    run(["dvc", "push", "-q"], work, env)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        release(work, TRAINER_RECIPE, "v1.0.0")
    bare = base / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return ReleasedRegistry(bare, {**env, "JUNIPER_DATA_CACHE": str(base / "jd-cache")})
