"""The preview's palette raster: clipping at the edges, bitmap text, a bounded palette."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from juniper_data.artifacts.raster import LINE_HEIGHT, Canvas, fit_text, text_mask, text_width

PALETTE = [(255, 255, 255), (0, 0, 0), (200, 0, 0)]


def test_points_and_text_reaching_past_the_edges_are_clipped_not_wrapped() -> None:
    canvas = Canvas(20, 12, PALETTE)
    canvas.stamp(np.array([0, 19]), np.array([0, 11]), 2, np.ones((3, 3), dtype=bool))
    assert (canvas.pixels == 2).sum() == 2 * 4  # a quarter of each 3 x 3 marker is on the canvas
    canvas.text(15, 5, "wide text", 1)
    canvas.text(-8, -4, "xy", 1)
    assert canvas.pixels.shape == (12, 20) and (canvas.pixels == 1).any()


def test_text_is_two_coloured_bitmap_pixels_the_same_on_every_call() -> None:
    mask = text_mask("Class 0")
    assert mask.dtype == bool and mask.shape == (LINE_HEIGHT, text_width("Class 0")) and mask.any()
    assert np.array_equal(mask, text_mask("Class" + " 0")) and not mask.flags.writeable


def test_aligned_and_turned_text_lands_where_asked() -> None:
    canvas = Canvas(60, 60, PALETTE)
    width = canvas.text(50, 0, "ab", 1, align="right")
    assert width == 12 and not canvas.pixels[:, 50:].any() and canvas.pixels[:, 38:50].any()
    turned = Canvas(60, 60, PALETTE)
    length = turned.text(0, 40, "ab", 1, vertical=True)  # starts at y = 40 and reads upwards
    rows = np.flatnonzero(turned.pixels.any(axis=1))
    assert length == 12 and rows.min() >= 40 - 12 and rows.max() < 40
    assert not turned.pixels[:, LINE_HEIGHT:].any()


def test_text_is_cut_to_its_width_with_a_tilde_and_unknown_characters_become_question_marks() -> None:
    assert fit_text("a_very_long_class_name", 60) == "a_very_lo~" and text_width(fit_text("abc", 5)) <= 5
    assert text_width("日本") == text_width("??") and text_mask("日本").tobytes() == text_mask("??").tobytes()


def test_a_palette_of_more_than_256_colours_is_refused_with_its_size() -> None:
    with pytest.raises(ValueError, match="palette has 257 colours; allowed: 1 to 256"):
        Canvas(4, 4, [(0, 0, 0)] * 257)


def test_rgb_canvas_encodes_an_rgb_png_and_palette_canvas_a_palette_png() -> None:
    for rgb, mode in ((False, "P"), (True, "RGB")):
        canvas = Canvas(4, 3, PALETTE, rgb=rgb)
        canvas.fill(0, 0, 2, 3, 2)
        image = Image.open(io.BytesIO(canvas.png()))
        assert image.mode == mode and image.size == (4, 3)
        assert np.asarray(image.convert("RGB"))[:, :2].reshape(-1, 3).tolist() == [[200, 0, 0]] * 6
