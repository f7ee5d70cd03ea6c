"""Faults against the loopback S3 server: it dies mid-push, it rejects the credentials, it is down.

(A missing bucket: tests/storage/test_commands.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juniper_data.storage.remotes import RemoteSpec, configure_remote
from juniper_data.storage.sync import RemoteError, pull, push

from .conftest import s3_keys, s3_spec
from .repos import bare_clone, cache_objects, clone, digests, dvc, git
from .s3server import S3Server


def registry_state(repo: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """Workspace bytes, cache bytes, git status."""
    return digests(repo / "data"), digests(repo / ".dvc" / "cache"), git(repo, "status", "--porcelain")


def test_server_dying_mid_push_fails_clearly_damages_nothing_and_the_same_push_then_completes(
    s3_registry: Path, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    state = registry_state(s3_registry)
    objects = cache_objects(s3_registry / ".dvc" / "cache")
    s3.stop_after_puts(4)

    with pytest.raises(RemoteError) as failure:
        push(s3_registry)

    assert s3.stopped_by_itself.is_set()
    assert failure.value.kind == "unreachable"
    message = str(failure.value)
    assert "could not reach DVC remote 's3'" in message and s3.endpoint in message
    assert "run" in message and "again" in message and "Traceback" not in message
    assert registry_state(s3_registry) == state  # workspace, cache and git untouched
    assert "Data and pipelines are up to date" in dvc(s3_registry, "status")  # DVC agrees

    s3.start()  # same port; the objects stored before the crash are still there
    assert 4 <= len(s3_keys(s3, bucket)) < len(objects)

    push(s3_registry)  # the same command again

    assert {key.split("/files/md5/")[1].replace("/", "") for key in s3_keys(s3, bucket)} == objects
    fresh = clone(bare_clone(s3_registry, tmp_path / "registry.git"), tmp_path / "fresh")
    pull(fresh)
    assert digests(fresh / "data") == state[0]


def test_rejected_credentials_are_a_clear_error_that_says_where_to_set_them(
    s3_registry: Path, s3: S3Server, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong")
    s3.set_auth(enforced=True)
    try:
        with pytest.raises(RemoteError) as failure:
            push(s3_registry, s3_spec(s3, bucket))
    finally:
        s3.set_auth(enforced=False)

    assert failure.value.kind == "credentials"
    message = str(failure.value)
    assert "rejected the credentials" in message and "AWS_ACCESS_KEY_ID" in message
    assert "dvc remote modify --local s3" in message and "Traceback" not in message
    assert s3_keys(s3, bucket) == {}
    push(s3_registry)  # the same push with auth not enforced (moto's default) goes through
    assert s3_keys(s3, bucket)


def test_pull_from_a_server_that_is_down_fails_clearly_and_leaves_the_clone_as_it_was(
    template_registry: Path, tmp_path: Path
) -> None:
    fresh = clone(template_registry, tmp_path / "fresh")
    # nothing listens on port 9 (discard): connection refused
    down = RemoteSpec("s3", "s3://any-bucket/registry", {"endpointurl": "http://127.0.0.1:9"})
    configure_remote(fresh, down, default=True, local=True)

    with pytest.raises(RemoteError) as failure:
        pull(fresh)

    assert failure.value.kind == "unreachable"
    message = str(failure.value)
    assert "'s3' (s3://any-bucket/registry at http://127.0.0.1:9)" in message and "Traceback" not in message
    assert not (fresh / "data" / "xor_small").exists()
    assert git(fresh, "status", "--porcelain") == ""
