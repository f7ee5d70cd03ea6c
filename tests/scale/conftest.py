"""Fixtures of the scale tests."""

from __future__ import annotations

import pytest

from juniper_data.generators import registry


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generators registered by a test are forgotten after it (the registry is process-global)."""
    monkeypatch.setattr(registry, "_BUILTIN", dict(registry._BUILTIN))
    monkeypatch.setattr(registry, "_LOADED", dict(registry._LOADED))
