"""A pin never returns other bytes (issue 10, items 5-7): remote objects edited on disk as an attacker would.

Each test works on a private copy of the history registry's remote, which a clone of the
registry commits as its default remote; consumers read a bare clone of that.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from juniper_data import LoadError, load
from juniper_data.adapters.dvc import locked_outputs
from juniper_data.artifacts.reader import ArtifactError, read_dataset
from juniper_data.dataset import ARRAY_KEYS
from juniper_data.storage.remotes import load_storage, remote_spec
from tests.pipeline.conftest import ROOT, run


def registry_on_copy(registry_env, tmp_path: Path) -> tuple[Path, Path, Path]:
    """(bare clone, its remote folder, the working clone) of the history registry on a private remote copy."""
    env, remote, work = registry_env.env, tmp_path / "remote", tmp_path / "work"
    shutil.copytree(registry_env.remote, remote)
    run(["git", "clone", "-q", str(registry_env.work), str(work)], tmp_path, env)
    run(["dvc", "remote", "modify", "local", "url", str(remote)], work, env)
    run(["git", "commit", "-qam", "remote: a private copy"], work, env)
    bare = tmp_path / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, env)
    return bare, remote, work


def stored(remote: Path, md5: str) -> Path:
    """A remote's object file, made writable (DVC stores them read-only)."""
    path = remote / "files" / "md5" / md5[:2] / md5[2:]
    path.chmod(0o644)
    return path


def flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_replaced_folder_manifest_on_the_remote_is_refused_naming_both_md5s(registry_env, tmp_path):
    bare, remote, _ = registry_on_copy(registry_env, tmp_path)
    outputs = locked_outputs(registry_env.work)  # HEAD (v3), as committed
    victim, other = outputs["data/xor_small"], outputs["data/spiral_small"]
    shutil.copyfile(stored(remote, other), stored(remote, victim))  # xor_small's .dir now lists spiral's files

    with pytest.raises(LoadError) as refused:
        load("xor_small", repo=bare)

    message = str(refused.value)
    assert victim in message and other in message and "'xor_small'" in message
    assert not list((tmp_path / "jd-cache").rglob("meta.json"))  # nothing entered the cache


def test_meta_that_disagrees_with_the_catalog_entry_at_the_commit_is_refused(registry_env, tmp_path):
    import json

    _, _, work = registry_on_copy(registry_env, tmp_path)
    entry_file = work / "catalog" / "xor_small.json"
    entry = json.loads(entry_file.read_text())
    published = entry["meta"]["dataset_id"]
    entry["meta"]["dataset_id"] = "xor-000000000000"  # git now records another dataset than the data is
    entry_file.write_text(json.dumps(entry, indent=2))
    run(["git", "commit", "-qam", "catalog says another dataset"], work, registry_env.env)

    with pytest.raises(LoadError) as refused:
        load("xor_small", repo=work)

    message = str(refused.value)
    assert published in message and "xor-000000000000" in message and "catalog/xor_small.json" in message


def test_every_committed_remote_verifies_what_it_downloads():
    from juniper_data.adapters.dvc import remote_definition

    for choice in sorted(p.stem for p in (ROOT / "conf" / "storage").glob("*.yaml")):
        assert remote_spec(load_storage(choice)).options["verify"] == "true", choice
    config = (ROOT / ".dvc" / "config").read_text()
    names = [line.split('"')[1] for line in config.splitlines() if line.startswith("['remote ")]
    assert names and all(remote_definition(config, name)["verify"] == "true" for name in names)


def test_a_flipped_byte_in_a_remote_npz_object_fails_dvc_pull_and_never_reaches_load(registry_env, tmp_path):
    bare, remote, _ = registry_on_copy(registry_env, tmp_path)
    npz = registry_env.work / "data" / "xor_small" / "xor_small.npz"
    good = hashlib.md5(npz.read_bytes()).hexdigest()
    flip_middle_byte(stored(remote, good))
    env = registry_env.env

    clone = tmp_path / "clone"  # a registry clone pulls with the committed `verify = true`
    run(["git", "clone", "-q", str(bare), str(clone)], tmp_path, env)
    pulled = run(["dvc", "pull"], clone, env, check=False)
    assert pulled.returncode != 0 and "data/xor_small" in pulled.stderr
    assert not (clone / "data" / "xor_small" / "xor_small.npz").exists()

    consumer = tmp_path / "consumer"  # a consumer imports it with plain DVC
    consumer.mkdir()
    run(["git", "init", "-q"], consumer, env)
    run(["dvc", "init", "-q"], consumer, env)
    imported = run(["dvc", "import", str(bare), "data/xor_small", "-o", "xor_small"], consumer, env, check=False)
    # DVC 3.67 reads an import through the registry's file system and does not apply the remote's
    # `verify` there (a same-size object is trusted on its metadata): the import succeeds with the
    # flipped byte. What catches it is our reader, and load() never returns it.
    assert imported.returncode == 0
    with pytest.raises(ArtifactError, match="corrupted"):
        read_dataset(consumer / "xor_small")
    with pytest.raises(LoadError, match="md5"):
        load("xor_small", repo=bare)


def test_a_release_tag_moved_upstream_is_refused_naming_the_release_and_both_commits(registry_env, tmp_path):
    upstream = shutil.copytree(registry_env.bare, tmp_path / "upstream.git")
    url, v2, v3 = f"file://{upstream}", registry_env.commits["v2"], registry_env.commits["v3"]
    assert load("xor_small@v1.1.0", repo=url).source["commit"] == v2
    run(["git", "tag", "-f", "-a", "-m", "moved", "xor_small@v1.1.0", v3], upstream, registry_env.env)

    # The mirror has not fetched yet: the release is what it was, never silently switched later...
    assert load("xor_small@v1.1.0", repo=url).source["commit"] == v2
    load("spiral_small", repo=url, rev="main")  # ...and once an unrelated call fetched, the move is refused.
    for spelled in ("xor_small@v1.1.0", "xor_small@latest"):
        with pytest.raises(LoadError) as refused:
            load(spelled, repo=url)
        message = str(refused.value)
        assert "xor_small@v1.1.0" in message and v2 in message and v3 in message and "immutable" in message

    local = shutil.copytree(registry_env.bare, tmp_path / "local.git")  # a local repository: no mirror between
    assert load("xor_small", repo=local, rev="xor_small@v1.1.0").source["commit"] == v2
    run(["git", "tag", "-f", "xor_small@v1.1.0", v3], local, registry_env.env)
    with pytest.raises(LoadError, match=f"xor_small@v1.1.0.*{v3}.*{v2}"):
        load("xor_small@v1.1.0", repo=local)


def test_old_releases_load_through_a_remote_the_registry_defines_only_now(registry_env, tmp_path, monkeypatch):
    env, work = registry_env.env, tmp_path / "work"
    archive = shutil.copytree(registry_env.remote, tmp_path / "archive")  # the data moved here
    run(["git", "clone", "-q", str(registry_env.work), str(work)], tmp_path, env)
    run(["dvc", "remote", "add", "-d", "archive", str(archive)], work, env)
    run(["git", "commit", "-qam", "remote: moved to archive"], work, env)
    bare = tmp_path / "registry.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, env)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))  # v1's default remote (~/.cache/...) is gone here

    got = load("xor_small@v1.0.0", repo=bare, remote="archive")  # v1's .dvc/config never named 'archive'
    expected = registry_env.expected_xor("v1")
    assert all(np.array_equal(got[k], expected[k]) for k in ARRAY_KEYS)
    with pytest.raises(LoadError) as gone:  # without it: v1's own default remote
        load("xor_fam/noise=0.0@v1.0.0", repo=bare)
    message = str(gone.value)
    assert "at release 'xor_fam/noise=0.0@v1.0.0'" in message and "HEAD" not in message


def test_a_remote_the_consumer_defines_serves_a_registry_that_never_named_it(registry_env, tmp_path, monkeypatch):
    shutil.copytree(registry_env.remote, tmp_path / "mirror")  # e.g. a copy a lab keeps nearby
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    run(["git", "init", "-q"], consumer, registry_env.env)
    run(["dvc", "init", "-q"], consumer, registry_env.env)
    run(["dvc", "remote", "add", "near", "../mirror"], consumer, registry_env.env)  # DVC stores it relative
    monkeypatch.chdir(consumer)
    got = load("xor_small", repo=registry_env.bare, rev="v2", remote="near")
    assert got.meta["hashes"] == registry_env.expected_xor("v2").meta["hashes"]
