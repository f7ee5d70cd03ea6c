"""docs/examples/trainer_migration.py, run as a trainer would run it: generated, and from a registry release."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import WORKTREE

SCRIPT = WORKTREE / "docs" / "examples" / "trainer_migration.py"


def run_script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**env, "PYTHONPATH": str(WORKTREE)}
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=WORKTREE, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def accuracy(output: str, split: str) -> float:
    match = re.search(rf"^{split} accuracy (\d\.\d+)$", output, re.MULTILINE)
    assert match, output
    return float(match.group(1))


def test_without_a_registry_it_trains_on_the_trainers_request_generated_in_process():
    env = {k: v for k, v in os.environ.items() if k != "JUNIPER_DATA_REGISTRY"}
    result = run_script(env)
    assert result.returncode == 0, result.stderr
    assert "from generate()" in result.stdout
    assert "X_train (1600, 2) y_train (1600, 2)" in result.stdout and "X_val (200, 2) y_val (200, 2)" in result.stdout
    assert accuracy(result.stdout, "validation") >= 0.9


def test_with_a_registry_it_trains_on_the_release(carve_registry):
    env = {**carve_registry.env, "JUNIPER_DATA_REGISTRY": str(carve_registry.bare)}
    result = run_script(env, "--dataset", "trainer_spiral_carve@v1.0.0")
    assert result.returncode == 0, result.stderr
    assert "release tag trainer_spiral_carve@v1.0.0" in result.stdout
    assert "name trainer_spiral_carve version 1.0.0" in result.stdout
    assert "X_val (200, 2)" in result.stdout and accuracy(result.stdout, "validation") >= 0.9
    latest = run_script(env)  # the default with a registry: the newest release
    assert latest.returncode == 0, latest.stderr
    assert "trainer_spiral_carve@latest = release trainer_spiral_carve@v1.0.0" in latest.stdout
    assert latest.stdout.split()[1] == result.stdout.split()[1]  # the same dataset id


def test_a_dataset_without_validation_rows_is_refused_as_the_trainer_refuses_it(registry_env):
    env = {**registry_env.env, "JUNIPER_DATA_REGISTRY": str(registry_env.bare),
           "JUNIPER_DATA_CACHE": os.environ["JUNIPER_DATA_CACHE"]}  # fmt: skip
    refused = run_script(env, "--dataset", "xor_small@v1.0.0")
    assert refused.returncode == 2 and "no validation rows" in refused.stderr
    missing = run_script(env, "--dataset", "xor_small@v9.9.9")
    assert missing.returncode == 4 and "JuniperDataNotFoundError" in missing.stderr
