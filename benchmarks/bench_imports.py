"""Import sources: time to read inputs into rows, against a plain-library baseline in the same process.

Usage: python benchmarks/bench_imports.py [--repeats N] [--rows N] [--images N] [--tasks N]

Prints medians (seconds) and ratios ours / baseline. Our code does more than
the baselines (sha256 of the input, per-cell validation with row/column
errors, label mapping), so a ratio above 1 is the price of that; targets:
CSV/JSONL within 3x of pandas, images within 1.5x of `datasets`' own numpy
extraction, ARC within 5x of bare ``json.loads`` of the task files (json decoding
is most of both; the rest is validating and padding every grid).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_time(function: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name: str, ours: float, baseline: float, what: str) -> None:
    print(f"{name:<8} ours {ours:8.3f} s   {what:<34} {baseline:8.3f} s   ratio {ours / baseline:5.2f}")


def bench_tables(root: Path, rows: int, repeats: int) -> None:
    import pandas as pd

    from juniper_data.generators import registry

    rng = np.random.default_rng(0)
    values = np.round(rng.normal(size=(rows, 10)), 5)
    labels = rng.choice(["alpha", "beta", "gamma"], rows)
    frame = pd.DataFrame(values, columns=[f"f{i}" for i in range(10)]).assign(label=labels)
    frame.to_csv(root / "t.csv", index=False)
    frame.to_json(root / "t.jsonl", orient="records", lines=True)
    spec = registry.get("csv_import")
    for ext, baseline in (
        ("csv", lambda: pd.read_csv(root / "t.csv")),
        ("jsonl", lambda: pd.read_json(root / "t.jsonl", lines=True)),
    ):
        params = spec.resolve({"file_path": f"t.{ext}", "seed": 0})

        def plain(read: Callable[[], Any] = baseline) -> None:
            table = read()
            table.drop(columns="label").to_numpy(np.float32)
            pd.factorize(table["label"], sort=True)

        report(
            ext,
            median_time(lambda p=params: spec.run(p), repeats),
            median_time(plain, repeats),
            "pandas read + to_numpy",
        )


def bench_images(root: Path, n: int, repeats: int) -> None:
    import datasets

    from juniper_data.generators import registry

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
    features = datasets.Features({"image": datasets.Image(), "label": datasets.ClassLabel(num_classes=10)})
    data = datasets.Dataset.from_dict({"image": list(images), "label": (np.arange(n) % 10).tolist()}, features=features)
    (root / "img" / "data").mkdir(parents=True)
    data.to_parquet(str(root / "img" / "data" / "train-00000-of-00001.parquet"))
    spec = registry.get("mnist")
    params = spec.resolve({"local_path": "img", "seed": 0})
    cache = str(Path(os.environ["HF_HOME"]) / "datasets")

    def plain() -> None:
        source = datasets.load_dataset(str(root / "img"), split="train", cache_dir=cache)
        batch = source.shuffle(seed=0).with_format("numpy")[:]
        (batch["image"].astype(np.float32) / 255.0).reshape(n, -1)

    report(
        "images",
        median_time(lambda: spec.run(params), repeats),
        median_time(plain, repeats),
        "datasets shuffle + numpy",
    )


def bench_arc(root: Path, n_tasks: int, repeats: int) -> None:
    from juniper_data.generators import registry

    rng = np.random.default_rng(0)
    folder = root / "arc" / "training"
    folder.mkdir(parents=True)
    for t in range(n_tasks):
        pairs = []
        for _ in range(4):
            h, w = rng.integers(3, 31, 2)
            pairs.append(
                {"input": rng.integers(0, 10, (h, w)).tolist(), "output": rng.integers(0, 10, (w, h)).tolist()}
            )
        (folder / f"{t:08x}.json").write_text(json.dumps({"train": pairs[:3], "test": pairs[3:]}))
    spec = registry.get("arc_agi")
    params = spec.resolve({"source": "local", "local_path": "arc", "seed": 0})
    files = sorted(folder.glob("*.json"))

    def plain() -> None:
        for path in files:
            json.loads(path.read_bytes())

    report(
        "arc",
        median_time(lambda: spec.run(params), repeats),
        median_time(plain, repeats),
        "json.loads of every task file",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--images", type=int, default=5_000)
    parser.add_argument("--tasks", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
        os.environ["HF_HOME"] = str(root / "hf")
        print(f"medians of {args.repeats} runs")
        bench_tables(root, args.rows, args.repeats)
        bench_images(root, args.images, args.repeats)
        bench_arc(root, args.tasks, args.repeats)


if __name__ == "__main__":
    main()
