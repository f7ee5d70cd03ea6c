"""The registry on a real S3-compatible server (moto on loopback): push, fresh-clone pull, import, load()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from juniper_data import LoadError, load
from juniper_data.artifacts.reader import read_dataset
from juniper_data.storage.sync import cloud_status, pull, push

from .conftest import make_bucket, s3_keys, s3_registry_from
from .repos import assert_same_arrays, bare_clone, cache_objects, clone, digests, dvc, file_md5, git, object_id
from .s3server import S3Server


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory, template_registry: Path, s3: S3Server) -> dict[str, Any]:
    """One registry pushed to its own bucket; what cloud status said before."""
    bucket = make_bucket(s3)
    repo = s3_registry_from(template_registry, tmp_path_factory.mktemp("roundtrip") / "registry", s3, bucket)
    before = cloud_status(repo)
    summary = push(repo)
    return {"repo": repo, "bucket": bucket, "before": before, "summary": summary}


def test_push_sends_every_cache_object_to_the_bucket_and_nothing_else(pushed: dict[str, Any], s3: S3Server) -> None:
    repo = pushed["repo"]
    assert set(pushed["before"].values()) == {"new"}
    tracked = {p.name for p in (repo / "data").iterdir() if p.name != ".gitignore"}
    assert tracked == {"xor_small", "spiral_small", "xor_fam", "catalog.json", "catalog.parquet", "README.md"}
    assert {path.split("/")[0] for path in pushed["before"]} == {"data", "site"}  # site/: the site stage's output
    assert {path.split("/")[1] for path in pushed["before"] if path.startswith("data/")} == tracked

    keys = s3_keys(s3, pushed["bucket"])
    assert {key.split("/files/md5/")[1].replace("/", "") for key in keys} == cache_objects(repo / ".dvc" / "cache")
    assert pushed["summary"] == f"{len(keys)} files pushed"
    config = (repo / ".dvc" / "config").read_text()
    assert s3.endpoint in config and "secret" not in config and "access_key" not in config  # env only


def test_fresh_clone_that_never_saw_the_data_pulls_identical_bytes(pushed: dict[str, Any], tmp_path: Path) -> None:
    origin = bare_clone(pushed["repo"], tmp_path / "registry.git")
    fresh = clone(origin, tmp_path / "fresh")
    assert not (fresh / "data" / "xor_small").exists()
    assert not (fresh / ".dvc" / "cache").exists()

    pull(fresh)

    assert digests(fresh / "data") == digests(pushed["repo"] / "data")


def test_consumer_imports_a_tagged_dataset_through_s3(pushed: dict[str, Any], tmp_path: Path) -> None:
    origin = bare_clone(pushed["repo"], tmp_path / "registry.git")
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    git(consumer, "init", "-q")
    dvc(consumer, "init", "-q")
    (consumer / "data").mkdir()

    dvc(consumer, "import", str(origin), "data/spiral_small", "-o", "data/spiral_small", "--rev", "v1")

    assert digests(consumer / "data" / "spiral_small") == digests(pushed["repo"] / "data" / "spiral_small")
    lock = (consumer / "data" / "spiral_small.dvc").read_text()
    assert "rev: v1" in lock and "rev_lock:" in lock


def test_load_through_s3_returns_the_registrys_arrays_and_a_second_load_needs_no_server(
    pushed: dict[str, Any], s3: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pushed["repo"]
    origin = bare_clone(repo, tmp_path / "registry.git")  # git history only: the data must come from S3
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "jd-cache"))  # a fresh load cache
    names = ["spiral_small", "xor_fam/noise=0.1"]
    s3.requests.clear()

    first = {name: load(name, repo=origin, rev="v1", remote="s3") for name in names}

    fetched = {object_id(path) for method, path in s3.requests if method == "GET" and "/files/md5/" in path}
    for name, dataset in first.items():
        folder = repo / "data" / name
        assert_same_arrays(dataset, read_dataset(folder))
        assert {file_md5(folder / "meta.json"), file_md5(folder / dataset.meta["artifacts"]["npz"])} <= fetched
    s3.stop()
    try:
        again = {name: load(name, repo=origin, rev="v1", remote="s3") for name in names}
        with pytest.raises(LoadError) as down:  # not in the load cache: needs the server
            load("xor_small", repo=origin, rev="v1", remote="s3")
    finally:
        s3.start()  # same port, same objects: the rest of the package keeps its server
    for name in names:
        assert_same_arrays(again[name], first[name])
        assert again[name].source == first[name].source
    assert "could not reach DVC remote 's3'" in str(down.value) and s3.endpoint in str(down.value)
