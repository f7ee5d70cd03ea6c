"""Input confinement and pinning helpers shared by every import source."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from juniper_data.generators.params import ParameterError
from juniper_data.generators.sources.inputs import confine, files_under, pin, relative, sha256_file, sha256_tree


def make_tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    (root / ".hidden").write_text("ignored")
    return root


def test_tree_hash_depends_on_names_and_bytes_not_on_where_the_tree_lives(tmp_path: Path) -> None:
    one = make_tree(tmp_path / "one")
    digest = sha256_tree(one, files_under(one))
    assert [p.name for p in files_under(one)] == ["a.txt", "b.txt"]  # hidden files skipped
    two = tmp_path / "elsewhere" / "two"
    shutil.copytree(one, two)
    assert sha256_tree(two, files_under(two)) == digest
    (two / "sub" / "b.txt").rename(two / "sub" / "c.txt")
    assert sha256_tree(two, files_under(two)) != digest
    (one / "a.txt").write_text("A")
    assert sha256_tree(one, files_under(one)) != digest


def test_confine_resolves_inside_the_import_root_only(import_root: Path) -> None:
    make_tree(import_root / "tree")
    assert confine("p", "tree/sub/b.txt") == (import_root / "tree" / "sub" / "b.txt").resolve()
    assert relative(confine("p", "tree/./sub/../a.txt")) == "tree/a.txt"
    assert confine("p", "tree", kind="dir").is_dir()
    with pytest.raises(ParameterError, match="no such file"):
        confine("p", "tree")  # a folder where a file is required
    with pytest.raises(ParameterError, match="absolute path"):
        confine("p", "~/x")


def test_pin_fills_an_empty_hash_and_refuses_a_different_one(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"data")
    actual = sha256_file(tmp_path / "f")
    assert actual == hashlib.sha256(b"data").hexdigest()
    assert pin("h", None, actual, "f") == actual
    assert pin("h", "sha256:" + actual.upper(), actual, "f") == actual
    with pytest.raises(ParameterError, match="the input changed"):
        pin("h", "f" * 64, actual, "f")
