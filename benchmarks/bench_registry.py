"""How the registry's costs grow with its size: 20, 200 and 1,000 small recipes.

Usage: python benchmarks/bench_registry.py [--sizes 20,200,1000] [--repeats 3] [--keep DIR]

For each size a temporary registry (this checkout's pipeline, git + DVC) of
that many small recipes (xor, circles, gaussian and spiral in turn, a few
hundred rows each) is built, then timed: the full ``dvc repro``, a no-op
``dvc repro``, ``dvc status``, ``dvc repro`` after editing one recipe (each
edit a different recipe; the script checks exactly one dataset was rebuilt),
``juniper-data rebuild`` after editing one recipe (the same checks, and ``dvc
status`` clean after it), and ``juniper-data list``. Medians over ``--repeats``; the last table gives
the growth ratio of each cost between consecutive sizes next to the ratio of
the sizes (linear growth: the same ratio; constant: 1). Targets at 1,000:
no-op repro and status < 10 s, one edit < 10 s (``edit``: ``dvc repro``;
``rebuild``: ``juniper-data rebuild``), full build < 300 s, list < 1 s.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from repo_env import repo_environment  # noqa: E402

RECIPES = (
    "generator: xor\nparams: {{n_points_per_quadrant: 50, noise: 0.{n}, seed: {i}}}\ntags: [bench, xor]\n",
    "generator: circles\nparams: {{n_samples: 200, noise: 0.0{n}, seed: {i}}}\ntags: [bench, circles]\n",
    "generator: gaussian\nparams: {{n_samples_per_class: 60, n_classes: {k}, seed: {i}}}\ntags: [bench]\n",
    "generator: spiral\nparams: {{n_points_per_spiral: 100, n_spirals: {k}, seed: {i}}}\ntags: [bench]\n",
)
TARGETS = {"full": 300.0, "noop": 10.0, "status": 10.0, "edit": 10.0, "rebuild": 10.0, "list": 1.0}


def recipes(size: int) -> dict[str, str]:
    """``{conf path: YAML}`` of ``size`` small recipes."""
    return {
        f"datasets/bench_{i:04d}.yaml": RECIPES[i % len(RECIPES)].format(i=i, n=i % 10, k=2 + i % 4)
        for i in range(size)
    }


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout + result.stderr


def commit(project: Path, env: dict[str, str], message: str) -> None:
    run(["git", "add", "-A"], project, env)
    run(["git", "commit", "-qm", message], project, env)


def measure(size: int, work: Path, repeats: int) -> dict[str, float]:
    from tests.pipeline.conftest import make_project

    env = repo_environment(work / "home")
    project = make_project(work / f"registry-{size}", env, recipes(size))
    out: dict[str, float] = {}
    out["full"], _ = run(["dvc", "repro"], project, env)
    commit(project, env, "build")
    out["noop"] = statistics.median(run(["dvc", "repro"], project, env)[0] for _ in range(repeats))
    out["status"] = statistics.median(run(["dvc", "status"], project, env)[0] for _ in range(repeats))
    rebuild = [sys.executable, "-m", "juniper_data.cli", "rebuild"]
    for key, command, offset in (("edit", ["dvc", "repro"], 3), ("rebuild", rebuild, 5)):
        edits = []
        for i in range(repeats):
            recipe = project / "conf" / "datasets" / f"bench_{(7 * i + offset) % size:04d}.yaml"
            recipe.write_text(recipe.read_text().replace("seed: ", "seed: 9"))
            seconds, output = run(command, project, env)
            built = re.findall(r"^built \w+ (\S+)$", output, flags=re.M)
            if built != [recipe.stem]:
                raise SystemExit(f"editing {recipe.stem} rebuilt {built}")
            if "up to date" not in run(["dvc", "status"], project, env)[1]:
                raise SystemExit(f"`dvc status` after {' '.join(command[-2:])} is not clean")
            commit(project, env, f"edit {recipe.stem}")
            edits.append(seconds)
        out[key] = statistics.median(edits)
    lister = [sys.executable, "-m", "juniper_data.cli", "list", "--json"]
    listed = json.loads(run(lister, project, env)[1])
    if listed["total"] != size:
        raise SystemExit(f"list shows {listed['total']} datasets, expected {size}")
    out["list"] = statistics.median(run(lister, project, env)[0] for _ in range(repeats))
    out["lock_kib"] = (project / "dvc.lock").stat().st_size / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20,200,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the registries here and keep them (e.g. for bench_site)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            results[size] = measure(size, work, args.repeats)
            print(f"{size} datasets: " + ", ".join(f"{k} {v:.2f}" for k, v in results[size].items()), flush=True)
    keys = ("full", "noop", "status", "edit", "rebuild", "list")
    print("\nseconds (medians)   " + "".join(f"{k:>10}" for k in keys) + f"{'lock KiB':>10}")
    for size in sizes:
        row = results[size]
        print(f"{size:>6} datasets     " + "".join(f"{row[k]:10.2f}" for k in keys) + f"{row['lock_kib']:10.0f}")
    for small, large in zip(sizes, sizes[1:], strict=False):
        ratios = "".join(f"{results[large][k] / results[small][k]:10.2f}" for k in keys)
        print(f"growth {small}->{large} (x{large / small:g}) " + ratios)
    largest = results[sizes[-1]]
    verdict = ", ".join(f"{k} {'PASS' if largest[k] < TARGETS[k] else 'FAIL'}" for k in keys)
    print(f"\ntargets at {sizes[-1]} datasets: {verdict}")
    print(f"overhead per dataset of the full build: {largest['full'] / sizes[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
