"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.registry_history import RegistryHistory, build_history

#: Seeds every seeded test runs under, so a property holds beyond one lucky stream.
SEEDS = (0, 7, 20240531)

WORKTREE = Path(__file__).resolve().parents[1]


@pytest.fixture(params=SEEDS, ids=lambda s: f"seed{s}")
def seed(request: pytest.FixtureRequest) -> int:
    """A recipe seed; tests using it run once per entry of ``SEEDS``."""
    return int(request.param)


@pytest.fixture(scope="session", autouse=True)
def dvc_site_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """DVC's site cache (default ``/var/tmp/dvc``, shared by every user and process of the machine) goes
    to this session's temporary folder, for this process and every git/dvc subprocess it starts."""
    folder = tmp_path_factory.mktemp("dvc-site-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DVC_SITE_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def worktree() -> Path:
    """The checkout under test (its ``conf/`` and package)."""
    return WORKTREE


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> RegistryHistory:
    """A registry with tags v1..v3 and releases, built by `dvc repro`, pushed, cloned bare (do not mutate)."""
    return build_history(tmp_path_factory.mktemp("history"))


@pytest.fixture
def registry_env(history: RegistryHistory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RegistryHistory:
    """In-process code sees the registry's HOME (its embedded remote), a private load cache and a git identity."""
    for key in ("HOME", "DVC_NO_ANALYTICS", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL"):  # fmt: skip
        monkeypatch.setenv(key, history.env[key])
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "jd-cache"))
    return history


@pytest.fixture
def hf_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hugging Face offline (``HF_DATASETS_OFFLINE=1``, ``HF_HUB_OFFLINE=1``, also for an already imported
    ``datasets``) with a private, empty cache; returns the cache folder to pass as ``cache_dir``."""
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    return tmp_path / "hf_cache"
