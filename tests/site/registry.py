"""A registry with releases over real edits, built by `dvc repro` in a temporary git repo.

The project runs its own copy of the package (``PYTHONPATH`` = the project), so a
generator version can be bumped in that copy like a developer would in the source.

History (tags on main, every version pushed to the embedded remote under the fixture's HOME):

* ``v1``: ``xor_small`` (20 points a quadrant, seed 0, tags xor + small), ``spiral_big``
  (2 x 600 points), ``old_circles`` (expired 2001-01-01), ``gauss_old``, family ``spiral_fam``
  (``n_spirals`` x ``noise``, 2 x 2); releases ``xor_small@v1.0.0``, ``gauss_old@v1.0.0``,
  ``spiral_fam@v1.0.0``;
* ``v2``: a parameter edit: ``xor_small`` train/test ratios 0.8/0.2 -> 0.75/0.25; ``xor_small@v1.1.0``;
* ``v3``: a generator version bump: xor 1.0.0 -> 1.0.1 (same arrays); ``xor_small@v1.2.0``;
* ``v4``: a rename: ``gauss_old`` -> ``gauss_new`` (same recipe); ``gauss_new@v1.0.0``.
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.pipeline.conftest import make_project, project_env, run

RECIPES = {
    "datasets/xor_small.yaml": (
        "generator: xor\nparams: {n_points_per_quadrant: 20, seed: 0, train_ratio: 0.8, test_ratio: 0.2}\n"
        "tags: [small, xor]\ndescription: Small XOR for the site tests.\n"
    ),
    "datasets/spiral_big.yaml": (
        "generator: spiral\nparams: {n_points_per_spiral: 600, noise: 0.1, seed: 42}\ntags: [spiral]\n"
    ),
    "datasets/old_circles.yaml": (
        "generator: circles\nparams: {n_samples: 40, seed: 3}\ntags: [circles, old]\nexpires: 2001-01-01\n"
    ),
    "datasets/gauss_old.yaml": "generator: gaussian\nparams: {n_samples_per_class: 15, seed: 4}\ntags: [gaussian]\n",
    "families/spiral_fam.yaml": (
        "generator: spiral\nparams: {n_points_per_spiral: 30, seed: 1}\ntags: [family, spiral]\n"
        "sweep: {n_spirals: [2, 3], noise: [0.0, 0.1]}\n"
    ),
}
VARIANTS = [f"spiral_fam/n_spirals={n},noise={z}" for n in (2, 3) for z in (0.0, 0.1)]
URL = "https://registry.example.invalid/lab/registry.git"


@dataclass(frozen=True)
class EditedRegistry:
    """The built registry: checkout (at v4, data in the workspace), bare clone, environment, commits."""

    work: Path
    bare: Path
    env: dict[str, str]
    commits: dict[str, str]

    def cli(self, *args: str, check: bool = True, cwd: Path | None = None):  # type: ignore[no-untyped-def]
        """``python -m juniper_data.cli ARGS`` in the checkout, with the project's own package."""
        return run([sys.executable, "-m", "juniper_data.cli", *args], cwd or self.work, self.env, check=check)

    def patch_environment(self, patch) -> None:  # type: ignore[no-untyped-def]
        """In-process code sees the registry's HOME (its remote), its load cache and a git identity."""
        for key in (
            "HOME",
            "DVC_NO_ANALYTICS",
            "JUNIPER_DATA_CACHE",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
        ):
            patch.setenv(key, self.env[key])

    def meta(self, name: str) -> dict:  # type: ignore[type-arg]
        return json.loads((self.work / "data" / name / "meta.json").read_text())


def _version(work: Path, env: dict[str, str], tag: str, releases: list[str]) -> str:
    py = sys.executable
    run([py, "-m", "juniper_data.cli", "compose"], work, env)
    run(["dvc", "repro", "-q"], work, env)
    run(["git", "add", "-A"], work, env)
    run(["git", "commit", "-qm", f"registry {tag}"], work, env)
    run(["git", "tag", tag], work, env)
    run(["dvc", "push", "-q"], work, env)
    for release in releases:
        name, version = release.split("@")
        run([py, "-m", "juniper_data.cli", "release", name, version], work, env)
    return run(["git", "rev-parse", "HEAD"], work, env).stdout.strip()


@functools.cache
def build(base: Path) -> EditedRegistry:
    """Build the registry of the module docstring under ``base`` (once per test session)."""
    env = project_env(base / "home")
    work = make_project(base / "work", env, RECIPES)
    env = {**env, "PYTHONPATH": str(work), "JUNIPER_DATA_CACHE": str(base / "jd-cache")}
    commits = {"v1": _version(work, env, "v1", ["xor_small@v1.0.0", "gauss_old@v1.0.0", "spiral_fam@v1.0.0"])}
    recipe = work / "conf" / "datasets" / "xor_small.yaml"
    recipe.write_text(
        recipe.read_text().replace("train_ratio: 0.8, test_ratio: 0.2", "train_ratio: 0.75, test_ratio: 0.25")
    )
    commits["v2"] = _version(work, env, "v2", ["xor_small@v1.1.0"])
    source = work / "juniper_data" / "generators" / "xor.py"
    source.write_text(source.read_text().replace('VERSION = "1.0.0"', 'VERSION = "1.0.1"'))
    commits["v3"] = _version(work, env, "v3", ["xor_small@v1.2.0"])
    old = work / "conf" / "datasets" / "gauss_old.yaml"
    (work / "conf" / "datasets" / "gauss_new.yaml").write_text(old.read_text())
    run([sys.executable, "-m", "juniper_data.cli", "remove", "gauss_old"], work, env)
    commits["v4"] = _version(work, env, "v4", ["gauss_new@v1.0.0"])
    bare = base / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return EditedRegistry(work, bare, env, commits)
