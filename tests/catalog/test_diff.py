"""`juniper-data diff A B` on real tagged versions (a parameter edit, a generator version bump, a rename),
and the order-independent row comparison it rests on."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
import yaml

from juniper_data import generate
from juniper_data.catalog.diff import compare_rows, split_names
from juniper_data.cli import main
from tests.pipeline.conftest import run
from tests.site.registry import RECIPES, VARIANTS, build


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    return build(tmp_path_factory.getbasetemp() / "edited-registry")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(edited, monkeypatch, capsys):
    """``juniper-data ARGS`` run in this process, in the registry's checkout and environment."""
    edited.patch_environment(monkeypatch)
    monkeypatch.chdir(edited.work)

    def call(*args: str, check: bool = True) -> Result:
        status = main(list(args))
        out = capsys.readouterr()
        assert status == 0 or not check, out.err
        return Result(status, out.out, out.err)

    return call


def diff_json(cli, *args: str) -> dict:
    return json.loads(cli("diff", *args, "--json").stdout)


def oracle(a, b) -> dict:
    """Row multisets counted with Counter: an implementation independent of catalog.diff."""
    out = {}
    for split in ("train", "test", "full"):
        rows = [
            Counter(
                (x.tobytes(), ds.class_names[int(k)]) for x, k in zip(ds[f"X_{split}"], ds.labels(split), strict=True)
            )
            for ds in (a, b)
        ]
        same = sum((rows[0] & rows[1]).values())
        out[split] = {"identical": same, "added": sum(rows[1].values()) - same, "removed": sum(rows[0].values()) - same}
    return out


def xor_at(ratios: tuple[float, float]):
    params = yaml.safe_load(RECIPES["datasets/xor_small.yaml"])["params"]
    return generate("xor", **{**params, "train_ratio": ratios[0], "test_ratio": ratios[1]})


def test_parameter_edit_shows_params_ids_hashes_splits_balance_and_moved_rows(cli):
    report = diff_json(cli, "xor_small@v1.0.0", "xor_small@v1.1.0")
    assert report["kind"] == "dataset" and report["a"]["how"] == "release tag xor_small@v1.0.0"
    assert report["params"] == {
        "added": {},
        "removed": {},
        "changed": {"test_ratio": {"a": 0.2, "b": 0.25}, "train_ratio": {"a": 0.8, "b": 0.75}},
    }
    assert not report["generator_version"]["changed"] and not report["contract_version"]["changed"]
    assert report["dataset_id"]["changed"]
    status = {k: v["status"] for k, v in report["arrays"].items()}
    assert status == {
        "X_full": "same",
        "y_full": "same",
        "X_train": "changed",
        "y_train": "changed",
        "X_test": "changed",
        "y_test": "changed",
    }
    assert report["arrays"]["X_train"]["shape_a"] == [64, 2] and report["arrays"]["X_train"]["shape_b"] == [60, 2]
    assert {s: (p["a"], p["b"]) for s, p in report["splits"].items()} == {
        "train": (64, 60),
        "test": (16, 20),
        "full": (80, 80),
    }
    a, b = xor_at((0.8, 0.2)), xor_at((0.75, 0.25))
    for split in ("train", "test", "full"):
        for name in a.class_names:
            pair = report["class_distribution"][split][name]
            assert (pair["a"], pair["b"]) == (
                a.meta["class_distribution"][split][name],
                b.meta["class_distribution"][split][name],
            )
    rows = report["rows"]
    assert rows["compared"] and rows["from"] == "arrays"
    expected = oracle(a, b)
    for split, counts in rows["splits"].items():
        assert counts["changed"] == 0
        assert {k: counts[k] for k in ("identical", "added", "removed")} == expected[split]
    assert rows["splits"]["full"]["identical"] == 80 and rows["splits"]["train"]["removed"] == 4
    assert not report["same_content"]
    assert cli("diff", "xor_small@v1.0.0", "xor_small@v1.1.0", "--exit-code", check=False).returncode == 1


def test_parameter_edit_as_text(cli):
    text = cli("diff", "xor_small@v1.0.0", "xor_small@v1.1.0").stdout
    assert "train_ratio: 0.8 -> 0.75" in text and "test_ratio: 0.2 -> 0.25" in text
    assert (
        "dataset id         xor-" in text and "splits             train 64 -> 60, test 16 -> 20, full 80 (same)" in text
    )
    assert "  train    60 identical, 0 changed, 0 added, 4 removed" in text


def test_generator_version_bump_changes_the_id_and_no_array(cli):
    report = diff_json(cli, "xor_small@v1.1.0", "xor_small@v1.2.0")
    assert report["generator_version"] == {"a": "1.0.0", "b": "1.0.1", "changed": True}
    assert report["dataset_id"]["changed"] and report["params"] == {"added": {}, "removed": {}, "changed": {}}
    assert all(v["status"] == "same" for v in report["arrays"].values()) and report["same_content"]
    assert report["rows"]["splits"]["full"] == {"identical": 80, "changed": 0, "added": 0, "removed": 0}
    assert cli("diff", "xor_small@v1.1.0", "xor_small@v1.2.0", "--exit-code", check=False).returncode == 0


def test_rename_keeps_the_id_and_every_array(cli):
    report = diff_json(cli, "gauss_old@v1.0.0", "gauss_new@v1.0.0")
    assert report["name"] == {"a": "gauss_old", "b": "gauss_new", "changed": True}
    assert not report["dataset_id"]["changed"] and report["same_content"]
    assert report["rows"]["splits"]["full"]["identical"] == 30


def test_every_way_of_naming_a_version_reaches_the_same_commits(cli, edited):
    by_release = diff_json(cli, "xor_small@v1.0.0", "xor_small@v1.1.0")
    by_tag = diff_json(cli, "xor_small@v1", "xor_small@v2")
    by_option = diff_json(cli, "xor_small", "--rev-a", "v1", "--rev-b", edited.commits["v2"])
    for report in (by_tag, by_option):
        assert (report["a"]["commit"], report["b"]["commit"]) == (edited.commits["v1"], edited.commits["v2"])
        assert {k: v for k, v in report.items() if k not in ("a", "b")} == {
            k: v for k, v in by_release.items() if k not in ("a", "b")
        }
    latest = diff_json(cli, "xor_small@latest", "xor_small")
    assert latest["a"]["commit"] == edited.commits["v3"] and latest["b"]["commit"] is None  # the workspace
    assert latest["b"]["how"].startswith("workspace of")
    variant = diff_json(cli, f"{VARIANTS[0]}@v1.0.0", VARIANTS[0])  # a variant's release is its family's
    assert variant["a"]["how"] == "release tag spiral_fam@v1.0.0" and variant["same_content"]


def test_a_family_diff_compares_variant_by_variant(cli):
    report = diff_json(cli, "spiral_fam@v1.0.0", "spiral_fam")
    assert report["kind"] == "family" and report["variants"]["added"] == [] == report["variants"]["removed"]
    assert sorted(report["variants"]["compared"]) == sorted(v.split("/")[1] for v in VARIANTS)
    assert report["same_content"] and not report["sweep"]["changed"]
    text = cli("diff", "spiral_fam@v1.0.0", "spiral_fam").stdout
    assert "variants           4 in both, +0 added, -0 removed" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["xor_small@v9.9.9", "xor_small"], "no release 'v9.9.9'"),
        (["xor_small@v1", "xor_small", "--rev-a", "v2"], "give one of them"),
        (["xor_small@nope", "xor_small"], "'nope' not found"),
        (["xor_smal", "xor_small"], "did you mean 'xor_small'"),
        (["spiral_fam", "xor_small"], "is a family and 'xor_small' a dataset"),
        (["@v1.0.0", "xor_small"], "expected NAME"),
        (["xor_small", "--max-rows", "-1"], "--max-rows = -1"),
    ],
)
def test_bad_versions_are_refused_with_the_reason(cli, args, message):
    result = cli("diff", *args, check=False)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr


def test_rows_are_reported_not_compared_when_a_version_cannot_be_read(cli, edited, tmp_path):
    env = {**edited.env, "HOME": str(tmp_path / "elsewhere"), "JUNIPER_DATA_CACHE": str(tmp_path / "cache")}
    args = ["diff", "--repo", str(edited.bare), "xor_small@v1.0.0", "xor_small@v1.1.0", "--json"]
    result = run([sys.executable, "-m", "juniper_data.cli", *args], tmp_path, env)
    report = json.loads(result.stdout)
    assert report["params"]["changed"] and not report["rows"]["compared"]
    assert "xor_small" in report["rows"]["reason"]
    capped = diff_json(cli, "xor_small@v1.0.0", "xor_small@v1.1.0", "--max-rows", "10")
    assert capped["rows"] == {"compared": False, "reason": "80 rows > max_rows 10"}
    assert diff_json(cli, "xor_small@v1.0.0", "xor_small@v1.1.0", "--no-rows")["rows"]["compared"] is False


def counts(a_rows, a_labels, b_rows, b_labels) -> dict:
    X = [np.array(r, dtype=np.float32).reshape(len(r), -1) for r in (a_rows, b_rows)]
    return compare_rows(X[0], np.array(a_labels), X[1], np.array(b_labels))


def test_changed_means_same_features_with_another_label_counted_with_multiplicity():
    a = [[0, 0], [0, 0], [1, 1], [2, 2], [3, 3]]
    b = [[0, 0], [1, 1], [1, 1], [2, 2], [9, 9], [9, 9]]
    result = counts(a, [0, 0, 0, 1, 0], b, [0, 0, 0, 0, 1, 1])
    # identical: (0,0)/0 once, (1,1)/0 once; changed: (2,2) 1 -> 0; removed: (0,0)/0, (3,3); added: (1,1)/0, 2x (9,9)
    assert result == {"identical": 2, "changed": 1, "added": 3, "removed": 2}


def test_row_comparison_ignores_order_and_matches_an_independent_count(seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 4, size=(300, 3)).astype(np.float32)  # many duplicate rows
    labels = rng.integers(0, 3, size=300)
    keep = rng.random(300) < 0.7
    order = rng.permutation(int(keep.sum()))
    Xb, lb = X[keep][order], labels[keep][order]
    result = compare_rows(X, labels, Xb, lb)
    ca = Counter((x.tobytes(), int(k)) for x, k in zip(X, labels, strict=True))
    cb = Counter((x.tobytes(), int(k)) for x, k in zip(Xb, lb, strict=True))
    assert result == {"identical": sum((ca & cb).values()), "changed": 0, "added": 0, "removed": 300 - len(Xb)}


def test_wide_rows_are_compared_by_digest_and_shapes_that_differ_share_nothing():
    rng = np.random.default_rng(0)
    images = rng.random((20, 28, 28)).astype(np.float32)
    changed = images.copy()
    changed[3, 5, 5] += 1
    assert compare_rows(images, np.zeros(20, int), changed[::-1], np.zeros(20, int)) == {
        "identical": 19,
        "changed": 0,
        "added": 1,
        "removed": 1,
    }
    assert compare_rows(images[:, :2, 0], np.zeros(20, int), images[:, :3, 0], np.zeros(20, int)) == {
        "identical": 0,
        "changed": 0,
        "added": 20,
        "removed": 20,
    }
    empty = np.zeros((0, 2), np.float32)
    assert compare_rows(empty, np.zeros(0, int), empty, np.zeros(0, int)) == dict.fromkeys(
        ("identical", "changed", "added", "removed"), 0
    )


def test_split_names_follow_the_arrays_of_the_meta():
    meta = {"shapes": {"X_full": [9, 2], "X_test": [2, 2], "X_train": [5, 2], "X_val": [2, 2], "X_extra": [1, 2]}}
    assert split_names(meta) == ["train", "val", "test", "extra", "full"]


def test_a_two_way_and_a_three_way_version_compare_their_validation_split_too() -> None:
    """0.4's split of a moon vs the same moon carved 0.8 / 0.1 / 0.1: val added, test halved, same rows overall."""
    from juniper_data.catalog.diff import diff_datasets, diff_meta

    two = generate("moon", n_samples=100, seed=3).annotate(name="m")
    three = generate("moon", n_samples=100, seed=3, sizing_mode="carve", val_ratio=0.1, test_ratio=0.1).annotate(
        name="m"
    )
    report = diff_meta(two.meta, three.meta)
    assert list(report["splits"]) == ["train", "val", "test", "full"]
    assert report["splits"]["val"] == {"a": None, "b": 10, "changed": True}
    assert report["arrays"]["X_val"]["status"] == "added" and report["arrays"]["X_train"]["status"] == "same"
    assert report["class_distribution"]["val"]["upper"]["a"] is None
    rows = diff_datasets(two, three)
    assert rows["train"]["identical"] == 80 and rows["full"]["identical"] == 100
    assert rows["test"] == {"identical": 10, "changed": 0, "added": 0, "removed": 10}
    assert "val" not in rows  # only splits both sides have
