"""``dvc gc --cloud`` on the S3 remote after removing datasets at HEAD: only unreferenced objects go."""

from __future__ import annotations

from pathlib import Path

from juniper_data.storage.sync import collect_garbage, pull, push

from .conftest import s3_keys
from .repos import (
    add_recipe,
    bare_clone,
    clone,
    commit,
    digests,
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
