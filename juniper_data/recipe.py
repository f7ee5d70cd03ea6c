"""Recipes, their canonical form and the ids and hashes derived from them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

ID_HASH_CHARS = 12


def canonical_json(obj: Any) -> str:
    """Sorted-key, whitespace-free JSON: one spelling per value."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def make_recipe(
    generator: str, version: str, params: dict[str, Any], *, chunking: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The recipe: everything that determines the arrays, and nothing else.

    ``chunking`` (``{"block_size": ...}``) marks a chunked build
    (``juniper_data.scale``), whose arrays depend on the block size; in-memory
    recipes have no such key, so their ids are unchanged by it.
    """
    recipe = {"generator": generator, "version": version, "params": params}
    if chunking is not None:
        recipe["chunking"] = chunking
    return recipe


def dataset_id(recipe: dict[str, Any]) -> str:
    """Readable, content-derived id: ``<generator>-<12 hex of sha256(canonical recipe)>``.

    Examples
    --------
    >>> dataset_id(make_recipe("xor", "1.0.0", {"seed": 1}))[:4]
    'xor-'
    """
    digest = hashlib.sha256(canonical_json(recipe).encode()).hexdigest()
    return f"{recipe['generator']}-{digest[:ID_HASH_CHARS]}"


def array_hash(array: np.ndarray) -> str:
    """``sha256:<hex>`` of the array's C-order bytes (not of any file holding it)."""
    return "sha256:" + hashlib.sha256(np.ascontiguousarray(array).data).hexdigest()
