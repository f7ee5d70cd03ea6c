"""Generation throughput and peak memory of ``juniper_data.generate`` against scikit-learn.

Usage::

    python benchmarks/bench_generators.py            # 1e6 and 1e7 points, 5 repeats
    python benchmarks/bench_generators.py --quick    # 1e5 and 1e6 points (a smoke run)

Everything runs in one process, so the ratios compare like with like on a
shared machine. Each contender is timed ``--repeats`` times, interleaved with
its baseline (never all of one, then all of the other), and the median is
reported. ``generate()`` is the whole public call: generation, one-hot labels,
the seeded split, metadata and the sha256 of all six arrays.

Pairs (the nearest scikit-learn generator, default parameters on both sides):
xor vs ``make_moons``, circles vs ``make_circles``, gaussian vs ``make_blobs``
(two centers), spiral (10 arms x 10,000 points, its largest size) vs
``make_moons``. Throughput is points per second; memory is the tracemalloc
peak during one call, reported as the extra above the returned arrays' bytes
divided by those bytes.

Targets (issue 2), checked at the largest size run:
* xor, gaussian and circles at 1e7 points: >= 5x the throughput of ``make_moons``;
* every generator: peak extra memory <= 1.5x its output bytes.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's juniper_data

from juniper_data import generate  # noqa: E402

SPEED_TARGET = 5.0  # x make_moons throughput at the largest size
MEMORY_TARGET = 1.5  # peak extra memory / output bytes
SPIRAL_POINTS = 10 * 10_000


@dataclass(frozen=True)
class Contender:
    """A named way to make ``n`` points and the bytes of what it returns."""

    name: str
    make: Callable[[int], Any]
    size: Callable[[Any], int]


def ours(generator: str, recipe: Callable[[int], dict[str, Any]]) -> Contender:
    return Contender(
        f"jd.{generator}",
        lambda n: generate(generator, seed=0, **recipe(n)),
        lambda ds: sum(a.nbytes for a in ds.values()),
    )


def scikit(function: str, **kwargs: Any) -> Contender:
    from sklearn import datasets

    make = getattr(datasets, function)
    return Contender(
        f"sk.{function}",
        lambda n: make(n_samples=n, random_state=0, **kwargs),
        lambda out: sum(a.nbytes for a in out[:2]),
    )


def raw(contender: Contender, generator: str, recipe: Callable[[int], dict[str, Any]]) -> Contender:
    """The generator function alone (rows in generation order): no one-hot, split or hashes."""
    from juniper_data.generators import registry

    spec = registry.get(generator)
    return Contender(
        f"raw.{generator}",
        lambda n: spec.run(spec.resolve({"seed": 0, **recipe(n)})),
        lambda out: out.X.nbytes + out.labels.nbytes,
    )


XOR = ours("xor", lambda n: {"n_points_per_quadrant": n // 4})
CIRCLES = ours("circles", lambda n: {"n_samples": n})
GAUSSIAN = ours("gaussian", lambda n: {"n_samples_per_class": n // 2})
SPIRAL = ours("spiral", lambda n: {"n_spirals": 10, "n_points_per_spiral": n // 10})
RAW = [
    raw(XOR, "xor", lambda n: {"n_points_per_quadrant": n // 4}),
    raw(CIRCLES, "circles", lambda n: {"n_samples": n}),
    raw(GAUSSIAN, "gaussian", lambda n: {"n_samples_per_class": n // 2}),
]
#: The split SPEC §3 prescribes (a fresh seeded permutation), alone: a floor under generate().
PERMUTATION = Contender("split-perm", lambda n: np.random.default_rng(0).permutation(n), lambda a: a.nbytes)


def pairs(moons: Contender) -> list[tuple[Contender, Contender]]:
    return [
        (XOR, moons),
        (CIRCLES, scikit("make_circles")),
        (GAUSSIAN, scikit("make_blobs", centers=2, n_features=2)),
    ]


def time_once(contender: Contender, n: int) -> float:
    gc.collect()
    start = time.perf_counter()
    out = contender.make(n)
    elapsed = time.perf_counter() - start
    del out
    return elapsed


def medians(contenders: list[Contender], n: int, repeats: int) -> dict[str, float]:
    """Median seconds per contender; one warm-up call each, then interleaved repeats."""
    for c in contenders:
        time_once(c, min(n, 10_000))
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for r in range(repeats):
        order = contenders[r % len(contenders) :] + contenders[: r % len(contenders)]
        for c in order:
            times[c.name].append(time_once(c, n))
    return {name: statistics.median(ts) for name, ts in times.items()}


def memory(contender: Contender, n: int) -> tuple[int, int]:
    """(tracemalloc peak during one call, bytes of the returned arrays)."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    out = contender.make(n)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = contender.size(out)
    del out
    return peak, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1e5 and 1e6 instead of 1e6 and 1e7")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per contender (median; >= 5)")
    args = parser.parse_args(argv)
    sizes = [10**5, 10**6] if args.quick else [10**6, 10**7]
    repeats = max(args.repeats, 5)
    import sklearn

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"{repeats} repeats, medians"
    )
    header = f"{'generator':<12}{'n':>10}{'ours pts/s':>14}{'baseline':>16}{'base pts/s':>14}{'ratio':>8}"
    header += f"{'x moons':>9}{'peak/out':>10}{'extra/out':>11}{'base extra/out':>16}"
    print(header)
    print("-" * len(header))
    rows: list[dict[str, Any]] = []
    moons = scikit("make_moons")
    floors: list[tuple[int, float, float]] = []
    generation_only: dict[tuple[str, int], float] = {}
    plan: list[tuple[int, list[tuple[Contender, Contender]]]] = [(n, pairs(moons)) for n in sizes]
    plan.append((SPIRAL_POINTS, [(SPIRAL, moons)]))
    for n, size_pairs in plan:
        contenders = list({c.name: c for pair in size_pairs for c in pair}.values())
        if n in sizes:
            contenders += [PERMUTATION, *RAW]
        seconds = medians(contenders, n, repeats)
        if n in sizes:
            floors.append((n, seconds[PERMUTATION.name], seconds[moons.name]))
            for r in RAW:
                generation_only[(r.name, n)] = seconds[moons.name] / seconds[r.name]
        for mine, base in size_pairs:
            peak, out = memory(mine, n)
            base_peak, base_out = memory(base, n)
            row = {
                "generator": mine.name,
                "n": n,
                "ours": n / seconds[mine.name],
                "baseline": base.name,
                "base": n / seconds[base.name],
                "moons_ratio": seconds[moons.name] / seconds[mine.name],
                "peak_ratio": peak / out,
                "extra_ratio": (peak - out) / out,
                "base_extra_ratio": (base_peak - base_out) / base_out,
            }
            row["ratio"] = row["ours"] / row["base"]
            rows.append(row)
            print(
                f"{row['generator']:<12}{n:>10.0e}{row['ours']:>14.3g}{row['baseline']:>16}{row['base']:>14.3g}"
                f"{row['ratio']:>7.2f}x{row['moons_ratio']:>8.2f}x{row['peak_ratio']:>10.2f}"
                f"{row['extra_ratio']:>11.2f}{row['base_extra_ratio']:>16.2f}"
            )
    print()
    for n, perm, moon in floors:
        print(
            f"floor at {n:.0e}: the seeded split permutation alone {perm * 1e3:.0f} ms, "
            f"make_moons {moon * 1e3:.0f} ms ({moon / perm:.1f}x the permutation); "
            f"{SPEED_TARGET:g}x make_moons leaves {moon / SPEED_TARGET * 1e3:.0f} ms for all of generate()"
        )
    for (name, n), ratio in generation_only.items():
        print(f"generation only (the generator function, no split/one-hot/hashes) {name:<13} at {n:.0e}: "
              f"{ratio:.2f}x make_moons")
    return report(rows, max(sizes), quick=args.quick)


def report(rows: list[dict[str, Any]], largest: int, *, quick: bool) -> int:
    """Print PASS/FAIL per target; exit status 1 if any target fails."""
    print()
    if quick:
        print(f"(--quick: targets are stated for 1e7 points; checked here at {largest:.0e}, indicative only)")
    failed = False
    for row in rows:
        if row["n"] == largest and row["generator"] in (XOR.name, CIRCLES.name, GAUSSIAN.name):
            ok = row["moons_ratio"] >= SPEED_TARGET
            failed |= not ok
            print(
                f"{'PASS' if ok else 'FAIL'}  speed   {row['generator']:<12} at {largest:.0e}: "
                f"{row['moons_ratio']:.2f}x make_moons (target >= {SPEED_TARGET:g}x)"
            )
    for row in rows:
        ok = row["extra_ratio"] <= MEMORY_TARGET
        failed |= not ok
        print(
            f"{'PASS' if ok else 'FAIL'}  memory  {row['generator']:<12} at {row['n']:.0e}: "
            f"peak extra {row['extra_ratio']:.2f}x output bytes (target <= {MEMORY_TARGET:g}x)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
