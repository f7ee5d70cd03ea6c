"""The environment benchmarks give the git and dvc processes they start."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def repo_environment(home: Path, **extra: str) -> dict[str, str]:
    """A private HOME (so the embedded remote lands in it), this checkout on PYTHONPATH, a git identity."""
    return {
        **os.environ,
        "HOME": str(home),
        "DVC_NO_ANALYTICS": "1",
        "PYTHONPATH": str(ROOT),
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        **extra,
    }
