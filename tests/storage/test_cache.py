"""Two clones on one machine sharing one DVC cache: each dataset stored once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from juniper_data.storage.cache import LINK_TYPES, share_cache
from juniper_data.storage.remotes import RemoteSpec, StorageError, configure_remote
from juniper_data.storage.sync import pull, push

from .repos import bare_clone, cache_objects, clone, commit, copy_repo, digests, dvc


def test_two_clones_share_one_cache_so_each_object_is_stored_once_and_linked_not_copied(
    template_registry: Path, tmp_path: Path
) -> None:
    registry = copy_repo(template_registry, tmp_path / "registry")
    remote = tmp_path / "remote"
    configure_remote(registry, RemoteSpec("local", str(remote)), default=True)
    commit(registry, "remote: local")
    push(registry)
    origin = bare_clone(registry, tmp_path / "registry.git")
    shared = tmp_path / "shared-cache"
    first, second = clone(origin, tmp_path / "first"), clone(origin, tmp_path / "second")

    share_cache(first, shared, link_types=["hardlink"])
    pull(first)
    remote.rename(tmp_path / "remote-gone")  # the second clone must not need the remote at all
    share_cache(second, shared, link_types=["hardlink"])
    dvc(second, "checkout")

    assert cache_objects(shared) == cache_objects(registry / ".dvc" / "cache")  # stored once
    assert digests(first / "data") == digests(second / "data") == digests(registry / "data")
    assert not (first / ".dvc" / "cache").exists() and not (second / ".dvc" / "cache").exists()
    npz = Path("data/xor_small/xor_small.npz")
    assert (first / npz).stat().st_ino == (second / npz).stat().st_ino  # one file on disk, two names
    some_dir = next(p for p in (shared / "files" / "md5").iterdir() if p.is_dir())
    assert some_dir.stat().st_mode & stat.S_IWGRP  # cache.shared = group
    assert str(shared) in (first / ".dvc" / "config.local").read_text()
    assert str(shared) not in (first / ".dvc" / "config").read_text()  # machine paths are not committed


def test_share_cache_defaults_to_every_link_type_in_dvc_order_in_config_local_only(
    template_registry: Path, tmp_path: Path
) -> None:
    repo = clone(template_registry, tmp_path / "clone")

    share_cache(repo, tmp_path / "cache")

    local = (repo / ".dvc" / "config.local").read_text()
    assert f'type = "{",".join(LINK_TYPES)}"' in local and LINK_TYPES == (
        "reflink",
        "hardlink",
        "symlink",
        "copy",
    )
    assert "shared = group" in local and f"dir = {tmp_path / 'cache'}" in local
    assert "[cache]" not in (repo / ".dvc" / "config").read_text()
    with pytest.raises(StorageError, match=r"link_types = \['softlink'\]: allowed a non-empty subset"):
        share_cache(repo, tmp_path / "cache", link_types=["softlink"])
