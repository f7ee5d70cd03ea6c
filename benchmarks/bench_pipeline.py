"""Pipeline costs: full and no-op `dvc repro`, per-variant overhead, a 200-variant family.

Usage: python benchmarks/bench_pipeline.py [--repeats N]

Prints medians. The per-variant overhead is measured in one process against the
baseline of generating the same variant in memory (target: under 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from repo_env import repo_environment  # noqa: E402


def env(home: Path) -> dict[str, str]:
    return repo_environment(home)


def timed(args: list[str], cwd: Path, environ: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=environ, check=True, capture_output=True)
    return time.perf_counter() - started


def full_and_noop_repro(work: Path, repeats: int) -> tuple[float, float, int]:
    environ = env(work / "home")
    fulls, noops = [], []
    for i in range(repeats):
        clone = work / f"clone{i}"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=environ)
        fulls.append(timed(["dvc", "repro"], clone, environ))
        noops.append(timed(["dvc", "repro"], clone, environ))
    stages = subprocess.run(
        ["dvc", "stage", "list", "--name-only"],
        cwd=work / "clone0",
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return statistics.median(fulls), statistics.median(noops), len(stages)


def variant_overhead(repeats: int) -> tuple[float, float]:
    """Median (build - generate) per variant, and the median generate time, in seconds."""
    from juniper_data.build import BuildSpec, build
    from juniper_data.dataset import generate

    gen_times, overheads = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats * 10):
            started = time.perf_counter()
            generate("xor", n_points_per_quadrant=50, seed=0)
            generated = time.perf_counter() - started
            started = time.perf_counter()
            build(BuildSpec("xor", {"n_points_per_quadrant": 50, "seed": 0}, name=f"fam/v{i}", tags=("bench",)),
                  Path(tmp) / f"v{i}")
            built = time.perf_counter() - started
            gen_times.append(generated)
            overheads.append(built - generated)
    return statistics.median(overheads), statistics.median(gen_times)


def family_of_200(work: Path) -> float:
    """End-to-end `dvc repro` of a project whose only recipe is a 200-variant family."""
    from tests.pipeline.conftest import make_project

    seeds = ", ".join(str(s) for s in range(200))  # a family is one output of one build stage
    recipe = f"generator: xor\nparams: {{n_points_per_quadrant: 25}}\nsweep: {{seed: [{seeds}]}}\n"
    environ = env(work / "home")
    project = make_project(work / "fam200", environ, {"families/xor200.yaml": recipe})
    return timed(["dvc", "repro"], project, environ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full, noop, stages = full_and_noop_repro(work, args.repeats)
        overhead, gen = variant_overhead(args.repeats)
        fam = family_of_200(work)
    print(f"default registry: {stages} stages")
    print(f"full dvc repro (fresh clone)      median {full:8.2f} s")
    print(f"no-op dvc repro                   median {noop:8.2f} s  ({noop / stages * 1000:.0f} ms/stage)")
    print(
        f"per-variant overhead in a family  median {overhead * 1000:8.1f} ms  (generation {gen * 1000:.1f} ms; "
        f"ratio {overhead / gen:.1f}x)  target < 50 ms: {'PASS' if overhead < 0.05 else 'FAIL'}"
    )
    print(f"family of 200 variants, dvc repro        {fam:8.2f} s  ({fam / 200 * 1000:.0f} ms/variant)")


if __name__ == "__main__":
    main()
