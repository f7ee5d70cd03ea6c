"""load(): pinned versions from a bare registry, release resolution, cache by commit, clear errors."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest

from juniper_data import LoadError, generate, load, write_dataset
from juniper_data.artifacts.reader import ArtifactError
from juniper_data.dataset import ARRAY_KEYS
from tests.pipeline.conftest import run


def assert_same_arrays(got, expected):
    for key in ARRAY_KEYS:
        np.testing.assert_array_equal(got[key], expected[key], err_msg=key)
    assert got.meta["hashes"] == expected.meta["hashes"]


def test_load_at_v1_and_v2_returns_each_versions_arrays(registry_env):
    for tag in ("v1", "v2"):
        got = load("xor_small", repo=registry_env.bare, rev=tag)
        assert_same_arrays(got, registry_env.expected_xor(tag))
        assert got.source["commit"] == registry_env.commits[tag]


def test_loaded_dataset_has_the_same_mapping_and_meta_as_generate(registry_env):
    got = load("xor_small", repo=registry_env.bare, rev="v2")
    expected = registry_env.expected_xor("v2").annotate(name="xor_small", tags=["xor"])
    assert list(got) == list(expected)
    assert {k: v for k, v in got.meta.items() if k != "artifacts"} == expected.meta
    assert all(got[k].dtype == np.float32 and got[k].ndim == 2 for k in got)


def test_versioned_name_reads_at_its_release_tag(registry_env):
    got = load("xor_small@v1.0.0", repo=registry_env.bare)
    assert_same_arrays(got, registry_env.expected_xor("v1"))
    assert got.source["commit"] == registry_env.commits["v1"] and "xor_small@v1.0.0" in got.source["how"]


def test_a_rev_is_read_exactly_there_never_at_a_release_it_happens_to_reach(registry_env):
    # v3 changed xor_small without a release: HEAD (v3) gives v3's arrays, as `dvc get` at HEAD does.
    at_head = load("xor_small", repo=registry_env.bare)
    assert at_head.source["commit"] == registry_env.commits["v3"]
    assert_same_arrays(at_head, registry_env.expected_xor("v3"))
    for tag in ("v1", "v2", "v3"):
        got = load("xor_small", repo=registry_env.bare, rev=tag)
        assert got.source["commit"] == registry_env.commits[tag]
        assert_same_arrays(got, registry_env.expected_xor(tag))


def test_a_rev_spelled_as_a_release_tag_reads_that_release(registry_env):
    got = load("xor_small", repo=registry_env.bare, rev="xor_small@v1.0.0")
    assert got.source["commit"] == registry_env.commits["v1"]
    assert_same_arrays(got, registry_env.expected_xor("v1"))


def test_latest_is_the_newest_release_and_must_be_spelled(registry_env):
    got = load("xor_small@latest", repo=registry_env.bare)
    assert got.source["commit"] == registry_env.commits["v2"] and "xor_small@v1.1.0" in got.source["how"]
    assert_same_arrays(got, registry_env.expected_xor("v2"))
    with pytest.raises(LoadError, match=r"no release tag spiral_small@vX\.Y\.Z.*Known releases of it: none"):
        load("spiral_small@latest", repo=registry_env.bare)


def test_dataset_without_releases_is_read_at_the_rev_itself(registry_env):
    assert load("spiral_small", repo=registry_env.bare, rev="v3").source["commit"] == registry_env.commits["v3"]


def test_family_variant_uses_the_familys_release(registry_env):
    for spelled in ("xor_fam/noise=0.1@v1.0.0", "xor_fam/noise=0.1@latest"):
        got = load(spelled, repo=registry_env.bare)
        assert got.source["commit"] == registry_env.commits["v1"] and "xor_fam@v1.0.0" in got.source["how"]
        assert got.meta["recipe"]["params"]["noise"] == 0.1 and got.name == "xor_fam/noise=0.1"


def test_working_copy_and_file_url_give_the_same_arrays_as_the_bare_repo(registry_env):
    from_bare = load("xor_small", repo=registry_env.bare, rev="v2")
    for repo in (registry_env.work, f"file://{registry_env.bare}"):
        got = load("xor_small", repo=repo, rev="v2")
        assert_same_arrays(got, from_bare)
        assert got.source["commit"] == registry_env.commits["v2"]


def test_second_load_reads_the_cache_without_repo_or_remote(registry_env, tmp_path, monkeypatch):
    # A private copy of the registry and of its remote (the remote lives under HOME), then both vanish.
    home = tmp_path / "home"
    shutil.copytree(registry_env.remote, home / ".cache" / "juniper-data" / "remote")
    monkeypatch.setenv("HOME", str(home))
    bare = shutil.copytree(registry_env.bare, tmp_path / "copy.git")
    url, sha = f"file://{bare}", registry_env.commits["v1"]
    first = load("xor_small", repo=url, rev=sha)
    shutil.rmtree(bare)
    shutil.rmtree(home / ".cache" / "juniper-data" / "remote")
    second = load("xor_small", repo=url, rev=sha)
    assert_same_arrays(second, first)
    with pytest.raises(LoadError):  # proof that nothing else could have answered: a new version fails
        load("spiral_small", repo=url, rev=sha)


def test_damaged_cache_entry_is_fetched_again_not_trusted(registry_env, tmp_path):
    first = load("xor_small", repo=registry_env.bare, rev="v1")
    cache = tmp_path / "jd-cache" / "datasets"
    (entry,) = list(cache.glob(f"*/{registry_env.commits['v1']}/xor_small/*.npz"))
    arrays = dict(np.load(entry))
    arrays["X_train"][0, 0] += 1.0
    np.savez(entry, **arrays)
    again = load("xor_small", repo=registry_env.bare, rev="v1")
    assert_same_arrays(again, first)


def test_full_verify_rehashes_a_cache_entry_whose_stat_was_kept_and_repairs_it(registry_env, tmp_path):
    import os

    first = load("xor_small", repo=registry_env.bare, rev="v1")
    (entry,) = list((tmp_path / "jd-cache" / "datasets").glob("*/*/xor_small/*.npz"))
    info = entry.stat()
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0xFF  # flip one byte inside an array, keep size and mtime
    entry.write_bytes(bytes(data))
    os.utime(entry, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = load("xor_small", repo=registry_env.bare, rev="v1", verify="full")
    assert_same_arrays(again, first)
    assert entry.read_bytes() != bytes(data)  # the damaged entry was replaced by a fresh download


def test_unreachable_rev_names_repo_rev_and_dataset(registry_env):
    with pytest.raises(LoadError) as info:
        load("xor_small", repo=registry_env.bare, rev="v9")
    message = str(info.value)
    assert str(registry_env.bare) in message and "'v9'" in message and "'xor_small'" in message
    assert "xor_small@v1.0.0" in message  # what does exist


def test_unknown_release_is_an_error_never_another_version(registry_env):
    with pytest.raises(LoadError, match=r"xor_small@v2\.0\.0.*not found"):
        load("xor_small@v2.0.0", repo=registry_env.bare)


def test_unknown_dataset_suggests_close_names(registry_env, tmp_path):
    with pytest.raises(LoadError) as info:
        load("xor_smal", repo=registry_env.bare, rev="v1")
    message = str(info.value)
    assert "did you mean 'xor_small'" in message and registry_env.commits["v1"] in message
    assert not list((tmp_path / "jd-cache").rglob("meta.json"))


def test_data_missing_from_the_remote_is_an_error_naming_the_version(registry_env, tmp_path):
    env, work = registry_env.env, tmp_path / "unpushed"
    run(["git", "clone", "-q", str(registry_env.work), str(work)], tmp_path, env)
    extra = generate("circles", n_samples=30, seed=9).annotate(name="extra")
    write_dataset(extra, work / "data" / "extra")
    run(["dvc", "add", "-q", "data/extra"], work, env)
    run(["git", "add", "-A"], work, env)
    run(["git", "commit", "-qm", "not pushed"], work, env)
    bare = tmp_path / "unpushed.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, env)
    with pytest.raises(LoadError) as info:
        load("extra", repo=bare)
    message = str(info.value)
    assert "'extra'" in message and str(bare) in message and "rev 'HEAD'" in message and "pushed" in message


def test_corrupted_remote_object_is_detected_by_md5(registry_env, tmp_path):
    env, remote = registry_env.env, tmp_path / "remote"
    shutil.copytree(registry_env.remote, remote)
    md5 = hashlib.md5((registry_env.work / "data" / "xor_small" / "meta.json").read_bytes()).hexdigest()
    stored = remote / "files" / "md5" / md5[:2] / md5[2:]
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes().replace(b'"n_train"', b'"n_trainX"'))
    work = tmp_path / "w"
    run(["git", "clone", "-q", str(registry_env.work), str(work)], tmp_path, env)
    run(["dvc", "remote", "modify", "local", "url", str(remote)], work, env)
    run(["git", "commit", "-qam", "remote copy"], work, env)
    bare = tmp_path / "w.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], tmp_path, env)
    with pytest.raises((LoadError, ArtifactError), match="md5"):
        load("xor_small", repo=bare)


def test_remote_selects_the_registry_dvc_remote_by_name(registry_env):
    got = load("xor_small", repo=registry_env.bare, rev="v2", remote="local")
    assert_same_arrays(got, registry_env.expected_xor("v2"))
    with pytest.raises(LoadError) as info:
        load("spiral_small", repo=registry_env.bare, rev="v2", remote="elsewhere")
    assert "elsewhere" in str(info.value) and "'spiral_small'" in str(info.value)


def test_versioned_name_and_rev_together_are_rejected(registry_env):
    with pytest.raises(LoadError, match="either a versioned name or a rev"):
        load("xor_small@v1.0.0", repo=registry_env.bare, rev="v1")


def test_bad_version_spelling_is_rejected(registry_env):
    with pytest.raises(LoadError, match="vMAJOR.MINOR.PATCH"):
        load("xor_small@1.0", repo=registry_env.bare)


def test_missing_repository_is_a_clear_error(registry_env, tmp_path):
    with pytest.raises(LoadError, match="cannot reach registry"):
        load("xor_small", repo=str(tmp_path / "nowhere.git"))


def test_default_repo_is_the_checkout_around_cwd(registry_env, tmp_path, monkeypatch):
    work = tmp_path / "checkout"
    run(["git", "clone", "-q", str(registry_env.bare), str(work)], tmp_path, registry_env.env)
    (work / "conf").mkdir(exist_ok=True)
    monkeypatch.chdir(work / "conf")
    got = load("xor_small", rev="v2")
    assert got.source["repo"] == str(work.resolve())
    assert_same_arrays(got, registry_env.expected_xor("v2"))


def test_no_checkout_around_cwd_is_a_clear_error(registry_env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match="no registry checkout"):
        load("xor_small")


def test_loaded_dataset_exports_to_hf_and_torch_or_explains_torch(registry_env):
    import importlib.util

    got = load("xor_small@v1.0.0", repo=registry_env.bare)
    hf = got.to_hf()
    assert hf["train"].num_rows == got.meta["n_train"]
    assert hf["train"].features["label"].names == got.class_names
    np.testing.assert_array_equal(np.asarray(hf["test"]["label"]), got.labels("test"))
    if importlib.util.find_spec("torch") is None:
        with pytest.raises(ImportError, match="pip install torch"):
            got.to_torch()
    else:
        tensors = got.to_torch()
        features, labels = tensors["train"].tensors
        np.testing.assert_array_equal(features.numpy(), got["X_train"])
        np.testing.assert_array_equal(labels.numpy(), got.labels("train"))


def test_load_fills_the_fields_consumers_read_with_the_release_version(registry_env):
    """SPEC-0.17 §3: dataset_name and dataset_version (canopy), truncation and data_quality (cascor)."""
    released = load("xor_small@v1.0.0", repo=registry_env.bare).meta
    assert (released["dataset_name"], released["dataset_version"]) == ("xor_small", "1.0.0")
    assert (released["n_val"], released["task_type"]) == (0, "classification")
    assert released["truncation"] is None and released["data_quality"] is None
    assert load("xor_small", repo=registry_env.bare, rev="xor_small@v1.1.0").meta["dataset_version"] == "1.1.0"
    assert load("xor_small", repo=registry_env.bare, rev="v3").meta["dataset_version"] is None
    again = load("xor_small@v1.0.0", repo=registry_env.bare)  # from the load cache: the same fields
    assert again.meta["dataset_version"] == "1.0.0" and again.meta["dataset_name"] == "xor_small"
