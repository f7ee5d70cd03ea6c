"""Regenerate the small sample inputs under ``sources/`` (deterministic; run from the repository root).

    python sources/make_samples.py

Every file is made up: small stand-ins in the layout of the real sources, so
``dvc repro`` exercises every import source offline. Rewriting a file changes
its sha256 and therefore the id of every dataset built from it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
IRIS_MEANS = {  # rough per-species means of the four iris measurements (cm)
    "setosa": (5.0, 3.4, 1.5, 0.2),
    "versicolor": (5.9, 2.8, 4.3, 1.3),
    "virginica": (6.6, 3.0, 5.6, 2.0),
}
# Seven-segment strokes (x0, y0, x1, y1) on a 0..1 box; digit -> segments a..g.
SEGMENTS = {
    "a": (0, 0, 1, 0), "b": (1, 0, 1, 0.5), "c": (1, 0.5, 1, 1), "d": (0, 1, 1, 1),
    "e": (0, 0.5, 0, 1), "f": (0, 0, 0, 0.5), "g": (0, 0.5, 1, 0.5),
}  # fmt: skip
DIGITS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abfgcd"]


def iris_rows(rng: np.random.Generator, per_class: int) -> list[tuple[str, list[float]]]:
    rows = []
    for species, means in IRIS_MEANS.items():
        for _ in range(per_class):
            values = np.round(np.array(means) + rng.normal(0, 0.3, 4), 1).clip(0.1)
            rows.append((species, [float(v) for v in values]))
    return rows


def write_iris_like(rng: np.random.Generator) -> None:
    with open(HERE / "iris_like.csv", "w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
        for species, values in iris_rows(rng, 20):
            out.writerow([*values, species])


def write_kaggle_iris(rng: np.random.Generator) -> None:
    """The column layout of Kaggle's ``uciml/iris`` ``Iris.csv`` (an Id column, ``Iris-`` species)."""
    (HERE / "kaggle").mkdir(exist_ok=True)
    with open(HERE / "kaggle" / "Iris.csv", "w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["Id", "SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm", "Species"])
        for i, (species, values) in enumerate(iris_rows(rng, 10), start=1):
            out.writerow([i, *values, f"Iris-{species}"])


def write_points(rng: np.random.Generator) -> None:
    """Two rings as JSON Lines: ``{"x": .., "y": .., "region": "inner" | "outer"}``."""
    lines = []
    for region, radius in (("outer", 1.0), ("inner", 0.45)):
        angles = rng.uniform(0, 2 * np.pi, 30)
        for a in angles:
            r = radius + rng.normal(0, 0.05)
            lines.append(json.dumps({"x": round(r * np.cos(a), 3), "y": round(r * np.sin(a), 3), "region": region}))
    (HERE / "points.jsonl").write_text("\n".join(lines) + "\n")


ARC_RULES = {  # task id -> (subset, rule on a grid)
    "flip_rows": ("training", lambda g: g[:, ::-1]),
    "recolor_1_to_2": ("training", lambda g: np.where(g == 1, 2, g)),
    "transpose": ("training", lambda g: g.T),
    "shift_colors": ("training", lambda g: (g + 1) % 10),
    "rotate_180": ("evaluation", lambda g: g[::-1, ::-1]),
    "invert_colors": ("evaluation", lambda g: 9 - g),
}


def write_arc(rng: np.random.Generator) -> None:
    for task_id, (subset, rule) in ARC_RULES.items():
        pairs = []
        for _ in range(4):
            h, w = rng.integers(2, 7, 2)
            grid = rng.integers(0, 4, (h, w))
            pairs.append({"input": grid.tolist(), "output": rule(grid).tolist()})
        folder = HERE / "arc" / subset
        folder.mkdir(parents=True, exist_ok=True)
        task = {"train": pairs[:3], "test": pairs[3:]}
        (folder / f"{task_id}.json").write_text(json.dumps(task, separators=(",", ":")) + "\n")


def digit_image(digit: int, rng: np.random.Generator) -> np.ndarray:
    """A 28x28 uint8 seven-segment digit, jittered in place, size and stroke width."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (28, 28), 0)
    draw = ImageDraw.Draw(image)
    width, height = rng.uniform(9, 13), rng.uniform(15, 20)
    x0, y0 = rng.uniform(4, 24 - width), rng.uniform(3, 25 - height)
    for segment in DIGITS[digit]:
        a, b, c, d = SEGMENTS[segment]
        draw.line(
            [(x0 + a * width, y0 + b * height), (x0 + c * width, y0 + d * height)],
            fill=int(rng.integers(180, 256)),
            width=int(rng.integers(2, 4)),
        )
    return np.asarray(image, dtype=np.uint8)


def write_mnist_tiny(rng: np.random.Generator) -> None:
    """200 images (20 per digit) in the hub's Parquet layout: 160 train, 40 test."""
    import datasets

    features = datasets.Features(
        {"image": datasets.Image(), "label": datasets.ClassLabel(names=[str(d) for d in range(10)])}
    )
    labels = np.repeat(np.arange(10), 20)
    images = [digit_image(int(d), rng) for d in labels]
    order = rng.permutation(len(labels))
    folder = HERE / "mnist_tiny" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for split, rows in (("train", order[:160]), ("test", order[160:])):
        split_data = datasets.Dataset.from_dict(
            {"image": [images[i] for i in rows], "label": labels[rows].tolist()}, features=features
        )
        split_data.to_parquet(str(folder / f"{split}-00000-of-00001.parquet"))


if __name__ == "__main__":
    rng = np.random.default_rng(20240501)
    write_iris_like(rng)
    write_kaggle_iris(rng)
    write_points(rng)
    write_arc(rng)
    write_mnist_tiny(rng)
