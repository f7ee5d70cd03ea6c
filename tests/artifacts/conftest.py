"""Fixtures for the artifact tests: a small dataset and its written folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from juniper_data import Dataset, write_dataset
from tests.artifacts.support import make_dataset


@pytest.fixture
def dataset() -> Dataset:
    return make_dataset()


@pytest.fixture
def folder(tmp_path: Path, dataset: Dataset) -> Path:
    """``dataset`` written with every format and the card, in ``tmp_path/ds``."""
    return write_dataset(dataset, tmp_path / "ds")
