"""Transaction: every write, deletion and folder removal is undone when the block fails."""

from __future__ import annotations

import pytest

from juniper_data.catalog.transaction import Transaction


def test_failure_restores_files_deletions_new_files_and_folders(tmp_path):
    (tmp_path / "edit.txt").write_text("old")
    (tmp_path / "gone.txt").write_text("keep me")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "x").write_text("x")
    with pytest.raises(RuntimeError), Transaction() as tx:
        tx.write(tmp_path / "edit.txt", b"new")
        tx.write(tmp_path / "edit.txt", b"newer")
        tx.write(tmp_path / "created.txt", b"c")
        tx.delete(tmp_path / "gone.txt")
        tx.remove_tree(tmp_path / "tree")
        assert not (tmp_path / "tree").exists()
        raise RuntimeError("compose failed")
    assert (tmp_path / "edit.txt").read_text() == "old"
    assert (tmp_path / "gone.txt").read_text() == "keep me"
    assert not (tmp_path / "created.txt").exists()
    assert (tmp_path / "tree" / "x").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edit.txt", "gone.txt", "tree"]  # nothing parked left


def test_success_keeps_changes_and_deletes_parked_folders(tmp_path):
    (tmp_path / "tree").mkdir()
    with Transaction() as tx:
        tx.write(tmp_path / "a.txt", b"a")
        tx.remove_tree(tmp_path / "tree")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
