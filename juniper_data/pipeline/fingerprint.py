"""Build keys: one hash per dataset of everything that decides its folder's bytes.

A dataset's build key is the sha256 of its resolved ``params.yaml`` entry, the
registry URL and license its card shows, and the source code that builds it: its
generator's module (or, for a generator in a subpackage, the subpackage) plus
:data:`BUILD_CODE`, the modules every build runs. The compose stage writes the
keys of each build stage's datasets into ``params/shards/<kk>.yaml``, the stage's
one input besides its program: a dataset is rebuilt exactly when its key changes,
whether by an edited recipe or by edited code (a test checks that a build imports
no module of this package outside the fingerprint).

Examples
--------
>>> key = build_key({"generator": "xor", "params": {"seed": 1}}, registry_url=None, license="cc0-1.0")
>>> key[:7], len(key)
('sha256:', 71)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]

#: Modules (files or folders, relative to the package) that run in every build.
BUILD_CODE = (
    "__init__.py",
    "dataset.py",
    "split.py",
    "split_names.py",
    "columns.py",
    "recipe.py",
    "names.py",
    "layout.py",
    "config.py",
    "generators/__init__.py",
    "generators/params.py",
    "generators/registry.py",
    "generators/blocks.py",
    "generators/sizing.py",
    "artifacts",
    "build",
    "scale",
    "pipeline/stage.py",
    "pipeline/fingerprint.py",
)


def _files(relative: str) -> list[Path]:
    path = PACKAGE / relative
    if path.is_dir():
        return sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
    return [path]


@functools.cache
def code_digest(relative_paths: tuple[str, ...]) -> str:
    """sha256 over the source of ``relative_paths`` (files, or folders' ``*.py``), line endings normalized."""
    digest = hashlib.sha256()
    for relative in sorted(set(relative_paths)):
        for path in _files(relative):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def generator_code(code_path: str) -> str:
    """The code fingerprint of datasets of one generator (``code_path`` as ``params.yaml`` records it)."""
    relative = code_path.removeprefix(f"{PACKAGE.name}/")
    return code_digest((*BUILD_CODE, relative))


def build_key(entry: Mapping[str, Any], *, registry_url: str | None, license: str | None) -> str:
    """``sha256:<hex>`` of a resolved entry, the registry URL and license, and its generator's code fingerprint."""
    from juniper_data.recipe import canonical_json

    code = generator_code(entry["code"]) if "code" in entry else None
    payload = canonical_json({"entry": dict(entry), "registry_url": registry_url, "license": license, "code": code})
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()
