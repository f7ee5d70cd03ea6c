"""The DVC adapter: what dvc.lock records, folder manifests from the local cache, and its boundary."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
import yaml

from juniper_data.adapters import dvc
from tests.pipeline.conftest import run

PACKAGE = Path(__file__).resolve().parents[2] / "juniper_data"
ADAPTERS = PACKAGE / "adapters"


def workspace_md5s(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): dvc.file_md5(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_locked_outputs_give_each_output_its_md5_and_folders_hash_to_their_files(history):
    work = history.work
    outputs = dvc.locked_outputs(work)
    expected = {}
    for path in [work / "dvc.lock", *sorted((work / "pipelines" / "shards").glob("*/dvc.lock"))]:
        lock = yaml.safe_load(path.read_text())  # the build stages' locks record paths from the root (wdir)
        expected.update({o["path"]: o["md5"] for s in lock["stages"].values() for o in s.get("outs", []) if "md5" in o})
    assert outputs == expected and "data/xor_small" in outputs and "data/xor_fam" in outputs
    for path in ("data/xor_small", "data/xor_fam"):  # DVC's .dir md5 is a function of the files DVC wrote
        assert outputs[path] == dvc.tree_md5(workspace_md5s(work / path))


def test_locked_outputs_at_a_rev_are_those_committed_there(history):
    work, at_v1 = history.work, history.commits["v1"]
    old = dvc.locked_outputs(history.bare, at_v1)  # a bare repository: git only
    assert old["data/xor_small"] != dvc.locked_outputs(work)["data/xor_small"]  # the seed changed since v1
    assert old == dvc.locked_outputs(work, at_v1)


def test_a_lock_in_a_subfolder_records_paths_relative_to_itself(tmp_path):
    (tmp_path / "pipelines" / "p").mkdir(parents=True)
    (tmp_path / "pipelines" / "p" / "dvc.lock").write_text(
        "schema: '2.0'\nstages:\n  s:\n    cmd: x\n    params:\n      ../../params.yaml:\n        a: 1\n"
        "    outs:\n    - path: ../../data/a\n      md5: 00000000000000000000000000000001.dir\n"
        "    - path: unbuilt\n"
    )
    assert dvc.locked_outputs(tmp_path) == {"data/a": "00000000000000000000000000000001.dir"}


def test_a_lock_whose_stage_sets_a_wdir_records_paths_relative_to_it(tmp_path):
    folder = tmp_path / "pipelines" / "shards" / "3"
    folder.mkdir(parents=True)
    (folder / "dvc.yaml").write_text("stages:\n  build-3:\n    cmd: x\n    wdir: ../../..\n  other:\n    cmd: y\n")
    (folder / "dvc.lock").write_text(
        "schema: '2.0'\nstages:\n  build-3:\n    cmd: x\n    outs:\n    - path: data/a\n"
        "      md5: 00000000000000000000000000000001.dir\n  other:\n    cmd: y\n    outs:\n    - path: b.txt\n"
        "      md5: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
    )
    expected = {"data/a": "00000000000000000000000000000001.dir", "pipelines/shards/3/b.txt": "a" * 32}
    assert dvc.locked_outputs(tmp_path) == expected
    assert dvc.lock_outputs(folder / "dvc.lock", tmp_path) == expected


def test_directory_manifest_reads_the_local_cache_and_is_none_when_absent(history):
    work = history.work
    md5 = dvc.locked_outputs(work)["data/xor_small"]
    assert dvc.directory_manifest(work, md5) == workspace_md5s(work / "data" / "xor_small")
    assert dvc.directory_manifest(work, "0" * 32 + ".dir") is None


def test_a_damaged_manifest_in_the_cache_is_an_error_naming_the_object(history, tmp_path):
    work = shutil.copytree(history.work, tmp_path / "work", symlinks=True)
    md5 = dvc.locked_outputs(work)["data/spiral_small"]
    manifest = work / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
    entries = json.loads(manifest.read_text())
    entries[0]["md5"] = "f" * 32
    manifest.chmod(0o644)
    manifest.write_text(json.dumps(entries))
    with pytest.raises(dvc.DataUnavailableError, match=f"{manifest}.*damaged") as failure:
        dvc.directory_manifest(work, md5)
    assert failure.value.kind == "cache-damaged"


def test_remote_definition_reads_one_remote_of_a_dvc_config(history):
    text = (history.work / ".dvc" / "config").read_text()
    assert dvc.remote_definition(text, "local")["url"] == "~/.cache/juniper-data/remote"
    assert dvc.remote_definition(text, "nowhere") is None


def test_run_dvc_reports_failure_without_raising(tmp_path):
    result = dvc.run_dvc(["status"], tmp_path)  # not a DVC repository
    assert result.returncode != 0 and "not inside of a DVC repository" in result.stderr
    run(["git", "init", "-q"], tmp_path, {"PATH": "/usr/bin:/bin"})
    assert dvc.run_dvc(["init", "-q"], tmp_path).returncode == 0


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_adapters_import_dvc_or_run_git_and_dvc():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        names, text, where = _imports(path), path.read_text(), path.relative_to(PACKAGE).as_posix()
        dvc_imports = {n for n in names if n.split(".")[0] in ("dvc", "dvc_data", "dvc_objects", "scmrepo")}
        if dvc_imports and where != "adapters/dvc.py":
            offenders.append(f"{where} imports {sorted(dvc_imports)}")
        runs = "subprocess" in names and ('"git"' in text or '"dvc"' in text)
        if runs and where not in ("adapters/dvc.py", "adapters/git.py"):
            offenders.append(f"{where} runs git or dvc")
    assert offenders == []


def test_the_adapters_depend_on_nothing_that_uses_them():
    for path in sorted(ADAPTERS.glob("*.py")):
        ours = {n for n in _imports(path) if n.startswith("juniper_data.")}
        assert ours <= {"juniper_data.adapters", "juniper_data.adapters.git", "juniper_data.adapters.dvc_errors"}, path
