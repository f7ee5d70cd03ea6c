"""The preview plot of a dataset card (``preview.png``), byte-deterministic.

* 2-D features: scatter coloured by class;
* image-like data (``meta["image_shape"]``): a grid of the first images of each class;
* more than two features otherwise: scatter of the first two;
* one feature: the feature against the class.

Rendering uses matplotlib's object API on the Agg canvas (no pyplot state),
matplotlib's default style (a user's ``matplotlibrc`` cannot change the bytes),
a fixed size and dpi, and no ``Software`` entry in the PNG metadata, so the
same arrays give the same bytes (tests/artifacts check two renders).
"""

from __future__ import annotations

import io

import numpy as np

from juniper_data.dataset import Dataset

FIGSIZE = (4.0, 4.0)
DPI = 80
MAX_POINTS = 4000
IMAGES_PER_CLASS = 6
MAX_IMAGE_CLASSES = 10
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


def render_preview(dataset: Dataset) -> bytes:
    """PNG bytes of the dataset's preview plot (see the module docstring for the kind of plot)."""
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.style.context("default"):
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        shape = dataset.meta.get("image_shape")
        if shape and int(np.prod(shape)) == dataset.meta["n_features"]:
            _image_grid(fig, dataset, tuple(int(s) for s in shape))
        else:
            _scatter(fig, dataset)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _scatter(fig: object, dataset: Dataset) -> None:
    X, labels = dataset["X_full"], dataset.labels("full")
    rows = sample_rows(X.shape[0])
    X, labels = X[rows], labels[rows]
    ax = fig.add_subplot()  # type: ignore[attr-defined]
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
    title = dataset.name if X.shape[1] <= 2 else f"{dataset.name} (x0, x1 of {X.shape[1]} features)"
    ax.set_title(title, fontsize=9)
    if len(dataset.class_names) <= 10:
        ax.legend(fontsize=7, markerscale=2, loc="best", frameon=False)
    fig.tight_layout()  # type: ignore[attr-defined]


def _image_grid(fig: object, dataset: Dataset, shape: tuple[int, ...]) -> None:
    from matplotlib.colors import ListedColormap

    X, labels = dataset["X_full"], dataset.labels("full")
    arc = dataset.meta["recipe"]["generator"] == "arc_agi"
    cmap = ListedColormap(["#FFFFFF", *ARC_COLOURS]) if arc else "gray"
    classes = list(range(min(len(dataset.class_names), MAX_IMAGE_CLASSES)))
    grid = fig.subplots(len(classes), IMAGES_PER_CLASS, squeeze=False)  # type: ignore[attr-defined]
    for row, cls in enumerate(classes):
        picks = np.flatnonzero(labels == cls)[:IMAGES_PER_CLASS]
        for col in range(IMAGES_PER_CLASS):
            ax = grid[row][col]
            ax.set_axis_off()
            if col < len(picks):
                image = X[picks[col]].reshape(shape)
                if arc:
                    ax.imshow(image, cmap=cmap, vmin=-1, vmax=9, interpolation="nearest")
                else:
                    ax.imshow(image, cmap=cmap, interpolation="nearest")
        grid[row][0].set_title(dataset.class_names[cls], fontsize=6, loc="left")
    fig.suptitle(dataset.name, fontsize=9)  # type: ignore[attr-defined]


def _class_colours(n: int) -> list[tuple[float, ...]]:
    from matplotlib import colormaps

    name = "tab10" if n <= 10 else "tab20"
    return [tuple(c) for c in colormaps[name].colors]  # type: ignore[attr-defined]
