"""What ``dvc.lock`` records of the build stages' outputs, and whether a folder still matches it.

A build stage skips a dataset whose build key is unchanged only when its
folder holds exactly the files the lock records: the folder's DVC directory
hash (md5 of the sorted ``{md5, relpath}`` manifest, as DVC computes it) must
equal the lock's. So a folder edited, damaged or half-deleted in the
workspace is rebuilt, never re-recorded.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def locked_outputs(lock_text: str | None) -> dict[str, str]:
    """``{out path: md5}`` of every stage output ``dvc.lock`` text records (``.dir`` md5 for folders)."""
    import yaml

    if not lock_text:
        return {}
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lock = yaml.load(lock_text, Loader=loader) or {}
    found: dict[str, str] = {}
    for stage in (lock.get("stages") or {}).values():
        for out in stage.get("outs") or []:
            if out.get("md5"):
                found[str(out["path"])] = str(out["md5"])
    return found


def file_md5(path: Path) -> str:
    """md5 of a file's bytes, as DVC 3 records it."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def directory_md5(folder: Path) -> str:
    """DVC's hash of a folder: md5 of its JSON manifest of ``{"md5", "relpath"}`` entries, plus ``.dir``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); _ = (root / "a").write_bytes(b"x")
    >>> directory_md5(root)
    '8bc414edb28e7d415737076bb5dea17c.dir'
    """
    entries = sorted(
        ({"md5": file_md5(path), "relpath": path.relative_to(folder).as_posix()}
         for path in folder.rglob("*") if path.is_file()),
        key=lambda entry: entry["relpath"],
    )  # fmt: skip
    manifest = json.dumps(entries, sort_keys=True).encode("utf-8")
    return hashlib.md5(manifest, usedforsecurity=False).hexdigest() + ".dir"


def prune_lock(lock_text: str, pipeline_text: str) -> str | None:
    """``dvc.lock`` text keeping only the stages, dependencies and outputs ``dvc.yaml`` declares.

    DVC reruns a stage when a declared dependency or output changed, but not when
    one was *removed*: the lock would keep a removed dataset's entry (and its
    objects alive for ``dvc gc``) until that stage reran for another reason, so it
    would differ from the lock a fresh build writes. Returns None when nothing is
    stale. The rest keeps DVC's own formatting (its round-trip YAML dumper).
    """
    import yaml
    from dvc.utils.serialize import dumps_yaml, parse_yaml_for_update

    declared = (yaml.safe_load(pipeline_text) or {}).get("stages") or {}
    lock = parse_yaml_for_update(lock_text, "dvc.lock")
    stages = lock.get("stages") or {}
    changed = False
    for name in list(stages):
        if name not in declared:
            del stages[name]
            changed = True
            continue
        for kind in ("deps", "outs"):
            items = declared[name].get(kind) or []
            paths = {next(iter(item)) if isinstance(item, dict) else str(item) for item in items}
            entries = stages[name].get(kind)
            if entries is None:
                continue
            kept = [entry for entry in entries if entry["path"] in paths]
            if len(kept) != len(entries):
                entries[:] = kept
                changed = True
    return dumps_yaml(lock) if changed else None
