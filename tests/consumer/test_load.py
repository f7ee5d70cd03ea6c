"""load(): pinned versions from a bare registry, release resolution, cache by commit, clear errors."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest

from juniper_data import LoadError, generate, load, write_dataset
from juniper_data.artifacts.reader import ArtifactError
from juniper_data.dataset import ARRAY_KEYS
from tests.consumer.conftest import run


def assert_same_arrays(got, expected):
    for key in ARRAY_KEYS:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)
    assert got.meta["hashes"] == expected.meta["hashes"]


def cached_commits(cache):
    return sorted(p.name for p in (cache / "datasets").glob("*/*"))


def test_load_at_v1_and_v2_returns_each_versions_arrays(registry, cache):
    for tag in ("v1", "v2"):
        got = load("xor_small", repo=registry.bare, rev=tag, release=False)
        assert_same_arrays(got, registry.expected("xor_small", tag))
        assert got.source["commit"] == registry.commits[tag]


def test_loaded_dataset_has_the_same_mapping_and_meta_as_generate(registry, cache):
    got = load("circles_small", repo=registry.bare, rev="v1")
    expected = registry.expected("circles_small", "v1")
    assert list(got) == list(expected)
    assert {k: v for k, v in got.meta.items() if k != "artifacts"} == expected.meta
    assert all(got[k].dtype == np.float32 and got[k].ndim == 2 for k in got)


def test_versioned_name_reads_at_its_release_tag(registry, cache):
    got = load("xor_small@v1.0.0", repo=registry.bare)
    assert_same_arrays(got, registry.expected("xor_small", "v1"))
    assert got.source["commit"] == registry.commits["v1"] and "xor_small@v1.0.0" in got.source["how"]


def test_plain_name_takes_the_newest_release_reachable_from_the_rev(registry, cache):
    # v3 changed xor_small without a release: the newest release reachable from it is v1.1.0 (at v2).
    at_head = load("xor_small", repo=registry.bare)
    assert at_head.source["commit"] == registry.commits["v2"]
    assert_same_arrays(at_head, registry.expected("xor_small", "v2"))
    # From v1 only v1.0.0 is reachable.
    assert load("xor_small", repo=registry.bare, rev="v1").source["commit"] == registry.commits["v1"]


def test_release_false_reads_exactly_at_the_rev(registry, cache):
    got = load("xor_small", repo=registry.bare, rev="v3", release=False)
    assert_same_arrays(got, registry.expected("xor_small", "v3"))


def test_dataset_without_releases_is_read_at_the_rev_itself(registry, cache):
    got = load("circles_small", repo=registry.bare, rev="v3")
    assert got.source["commit"] == registry.commits["v3"]


def test_working_copy_and_file_url_give_the_same_arrays_as_the_bare_repo(registry, cache):
    from_bare = load("xor_small", repo=registry.bare, rev="v2", release=False)
    for repo in (registry.work, f"file://{registry.bare}"):
        got = load("xor_small", repo=repo, rev="v2", release=False)
        assert_same_arrays(got, from_bare)
        assert got.source["commit"] == registry.commits["v2"]


def test_second_load_reads_the_cache_without_repo_or_remote(registry, cache, bare_copy, tmp_path):
    url = f"file://{bare_copy}"
    sha = registry.commits["v1"]
    first = load("xor_small", repo=url, rev=sha, release=False)
    assert cached_commits(cache) == [sha]
    # Take the registry and its DVC remote away: only the cache (and the git mirror) can answer now.
    shutil.move(bare_copy, tmp_path / "gone.git")
    shutil.move(registry.remote, tmp_path / "gone-remote")
    try:
        second = load("xor_small", repo=url, rev=sha, release=False)
    finally:
        shutil.move(tmp_path / "gone-remote", registry.remote)
    assert_same_arrays(second, first)


def test_damaged_cache_entry_is_fetched_again_not_trusted(registry, cache):
    first = load("xor_small", repo=registry.bare, rev="v1", release=False)
    npz = cache / "datasets"
    (entry,) = list(npz.glob(f"*/{registry.commits['v1']}/xor_small/*.npz"))
    data = dict(np.load(entry))
    data["X_train"][0, 0] += 1.0
    np.savez(entry, **data)
    again = load("xor_small", repo=registry.bare, rev="v1", release=False)
    assert_same_arrays(again, first)


def test_unreachable_rev_names_repo_rev_and_dataset(registry, cache):
    with pytest.raises(LoadError) as info:
        load("xor_small", repo=registry.bare, rev="v9")
    message = str(info.value)
    assert str(registry.bare) in message and "'v9'" in message and "'xor_small'" in message
    assert "xor_small@v1.0.0" in message  # what does exist


def test_unknown_release_is_an_error_never_another_version(registry, cache):
    with pytest.raises(LoadError, match=r"xor_small@v2\.0\.0.*not found"):
        load("xor_small@v2.0.0", repo=registry.bare)


def test_unknown_dataset_suggests_close_names(registry, cache):
    with pytest.raises(LoadError) as info:
        load("xor_smal", repo=registry.bare, rev="v1")
    message = str(info.value)
    assert "did you mean 'xor_small'" in message and registry.commits["v1"] in message
    assert not list((cache / "datasets").rglob("meta.json"))


def test_data_missing_from_the_remote_is_an_error_naming_the_version(registry, cache, tmp_path):
    work = tmp_path / "unpushed"
    run(["git", "clone", "-q", str(registry.work), str(work)], tmp_path, registry.env)
    write_dataset(
        generate("circles", n_samples=30, seed=9).annotate(name="circles_copy"),
        work / "data" / "circles_copy",
    )
    run(["dvc", "add", "-q", "data/circles_copy"], work, registry.env)
    run(["git", "add", "-A"], work, registry.env)
    run(["git", "commit", "-qm", "not pushed"], work, registry.env)
    bare = tmp_path / "unpushed.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, registry.env)
    with pytest.raises(LoadError) as info:
        load("circles_copy", repo=bare, release=False)
    message = str(info.value)
    assert "circles_copy" in message and str(bare) in message and "HEAD" in message


def test_corrupted_remote_object_is_detected_by_md5(registry, cache, tmp_path):
    remote_copy = tmp_path / "remote"
    shutil.copytree(registry.remote, remote_copy)
    md5 = hashlib.md5((registry.work / "data" / "circles_small" / "meta.json").read_bytes()).hexdigest()
    stored = remote_copy / "files" / "md5" / md5[:2] / md5[2:]
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes().replace(b'"n_train"', b'"n_trainX"'))
    work = tmp_path / "w"
    run(["git", "clone", "-q", str(registry.work), str(work)], tmp_path, registry.env)
    run(["dvc", "remote", "modify", "local", "url", str(remote_copy)], work, registry.env)
    run(["git", "commit", "-qam", "remote copy"], work, registry.env)
    with pytest.raises((LoadError, ArtifactError), match="md5"):
        load("circles_small", repo=work, release=False)


def test_versioned_name_and_rev_together_are_rejected(registry, cache):
    with pytest.raises(LoadError, match="either a versioned name or a rev"):
        load("xor_small@v1.0.0", repo=registry.bare, rev="v1")


def test_bad_version_spelling_is_rejected(registry, cache):
    with pytest.raises(LoadError, match="vMAJOR.MINOR.PATCH"):
        load("xor_small@1.0", repo=registry.bare)


def test_missing_repository_is_a_clear_error(cache, tmp_path):
    with pytest.raises(LoadError, match="cannot reach registry"):
        load("xor_small", repo=str(tmp_path / "nowhere.git"))


def test_default_repo_is_the_checkout_around_cwd(registry, cache, tmp_path, monkeypatch):
    work = tmp_path / "checkout"
    run(["git", "clone", "-q", str(registry.bare), str(work)], tmp_path, registry.env)
    (work / "sub").mkdir()
    monkeypatch.chdir(work / "sub")
    got = load("xor_small", rev="v2", release=False)
    assert got.source["repo"] == str(work.resolve())
    assert_same_arrays(got, registry.expected("xor_small", "v2"))


def test_no_checkout_around_cwd_is_a_clear_error(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match="no registry checkout"):
        load("xor_small")
