"""Real git + DVC repositories for the storage tests: a small registry, clones, byte digests."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from juniper_data.artifacts.writer import write_dataset
from juniper_data.dataset import generate
from juniper_data.storage.dvc_cli import run_dvc

# name -> (generator, params): distinct contents, a few hundred rows each.
DATASETS = {
    "xor_small": ("xor", {"n_points_per_quadrant": 60, "noise": 0.05, "seed": 1}),
    "spiral_two": ("spiral", {"n_points_per_spiral": 150, "seed": 2}),
    "gauss_three": ("gaussian", {"n_classes": 3, "n_samples_per_class": 80, "seed": 3}),
    "circles_noisy": ("circles", {"n_samples": 300, "noise": 0.05, "seed": 4}),
    "board_four": ("checkerboard", {"n_samples": 400, "seed": 5}),
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def dvc(repo: Path, *args: str) -> str:
    result = run_dvc(list(args), repo)
    assert result.returncode == 0, f"dvc {' '.join(args)}: {result.stderr}"
    return result.stdout


def write(repo: Path, name: str, generator: str, params: dict) -> Path:
    dataset = generate(generator, **params).annotate(name=name)
    return write_dataset(dataset, repo / "data" / name)


def build_registry(repo: Path, datasets: dict[str, tuple[str, dict]] = DATASETS) -> Path:
    """git + dvc init, each dataset written by the one writer and ``dvc add``-ed, committed (not tagged)."""
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    dvc(repo, "init", "-q")
    for name, (generator, params) in datasets.items():
        write(repo, name, generator, params)
    dvc(repo, "add", *(f"data/{name}" for name in datasets))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "registry: five datasets")
    return repo


def copy_repo(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def bare_clone(repo: Path, target: Path) -> Path:
    """What consumers see: the git history only, none of the registry's DVC cache."""
    git(repo.parent, "clone", "-q", "--bare", str(repo), str(target))
    return target


def clone(source: Path, target: Path, rev: str | None = None) -> Path:
    git(source.parent, "clone", "-q", str(source), str(target))
    if rev:
        git(target, "checkout", "-q", rev)
    return target


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path (the bytes a consumer gets)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def cache_objects(cache_dir: Path) -> set[str]:
    """Object ids (``md5`` hex, ``.dir`` kept) in a DVC 3 cache or local remote folder."""
    root = cache_dir / "files" / "md5"
    return {p.parent.name + p.name for p in root.glob("*/*") if p.is_file()} if root.is_dir() else set()
