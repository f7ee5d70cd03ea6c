"""A private, mutable copy of the history registry per test, and the CLI run in-process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from juniper_data.cli import main

WATCHED = ("conf", "data", "catalog", "metrics", "params", "params.yaml", "dvc.yaml", "dvc.lock", "pipelines/shards")


@pytest.fixture
def project(registry_env, tmp_path, monkeypatch) -> Path:
    """A copy of the registry checkout at v3 (workspace, DVC cache, git history); cwd is inside it."""
    copy = shutil.copytree(registry_env.work, tmp_path / "registry", symlinks=True)
    monkeypatch.chdir(copy)
    return copy


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> dict:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(capsys) -> Cli:
    return Cli(capsys)


def snapshot(root: Path) -> dict[str, bytes]:
    """Bytes of every file the catalog commands may touch."""
    files: dict[str, bytes] = {}
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files.update({p.relative_to(root).as_posix(): p.read_bytes() for p in paths})
    return files
