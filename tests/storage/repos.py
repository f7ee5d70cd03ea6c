"""Real git + DVC repositories for the storage tests: clones, recipe changes, object sets, byte digests."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import yaml

from juniper_data.adapters.dvc import run_dvc


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def dvc(repo: Path, *args: str) -> str:
    result = run_dvc(list(args), repo)
    assert result.returncode == 0, f"dvc {' '.join(args)}: {result.stderr}"
    return result.stdout


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


def rebuild(repo: Path) -> None:
    """Compose conf/ (new recipes need a new dvc.yaml before DVC loads it), then ``dvc repro``."""
    from juniper_data.pipeline.compose import main as compose

    assert compose(["--root", str(repo)]) == 0
    dvc(repo, "repro", "--quiet")


def add_recipe(repo: Path, name: str, text: str) -> None:
    (repo / "conf" / "datasets" / f"{name}.yaml").write_text(text)


def remove_datasets(repo: Path, *names: str) -> None:
    """Drop datasets at HEAD the way ``juniper-data remove`` does (recipe, data, catalog entry, lock entries), rebuild.

    A lock entry of a build stage left empty would keep its objects alive for ``dvc gc``.
    """
    from juniper_data.catalog.edit import remove

    remove(repo, list(names))
    rebuild(repo)


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path (the bytes a consumer gets)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def file_md5(path: Path) -> str:
    """DVC's object id of a file."""
    return hashlib.md5(path.read_bytes()).hexdigest()


def object_id(path: str) -> str:
    """The object id in a remote path: ``.../files/md5/ab/cdef...`` -> ``abcdef...``."""
    return path.split("/files/md5/")[1].replace("/", "")


def assert_same_arrays(got: Mapping[str, np.ndarray], expected: Mapping[str, np.ndarray]) -> None:
    """Same keys, dtypes and values (bitwise)."""
    assert list(got) == list(expected)
    for key, array in expected.items():
        assert got[key].dtype == array.dtype and np.array_equal(got[key], array), key


def cache_objects(cache_dir: Path) -> set[str]:
    """Object ids (``md5`` hex, ``.dir`` kept) in a DVC 3 cache or local remote folder."""
    root = cache_dir / "files" / "md5"
    return {p.parent.name + p.name for p in root.glob("*/*") if p.is_file()} if root.is_dir() else set()


def rev_objects(repo: Path, rev: str) -> set[str]:
    """The cached objects a revision's ``dvc.lock`` files reference: outputs, and the files of folder outputs."""
    paths = [p for p in git(repo, "ls-tree", "-r", "--name-only", rev).splitlines() if p.endswith("dvc.lock")]
    outs = [out for path in paths for stage in yaml.safe_load(git(repo, "show", f"{rev}:{path}"))["stages"].values()
            for out in stage.get("outs", [])]  # fmt: skip
    cached = cache_objects(repo / ".dvc" / "cache")
    objects: set[str] = set()
    for out in outs:
        md5 = out["md5"]
        if md5 not in cached:  # `cache: false` outputs (params.yaml, catalog/*.json)
            continue
        objects.add(md5)
        if md5.endswith(".dir"):
            manifest = repo / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
            objects |= {entry["md5"] for entry in json.loads(manifest.read_text())}
    return objects
