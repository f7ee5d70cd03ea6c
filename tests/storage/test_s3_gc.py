"""``dvc gc --cloud`` on the S3 remote after removing datasets: only unreferenced objects go."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from juniper_data.storage.sync import RemoteError, collect_garbage, pull, push

from .conftest import s3_keys
from .repos import bare_clone, clone, commit, digests, dvc, git, write
from .s3server import S3Server


def dataset_objects(repo: Path, name: str) -> set[str]:
    """The object ids a tracked dataset folder needs: its ``.dir`` manifest and every file in it."""
    dir_md5 = yaml.safe_load((repo / "data" / f"{name}.dvc").read_text())["outs"][0]["md5"]
    manifest = repo / ".dvc" / "cache" / "files" / "md5" / dir_md5[:2] / dir_md5[2:]
    return {dir_md5} | {entry["md5"] for entry in json.loads(manifest.read_text())}


def remote_objects(s3: S3Server, bucket: str) -> set[str]:
    return {key.split("/files/md5/")[1].replace("/", "") for key in s3_keys(s3, bucket)}


def test_gc_cloud_removes_only_objects_no_tag_or_head_references_and_v1_still_pulls(
    s3_registry: Path, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    repo = s3_registry
    v1_bytes = digests(repo / "data")
    push(repo)
    # An untagged commit adds a distinct dataset and a byte-identical copy of a v1 dataset.
    write(repo, "xor_other", "xor", {"n_points_per_quadrant": 70, "seed": 99})
    shutil.copytree(repo / "data" / "xor_small", repo / "data" / "xor_copy")
    dvc(repo, "add", "data/xor_other", "data/xor_copy")
    untagged = commit(repo, "add xor_other and xor_copy")
    push(repo)
    everything = remote_objects(s3, bucket)
    kept_by_v1 = set().union(*(dataset_objects(repo, name) for name in v1_names(repo)))
    only_xor_other = dataset_objects(repo, "xor_other") - kept_by_v1
    assert dataset_objects(repo, "xor_copy") <= kept_by_v1  # content-addressed: stored once
    assert only_xor_other and only_xor_other <= everything
    # HEAD drops them and a v1 dataset; v1 (a tag) still references that one.
    dvc(repo, "remove", "data/xor_other.dvc", "data/xor_copy.dvc", "data/spiral_two.dvc")
    for name in ("xor_other", "xor_copy", "spiral_two"):
        shutil.rmtree(repo / "data" / name)
    commit(repo, "remove xor_other, xor_copy, spiral_two")

    collect_garbage(repo)

    assert remote_objects(s3, bucket) == everything - only_xor_other
    origin = bare_clone(repo, tmp_path / "registry.git")
    old = clone(origin, tmp_path / "at-v1", rev="v1")
    pull(old)
    assert digests(old / "data") == v1_bytes
    gone = clone(origin, tmp_path / "at-untagged", rev=untagged)
    with pytest.raises(RemoteError) as failure:
        pull(gone, targets=["data/xor_other.dvc"])
    assert failure.value.kind == "missing-objects"


def v1_names(repo: Path) -> list[str]:
    listing = git(repo, "ls-tree", "--name-only", "v1", "data/")
    return [Path(line).stem for line in listing.splitlines() if line.endswith(".dvc")]
