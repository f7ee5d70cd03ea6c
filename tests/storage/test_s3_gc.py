"""``dvc gc --cloud`` on the S3 remote after removing (or pruning) datasets at HEAD: only unreferenced objects go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from juniper_data import LoadError, load
from juniper_data.artifacts.reader import read_dataset
from juniper_data.cli import main as cli_main
from juniper_data.storage.sync import collect_garbage, pull, push

from .conftest import s3_keys
from .repos import (
    add_recipe,
    assert_same_arrays,
    bare_clone,
    cache_objects,
    clone,
    commit,
    digests,
    dvc,
    file_md5,
    object_id,
    rebuild,
    remove_datasets,
    rev_objects,
)
from .s3server import S3Server


def remote_objects(s3: S3Server, bucket: str) -> set[str]:
    return {object_id(key) for key in s3_keys(s3, bucket)}


def test_gc_cloud_removes_only_objects_no_tag_or_head_references_and_v1_still_pulls(
    s3_registry: Path, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    repo = s3_registry
    v1_bytes = digests(repo / "data")
    push(repo)
    # An untagged commit adds xor_twin: the same recipe as xor_small under another name, so its
    # arrays (npz, parquet) are byte-identical and stored once; its meta.json and card differ.
    add_recipe(repo, "xor_twin", "generator: xor\nparams: {n_points_per_quadrant: 20, seed: 0}\n")
    rebuild(repo)
    untagged = commit(repo, "add xor_twin")
    push(repo)
    assert digests(repo / "data" / "xor_twin")["xor_twin.npz"] == v1_bytes["xor_small/xor_small.npz"]
    twin_npz, twin_meta = (file_md5(repo / "data" / "xor_twin" / f) for f in ("xor_twin.npz", "meta.json"))
    # HEAD drops xor_twin (only ever in the untagged commit) and spiral_small (also in tag v1).
    remove_datasets(repo, "xor_twin", "spiral_small")
    commit(repo, "remove xor_twin and spiral_small")
    before = remote_objects(s3, bucket)
    keep = rev_objects(repo, "v1") | rev_objects(repo, "HEAD")
    untagged_only = rev_objects(repo, untagged) - keep
    assert untagged_only and untagged_only <= before

    collect_garbage(repo)

    after = remote_objects(s3, bucket)
    assert after == before & keep  # every object a tag or HEAD references is kept
    assert before - after == untagged_only  # and only the rest is gone
    assert twin_npz in after and twin_meta not in after  # shared bytes stay, xor_twin's own go
    old = clone(bare_clone(repo, tmp_path / "registry.git"), tmp_path / "at-v1", rev="v1")
    pull(old)
    assert digests(old / "data") == v1_bytes


def test_prune_expired_then_gc_cloud_deletes_only_unreferenced_objects_and_the_release_still_loads_through_s3(
    s3_registry: Path,
    s3: S3Server,
    bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def juniper_data(*args: str) -> str:
        capsys.readouterr()
        code = cli_main(list(args))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    repo = s3_registry
    monkeypatch.chdir(repo)  # the catalog commands edit the checkout around cwd
    # old_xor: expired, built, pushed and released (the tag keeps its commit).
    juniper_data("add", "old_xor", "generator=xor", "n_points_per_quadrant=15", "seed=5", "--expires", "2020-01-01")
    dvc(repo, "repro", "--quiet")
    released = commit(repo, "add old_xor")
    push(repo)
    juniper_data("release", "old_xor", "v1.0.0")  # checks that the S3 remote holds data/old_xor
    old_xor = read_dataset(repo / "data" / "old_xor")
    old_npz = file_md5(repo / "data" / "old_xor" / old_xor.meta["artifacts"]["npz"])
    # scratch: expired, built and pushed, only ever in an untagged commit.
    juniper_data("add", "scratch", "generator=circles", "n_samples=40", "seed=2", "--expires", "2020-06-30")
    dvc(repo, "repro", "--quiet")
    untagged = commit(repo, "add scratch")
    push(repo)
    scratch_npz = file_md5(repo / "data" / "scratch" / "scratch.npz")

    assert json.loads(juniper_data("prune", "--expired", "--json"))["removed"] == ["old_xor", "scratch"]
    dvc(repo, "repro", "--quiet")  # the catalog stage drops them
    commit(repo, "prune expired datasets")
    push(repo)
    before = remote_objects(s3, bucket)
    keep = rev_objects(repo, "HEAD") | rev_objects(repo, "v1") | rev_objects(repo, "old_xor@v1.0.0")
    garbage = rev_objects(repo, untagged) - keep
    assert old_npz in keep - rev_objects(repo, "HEAD") and scratch_npz in garbage and garbage <= before

    collect_garbage(repo)  # dvc gc --workspace --all-tags --cloud --force

    after = remote_objects(s3, bucket)
    assert after == before & keep and before - after == garbage
    assert cache_objects(repo / ".dvc" / "cache") == keep  # the registry's own cache: the same rule
    origin = bare_clone(repo, tmp_path / "registry.git")
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "jd-cache"))
    s3.requests.clear()
    got = load("old_xor@v1.0.0", repo=origin, remote="s3")
    assert_same_arrays(got, old_xor)
    assert got.source["commit"] == released
    assert old_npz in {object_id(path) for method, path in s3.requests if method == "GET" and "/files/md5/" in path}
    # Pruned at HEAD: its newest release still loads; HEAD itself no longer has it.
    assert load("old_xor@latest", repo=origin, remote="s3").source["commit"] == released
    with pytest.raises(LoadError, match="no DVC-tracked folder data/old_xor"):
        load("old_xor", repo=origin, remote="s3")
    with pytest.raises(LoadError) as gone:  # its objects are gone from the remote
        load("scratch", repo=origin, rev=untagged, remote="s3")
    message = str(gone.value)
    assert "'data/scratch'" in message and "is reachable but does not hold this data" in message
    assert "dvc gc --cloud" in message and "dvc push" in message
