"""Disk space: a build that cannot fit is refused before anything is written, naming both numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from juniper_data.build import BuildError, BuildSpec, build
from juniper_data.build.space import estimate_bytes, free_bytes
from tests.conftest import WORKTREE


def test_the_estimate_bounds_what_a_build_writes(tmp_path: Path) -> None:
    for spec in (BuildSpec("xor", {"seed": 1, "n_points_per_quadrant": 5000}, name="x"),
                 BuildSpec("spiral", {"seed": 1, "n_points_per_spiral": 5000}, block_size=4096, name="s")):  # fmt: skip
        meta = build(spec, tmp_path / spec.name)
        written = sum(p.stat().st_size for p in (tmp_path / spec.name).rglob("*") if p.is_file())
        estimate = estimate_bytes(meta["n_full"], meta["n_features"], meta["n_classes"],
                                  n_kept=meta["n_train"] + meta["n_test"], chunked=spec.chunked)  # fmt: skip
        assert written <= estimate < written + 4 * 2**20


def test_a_recipe_larger_than_the_disk_is_refused_before_writing(tmp_path: Path) -> None:
    spec = BuildSpec("spiral", {"seed": 1, "n_points_per_spiral": 130_000_000_000}, block_size=1 << 26, name="huge")
    with pytest.raises(BuildError) as refused:
        build(spec, tmp_path / "out" / "huge")
    message = str(refused.value)
    assert "dataset huge needs about" in message and "TiB" in message and "bytes) free" in message
    assert free_bytes(tmp_path) < int(message.split("(")[1].split(" bytes")[0])  # the estimate, named in bytes
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_the_app_refuses_a_sweep_that_does_not_fit_and_writes_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(WORKTREE), "JUNIPER_DATA_CONF": str(WORKTREE / "conf"),
           "TMPDIR": str(tmp_path)}  # fmt: skip
    args = [sys.executable, "-m", "juniper_data.build", "-m", "generator=spiral", "scale.chunked=true",
            "scale.block_size=67108864", "generator.n_points_per_spiral=100000000000,130000000000",
            f"out_dir={tmp_path / 'o'}"]  # fmt: skip
    result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "this sweep needs about" in result.stderr and "free" in result.stderr
    assert not (tmp_path / "o").exists()
