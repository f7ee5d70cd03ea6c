"""Milliseconds per card preview (``render_preview``) against the matplotlib renderer it replaced.

Usage::

    python benchmarks/bench_preview.py               # 30 repeats
    python benchmarks/bench_preview.py --repeats 10  # a quicker run

Four datasets: 2-D xor with 200 and with 10,000 points (the preview draws 4,000 of
them), 200 Gaussian-noise 28 x 28 images of 10 classes (noise is the worst case for
PNG compression) and 40 ARC-AGI pairs padded to 30 x 30. The baseline,
:func:`matplotlib_preview`, makes the same matplotlib calls with the same figure
and PNG options as ``juniper_data/artifacts/preview.py`` did up to commit 029bcaf
(it gives the same bytes), kept here so the ratio is measured in one process on
one machine. Each renderer runs once to warm up (imports, font caches), then the
two alternate ``--repeats`` times; medians are printed, and the ratio
matplotlib / ours. Then the first preview in a fresh process (imports, font
loading and the render: what a one-dataset build process pays), and
``write_dataset`` of the 200-point dataset (NPZ, Parquet, card) with the
preview's share of it.

Target (issue 11: a small dataset's build well under 0.3 s of overhead; the
preview was most of it): every preview under 10 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's juniper_data

from juniper_data import Dataset, generate, write_dataset  # noqa: E402
from juniper_data.artifacts.preview import ARC_COLOURS, image_shape, render_preview, sample_rows  # noqa: E402

TARGET_MS = 10.0
ROOT = Path(__file__).resolve().parents[1]
#: Times, in a fresh interpreter, the imports and first render of one renderer (argv[1]).
COLD = """
import sys, time
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/benchmarks"]
from juniper_data import generate
ds = generate("xor", n_points_per_quadrant=50, seed=0).annotate(name="xor_200")
started = time.perf_counter()
if sys.argv[1] == "ours":
    from juniper_data.artifacts.preview import render_preview
else:
    from bench_preview import matplotlib_preview as render_preview
render_preview(ds)
print(time.perf_counter() - started)
"""


def matplotlib_preview(dataset: Dataset) -> bytes:
    """The preview as matplotlib drew it (commit 029bcaf): Agg canvas, default style, 4 x 4 in at 80 dpi."""
    import matplotlib.style
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    with matplotlib.style.context("default"):
        fig = Figure(figsize=(4.0, 4.0), dpi=80)
        FigureCanvasAgg(fig)
        shape = image_shape(dataset.meta)
        X, labels, names = dataset["X_full"], dataset.labels("full"), dataset.class_names
        if shape and dataset.meta["recipe"]["generator"] == "arc_agi" and "output_grid" in dataset.extras:
            cmap = ListedColormap(["#FFFFFF", *ARC_COLOURS])
            grid = fig.subplots(4, 4, squeeze=False)
            for index in range(8):
                row, col = divmod(index, 2)
                for offset, source in enumerate((X, dataset["output_grid_full"])):
                    ax = grid[row][2 * col + offset]
                    ax.set_axis_off()
                    if index < min(8, X.shape[0]):
                        ax.imshow(source[index].reshape(shape), cmap=cmap, vmin=-1, vmax=9, interpolation="nearest")
                        ax.set_title(("in " if offset == 0 else "out ") + str(index), fontsize=6)
            fig.suptitle(f"{dataset.name} (input, output)", fontsize=9)
        elif shape:
            classes = list(range(min(len(names), 10)))
            grid = fig.subplots(len(classes), 6, squeeze=False)
            scale = 255.0 if len(shape) == 3 and float(X.max(initial=0.0)) > 1.0 else 1.0
            for row, cls in enumerate(classes):
                picks = np.flatnonzero(labels == cls)[:6]
                for col in range(6):
                    ax = grid[row][col]
                    ax.set_axis_off()
                    if col < len(picks):
                        image = X[picks[col]].reshape(shape)
                        ax.imshow(np.clip(image / scale, 0, 1) if len(shape) == 3 else image, cmap="gray",
                                  interpolation="nearest")  # fmt: skip
                grid[row][0].set_title(names[cls], fontsize=6, loc="left")
            fig.suptitle(dataset.name, fontsize=9)
        else:
            rows = sample_rows(X.shape[0])
            X, labels = X[rows], labels[rows]
            ax = fig.add_subplot()
            colours = [tuple(c) for c in colormaps["tab10" if len(names) <= 10 else "tab20"].colors]  # type: ignore[attr-defined]
            size = 10.0 if X.shape[0] <= 500 else 4.0 if X.shape[0] <= 2000 else 1.5
            xs, ys = X[:, 0], (X[:, 1] if X.shape[1] >= 2 else labels.astype(np.float32))
            for index, name in enumerate(names):
                mask = labels == index
                ax.scatter(xs[mask], ys[mask], s=size, color=colours[index % len(colours)], label=name, linewidths=0)
            ax.set_xlabel("x0")
            ax.set_ylabel("x1" if X.shape[1] >= 2 else "class")
            ax.locator_params(nbins=4)
            ax.tick_params(labelsize=7)
            title = dataset.name if X.shape[1] <= 2 else f"{dataset.name} (x0, x1 of {X.shape[1]} features)"
            ax.set_title(title, fontsize=9)
            if len(names) <= 10:
                ax.legend(fontsize=7, markerscale=2, loc="upper right", frameon=False)
            fig.subplots_adjust(left=0.16, right=0.97, bottom=0.14, top=0.9)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
    return buffer.getvalue()


def arc_dataset(root: Path, tasks: int = 10) -> Dataset:
    """ARC-AGI from ``tasks`` local task files of 3 training pairs and 1 test input, grids up to 30 x 30."""
    rng = np.random.default_rng(0)
    (root / "arc" / "training").mkdir(parents=True)
    for t in range(tasks):
        pairs = []
        for _ in range(3):
            grid = rng.integers(0, 10, rng.integers(3, 31, 2))
            pairs.append({"input": grid.tolist(), "output": np.rot90(grid).tolist()})
        task = {"train": pairs, "test": [{"input": rng.integers(0, 10, (5, 5)).tolist()}]}
        (root / "arc" / "training" / f"t{t:02d}.json").write_text(json.dumps(task))
    os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    return generate("arc_agi", source="local", local_path="arc", pad_to=30, seed=0).annotate(name="arc")


def datasets(root: Path) -> dict[str, Dataset]:
    images = generate("gaussian", n_features=784, n_classes=10, n_samples_per_class=20, seed=0)
    return {
        "2-D, 200 points": generate("xor", n_points_per_quadrant=50, seed=0).annotate(name="xor_200"),
        "2-D, 10,000 points": generate("xor", n_points_per_quadrant=2500, seed=0).annotate(name="xor_10k"),
        "28 x 28 images": Dataset(images, {**images.meta, "feature_shape": [28, 28]}).annotate(name="images"),
        "ARC pairs": arc_dataset(root),
    }


def interleaved_medians(functions: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """Median seconds of each function: one warm-up call each, then rounds that alternate them."""
    for function in functions.values():
        function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(ts) for name, ts in times.items()}


def cold_medians(repeats: int) -> dict[str, float]:
    """Median seconds of imports plus first render of the 200-point preview, each in a fresh process."""
    times: dict[str, list[float]] = {"ours": [], "mpl": []}
    for _ in range(repeats):
        for name in times:
            out = subprocess.run([sys.executable, "-c", COLD, name, str(ROOT)], capture_output=True, text=True)
            out.check_returncode()
            times[name].append(float(out.stdout))
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed runs per renderer and dataset (median)")
    parser.add_argument("--cold", type=int, default=5, help="fresh processes per renderer (median)")
    args = parser.parse_args(argv)
    import matplotlib
    import PIL

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, Pillow {PIL.__version__}, "
        f"matplotlib {matplotlib.__version__}, {args.repeats} repeats, medians"
    )
    header = f"{'dataset':<20}{'ours ms':>9}{'matplotlib ms':>15}{'ratio':>8}{'ours KB':>9}{'mpl KB':>8}"
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        cases = datasets(Path(tmp))
        for label, ds in cases.items():
            seconds = interleaved_medians(
                {"ours": lambda ds=ds: render_preview(ds), "mpl": lambda ds=ds: matplotlib_preview(ds)}, args.repeats
            )
            ours, mpl = seconds["ours"] * 1e3, seconds["mpl"] * 1e3
            failed |= ours >= TARGET_MS
            sizes = len(render_preview(ds)) / 1e3, len(matplotlib_preview(ds)) / 1e3
            print(f"{label:<20}{ours:>9.2f}{mpl:>15.1f}{mpl / ours:>7.0f}x{sizes[0]:>9.1f}{sizes[1]:>8.1f}")
        small = cases["2-D, 200 points"]
        out = Path(tmp) / "out"
        counter = iter(range(10**6))
        build = interleaved_medians({"write": lambda: write_dataset(small, out / str(next(counter)))}, args.repeats)
        preview = interleaved_medians({"ours": lambda: render_preview(small)}, args.repeats)["ours"]
    cold = cold_medians(args.cold)
    print(
        f"\nfirst preview in a fresh process (imports + render, 200 points): ours {cold['ours'] * 1e3:.1f} ms, "
        f"matplotlib {cold['mpl'] * 1e3:.0f} ms ({cold['mpl'] / cold['ours']:.0f}x)"
    )
    print(
        f"write_dataset of the 200-point dataset (NPZ, Parquet, card): {build['write'] * 1e3:.1f} ms, "
        f"of which the preview {preview * 1e3:.2f} ms"
    )
    print(f"{'FAIL' if failed else 'PASS'}  every preview under {TARGET_MS:g} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
