"""Consumer costs: load() from the cache vs np.load, first vs second load() from a bare repo, startup.

Usage: python benchmarks/bench_load.py [--repeats N] [--points N]

Builds a registry holding one dataset of ``--points`` rows (default 1e6) with
git + ``dvc add`` + ``dvc push``, clones it bare, and prints medians of:

* ``load()`` of the cached dataset (pinned by release tag, and by commit; default
  verification, which rehashes only files changed since verified; ``verify='full'``;
  none) against ``np.load`` of the same NPZ reading every array (baseline; target: within 2x);
* the first ``load()`` from the bare repo (empty cache, fresh process: git, DVC,
  download, verify) and the second (same cache, fresh process);
* ``import juniper_data`` and ``juniper-data --help`` wall time (target: under 0.5 s),
  against a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from repo_env import repo_environment  # noqa: E402

NAME = "big"


def environment(home: Path, cache: Path) -> dict[str, str]:
    return repo_environment(home, JUNIPER_DATA_CACHE=str(cache))


def sh(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def build_registry(base: Path, points: int, env: dict[str, str]) -> tuple[Path, str]:
    """A registry with ``big`` (circles, ``points`` rows) released as big@v1.0.0; returns (bare clone, commit)."""
    from juniper_data import generate, write_dataset

    work = base / "work"
    work.mkdir()
    sh(["git", "init", "-q", "-b", "main"], work, env)
    sh(["dvc", "init", "-q"], work, env)
    sh(["dvc", "remote", "add", "-d", "local", str(base / "remote")], work, env)
    write_dataset(generate("circles", n_samples=points, noise=0.05, seed=0).annotate(name=NAME), work / "data" / NAME)
    sh(["dvc", "add", "-q", f"data/{NAME}"], work, env)
    sh(["git", "add", "-A"], work, env)
    sh(["git", "commit", "-qm", "big"], work, env)
    sh(["git", "tag", f"{NAME}@v1.0.0"], work, env)
    sh(["dvc", "push", "-q"], work, env)
    bare = base / "registry.git"
    sh(["git", "clone", "-q", "--bare", str(work), str(bare)], base, env)
    return bare, sh(["git", "rev-parse", "HEAD"], work, env).strip()


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(bare: Path, commit: str, repeats: int) -> dict[str, float]:
    import numpy as np

    from juniper_data import load

    by_tag = f"{NAME}@v1.0.0"
    first = load(by_tag, repo=str(bare))  # fills the cache
    npz = Path(os.environ["JUNIPER_DATA_CACHE"]).glob(f"datasets/*/{commit}/{NAME}/{NAME}.npz")
    path = next(npz)

    def plain() -> None:
        with np.load(path, allow_pickle=False) as archive:
            {k: archive[k] for k in archive.files}

    def plain_hashed() -> None:  # what verify adds: sha256 of every array
        from juniper_data.recipe import array_hash

        with np.load(path, allow_pickle=False) as archive:
            [array_hash(archive[k]) for k in archive.files]

    assert first.meta["n_full"] > 0
    return {
        "np.load (baseline)": median_time(plain, repeats),
        "np.load + sha256 of every array": median_time(plain_hashed, repeats),
        "load(name@v1.0.0) cached": median_time(lambda: load(by_tag, repo=str(bare)), repeats),
        "load(name, rev=<sha>) cached": median_time(
            lambda: load(NAME, repo=str(bare), rev=commit), repeats
        ),
        "load(name@v1.0.0, verify='full') cached": median_time(
            lambda: load(by_tag, repo=str(bare), verify="full"), repeats
        ),
        "load(name@v1.0.0, verify=False) cached": median_time(
            lambda: load(by_tag, repo=str(bare), verify=False), repeats
        ),
    }


LOAD_SNIPPET = """
import time, sys
started = time.perf_counter()
from juniper_data import load
ds = load("{name}@v1.0.0", repo=sys.argv[1])
print(time.perf_counter() - started)
"""


def fresh_processes(bare: Path, env: dict[str, str], base: Path, repeats: int) -> dict[str, float]:
    """First load (empty cache) and second load (warm cache), each in a new process; times inside the process."""
    firsts, seconds = [], []
    code = LOAD_SNIPPET.format(name=NAME)
    for i in range(repeats):
        cache_env = {**env, "JUNIPER_DATA_CACHE": str(base / f"cold-cache-{i}")}
        firsts.append(float(sh([sys.executable, "-c", code, str(bare)], base, cache_env)))
        seconds.append(float(sh([sys.executable, "-c", code, str(bare)], base, cache_env)))
        shutil.rmtree(base / f"cold-cache-{i}")
    return {"first load() from bare repo": statistics.median(firsts),
            "second load() from bare repo": statistics.median(seconds)}  # fmt: skip


def startup(env: dict[str, str], base: Path, repeats: int) -> dict[str, float]:
    def run(args: list[str]) -> float:
        return median_time(lambda: subprocess.run(args, cwd=base, env=env, check=True, capture_output=True), repeats)

    return {
        "python -c pass (baseline)": run([sys.executable, "-c", "pass"]),
        "python -c 'import juniper_data'": run([sys.executable, "-c", "import juniper_data"]),
        "juniper-data --help (python -m juniper_data.cli)": run([sys.executable, "-m", "juniper_data.cli", "--help"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--points", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        base = Path(tmp)
        env = environment(base / "home", base / "cache")
        os.environ.update({k: env[k] for k in ("HOME", "JUNIPER_DATA_CACHE", "DVC_NO_ANALYTICS")})
        bare, commit = build_registry(base, args.points, env)
        size = sum(p.stat().st_size for p in (base / "work" / "data" / NAME).glob("*.npz"))
        print(f"dataset: {args.points} points, NPZ {size / 1e6:.1f} MB; medians of {args.repeats} runs\n")
        results = in_process(bare, commit, args.repeats)
        baseline = results["np.load (baseline)"]
        for label, seconds in results.items():
            print(f"{label:48s} {seconds * 1000:8.1f} ms   {seconds / baseline:5.2f}x np.load")
        print()
        for label, seconds in fresh_processes(bare, env, base, max(3, args.repeats // 2)).items():
            print(f"{label:48s} {seconds * 1000:8.1f} ms")
        print()
        for label, seconds in startup(env, base, args.repeats).items():
            print(f"{label:48s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
