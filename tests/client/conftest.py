"""Each test sees an empty dataset store and warnings not yet given (both are per process)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from juniper_data.client import client as client_module
from tests.conftest import WORKTREE
from tests.pipeline.conftest import make_project, project_env, run

TRAINER_RECIPE = "trainer_spiral_carve"


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
    """The trainer's carve recipe (conf/datasets/trainer_spiral_carve.yaml) built by `dvc repro`, pushed,
    released and cloned bare: what a trainer reads after the migration."""
    from juniper_data.catalog.release import release

    base = tmp_path_factory.mktemp("carve-registry")
    env = project_env(base / "home")
    recipe = (WORKTREE / "conf" / "datasets" / f"{TRAINER_RECIPE}.yaml").read_text()
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
