"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Seeds every seeded test runs under, so a property holds beyond one lucky stream.
SEEDS = (0, 7, 20240531)

WORKTREE = Path(__file__).resolve().parents[1]


@pytest.fixture(params=SEEDS, ids=lambda s: f"seed{s}")
def seed(request: pytest.FixtureRequest) -> int:
    """A recipe seed; tests using it run once per entry of ``SEEDS``."""
    return int(request.param)


@pytest.fixture
def worktree() -> Path:
    """The checkout under test (its ``conf/`` and package)."""
    return WORKTREE
