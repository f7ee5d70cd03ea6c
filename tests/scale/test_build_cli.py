"""The Hydra build command builds chunked datasets (scale.chunked=true), alone or in parallel sweeps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from juniper_data.scale import build_chunked

ROOT = Path(__file__).resolve().parents[2]


def build(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUNIPER_DATA_CONF": str(ROOT / "conf"), "TMPDIR": str(cwd)}
    env.pop("CI", None)
    command = [sys.executable, "-m", "juniper_data.build", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=check)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_chunked_build_from_the_command_line_equals_the_python_build(tmp_path):
    args = [
        "generator=xor",
        "generator.n_points_per_quadrant=300",
        "generator.seed=4",
        "scale.chunked=true",
        "scale.block_size=100",
        "scale.workers=2",
        f"out_dir={tmp_path / 'cli'}",
    ]
    result = build(tmp_path, *args)
    dataset_id, folder = result.stdout.split()
    api = build_chunked("xor", tmp_path / "api", block_size=100, progress="never", n_points_per_quadrant=300, seed=4)
    assert files(Path(folder)) == files(api)
    assert Path(folder).name == dataset_id
    assert result.stderr == ""  # not a terminal: no progress lines


def test_a_recipe_over_the_in_memory_cap_is_refused_with_the_chunked_alternative(tmp_path):
    result = build(
        tmp_path, "generator=spiral", "generator.n_points_per_spiral=20000", f"out_dir={tmp_path / 'o'}", check=False
    )
    assert result.returncode == 2
    assert "allowed: [10, 10000] in memory; a chunked build (scale.chunked=true) allows [10, inf)" in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_parallel_sweep_of_chunked_builds_equals_the_serial_sweep(tmp_path):
    sweep = [
        "generator=xor",
        "generator.seed=5",
        "generator.n_points_per_quadrant=40",
        "generator.noise=0,0.1",
        "scale.chunked=true",
        "scale.block_size=32",
    ]
    build(tmp_path, "-m", *sweep, f"out_dir={tmp_path / 'basic'}")
    build(tmp_path, "-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=2", *sweep, f"out_dir={tmp_path / 'joblib'}")
    basic, joblib = files(tmp_path / "basic"), files(tmp_path / "joblib")
    assert len({name.split("/")[0] for name in basic}) == 2
    assert basic == joblib
