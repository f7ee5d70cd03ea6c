"""The one build path: a recipe, resolved, generated (in memory or in blocks) and written.

Every caller -- the Hydra app (``python -m juniper_data.build``), the registry
pipeline's build stages, ``juniper-data verify --regenerate``, the
reproduction recipe of ``docs/contract.md`` and ``juniper_data.scale.build_chunked`` --
describes what it wants as a :class:`BuildSpec` and calls :func:`build`.
How the rows are made (in memory, or in blocks on several workers) is a
property of the spec (its ``block_size``), not of the caller.

Examples
--------
>>> import tempfile, pathlib
>>> from juniper_data.build import BuildSpec, build
>>> meta = build(BuildSpec("xor", {"seed": 1}, name="x", card=False), pathlib.Path(tempfile.mkdtemp()) / "x")
>>> meta["name"], meta["n_train"]
('x', 160)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "BuildSpec": "juniper_data.build.spec",
    "BuildError": "juniper_data.build.spec",
    "build": "juniper_data.build.run",
    "check": "juniper_data.build.run",
}

__all__ = list(_LAZY)

if TYPE_CHECKING:
    from juniper_data.build.run import build as build
    from juniper_data.build.run import check as check
    from juniper_data.build.spec import BuildError as BuildError
    from juniper_data.build.spec import BuildSpec as BuildSpec


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'juniper_data.build' has no attribute {name!r}")
    return getattr(import_module(module), name)
