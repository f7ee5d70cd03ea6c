"""atomic: folders and files appear complete or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from juniper_data.artifacts.atomic import atomic_directory, atomic_write_bytes
from tests.artifacts.support import entries, snapshot


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_folder_appears_complete_with_default_permissions(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "ds"
    with atomic_directory(target) as tmp:
        (tmp / "a.txt").write_text("a")
        assert not target.exists()  # invisible until the block ends
        assert tmp.parent == target.parent and tmp.name.startswith(".ds.tmp-")
    assert snapshot(target) == {"a.txt": b"a"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~current_umask()
    assert entries(target.parent) == ["ds"]


def test_existing_folder_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "ds"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with atomic_directory(target) as tmp:
        (tmp / "new.txt").write_text("new")
    assert snapshot(target) == {"new.txt": b"new"}
    assert entries(tmp_path) == ["ds"]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_exception_inside_leaves_the_old_folder_and_no_temporary(tmp_path: Path, error: type[BaseException]) -> None:
    target = tmp_path / "ds"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(error), atomic_directory(target) as tmp:
        (tmp / "half.txt").write_text("half")
        raise error()
    assert snapshot(target) == {"old.txt": b"old"}
    assert entries(tmp_path) == ["ds"]


def test_atomic_write_bytes_writes_and_replaces_with_default_permissions(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "f.bin"
    atomic_write_bytes(path, b"one")
    atomic_write_bytes(path, b"two")
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~current_umask()
    assert entries(path.parent) == ["f.bin"]


def test_atomic_write_bytes_failure_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"good")
    with pytest.raises(TypeError):
        atomic_write_bytes(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"good"
    assert entries(tmp_path) == ["f.bin"]
