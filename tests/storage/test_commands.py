"""``python -m juniper_data.storage remote ...`` (the ``juniper-data remote`` subcommands) end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from juniper_data.storage.remotes import configure_remote

from .conftest import s3_keys, s3_spec
from .repos import copy_repo
from .s3server import S3Server

ROOT = Path(__file__).resolve().parents[2]


def remote_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "juniper_data.storage", "remote", *args],
        cwd=ROOT,  # this checkout's package and conf/
        capture_output=True,
        text=True,
    )


def test_setup_then_push_through_the_command_line(
    template_registry: Path, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    repo = copy_repo(template_registry, tmp_path / "registry")
    overrides = [f"storage.url=s3://{bucket}/registry", f"storage.endpointurl={s3.endpoint}"]

    setup = remote_cli("setup", "--storage", "s3", "--repo", str(repo), "--default", *overrides)
    pushed = remote_cli("push", "--storage", "s3", "--repo", str(repo))

    assert setup.returncode == 0, setup.stderr
    assert f"DVC remote 's3' -> s3://{bucket}/registry at {s3.endpoint} (.dvc/config, default)" in setup.stdout
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.strip() == f"{len(s3_keys(s3, bucket))} files pushed"


def test_bad_storage_choice_exits_2_with_one_error_line_and_leaves_the_config_alone(
    template_registry: Path, tmp_path: Path
) -> None:
    repo = copy_repo(template_registry, tmp_path / "registry")
    config = (repo / ".dvc" / "config").read_bytes()

    result = remote_cli("setup", "--storage", "s3", "--repo", str(repo), "+storage.options.secret_access_key=x")

    assert result.returncode == 2
    assert (
        result.stderr.startswith("error: storage.options.secret_access_key: secrets") and result.stderr.count("\n") == 1
    )
    assert (repo / ".dvc" / "config").read_bytes() == config


def test_push_to_a_missing_bucket_exits_1_with_our_message_not_a_traceback(
    template_registry: Path, s3: S3Server, tmp_path: Path
) -> None:
    repo = copy_repo(template_registry, tmp_path / "registry")
    configure_remote(repo, s3_spec(s3, "never-created"), default=True)

    result = remote_cli("push", "--storage", "s3", "--repo", str(repo))

    assert result.returncode == 1
    assert result.stderr.startswith("error: 'never-created' of DVC remote 's3'")
    assert "DVC does not create buckets" in result.stderr and "Traceback" not in result.stderr
