"""A registry with a release history, built by the real pipeline (`dvc repro`) in a temporary git repo.

History (tags on the registry's main branch):

* ``v1``: the pipeline's small recipes (``xor_small`` seed 0, ``spiral_small``, family ``xor_fam``)
  plus ``old_circles`` (expired 2001-01-01); releases ``xor_small@v1.0.0`` and ``xor_fam@v1.0.0``;
* ``v2``: ``xor_small`` seed 5; release ``xor_small@v1.1.0``;
* ``v3``: ``xor_small`` seed 7; no release.

Every version is pushed to the registry's embedded remote (``~/.cache/juniper-data/remote``
under the fixture's own HOME), and ``bare`` is a bare clone of the result: consumers read
that, so a missing push cannot hide behind the registry's own cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from juniper_data import generate
from juniper_data.catalog.edit import compose
from juniper_data.catalog.release import release
from juniper_data.dataset import Dataset
from tests.pipeline.conftest import SMALL_RECIPES, make_project, project_env, run

XOR_SEEDS = {"v1": 0, "v2": 5, "v3": 7}
OLD_CIRCLES = "generator: circles\nparams: {n_samples: 40, seed: 3}\ntags: [circles, old]\nexpires: 2001-01-01\n"
RELEASES = {"v1": ["xor_small@v1.0.0", "xor_fam@v1.0.0"], "v2": ["xor_small@v1.1.0"], "v3": []}


@dataclass
class RegistryHistory:
    """The built registry: working checkout, bare clone, environment and commit of each tag."""

    work: Path
    bare: Path
    home: Path
    env: dict[str, str]
    commits: dict[str, str]

    def expected_xor(self, tag: str) -> Dataset:
        """``xor_small`` as the registry holds it at ``tag`` (generated here, independently)."""
        recipe = yaml.safe_load(SMALL_RECIPES["datasets/xor_small.yaml"])
        return generate(recipe["generator"], **{**recipe["params"], "seed": XOR_SEEDS[tag]})

    @property
    def remote(self) -> Path:
        return self.home / ".cache" / "juniper-data" / "remote"


def _set_xor_seed(work: Path, seed: int) -> None:
    path = work / "conf" / "datasets" / "xor_small.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    path.write_text(path.read_text().replace(f"seed: {data['params']['seed']}", f"seed: {seed}"))


def build_history(base: Path) -> RegistryHistory:
    """Build the registry described in the module docstring under ``base``."""
    home = base / "home"
    env = project_env(home)
    work = make_project(base / "work", env)
    (work / "conf" / "datasets" / "old_circles.yaml").write_text(OLD_CIRCLES)
    commits = {}
    # compose and release run in this process (they are tested elsewhere; a subprocess each costs ~1 s).
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        for tag, seed in XOR_SEEDS.items():
            if tag != "v1":
                _set_xor_seed(work, seed)
            compose(work)  # params.yaml plus dvc.yaml's artifacts: and plots:
            run(["dvc", "repro", "-q"], work, env)
            run(["git", "add", "-A"], work, env)
            run(["git", "commit", "-qm", f"registry {tag}"], work, env)
            run(["git", "tag", tag], work, env)
            run(["dvc", "push", "-q"], work, env)
            for tag_name in RELEASES[tag]:
                name, version = tag_name.split("@")
                release(work, name, version)
            commits[tag] = run(["git", "rev-parse", "HEAD"], work, env).stdout.strip()
    bare = base / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return RegistryHistory(work, bare, home, env, commits)
