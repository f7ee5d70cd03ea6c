"""docs/migration.md's Python snippets run as pasted: the opening one and every "after" block."""

from __future__ import annotations

import re

import pytest

from tests.conftest import WORKTREE

GUIDE = (WORKTREE / "docs" / "migration.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", GUIDE, flags=re.S)
RUNNABLE = [block for block in BLOCKS if not block.startswith("# before")]


def test_the_guide_has_a_before_and_an_after_for_the_trainer_and_the_dashboard():
    assert sum(block.startswith("# before") for block in BLOCKS) == 2
    assert sum(block.startswith("# after") for block in BLOCKS) == 2
    assert "[docs/migration.md](docs/migration.md)" in (WORKTREE / "README.md").read_text()
    assert "(migration.md)" in (WORKTREE / "docs" / "consumers.md").read_text()


@pytest.mark.parametrize("block", RUNNABLE, ids=[f"block{i}" for i in range(len(RUNNABLE))])
def test_a_snippet_runs_as_pasted(block):
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/migration.md", "exec"), namespace)
    arrays = namespace["arrays"]
    assert isinstance(arrays, dict) and arrays["X_train"].shape[0] > 0
    if '"sizing_mode": "carve"' in block:  # the trainer's request: its validation split
        assert arrays["X_val"].shape == (200, 2)
