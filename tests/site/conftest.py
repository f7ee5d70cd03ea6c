"""Fixtures of the site tests: the edited registry, its site, a browser; screenshots for people."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.browser import chromium
from tests.site.registry import URL, EditedRegistry, build

ROOT = Path(__file__).resolve().parents[2]
#: Screenshots for people to look at (``outputs/`` is gitignored).
SCREENSHOTS = ROOT / "outputs" / "screenshots"
_written: list[Path] = []


@pytest.fixture(scope="session")
def edited(tmp_path_factory: pytest.TempPathFactory) -> EditedRegistry:
    """The registry of :mod:`tests.site.registry` (shared: do not mutate)."""
    return build(tmp_path_factory.getbasetemp() / "edited-registry")


@pytest.fixture
def edited_env(edited: EditedRegistry, monkeypatch: pytest.MonkeyPatch) -> EditedRegistry:
    edited.patch_environment(monkeypatch)
    return edited


@pytest.fixture(scope="session")
def site(edited: EditedRegistry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full site (releases and row diffs) of the registry's workspace at v4, built in this process."""
    from juniper_data.catalog.view import open_view
    from juniper_data.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    with pytest.MonkeyPatch.context() as patch:
        edited.patch_environment(patch)
        build_site(open_view(str(edited.work)), out, registry_url=URL)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def screenshot(driver: Any, name: str) -> Path:
    """Save the whole page as ``outputs/screenshots/<name>.png``; the path is printed at the end of the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height + 120, 600), 6000))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    _written.append(path)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _written:
        terminalreporter.section("site screenshots")
        for path in _written:
            terminalreporter.write_line(str(path))
