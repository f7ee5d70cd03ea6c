"""Ad-hoc multirun sweeps give the same bytes with the basic and the joblib launcher."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SWEEP = ["generator=spiral", "generator.n_points_per_spiral=20", "generator.n_spirals=2,3", "generator.noise=0,0.1"]


def build(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUNIPER_DATA_CONF": str(ROOT / "conf"), "TMPDIR": str(out.parent)}
    args = [sys.executable, "-m", "juniper_data.build", "-m", *extra, *SWEEP, f"out_dir={out}"]
    return subprocess.run(args, cwd=out.parent, env=env, capture_output=True, text=True, check=True)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_joblib_launcher_gives_the_same_bytes_as_the_basic_launcher(tmp_path):
    build(tmp_path / "basic")
    build(tmp_path / "joblib", "hydra/launcher=joblib", "hydra.launcher.n_jobs=2")
    recorded = (tmp_path / "juniper-data-sweeps" / "multirun.yaml").read_text()
    assert "JoblibLauncher" in recorded and "n_jobs: 2" in recorded
    basic, joblib = files(tmp_path / "basic"), files(tmp_path / "joblib")
    assert len({name.split("/")[0] for name in basic}) == 4
    assert basic == joblib
