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


# -- what is replaced, what is left behind ----------------------------------------------------


def test_a_target_the_caller_does_not_own_is_refused_and_untouched(tmp_path: Path) -> None:
    from juniper_data.artifacts.atomic import ForeignFolderError

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("years")
    (tmp_path / "file").write_text("a file")
    (tmp_path / "link").symlink_to(tmp_path / "mine")
    def only_links_and_files(path: Path) -> bool:  # 'mine' is not the caller's; the others fail as non-folders
        return path.name != "mine"

    for target in ("mine", "file", "link"):
        refused = pytest.raises(ForeignFolderError, match="is not a folder juniper-data wrote")
        with refused, atomic_directory(tmp_path / target, replaceable=only_links_and_files):
            raise AssertionError("never entered")
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "years" and (tmp_path / "file").read_text() == "a file"
    assert entries(tmp_path) == ["file", "link", "mine"]


def test_the_swap_is_an_exchange_so_the_target_always_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import juniper_data.artifacts.atomic as atomic

    target = tmp_path / "ds"
    target.mkdir()
    (target / "old.txt").write_text("old")
    seen = []
    real_exchange = atomic._exchange

    def watched(a: Path, b: Path) -> bool:
        done = real_exchange(a, b)
        seen.append((done, (b / "new.txt").is_file()))  # right after the swap the target holds the new folder
        return done

    monkeypatch.setattr(atomic, "_exchange", watched)
    with atomic_directory(target) as tmp:
        (tmp / "new.txt").write_text("new")
    assert seen == [(True, True)]  # Linux: one renameat2(RENAME_EXCHANGE)
    assert snapshot(target) == {"new.txt": b"new"} and entries(tmp_path) == ["ds"]


def test_leftovers_of_dead_writers_are_removed_and_a_parked_folder_is_put_back(tmp_path: Path) -> None:
    from juniper_data.artifacts.atomic import clean_leftovers

    dead = 2**22 + 12345  # above pid_max's default: no such process
    (tmp_path / f".a.tmp-{dead}-0123abcd").mkdir()
    (tmp_path / f".b.txt.tmp-{dead}-89abcdef.x1y2").write_text("half")
    (tmp_path / f".c.old-{dead}-00112233").mkdir()  # c itself is missing: the writer died between its renames
    (tmp_path / f".c.old-{dead}-00112233" / "meta.json").write_text("{}")
    (tmp_path / f".d.tmp-{os.getpid()}-44556677").mkdir()  # a live writer's: kept
    (tmp_path / ".e.tmp-notapid").mkdir()  # not our pattern: kept
    (tmp_path / "user.tmp-1-00000000").mkdir()  # not hidden: not ours, kept
    removed = clean_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == [f".a.tmp-{dead}-0123abcd", f".b.txt.tmp-{dead}-89abcdef.x1y2"]
    assert (tmp_path / "c" / "meta.json").is_file()
    assert entries(tmp_path) == [f".d.tmp-{os.getpid()}-44556677", ".e.tmp-notapid", "c", "user.tmp-1-00000000"]
