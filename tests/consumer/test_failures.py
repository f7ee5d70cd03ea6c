"""DVC failures told apart by cause, each created for real, each with the command that helps (issue 10.14, 10.15).

A full file system is a small tmpfs mounted for the test (this machine's tests run as root),
filled up to its last page; where mounting is not allowed, the same load runs in a
subprocess under ``RLIMIT_FSIZE`` (EFBIG: the file-size limit, reported the same way).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from juniper_data import LoadError, load
from juniper_data.storage.sync import RemoteError, pull
from tests.consumer.test_trust import flip_middle_byte, registry_on_copy
from tests.pipeline.conftest import ROOT, run


def _fill(folder: Path) -> None:
    """Write until the file system holding ``folder`` has not one byte left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for block in (1 << 16, 4096, 1):
            try:
                while os.write(fd, b"\0" * block):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path | None]:
    """A 4 MiB tmpfs (None where mounting is not allowed); unmounted afterwards."""
    mount = tmp_path / "small-fs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _under_file_size_limit(code: str, *args: str) -> str:
    """stdout of ``code`` run where no file may grow past 1,000 bytes (EFBIG: the stand-in for ENOSPC)."""
    limit = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", limit + code, *args], env=env, capture_output=True, text=True).stdout


def test_a_full_disk_is_reported_as_no_space_with_what_frees_it(registry_env, tmp_path, small_fs, monkeypatch):
    if small_fs is not None:
        cache = small_fs / "jd-cache"
        cache.mkdir()
        _fill(small_fs)
        monkeypatch.setenv("JUNIPER_DATA_CACHE", str(cache))
        with pytest.raises(LoadError) as failure:
            load("xor_small", repo=registry_env.bare, rev="v1")
        message = str(failure.value)
        (small_fs / "filler").unlink()
        assert not list(cache.rglob("meta.json"))  # nothing half-written became an entry
        assert load("xor_small", repo=registry_env.bare, rev="v1").meta["n_train"]  # space back: it loads
    else:
        code = (
            "import sys\nfrom juniper_data import LoadError, load\n"
            "try:\n    load('xor_small', repo=sys.argv[1], rev='v1')\nexcept LoadError as error:\n    print(error)\n"
        )
        message = _under_file_size_limit(code, str(registry_env.bare))
    assert "no space left on the device" in message and "df -h" in message
    assert "could not reach" not in message and "server" not in message


def test_a_full_disk_during_dvc_pull_is_no_space_not_an_unreachable_remote(registry_env, tmp_path, small_fs):
    clone = (small_fs or tmp_path) / "clone"
    run(["git", "clone", "-q", str(registry_env.bare), str(clone)], tmp_path, registry_env.env)
    if small_fs is not None:
        _fill(small_fs)
        with pytest.raises(RemoteError) as failure:
            pull(clone)
        kind, message = failure.value.kind, str(failure.value)
    else:
        code = (
            "import sys\nfrom juniper_data.storage.sync import RemoteError, pull\n"
            "try:\n    pull(sys.argv[1])\nexcept RemoteError as error:\n    print(error.kind, error)\n"
        )
        kind, _, message = _under_file_size_limit(code, str(clone)).partition(" ")
    assert kind == "no-space"
    assert "no space left" in message and "df -h" in message


def test_data_removed_by_dvc_gc_is_missing_from_a_reachable_remote(registry_env, tmp_path):
    bare, remote, work = registry_on_copy(registry_env, tmp_path)
    env = registry_env.env
    run(["dvc", "remote", "modify", "--local", "local", "url", str(remote)], work, env)
    run(["git", "checkout", "-q", "--orphan", "nothing"], work, env)  # a workspace that references no data
    run(["git", "rm", "-rqf", "--", ".", ":!.dvc"], work, env)
    run(["git", "commit", "-qm", "nothing tracked"], work, env)
    run(["dvc", "gc", "--workspace", "--cloud", "--force"], work, env)  # deletes every object of the remote
    assert not list((remote / "files" / "md5").rglob("*.dir"))

    with pytest.raises(LoadError) as failure:
        load("spiral_small", repo=bare, rev="main")

    message = str(failure.value)
    assert "is reachable but does not hold this data" in message and "dvc gc --cloud" in message
    assert "dvc push" in message and "could not reach" not in message and "server" not in message


def test_an_unreachable_remote_says_so_and_how_to_check_it(registry_env, tmp_path):
    env, work = registry_env.env, tmp_path / "work"
    run(["git", "clone", "-q", str(registry_env.work), str(work)], tmp_path, env)
    run(["dvc", "remote", "add", "-d", "down", "http://127.0.0.1:9/registry"], work, env)  # nothing listens
    run(["git", "commit", "-qam", "remote: a server that is down"], work, env)
    bare = tmp_path / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, env)

    with pytest.raises(LoadError) as failure:
        load("xor_small", repo=bare)

    message = str(failure.value)
    assert "could not reach DVC remote" in message or "could not reach the registry's default" in message
    assert "127.0.0.1:9" in message and "dvc status --cloud" in message and "does not hold" not in message


def test_a_damaged_object_in_the_local_dvc_cache_is_blamed_on_the_cache_not_the_remote(registry_env, tmp_path):
    work = shutil.copytree(registry_env.work, tmp_path / "work", symlinks=True)
    npz = work / "data" / "spiral_small" / "spiral_small.npz"
    md5 = hashlib.md5(npz.read_bytes()).hexdigest()
    cached = work / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
    cached.chmod(0o644)
    flip_middle_byte(cached)

    with pytest.raises(LoadError) as failure:
        load("spiral_small", repo=work, rev="HEAD")  # a checkout reads its own cache first

    message = str(failure.value)
    assert f"local DVC cache object {cached} is damaged" in message and "dvc fetch" in message
    assert "remote holds a corrupted object" not in message


def test_dvcs_site_cache_is_this_test_sessions_own(dvc_site_cache, registry_env, tmp_path):
    assert os.environ["DVC_SITE_CACHE_DIR"] == str(dvc_site_cache)
    work = shutil.copytree(registry_env.work, tmp_path / "work", symlinks=True)
    before = set((dvc_site_cache / "repo").iterdir()) if (dvc_site_cache / "repo").is_dir() else set()
    run(["dvc", "status", "-q"], work, dict(os.environ, **{k: registry_env.env[k] for k in ("HOME",)}), check=False)
    assert set((dvc_site_cache / "repo").iterdir()) - before  # the subprocess put its repo folder there


def test_load_keeps_dvcs_site_cache_inside_the_load_cache(registry_env, tmp_path, monkeypatch):
    monkeypatch.delenv("DVC_SITE_CACHE_DIR")
    load("xor_small", repo=registry_env.work, rev="v2")
    assert list((tmp_path / "jd-cache" / "dvc-site" / "repo").iterdir())
