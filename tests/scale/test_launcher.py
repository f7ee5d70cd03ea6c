"""hydra/launcher=dask runs a multirun's jobs on a dask cluster and gives the serial sweep's bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SWEEP = ["generator=spiral", "generator.n_points_per_spiral=30", "generator.n_spirals=2,3", "generator.noise=0,0.1"]


def build(tmp: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUNIPER_DATA_CONF": str(ROOT / "conf"), "TMPDIR": str(tmp)}
    args = [sys.executable, "-m", "juniper_data.build", "-m", *extra, *SWEEP, f"out_dir={out}"]  # relative to tmp
    return subprocess.run(args, cwd=tmp, env=env, capture_output=True, text=True, check=True)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dask_launcher_on_a_local_cluster_gives_the_basic_launcher_bytes(tmp_path):
    build(tmp_path, "basic")
    printed = build(tmp_path, "dask", "hydra/launcher=dask", "hydra.launcher.n_workers=2").stdout
    lines = [line.split("  ") for line in printed.splitlines() if "  " in line]
    assert len(lines) == 4  # printed by the parent: the jobs ran in dask workers
    assert {Path(folder).parent for _, folder, _ in lines} == {tmp_path / "dask"}  # not the workers' cwd
    recorded = (tmp_path / "juniper-data-sweeps" / "multirun.yaml").read_text()
    assert "hydra_plugins.juniper_data_launchers.DaskLauncher" in recorded and "n_workers: 2" in recorded
    basic, dask = files(tmp_path / "basic"), files(tmp_path / "dask")
    assert len({name.split("/")[0] for name in basic}) == 4
    assert basic == dask
