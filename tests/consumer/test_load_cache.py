"""The load cache verifies meta.json as strictly as the arrays, locks its writers, survives a killed load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from juniper_data import load
from juniper_data.adapters import git
from juniper_data.dataset import ARRAY_KEYS
from tests.pipeline.conftest import ROOT


def entry_of(registry_env, tmp_path: Path, tag: str = "v1") -> Path:
    key = git.repo_key(str(registry_env.bare.resolve()))
    return tmp_path / "jd-cache" / "datasets" / key / registry_env.commits[tag] / "xor_small"


def edit_meta(folder: Path, change) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    change(meta)
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


DAMAGE = {
    "class names": lambda f: edit_meta(f, lambda m: m.update(class_names=["cat", "dog"])),
    "a parameter": lambda f: edit_meta(f, lambda m: m["recipe"]["params"].update(seed=99)),
    "the dataset id": lambda f: edit_meta(f, lambda m: m.update(dataset_id="xor-000000000000")),
    "truncated meta.json": lambda f: (f / "meta.json").write_bytes((f / "meta.json").read_bytes()[:100]),
    "garbage stamp": lambda f: (f / ".verified.json").write_text("{garbage"),
    "missing stamp": lambda f: (f / ".verified.json").unlink(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_entry_is_fetched_again_never_served(registry_env, tmp_path, damage):
    first = load("xor_small", repo=registry_env.bare, rev="v1")
    folder = entry_of(registry_env, tmp_path)
    original = (folder / "meta.json").read_bytes()
    DAMAGE[damage](folder)

    again = load("xor_small", repo=registry_env.bare, rev="v1")

    assert again.meta == first.meta and again.class_names == first.class_names
    assert all(np.array_equal(again[k], first[k]) for k in ARRAY_KEYS)
    assert (folder / "meta.json").read_bytes() == original  # the entry itself was repaired


def test_unchanged_entries_are_read_without_a_remote(registry_env, tmp_path, monkeypatch):
    load("xor_small", repo=registry_env.bare, rev="v1")
    monkeypatch.setenv("HOME", str(tmp_path / "no-remote-here"))  # the registry's remote is unreachable now
    got = load("xor_small", repo=registry_env.bare, rev="v1", verify="full")
    assert got.meta["hashes"] == registry_env.expected_xor("v1").meta["hashes"]


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "JUNIPER_DATA_CACHE": str(tmp_path / "jd-cache")}


def test_a_load_killed_mid_download_leaves_nothing_that_a_later_load_trusts(registry_env, tmp_path):
    # Fault injection: the process SIGKILLs itself when it is about to hash the downloaded NPZ.
    dies = (
        "import os, signal, sys\n"
        "import juniper_data.adapters.dvc as dvc\n"
        "real = dvc.file_md5\n"
        "def dying(path):\n"
        "    if str(path).endswith('.npz'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(path)\n"
        "dvc.file_md5 = dying\n"
        "from juniper_data import load\n"
        "load('xor_small', repo=sys.argv[1], rev='v1')\n"
    )
    killed = subprocess.run([sys.executable, "-c", dies, str(registry_env.bare)], env=_subprocess_env(tmp_path))
    assert killed.returncode == -9
    folder = entry_of(registry_env, tmp_path)
    leftovers = list(folder.parent.glob(".xor_small.tmp-*"))
    assert leftovers and any(p.name == "meta.json" for d in leftovers for p in d.iterdir())  # half written
    assert not folder.exists()

    got = load("xor_small", repo=registry_env.bare, rev="v1")

    assert got.meta["hashes"] == registry_env.expected_xor("v1").meta["hashes"]
    assert not list((tmp_path / "jd-cache").rglob("*.tmp-*"))  # cleaned under the entry's lock


def test_cache_writes_wait_for_the_entrys_file_lock(registry_env, tmp_path):
    from filelock import FileLock

    folder = entry_of(registry_env, tmp_path, "v2")
    folder.parent.mkdir(parents=True)
    code = f"from juniper_data import load; load('xor_small', repo={str(registry_env.bare)!r}, rev='v2')"
    with FileLock(str(folder.with_name(".xor_small.lock"))):
        other = subprocess.Popen([sys.executable, "-c", code], env=_subprocess_env(tmp_path))
        time.sleep(6)  # long enough for an unlocked load of this small dataset to finish
        assert other.poll() is None and not folder.exists()
    assert other.wait(timeout=120) == 0
    assert (folder / "meta.json").is_file()
