"""Scale: chunked builds larger than memory, and engines to run blocks and sweeps in parallel.

``build_chunked`` (:mod:`juniper_data.scale.chunked`) builds one dataset in
bounded memory; ``make_engine`` (:mod:`juniper_data.scale.engine`) runs work
units serially, on local processes (joblib) or on a dask cluster.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "build_chunked": "juniper_data.scale.api",
    "plan_build": "juniper_data.scale.plan",
    "make_engine": "juniper_data.scale.engine",
    "npz_member_hashes": "juniper_data.scale.streams",
}

__all__ = list(_LAZY)

if TYPE_CHECKING:
    from juniper_data.scale.api import build_chunked as build_chunked
    from juniper_data.scale.engine import make_engine as make_engine
    from juniper_data.scale.plan import plan_build as plan_build
    from juniper_data.scale.streams import npz_member_hashes as npz_member_hashes


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'juniper_data.scale' has no attribute {name!r}")
    return getattr(import_module(module), name)
