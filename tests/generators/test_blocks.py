"""Block forms: every generator's rows ``[start, stop)`` from a block's own stream."""

from __future__ import annotations

import numpy as np
import pytest

from juniper_data.generators import registry, spiral
from juniper_data.generators.blocks import block_rng, class_segments, label_dtype, row_classes

RECIPES = [
    ("spiral", {"n_points_per_spiral": 300, "n_spirals": 3, "seed": 1}),
    ("spiral", {"n_points_per_spiral": 300, "algorithm": "legacy_cascor", "clockwise": False, "seed": 2}),
    ("xor", {"n_points_per_quadrant": 200, "noise": 0.1, "seed": 3}),
    ("circles", {"n_samples": 801, "inner_ratio": 0.3, "noise": 0.05, "seed": 4}),
    ("checkerboard", {"n_samples": 700, "noise": 0.01, "seed": 5}),
    ("gaussian", {"n_classes": 3, "n_samples_per_class": 250, "n_features": 4, "class_std": [0.5, 1, 2], "seed": 6}),
]


def blocks(name, params, size):
    spec = registry.get(name)
    resolved = spec.resolve(params, chunked=True)
    n_rows = spec.block.layout(resolved).n_rows
    parts = [
        spec.block.generate(resolved, a, min(a + size, n_rows), block_rng(resolved.seed, a // size))
        for a in range(0, n_rows, size)
    ]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


@pytest.mark.parametrize(("name", "params"), RECIPES)
def test_blocks_have_the_in_memory_layout_labels_and_value_ranges(name, params):
    reference = registry.get(name).run(registry.get(name).resolve(params))
    X, labels = blocks(name, params, size=97)
    assert X.dtype == np.float32 and X.shape == reference.X.shape
    assert labels.dtype == label_dtype(len(reference.class_names))
    if name == "checkerboard":  # labels follow the drawn points
        assert abs(labels.mean() - reference.labels.mean()) < 0.06
    else:
        assert np.array_equal(labels, reference.labels)
    # Same generative process, other draws: every class occupies the same region.
    for cls in np.unique(labels):
        ours, theirs = X[labels == cls], reference.X[labels == cls]
        assert np.allclose(ours.mean(axis=0), theirs.mean(axis=0), atol=0.35 * theirs.std() + 0.05)


@pytest.mark.parametrize(("name", "params"), RECIPES)
def test_a_block_is_fixed_by_its_stream(name, params):
    first, second = blocks(name, params, size=128), blocks(name, params, size=128)
    assert np.array_equal(first[0], second[0])


@pytest.mark.parametrize("clockwise", [True, False])
def test_noise_free_modern_spiral_blocks_equal_the_in_memory_curve(clockwise):
    params = {
        "n_points_per_spiral": 3 * spiral.ROTATION_RUN + 17,
        "n_spirals": 3,
        "noise": 0.0,
        "n_rotations": 7.3,
        "clockwise": clockwise,
        "origin": [1.5, -2.0],
        "seed": 9,
    }
    reference = registry.get("spiral").run(registry.get("spiral").resolve(params, chunked=True))
    X, _ = blocks("spiral", params, size=20_011)
    assert np.array_equal(X, reference.X)  # rotation by exact exponentials keeps float32 exact here


def test_modern_spiral_draws_one_normal_pair_per_row_in_row_order():
    params = spiral.SpiralParams(n_points_per_spiral=5000, noise=1.0, radius=1e-9, seed=1)
    X, _ = spiral.generate_block(params, 100, 2100, np.random.default_rng(7))
    expected = np.random.default_rng(7).standard_normal((2000, 2))
    assert np.allclose(X, expected, atol=1e-6)


def test_checkerboard_blocks_label_each_point_by_the_parity_of_its_square():
    X, labels = blocks("checkerboard", {"n_samples": 1000, "n_squares": 5, "seed": 1}, size=300)
    cells = np.floor(X.astype(np.float64) * 5).astype(int)
    assert np.array_equal(labels, (cells.sum(axis=1) % 2).astype(np.uint8))


def test_class_segments_and_row_classes_cut_rows_at_class_bounds():
    assert list(class_segments(3, 12, [0, 5, 10, 15])) == [(0, 3, 5), (1, 0, 5), (2, 0, 2)]
    assert row_classes(3, 12, [0, 5, 10, 15]).tolist() == [0, 0, 1, 1, 1, 1, 1, 2, 2]


def test_block_streams_differ_by_block_and_by_seed():
    draws = {(seed, k): block_rng(seed, k).random() for seed in (1, 2) for k in (0, 1)}
    assert len(set(draws.values())) == 4
