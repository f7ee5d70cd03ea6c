"""A real registry project in a temporary git + DVC repository, built by `dvc repro`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SMALL_RECIPES = {
    "datasets/xor_small.yaml": "generator: xor\nparams: {n_points_per_quadrant: 20, seed: 0}\ntags: [xor]\n",
    "datasets/spiral_small.yaml": (
        "generator: spiral\nparams: {n_points_per_spiral: 30, noise: 0.1, seed: 42}\ntags: [spiral]\n"
    ),
    "families/xor_fam.yaml": (
        "generator: xor\nparams: {n_points_per_quadrant: 10, seed: 1}\nsweep: {noise: [0.0, 0.1]}\n"
    ),
}


def project_env(home: Path) -> dict[str, str]:
    """Environment for git/dvc subprocesses: own identity, no analytics, HOME for the embedded remote."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        DVC_NO_ANALYTICS="1",
        GIT_AUTHOR_NAME="test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def copy_conf_skeleton(conf: Path) -> Path:
    """This project's conf/ without its recipes (no datasets, no families)."""
    conf.mkdir(parents=True)
    for name in ("config.yaml", "registry.yaml", "generator", "storage", "scale"):
        source = ROOT / "conf" / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, conf / name)
    return conf


def make_project(dest: Path, env: dict[str, str], recipes: dict[str, str] | None = None) -> Path:
    """A copy of this project's pipeline with a small registry (``recipes``: path under conf/ -> YAML),
    committed in a fresh git repo."""
    dest.mkdir(parents=True)
    for name in ("juniper_data", "pipelines", ".dvcignore", ".gitignore", "sources"):
        source = ROOT / name
        if source.is_dir():  # pipelines/shards: this checkout's own build stages (compose writes the copy's)
            ignored = ("__pycache__", "shards") if name == "pipelines" else ("__pycache__",)
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns(*ignored))
        else:
            shutil.copy2(source, dest / name)
    conf = copy_conf_skeleton(dest / "conf")
    for relative, text in (SMALL_RECIPES if recipes is None else recipes).items():
        (conf / relative).parent.mkdir(parents=True, exist_ok=True)
        (conf / relative).write_text(text)
    run(["git", "init", "-q", "-b", "main"], dest, env)
    run(["dvc", "init", "-q"], dest, env)
    shutil.copy2(ROOT / ".dvc" / "config", dest / ".dvc" / "config")
    run([sys.executable, "pipelines/compose.py"], dest, env)
    run(["git", "add", "-A"], dest, env)
    run(["git", "commit", "-qm", "registry"], dest, env)
    return dest


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The small registry after `dvc repro` and a commit of dvc.lock (do not mutate: copy it)."""
    base = tmp_path_factory.mktemp("registry")
    env = project_env(base / "home")
    project = make_project(base / "project", env)
    run(["dvc", "repro"], project, env)
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", "build"], project, env)
    return project, env


@pytest.fixture
def project_copy(built_project: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A private clone of the built registry, with its data checked out from the shared cache."""
    project, env = built_project
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(project), str(clone)], tmp_path, env)
    run(["dvc", "cache", "dir", str(project / ".dvc" / "cache")], clone, env)
    run(["dvc", "checkout", "-q"], clone, env)
    return clone, env


def resolved(project: Path) -> dict:
    """The registry a checkout's generated files describe (``{"registry", "datasets", "families"}``)."""
    from juniper_data.pipeline.compose import read_registry

    def listing(folder: str) -> dict[str, str]:
        base = project / folder
        return {p.relative_to(project).as_posix(): p.read_text() for p in sorted(base.rglob("*")) if p.is_file()}

    return read_registry(lambda path: (project / path).read_text() if (project / path).is_file() else None, listing)
