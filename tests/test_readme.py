"""The README's registry walk-through, pasted as it is: add, build, release in a registry; consume elsewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import WORKTREE
from tests.pipeline.conftest import SMALL_RECIPES, make_project, project_env, run


def walkthrough() -> tuple[list[str], str]:
    """The bash blocks (add, build, release, consume) and the Python block of 'The registry in four steps'."""
    text = (WORKTREE / "README.md").read_text()
    section = text.split("## The registry in four steps", 1)[1].split("### What a registry holds", 1)[0]
    bash = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    python = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return bash[:4], python[0]


def shell(script: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_readme_walkthrough_works_when_pasted(tmp_path: Path) -> None:
    add, build, release, consume = walkthrough()[0]
    python_block = walkthrough()[1]
    env = project_env(tmp_path / "home")
    scripts = Path(sys.executable).parent
    env["PATH"] = f"{scripts}:{env.get('PATH', '')}"
    seed = make_project(tmp_path / "seed", env, {"datasets/xor_small.yaml": SMALL_RECIPES["datasets/xor_small.yaml"]})
    origin = tmp_path / "registry.git"
    run(["git", "clone", "-q", "--bare", str(seed), str(origin)], tmp_path, env)
    registry = tmp_path / "registry"
    run(["git", "clone", "-q", str(origin), str(registry)], tmp_path, env)

    for block in (add, build, release):  # in the registry checkout, exactly as the README has them
        shell(block, registry, env)
    assert "my_xor@v1.0.0" in run(["git", "ls-remote", "--tags", str(origin)], tmp_path, env).stdout

    where = tmp_path / "elsewhere"
    where.mkdir()
    shell(consume, where, {**env, "REGISTRY": str(origin)})
    consumer = where / "consumer"
    assert (consumer / "data" / "my_xor" / "meta.json").is_file() and (consumer / "data" / "my_xor.dvc").is_file()
    assert (consumer / "my_xor.npz").stat().st_size > 0
    code = f"REGISTRY = {str(origin)!r}\n" + python_block + "\nprint(ds.meta['dataset_id'], ds['X_train'].shape)\n"
    cache = {**env, "JUNIPER_DATA_CACHE": str(tmp_path / "c")}
    out = subprocess.run([sys.executable, "-c", code], cwd=consumer, env=cache, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0].startswith("xor-") and "(160, 2)" in out.stdout
