"""``python -m juniper_data``: the CLI's help and the migration guide; the old server command says it is gone."""

from __future__ import annotations

import subprocess
import sys

from juniper_data.__main__ import main
from tests.conftest import WORKTREE


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "juniper_data", *args], cwd=WORKTREE, capture_output=True, text=True)


def test_without_arguments_it_prints_the_clis_help_and_points_to_the_migration_guide():
    result = run_module()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: juniper-data") and "docs/migration.md" in result.stdout
    assert "juniper_data.client.JuniperDataClient" in result.stdout


def test_the_old_server_command_exits_non_zero_saying_there_is_no_server():
    result = run_module("--port", "8100")
    assert result.returncode == 2 and result.stdout == ""
    assert "--port is an option of the old JuniperData server" in result.stderr
    assert "there is no server" in result.stderr and "docs/migration.md" in result.stderr


def test_every_old_server_option_is_recognised_and_other_arguments_run_the_cli(capsys):
    for args in (["--host", "0.0.0.0"], ["--reload"], ["--log-level=INFO"], ["--storage-path", "/srv"]):
        assert main(args) == 2
    assert "no server" in capsys.readouterr().err
    assert main(["list", "--repo", str(WORKTREE), "--json", "--limit", "1"]) == 0
    assert '"datasets"' in capsys.readouterr().out
