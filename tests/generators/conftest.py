"""Fixtures for the import sources: a confined import root, a private HF cache, real small datasets."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def import_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder set as ``$JUNIPER_DATA_IMPORT_DIR``: recipe paths are relative to it."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(root))
    return root


@pytest.fixture
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty ``datasets`` cache (via ``HF_HOME``) in offline mode; returns the cache folder."""
    home = tmp_path / "hf_home"
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.delenv("HF_DATASETS_CACHE", raising=False)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return home / "datasets"
