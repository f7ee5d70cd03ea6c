"""The preview plot of a dataset card (``preview.png``), byte-deterministic.

* 2-D features: scatter coloured by class;
* image-like data (:func:`image_shape`): a grid of the first images of each class;
* ARC-AGI pairs: input and output grids side by side, in the ARC palette;
* more than two features otherwise: scatter of the first two;
* one feature: the feature against the class.

Rendering uses matplotlib's object API on the Agg canvas (no pyplot state),
matplotlib's default style (a user's ``matplotlibrc`` cannot change the bytes),
a fixed size and dpi, and no ``Software`` entry in the PNG metadata, so the
same arrays give the same bytes (tests/artifacts check two renders).
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np

from juniper_data.dataset import Dataset

FIGSIZE = (4.0, 4.0)
DPI = 80
MAX_POINTS = 4000
IMAGES_PER_CLASS = 6
MAX_IMAGE_CLASSES = 10
ARC_PAIRS = 8
#: ARC-AGI's ten colours; padding (-1) is drawn white.
ARC_COLOURS = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
               "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")  # fmt: skip


def sample_rows(n: int, limit: int = MAX_POINTS) -> np.ndarray:
    """Evenly spaced row indices, at most ``limit`` (deterministic; keeps class proportions of ordered rows).

    Examples
    --------
    >>> sample_rows(10, 4).tolist()
    [0, 3, 6, 9]
    """
    if n <= limit:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, limit).round().astype(np.int64))


def image_shape(meta: dict[str, Any]) -> tuple[int, ...] | None:
    """How one row reshapes into an image or grid, or None for tabular data.

    ``feature_shape`` (or ``image_shape``) with two or more axes; else an ARC-AGI row is a
    ``pad_to`` x ``pad_to`` grid, and a flattened ``mnist`` (image source) row a square grey or RGB image.

    Examples
    --------
    >>> image_shape({"feature_shape": [28, 28], "n_features": 784, "recipe": {"generator": "x", "params": {}}})
    (28, 28)
    >>> image_shape({"feature_shape": [2], "n_features": 2, "recipe": {"generator": "xor", "params": {}}}) is None
    True
    """
    n = int(meta["n_features"])
    shape = [int(d) for d in (meta.get("feature_shape") or meta.get("image_shape") or [])]
    if len(shape) >= 2 and int(np.prod(shape)) == n:
        return tuple(shape)
    generator, params = meta["recipe"]["generator"], meta["recipe"]["params"]
    if generator == "arc_agi" and int(params.get("pad_to", 0)) ** 2 == n:
        return (int(params["pad_to"]), int(params["pad_to"]))
    if generator == "mnist":  # the image source (hf_image.py); flatten=True drops feature_shape
        for channels in (1, 3):
            side = math.isqrt(n // channels)
            if side > 1 and side * side * channels == n:
                return (side, side) if channels == 1 else (side, side, channels)
    return None


def render_preview(dataset: Dataset) -> bytes:
    """PNG bytes of the dataset's preview plot (see the module docstring for the kind of plot)."""
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.style.context("default"):
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        shape = image_shape(dataset.meta)
        if shape and dataset.meta["recipe"]["generator"] == "arc_agi" and "output_grid" in dataset.extras:
            _arc_pairs(fig, dataset, shape)
        elif shape:
            _image_grid(fig, dataset, shape)
        else:
            _scatter(fig, dataset)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _scatter(fig: Any, dataset: Dataset) -> None:
    X, labels = dataset["X_full"], dataset.labels("full")
    rows = sample_rows(X.shape[0])
    X, labels = X[rows], labels[rows]
    ax = fig.add_subplot()
    cmap = _class_colours(len(dataset.class_names))
    size = 10.0 if X.shape[0] <= 500 else 4.0 if X.shape[0] <= 2000 else 1.5
    if X.shape[1] >= 2:
        xs, ys, ylabel = X[:, 0], X[:, 1], "x1"
    else:  # one feature: spread the classes out on the y axis
        xs, ys, ylabel = X[:, 0], labels.astype(np.float32), "class"
    for index, name in enumerate(dataset.class_names):
        mask = labels == index
        ax.scatter(xs[mask], ys[mask], s=size, color=cmap[index % len(cmap)], label=name, linewidths=0)
    ax.set_xlabel("x0")
    ax.set_ylabel(ylabel)
    ax.locator_params(nbins=4)  # fewer tick labels: text layout is most of a preview's cost
    ax.tick_params(labelsize=7)
    title = dataset.name if X.shape[1] <= 2 else f"{dataset.name} (x0, x1 of {X.shape[1]} features)"
    ax.set_title(title, fontsize=9)
    if len(dataset.class_names) <= 10:
        # A fixed corner and fixed margins: "best" and tight_layout cost ~2/3 of a family variant's build.
        ax.legend(fontsize=7, markerscale=2, loc="upper right", frameon=False)
    fig.subplots_adjust(left=0.16, right=0.97, bottom=0.14, top=0.9)


def _image_grid(fig: Any, dataset: Dataset, shape: tuple[int, ...]) -> None:
    X, labels = dataset["X_full"], dataset.labels("full")
    classes = list(range(min(len(dataset.class_names), MAX_IMAGE_CLASSES)))
    grid = fig.subplots(len(classes), IMAGES_PER_CLASS, squeeze=False)
    scale = 255.0 if len(shape) == 3 and float(X.max(initial=0.0)) > 1.0 else 1.0  # RGB in [0, 255]
    for row, cls in enumerate(classes):
        picks = np.flatnonzero(labels == cls)[:IMAGES_PER_CLASS]
        for col in range(IMAGES_PER_CLASS):
            ax = grid[row][col]
            ax.set_axis_off()
            if col < len(picks):
                image = X[picks[col]].reshape(shape)
                ax.imshow(np.clip(image / scale, 0, 1) if len(shape) == 3 else image, cmap="gray",
                          interpolation="nearest")  # fmt: skip
        grid[row][0].set_title(dataset.class_names[cls], fontsize=6, loc="left")
    fig.suptitle(dataset.name, fontsize=9)


def _arc_pairs(fig: Any, dataset: Dataset, shape: tuple[int, ...]) -> None:
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(["#FFFFFF", *ARC_COLOURS])  # -1 (padding) white, then colours 0..9
    X, outputs = dataset["X_full"], dataset["output_grid_full"]
    pairs = min(ARC_PAIRS, X.shape[0])
    grid = fig.subplots(ARC_PAIRS // 2, 4, squeeze=False)
    for index in range(ARC_PAIRS):
        row, col = divmod(index, 2)
        for offset, source in enumerate((X, outputs)):
            ax = grid[row][2 * col + offset]
            ax.set_axis_off()
            if index < pairs:
                ax.imshow(source[index].reshape(shape), cmap=cmap, vmin=-1, vmax=9, interpolation="nearest")
                ax.set_title(("in " if offset == 0 else "out ") + str(index), fontsize=6)
    fig.suptitle(f"{dataset.name} (input, output)", fontsize=9)


def _class_colours(n: int) -> list[tuple[float, ...]]:
    from matplotlib import colormaps

    name = "tab10" if n <= 10 else "tab20"
    return [tuple(c) for c in colormaps[name].colors]  # type: ignore[attr-defined]
