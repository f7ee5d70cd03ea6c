"""The card's preview plot: every kind of data, pixels where the data is, byte-deterministic PNG."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.artifacts.preview import (
    ARC_COLOURS,
    AXIS,
    BASE_PALETTE,
    CLASS_COLOURS,
    axis_ticks,
    image_shape,
    render_preview,
    sample_rows,
)
from juniper_data.dataset import Dataset
from juniper_data.split import one_hot
from tests.conftest import WORKTREE


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """``(type, payload)`` of every PNG chunk, CRCs checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, payload = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + payload)
        found.append((kind, payload))
        at += 12 + length
    return found


def pixels(data: bytes) -> np.ndarray:
    """The decoded PNG as (height, width, 3) RGB."""
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def where(rgb: np.ndarray, colour: tuple[int, ...]) -> np.ndarray:
    """(row, column) of every pixel of ``colour``."""
    return np.argwhere((rgb == np.array(colour, dtype=np.uint8)).all(axis=-1))


def plot_frame(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """``(top, bottom, left, right)`` of the scatter's frame: the long runs of the axis colour."""
    axis = (rgb == np.array(BASE_PALETTE[AXIS], dtype=np.uint8)).all(axis=-1)
    rows, cols = np.flatnonzero(axis.sum(axis=1) > 100), np.flatnonzero(axis.sum(axis=0) > 100)
    return int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])


def with_points(X: np.ndarray, labels: np.ndarray, class_names: list[str], name: str = "pts") -> Dataset:
    """A dataset whose full split is exactly ``X`` and ``labels`` (the preview reads only those)."""
    base = generate("gaussian", n_features=X.shape[1], n_classes=len(class_names), seed=0).annotate(name=name)
    y = one_hot(labels, len(class_names))
    return Dataset({**base, "X_full": X.astype(np.float32), "y_full": y}, {**base.meta, "class_names": class_names})


def as_images(ds: Dataset, shape: list[int]) -> Dataset:
    return Dataset(ds, {**ds.meta, "feature_shape": shape})


@pytest.fixture
def arc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    """An ARC-AGI dataset of one task whose pair uses the colours 1..4, padded to 3 x 3."""
    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(tmp_path))
    task = {"train": [{"input": [[1, 2], [3, 4]], "output": [[4, 3], [2, 1]]}], "test": [{"input": [[5]]}]}
    (tmp_path / "arc" / "training").mkdir(parents=True)
    (tmp_path / "arc" / "training" / "t1.json").write_text(json.dumps(task))
    return generate("arc_agi", source="local", local_path="arc", pad_to=3, seed=0).annotate(name="arc")


def every_kind(arc: Dataset) -> dict[str, Dataset]:
    images = generate("gaussian", n_features=16, n_classes=3, seed=2)
    colour = generate("gaussian", n_features=4 * 4 * 3, n_classes=2, seed=2)
    return {
        "2-D": generate("spiral", n_spirals=3, n_points=40, seed=3).annotate(name="sp3"),
        "1 feature": generate("gaussian", n_features=1, n_classes=3, seed=0),
        "7 features": generate("gaussian", n_features=7, seed=0),
        "grey images": as_images(images, [4, 4]),
        "colour images": as_images(colour, [4, 4, 3]),
        "arc": arc,
    }


def test_every_kind_renders_a_320_px_png_with_only_the_four_essential_chunks(arc: Dataset) -> None:
    for kind, ds in every_kind(arc).items():
        data = render_preview(ds)
        found = chunks(data)
        assert [k for k, _ in found if k not in (b"PLTE", b"IDAT")] == [b"IHDR", b"IEND"], kind
        assert struct.unpack(">II", found[0][1][:8]) == (320, 320), kind
        assert b"Software" not in data and b"matplotlib" not in data.lower(), kind


def test_every_kind_renders_the_same_bytes_twice_and_in_a_fresh_process(arc: Dataset, tmp_path: Path) -> None:
    kinds = every_kind(arc)
    here = {kind: render_preview(ds) for kind, ds in kinds.items()}
    assert here == {kind: render_preview(ds) for kind, ds in kinds.items()}
    for index, ds in enumerate(kinds.values()):
        np.savez(tmp_path / f"{index}.npz", **ds)
        (tmp_path / f"{index}.json").write_text(json.dumps(ds.meta))
    code = (
        "import json, sys, numpy as np; from pathlib import Path; from juniper_data.dataset import Dataset; "
        "from juniper_data.artifacts.preview import render_preview; d = Path(sys.argv[1]); "
        "print(*(render_preview(Dataset(dict(np.load(d / f'{i}.npz')), json.loads((d / f'{i}.json').read_text())))"
        ".hex() for i in range(int(sys.argv[2]))))"
    )
    args = [sys.executable, "-c", code, str(tmp_path), str(len(kinds))]
    out = subprocess.run(args, cwd=WORKTREE, capture_output=True, text=True, check=True)
    assert [bytes.fromhex(text) for text in out.stdout.split()] == list(here.values())


@pytest.mark.parametrize(("corner", "opposite"), [((0, 0), (1, 1)), ((0, 1), (1, 0))], ids=["ll-ur", "ul-lr"])
def test_scatter_lights_pixels_only_in_the_quadrant_where_the_data_is(corner, opposite) -> None:
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.uniform(0, 0.2, (100, 2)) + 0.8 * np.array(c) for c in (corner, opposite)])
    rgb = pixels(render_preview(with_points(X, np.repeat([0, 1], 100), ["a", "b"])))
    top, bottom, left, right = plot_frame(rgb)
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
    for cls, (cx, cy) in enumerate((corner, opposite)):
        ys, xs = where(rgb[top : bottom + 1, left : right + 1], CLASS_COLOURS[cls]).T + [[top], [left]]
        assert len(xs) > 100, cls  # the markers of 100 points (some overlap)
        assert np.all((xs > mid_x) == bool(cx)), f"class {cls}: x outside its half"
        assert np.all((ys < mid_y) == bool(cy)), f"class {cls}: y outside its half (larger values are higher)"


def test_one_feature_puts_each_class_on_its_own_line_bottom_up() -> None:
    X = np.linspace(0, 1, 60)[:, np.newaxis]
    rgb = pixels(render_preview(with_points(X, np.arange(60) % 3, ["a", "b", "c"])))
    top, bottom, left, right = plot_frame(rgb)
    rows = [where(rgb[top + 1 : bottom, left + 1 : right], CLASS_COLOURS[c])[:, 0] for c in range(3)]
    assert all(r.max() - r.min() <= 4 for r in rows)  # one marker high
    assert rows[0].min() > rows[1].max() and rows[1].min() > rows[2].max()


def test_class_colours_are_distinct_each_class_is_drawn_and_nothing_is_anti_aliased() -> None:
    assert len(set(CLASS_COLOURS)) == len(CLASS_COLOURS) and len(CLASS_COLOURS) >= 10
    assert not set(CLASS_COLOURS) & set(BASE_PALETTE)
    ds = generate("gaussian", n_classes=10, n_samples_per_class=30, seed=1)
    colours = {tuple(c) for c in pixels(render_preview(ds)).reshape(-1, 3).tolist()}
    assert set(CLASS_COLOURS[:10]) <= colours  # points and legend swatches
    assert colours <= set(BASE_PALETTE) | set(CLASS_COLOURS)  # bitmap text: no blended edge pixels


def test_image_grid_shows_each_class_on_its_own_row_in_class_order() -> None:
    X = np.repeat([[0.0], [0.5], [1.0]], 5, axis=0).repeat(16, axis=1)  # classes: black, grey, white images
    ds = as_images(with_points(X, np.repeat([0, 1, 2], 5), ["black", "grey", "white"]), [4, 4])
    rgb = pixels(render_preview(ds))
    black, grey = where(rgb, (0, 0, 0)), where(rgb, (128, 128, 128))
    assert len(grey) == 5 * 40 * 40  # five 4 x 4 images enlarged 10 times
    black_blocks = black[(black[:, 0] > 16) & (black[:, 1] > 64)]  # not the title or the class labels
    assert len(black_blocks) == 5 * 40 * 40 and black_blocks[:, 0].max() < grey[:, 0].min()


def test_image_data_gets_an_image_grid_not_a_scatter() -> None:
    ds = generate("gaussian", n_features=16, n_classes=3, seed=2)
    as_image = as_images(ds, [4, 4])
    assert image_shape(as_image.meta) == (4, 4) and image_shape(ds.meta) is None
    assert render_preview(as_image) != render_preview(ds)


def test_colour_images_are_drawn_in_colour() -> None:
    X = np.tile(np.array([255.0, 0.0, 0.0]), (4, 16))  # red 4 x 4 images, channels last, in [0, 255]
    rgb = pixels(render_preview(as_images(with_points(X, np.array([0, 0, 1, 1]), ["a", "b"]), [4, 4, 3])))
    assert len(where(rgb, (255, 0, 0))) == 4 * 40 * 40


def test_flattened_hf_images_and_arc_rows_are_recognised_as_grids() -> None:
    recipe = {"generator": "mnist", "params": {}}
    assert image_shape({"n_features": 784, "recipe": recipe}) == (28, 28)
    assert image_shape({"n_features": 3 * 32 * 32, "recipe": recipe}) == (32, 32, 3)
    assert image_shape({"n_features": 10, "recipe": recipe}) is None
    assert image_shape({"n_features": 900, "recipe": {"generator": "arc_agi", "params": {"pad_to": 30}}}) == (30, 30)


def test_arc_pairs_preview_shows_input_and_output_grids_in_the_arc_palette(arc: Dataset) -> None:
    data = render_preview(arc)
    rgb = pixels(data)
    palette = [(int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)) for c in ARC_COLOURS]
    for value in (1, 2, 3, 4):  # once in the input and once in the output: 2 cells of 20 x 20 px (3 x 3 in 61 px)
        assert len(where(rgb, palette[value])) == 2 * 20 * 20, value
    assert len(where(rgb, palette[5])) == 20 * 20  # the test pair's input; its output is all padding, drawn white
    assert not len(where(rgb[16:], palette[0]))  # no 0 below the title: padding (-1) is not drawn as ARC black
    not_arc = Dataset(arc, {**arc.meta, "recipe": {**arc.meta["recipe"], "generator": "x"}})
    assert data != render_preview(not_arc)


def test_preview_subsamples_large_data_evenly_and_keeps_both_ends() -> None:
    rows = sample_rows(1_000_000, 4000)
    assert len(rows) == 4000 and rows[0] == 0 and rows[-1] == 999_999
    assert np.all(np.diff(rows) > 0)
    assert sample_rows(4001, 4000).tolist() == sorted(set(sample_rows(4001, 4000).tolist()))


def test_non_finite_values_and_constant_features_still_render() -> None:
    X = np.array([[np.nan, 1.0], [np.inf, 1.0], [0.5, 1.0], [0.5, 1.0]])
    data = render_preview(with_points(X, np.array([0, 1, 0, 1]), ["a", "b"]))
    assert chunks(data)[0][0] == b"IHDR"


def test_axis_ticks_are_two_to_five_distinct_readable_labels_inside_any_range(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        centre = rng.normal() * 10.0 ** rng.integers(-6, 10)  # spans down to float32's resolution
        span = max(abs(centre), 1e-3) * 10.0 ** rng.uniform(-6, 3)
        lo, hi = centre - span * rng.uniform(0.1, 1), centre + span * rng.uniform(0.1, 1)
        ticks = axis_ticks((lo, hi))
        values, labels = [v for v, _ in ticks], [text for _, text in ticks]
        assert 2 <= len(ticks) <= 5 and all(lo <= v <= hi for v in values), (lo, hi, ticks)
        assert len(set(labels)) == len(labels) and "-0" not in [text.rstrip(".0") for text in labels], ticks
        np.testing.assert_allclose([float(text) for text in labels], values, rtol=1e-2, atol=(hi - lo) * 1e-3)
