"""A consumer repository pins registry versions with plain DVC: import, pull, update, get, artifacts get."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from juniper_data.artifacts.reader import read_dataset
from juniper_data.dataset import ARRAY_KEYS
from juniper_data.recipe import array_hash
from tests.pipeline.conftest import run


def assert_arrays(folder: Path, expected) -> None:
    got = read_dataset(folder)  # verifies every hash against meta.json
    for key in ARRAY_KEYS:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)


@pytest.fixture(scope="module")
def consumer(history, tmp_path_factory):
    """A consumer repo that imported xor_small at v1, committed and pushed to its own bare origin."""
    base = tmp_path_factory.mktemp("consumer")
    env, repo, origin = history.env, base / "work", base / "origin.git"
    repo.mkdir()
    run(["git", "init", "-q", "-b", "main"], repo, env)
    run(["dvc", "init", "-q"], repo, env)
    (repo / "data").mkdir()
    run(["dvc", "import", "-q", str(history.bare), "data/xor_small", "-o", "data/xor_small", "--rev", "v1"], repo, env)
    run(["git", "add", "-A"], repo, env)
    run(["git", "commit", "-qm", "import xor_small v1"], repo, env)
    run(["git", "clone", "-q", "--bare", str(repo), str(origin)], base, env)
    return origin


def fresh_clone(origin: Path, dest: Path, env) -> Path:
    run(["git", "clone", "-q", str(origin), str(dest)], dest.parent, env)
    run(["dvc", "pull", "-q"], dest, env)
    return dest


def test_fresh_clone_of_consumer_pulls_identical_v1_arrays(history, consumer, tmp_path):
    clone = fresh_clone(consumer, tmp_path / "c1", history.env)
    assert_arrays(clone / "data" / "xor_small", history.expected_xor("v1"))
    assert f"rev_lock: {history.commits['v1']}" in (clone / "data" / "xor_small.dvc").read_text()


def test_consumer_keeps_v1_until_dvc_update_to_v2(history, consumer, tmp_path):
    # The registry has moved on (v2, v3); a fresh consumer clone still gets what it pinned.
    clone = fresh_clone(consumer, tmp_path / "c2", history.env)
    assert_arrays(clone / "data" / "xor_small", history.expected_xor("v1"))
    run(["dvc", "update", "-q", "--rev", "v2", "data/xor_small.dvc"], clone, history.env)
    assert_arrays(clone / "data" / "xor_small", history.expected_xor("v2"))
    assert f"rev_lock: {history.commits['v2']}" in (clone / "data" / "xor_small.dvc").read_text()


def test_dvc_get_of_a_single_file_at_a_rev(history, tmp_path):
    out = tmp_path / "x.npz"
    npz = "data/xor_small/xor_small.npz"
    run(["dvc", "get", "-q", str(history.bare), npz, "--rev", "v2", "-o", str(out)], tmp_path, history.env)
    with np.load(out, allow_pickle=False) as archive:
        assert {k: array_hash(archive[k]) for k in ARRAY_KEYS} == history.expected_xor("v2").meta["hashes"]


def test_dvc_artifacts_get_resolves_the_release_tag(history, tmp_path):
    out = tmp_path / "art"
    args = ["dvc", "artifacts", "get", "-q", str(history.bare), "xor_small", "--rev", "v1.1.0", "-o", str(out)]
    run(args, tmp_path, history.env)
    assert_arrays(out, history.expected_xor("v2"))


def test_dvc_get_of_an_unreachable_rev_fails_and_writes_nothing(history, tmp_path):
    out = tmp_path / "x"
    args = ["dvc", "get", str(history.bare), "data/xor_small", "--rev", "v9", "-o", str(out)]
    result = run(args, tmp_path, history.env, check=False)
    assert result.returncode != 0
    assert "v9" in result.stderr + result.stdout
    assert not out.exists()
