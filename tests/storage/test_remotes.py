"""Storage choices (conf/storage) -> validated DVC remote specs -> a repository's DVC config."""

from __future__ import annotations

from pathlib import Path

import pytest

from juniper_data.config import StorageConfig
from juniper_data.storage import remotes
from juniper_data.storage.remotes import (
    StorageError,
    configure_remote,
    load_storage,
    remote_spec,
    require_plugin,
    set_credentials,
)

from .repos import dvc, git

CHOICES = {"local": "local", "s3": "s3", "gs": "gs", "azure": "azure", "ssh": "ssh", "http": "https"}


@pytest.mark.parametrize("choice", sorted(CHOICES))
def test_every_storage_choice_composes_to_a_remote_named_after_it_with_artifact_settings(choice: str) -> None:
    storage = load_storage(choice)
    spec = remote_spec(storage)

    assert spec.name == choice and spec.scheme == CHOICES[choice]
    assert storage.formats == ["npz", "parquet"] and storage.compress is False  # same bytes on every remote
    assert spec.read_only is (choice == "http")
    assert not set(spec.options) & remotes.LOCAL_ONLY_OPTIONS


def test_s3_overrides_set_bucket_endpoint_region_and_profile_as_remote_options() -> None:
    storage = load_storage(
        "s3",
        [
            "storage.url=s3://team-bucket/juniper",
            "storage.endpointurl=http://127.0.0.1:9000",
            "storage.region=eu-west-1",
            "storage.options.profile=research",
            "storage.formats=[parquet]",
            "storage.compress=true",
        ],
    )
    spec = remote_spec(storage)

    assert spec.url == "s3://team-bucket/juniper"
    assert dict(spec.options) == {
        "endpointurl": "http://127.0.0.1:9000",
        "region": "eu-west-1",
        "profile": "research",
        "verify": "true",  # every committed remote rehashes what it downloads
    }
    assert spec.location == "s3://team-bucket/juniper at http://127.0.0.1:9000"
    assert storage.formats == ["parquet"] and storage.compress is True


@pytest.mark.parametrize(
    ("storage", "message"),
    [
        (
            StorageConfig(remote="s3", url="s3://b/p", options={"secret_access_key": "x"}),
            "storage.options.secret_access_key",
        ),
        (
            StorageConfig(remote="s3", url="s3://b/p", options={"access_key_id": "x"}),
            "--local s3 access_key_id",
        ),
        (
            StorageConfig(remote="local", url="relative/remote"),
            "storage.url = 'relative/remote': a local remote must",
        ),
        (StorageConfig(remote="x", url="ftp://host/p"), "unknown scheme 'ftp'; allowed: local, s3"),
        (StorageConfig(remote="my remote", url="s3://b/p"), "storage.remote = 'my remote'"),
    ],
)
def test_invalid_remote_part_is_refused_naming_field_and_value(storage: StorageConfig, message: str) -> None:
    with pytest.raises(StorageError, match=message.replace("(", r"\(").replace(".", r"\.")):
        remote_spec(storage)


@pytest.mark.parametrize(
    ("choice", "overrides", "message"),
    [
        ("nfs", [], "storage = 'nfs': no .*nfs.yaml; allowed: azure, gs, http, local, s3, ssh"),
        (
            "s3",
            ["storage.formats=[csv]"],
            r"storage.formats = \['csv'\]: unknown \['csv'\]; allowed: npz, parquet",
        ),
        ("s3", ["storage.bucket=b"], "Could not override 'storage.bucket'"),
        ("s3", ["+storage.options.password=hunter2"], "storage.options.password: secrets"),
    ],
)
def test_bad_choice_or_override_is_a_storage_error(choice: str, overrides: list[str], message: str) -> None:
    with pytest.raises(StorageError, match=message):
        load_storage(choice, overrides)


def test_missing_dvc_plugin_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(remotes.PLUGINS, "gs", ("juniper_data_absent_plugin", "dvc-gs"))
    with pytest.raises(StorageError, match="pip install 'dvc-gs'"):
        require_plugin("gs")
    require_plugin("s3")  # dvc-s3 is installed (the s3 extra)


def test_configure_commits_url_and_endpoint_while_credentials_go_only_to_git_ignored_config_local(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    dvc(repo, "init", "-q")
    spec = remote_spec(load_storage("s3", ["storage.url=s3://b/reg", "storage.endpointurl=http://127.0.0.1:9000"]))

    configure_remote(repo, spec, default=True)
    set_credentials(repo, "s3", {"access_key_id": "AKIAEXAMPLE", "secret_access_key": "s3cr3t"})

    committed = (repo / ".dvc" / "config").read_text()
    local = (repo / ".dvc" / "config.local").read_text()
    assert "url = s3://b/reg" in committed and "endpointurl = http://127.0.0.1:9000" in committed
    assert "remote = s3" in committed
    assert "s3cr3t" not in committed and "AKIAEXAMPLE" not in committed
    assert "secret_access_key = s3cr3t" in local
    git(repo, "check-ignore", "-q", ".dvc/config.local")  # exits non-zero if git would track it
