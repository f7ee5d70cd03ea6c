"""Fault injection: `dvc repro` killed (its whole process group) while it writes a several-hundred-MB NPZ."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.pipeline.conftest import make_project, project_env, run

#: 3 arms x 2,000,000 points, built in blocks on two workers: an NPZ of about 240 MB.
BIG = "generator: spiral\nparams: {n_spirals: 3, n_points_per_spiral: 2000000, noise: 0.2, seed: 1}\n" \
      "chunked: true\nblock_size: 1048576\n"  # fmt: skip


def digest(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                h.update(block)
        out[path.relative_to(folder).as_posix()] = h.hexdigest()
    return out


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier} - found
        found |= children
        frontier = children
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


@pytest.fixture(scope="module")
def big_registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("faults")
    env = project_env(base / "home")
    project = make_project(base / "registry", env, {"datasets/big_spiral.yaml": BIG})
    run(["dvc", "repro"], project, env)
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", "build"], project, env)
    return project, env


def test_repro_killed_during_the_npz_write_keeps_the_old_artifact_and_the_next_run_cleans_up(big_registry):
    project, env = big_registry
    folder = project / "data" / "big_spiral"
    before = digest(folder)
    assert sum((folder / f).stat().st_size for f in before) > 200 * 2**20
    recipe = project / "conf" / "datasets" / "big_spiral.yaml"
    recipe.write_text(recipe.read_text().replace("seed: 1", "seed: 2"))
    child = subprocess.Popen(["dvc", "repro"], cwd=project, env={**env, "JUNIPER_DATA_WORKERS": "2"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    data = project / "data"
    workers: set[int] = set()
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:  # wait until the new NPZ is being written
            workers |= descendants(child.pid)
            npz = [p for p in data.glob(".big_spiral.tmp-*/*.npz")]
            if npz and npz[0].stat().st_size > 50 * 2**20:
                break
            assert child.poll() is None, "the build ended before it could be killed"
            time.sleep(0.05)
        else:
            raise AssertionError("the NPZ write never started")
        workers |= descendants(child.pid)
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert workers, "the build ran no worker processes"
    time.sleep(3)  # the workers notice their parent has gone
    assert alive(workers) == set(), "worker processes outlived the killed build"
    assert digest(folder) == before  # the old artifact, byte for byte
    assert list(data.glob(".big_spiral.*")), "the killed build left its temporary folder (ignored by git)"
    assert run(["git", "status", "--porcelain", "--", "data"], project, env).stdout == ""
    status = run(["dvc", "status"], project, env).stdout
    assert "build-" in status and "params/shards/" in status  # the shard's build keys changed

    run(["dvc", "repro"], project, env)
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == [".gitignore"]
    assert "up to date" in run(["dvc", "status"], project, env).stdout
    assert digest(folder) != before


@pytest.mark.parametrize("engine", ["joblib", "dask"])
def test_workers_of_a_killed_build_exit_with_it(tmp_path, engine):
    """Only the build's own process is killed (as the OOM killer would): its workers must not live on."""
    import sys

    from tests.conftest import WORKTREE

    env = {**os.environ, "PYTHONPATH": str(WORKTREE), "JUNIPER_DATA_CONF": str(WORKTREE / "conf"),
           "TMPDIR": str(tmp_path)}  # fmt: skip
    args = [sys.executable, "-m", "juniper_data.build", "generator=spiral", "generator.n_spirals=3",
            "generator.n_points_per_spiral=3000000", "scale.chunked=true", "scale.workers=2",
            f"scale.engine={engine}", "out_dir=out"]  # fmt: skip
    child = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline:
        workers |= descendants(child.pid)
        assert child.poll() is None, "the build ended before it could be killed"
        time.sleep(0.05)
    assert len(workers) >= 2, "the build started no workers"
    child.kill()  # the build alone, not its process group
    child.wait()
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert alive(workers) == set(), "worker processes outlived the killed build"
