"""Fixtures: a loopback S3 server (moto), buckets, a template registry, an isolated environment."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from juniper_data.storage.remotes import RemoteSpec, configure_remote
from tests.pipeline.conftest import make_project

from .repos import commit, copy_repo, dvc, git
from .s3server import S3Server

_buckets = itertools.count()


@pytest.fixture(scope="package", autouse=True)
def storage_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Git identity, no DVC analytics, test S3 credentials *in the environment* (never in a config file)."""
    home = tmp_path_factory.mktemp("home")
    env = {
        "HOME": str(home),  # DVC's global config and the embedded ~/.cache/juniper-data/remote stay here
        "GIT_AUTHOR_NAME": "Storage Test",
        "GIT_AUTHOR_EMAIL": "storage@test.invalid",
        "GIT_COMMITTER_NAME": "Storage Test",
        "GIT_COMMITTER_EMAIL": "storage@test.invalid",
        "DVC_NO_ANALYTICS": "1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        # the user's ~/.aws must not leak in; fail fast instead of botocore's 5 slow retries
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_MAX_ATTEMPTS": "1",
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            patch.delenv(key, raising=False)
        yield


@pytest.fixture(scope="package")
def s3(storage_env: None) -> Iterator[S3Server]:
    """moto's S3 on 127.0.0.1 at a free port, for the whole package."""
    server = S3Server()
    server.start()
    yield server
    server.stop()


def make_bucket(server: S3Server) -> str:
    name = f"registry-{os.getpid()}-{next(_buckets)}"
    boto3.client("s3", endpoint_url=server.endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name


@pytest.fixture
def bucket(s3: S3Server) -> str:
    """A new empty bucket (moto's state is process-wide: one name per test)."""
    return make_bucket(s3)


def s3_keys(server: S3Server, bucket: str) -> dict[str, int]:
    """Every object in ``bucket``: key -> size."""
    client = boto3.client("s3", endpoint_url=server.endpoint, region_name="us-east-1")
    keys: dict[str, int] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.update({item["Key"]: item["Size"] for item in page.get("Contents", [])})
    return keys


def s3_spec(server: S3Server, bucket: str, name: str = "s3") -> RemoteSpec:
    return RemoteSpec(name=name, url=f"s3://{bucket}/registry", options={"endpointurl": server.endpoint})


@pytest.fixture(scope="package")
def template_registry(tmp_path_factory: pytest.TempPathFactory, storage_env: None) -> Path:
    """The real registry (small recipes, ``dvc repro``), committed; built once (copy it, do not mutate)."""
    project = make_project(tmp_path_factory.mktemp("template") / "registry", dict(os.environ))
    dvc(project, "repro", "--quiet")
    commit(project, "build")
    return project


def s3_registry_from(template: Path, target: Path, server: S3Server, bucket: str) -> Path:
    """A copy of ``template`` whose committed default remote is ``bucket`` (no credentials), tagged v1."""
    repo = copy_repo(template, target)
    configure_remote(repo, s3_spec(server, bucket), default=True)
    commit(repo, "remote: s3")
    git(repo, "tag", "v1")
    return repo


@pytest.fixture
def s3_registry(tmp_path: Path, template_registry: Path, s3: S3Server, bucket: str) -> Path:
    """The template registry, on its own bucket, tagged v1."""
    return s3_registry_from(template_registry, tmp_path / "registry", s3, bucket)
