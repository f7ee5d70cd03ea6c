"""Chunked builds: throughput against the RNG ceiling and make_moons, 1 -> 2 worker speedup, peak memory.

Usage: python benchmarks/bench_scale.py [--repeats N] [--sizes 1e7,1e8] [--speedup-points 2e7] [--out DIR]

Every figure is a median over ``--repeats`` runs, compared with a baseline
measured in the same run (interleaved with it):

* single-core throughput of the chunked ``modern`` spiral (block generation,
  CPU time) against drawing the same count of normals (2 per point) in the
  fastest way numpy offers (one reused buffer; target >= 80%), and against
  drawing them into fresh arrays block by block;
* throughput against ``sklearn.datasets.make_moons`` at 1e7 points;
* speedup of a whole chunked build (and of its generate phase, the part the
  engine spreads) from 1 worker to 2 (joblib); target >= 1.7x;
* peak memory (RSS high-water mark of the build process, ``VmHWM``, and of the
  process tree sampled with psutil) of 1-worker builds; target < 1 GiB at 1e8
  points. Artifacts go to ``--out`` (default: a temporary folder) and are
  deleted; each build is verified by streaming its NPZ against meta.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from juniper_data.generators import spiral  # noqa: E402
from juniper_data.generators.blocks import block_rng  # noqa: E402

BLOCK = 1 << 20

CHILD = r"""
import json, sys, time
import psutil
sys.path.insert(0, {root!r})
from juniper_data.scale import build_chunked, npz_member_hashes
startup = 0.0
if {workers} > 1:  # start the loky workers first: their start-up is reported, not timed with the build
    from joblib import Parallel, delayed
    started = time.perf_counter()
    Parallel(n_jobs={workers}, backend="loky")(delayed(abs)(i) for i in range({workers}))
    startup = time.perf_counter() - started
me = psutil.Process()
def cpu(process):
    times = process.cpu_times()
    return times.user + times.system
workers_before = {{p.pid: cpu(p) for p in me.children(recursive=True)}}
driver_before = cpu(me)
timings = {{}}
started = time.perf_counter()
folder = build_chunked("spiral", {folder!r}, n_points_per_spiral={per_arm}, seed=1, noise=0.25,
                       workers={workers}, progress="never", timings=timings)
seconds = time.perf_counter() - started
driver_cpu = cpu(me) - driver_before
workers_cpu = sum(cpu(p) - workers_before.get(p.pid, 0.0) for p in me.children(recursive=True))
# VmHWM: this process's own RSS high-water mark (ru_maxrss would include the parent's RSS at fork)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
rss = int(status["VmHWM"].split()[0]) * 1024
meta = json.loads((folder / "meta.json").read_text())
verified = None
if {verify}:
    members = npz_member_hashes(folder / meta["artifacts"]["npz"])
    verified = all(members[k]["hash"] == meta["hashes"][k] for k in meta["hashes"])
size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
print(json.dumps({{"seconds": seconds, "timings": timings, "rss": rss, "verified": verified, "bytes": size,
                  "startup": startup, "driver_cpu": driver_cpu, "workers_cpu": workers_cpu}}))
"""


def cpu_seconds(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def kernel(repeats: int, blocks: int) -> dict[str, float]:
    """Block generation of a 1e8-point spiral vs drawing its normals, single core, CPU time."""
    params = spiral.SpiralParams(n_points_per_spiral=50_000_000, seed=1)
    points = blocks * BLOCK

    def ceiling() -> None:
        buffer = np.empty((spiral.ROTATION_RUN, 2))
        for k in range(blocks):
            rng = block_rng(1, k)
            for _ in range(BLOCK // spiral.ROTATION_RUN):
                rng.standard_normal(out=buffer)

    def allocating() -> None:
        for k in range(blocks):
            block_rng(1, k).standard_normal((BLOCK, 2))

    def chunked() -> None:
        for k in range(blocks):
            spiral.generate_block(params, k * BLOCK, (k + 1) * BLOCK, block_rng(1, k))

    runs: dict[str, list[float]] = {"ceiling": [], "allocating": [], "chunked": []}
    for _ in range(repeats):
        for name, fn in (("ceiling", ceiling), ("allocating", allocating), ("chunked", chunked)):
            runs[name].append(cpu_seconds(fn))
    return {name: points / statistics.median(times) for name, times in runs.items()}


def moons(repeats: int, points: int) -> dict[str, float]:
    """make_moons at ``points`` vs chunked spiral block generation of as many points (wall time)."""
    from sklearn.datasets import make_moons

    params = spiral.SpiralParams(n_points_per_spiral=points // 2, seed=1)

    def ours() -> None:
        for k in range(-(-points // BLOCK)):
            spiral.generate_block(params, k * BLOCK, min((k + 1) * BLOCK, points), block_rng(1, k))

    runs: dict[str, list[float]] = {"make_moons": [], "chunked": []}
    for _ in range(repeats):
        for name, fn in (("make_moons", lambda: make_moons(points, noise=0.25, random_state=0)), ("chunked", ours)):
            started = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - started)
    return {name: points / statistics.median(times) for name, times in runs.items()}


def build(points: int, workers: int, out: Path, *, verify: bool = False) -> dict:
    """One chunked build in a fresh process; its result, and the process tree's sampled peak RSS."""
    import psutil

    folder = out / f"spiral-{points}-{workers}"
    code = CHILD.format(root=str(ROOT), folder=str(folder), per_arm=points // 2, workers=workers, verify=verify)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    tree_peak = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            tree_peak = max(tree_peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    stdout, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"build of {points} points with {workers} workers failed")
    shutil.rmtree(folder)
    return {**json.loads(stdout.strip().splitlines()[-1]), "tree_peak": tree_peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="1e7,1e8", help="points of the peak-memory builds")
    parser.add_argument("--speedup-points", type=float, default=2e7)
    parser.add_argument("--kernel-blocks", type=int, default=8)
    parser.add_argument("--out", type=Path, default=None, help="where builds are written (and deleted)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=args.out))
    print("load average at start: {:.2f} {:.2f} {:.2f} ({} CPUs)".format(*os.getloadavg(), os.cpu_count()))
    try:
        rates = kernel(args.repeats, args.kernel_blocks)
        print(f"single core, {args.kernel_blocks * BLOCK:,} points, CPU time, median of {args.repeats}:")
        print(f"  RNG ceiling (2 normals/point, reused buffer) {rates['ceiling'] / 1e6:7.1f} M points/s")
        print(f"  RNG into fresh arrays per block             {rates['allocating'] / 1e6:7.1f} M points/s")
        print(f"  chunked spiral block generation             {rates['chunked'] / 1e6:7.1f} M points/s")
        print(f"  ratio to the ceiling: {rates['chunked'] / rates['ceiling']:.2f} (target >= 0.80); "
              f"to fresh arrays: {rates['chunked'] / rates['allocating']:.2f}")

        moon = moons(max(3, args.repeats // 2), 10_000_000)
        print(f"\n1e7 points, wall time, median of {max(3, args.repeats // 2)}:")
        print(f"  sklearn make_moons       {moon['make_moons'] / 1e6:7.2f} M points/s")
        print(f"  chunked spiral blocks    {moon['chunked'] / 1e6:7.2f} M points/s "
              f"({moon['chunked'] / moon['make_moons']:.1f}x make_moons; in memory, as make_moons)")

        points = int(args.speedup_points)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(max(3, args.repeats // 2)):
            for workers in (1, 2):
                runs[workers].append(build(points, workers, out))
        print(f"\nwhole chunked build, spiral {points:,} points, wall time, median of {len(runs[1])}:")
        for phase in ("generate", "shuffle", "write"):
            one = statistics.median(r["timings"][phase] for r in runs[1])
            two = statistics.median(r["timings"][phase] for r in runs[2])
            print(f"  {phase:<9} 1 worker {one:6.2f} s   2 workers {two:6.2f} s   speedup {one / two:.2f}x")
        one = statistics.median(r["seconds"] for r in runs[1])
        two = statistics.median(r["seconds"] for r in runs[2])
        print(f"  total     1 worker {one:6.2f} s   2 workers {two:6.2f} s   speedup {one / two:.2f}x (target >= 1.7x)")
        print(f"  build throughput: {points / one / 1e6:.2f} M points/s (1 worker), {points / two / 1e6:.2f} (2); "
              f"1 worker vs make_moons (in memory, no files): {points / one / moon['make_moons']:.2f}x")
        cpu_one = statistics.median(r["driver_cpu"] for r in runs[1])
        driver_two = statistics.median(r["driver_cpu"] for r in runs[2])
        total_two = statistics.median(r["driver_cpu"] + r["workers_cpu"] for r in runs[2])
        bound = max(driver_two, total_two / 2)
        print(f"  CPU seconds: 1 worker {cpu_one:.2f}; 2 workers {total_two:.2f} in all, {driver_two:.2f} in the "
              f"build process -> on two free cores at best {cpu_one / bound:.2f}x")
        startup = statistics.median(r["startup"] for r in runs[2])
        print(f"  (2 workers: +{startup:.2f} s to start the loky workers, once per process, not in the times above)")
        tree = statistics.median(r["tree_peak"] for r in runs[2]) / 2**20
        print(f"  peak RSS, 2 workers: process tree (build + loky workers) {tree:.0f} MiB")

        print("\npeak memory of 1-worker builds (one run each):")
        for size in (int(float(s)) for s in args.sizes.split(",")):
            result = build(size, 1, out, verify=True)
            print(f"  {size:>13,} points: VmHWM {result['rss'] / 2**20:6.0f} MiB, sampled tree "
                  f"{result['tree_peak'] / 2**20:6.0f} MiB (target < 1024 MiB), {result['seconds']:.1f} s "
                  f"({size / result['seconds'] / 1e6:.2f} M points/s), artifacts {result['bytes'] / 2**30:.2f} GiB, "
                  f"verified {result['verified']}")
        print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
