"""A small registry in a temporary git + DVC repo, pushed to a local remote and cloned bare.

Consumers are tested against the *bare* clone: against a working copy DVC would
read the registry's own cache and hide a missing ``dvc push``.

History of the session registry (built once; tests must not change it):

* commit 1, tags ``v1`` and ``xor_small@v1.0.0``: ``xor_small`` (seed 1), ``circles_small``;
* commit 2, tags ``v2`` and ``xor_small@v1.1.0``: ``xor_small`` rebuilt with seed 2;
* commit 3, tag ``v3`` (no release): ``xor_small`` rebuilt with seed 3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from juniper_data import generate, write_dataset
from juniper_data.dataset import Dataset

RECIPES = {
    "xor_small": ("xor", {"n_points_per_quadrant": 20}),
    "circles_small": ("circles", {"n_samples": 60, "noise": 0.05}),
}
SEEDS = {"v1": 1, "v2": 2, "v3": 3}  # xor_small's seed at each registry tag


def subprocess_env(home: Path) -> dict[str, str]:
    """Environment for git/dvc subprocesses: own identity, no analytics, a private HOME."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        DVC_NO_ANALYTICS="1",
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
    )
    return env


def run(
    args: list[str], cwd: Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def dataset(name: str, seed: int) -> Dataset:
    generator, params = RECIPES[name]
    return generate(generator, seed=seed, **params).annotate(name=name, tags=[generator])


@dataclass
class RegistryFixture:
    """The built registry: its working copy, bare clone, remote, commits and environment."""

    work: Path
    bare: Path
    remote: Path
    env: dict[str, str]
    commits: dict[str, str] = field(default_factory=dict)

    def expected(self, name: str, tag: str) -> Dataset:
        """The dataset the registry holds at ``tag``."""
        return dataset(name, SEEDS[tag] if name == "xor_small" else 0)


def _write_params(work: Path) -> None:
    # The catalog the registry's `did you mean` reads (the pipeline's params.yaml shape).
    (work / "params.yaml").write_text(
        yaml.safe_dump({"datasets": {n: {"generator": g} for n, (g, _) in RECIPES.items()}})
    )


def _dvc_yaml(work: Path) -> None:
    artifacts = {n: {"path": f"data/{n}", "type": "dataset"} for n in RECIPES}
    (work / "dvc.yaml").write_text(yaml.safe_dump({"artifacts": artifacts}, sort_keys=True))


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> RegistryFixture:
    base = tmp_path_factory.mktemp("registry")
    env = subprocess_env(base / "home")
    work, remote, bare = base / "work", base / "remote", base / "registry.git"
    work.mkdir()
    run(["git", "init", "-q", "-b", "main"], work, env)
    run(["dvc", "init", "-q"], work, env)
    run(["dvc", "config", "core.check_update", "false"], work, env)
    run(["dvc", "remote", "add", "-d", "local", str(remote)], work, env)
    _write_params(work)
    _dvc_yaml(work)
    fixture = RegistryFixture(work, bare, remote, env)
    for tag, seed in SEEDS.items():
        targets = ["data/xor_small"]
        write_dataset(dataset("xor_small", seed), work / "data" / "xor_small")
        if tag == "v1":
            write_dataset(dataset("circles_small", 0), work / "data" / "circles_small")
            targets.append("data/circles_small")
        run(["dvc", "add", "-q", *targets], work, env)
        run(["git", "add", "-A"], work, env)
        run(["git", "commit", "-qm", f"registry {tag}"], work, env)
        run(["git", "tag", tag], work, env)
        if tag != "v3":
            run(["git", "tag", "-a", "-m", "release", f"xor_small@v1.{int(tag[1]) - 1}.0"], work, env)
        run(["dvc", "push", "-q"], work, env)
        fixture.commits[tag] = run(["git", "rev-parse", "HEAD"], work, env).stdout.strip()
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return fixture


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private juniper-data cache for one test."""
    root = tmp_path / "jd-cache"
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(root))
    monkeypatch.setenv("DVC_NO_ANALYTICS", "1")
    return root


@pytest.fixture
def bare_copy(registry: RegistryFixture, tmp_path: Path) -> Path:
    """A private copy of the bare registry (for tests that move or break it)."""
    target = tmp_path / "copy.git"
    shutil.copytree(registry.bare, target)
    return target
