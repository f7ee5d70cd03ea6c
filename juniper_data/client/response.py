"""What the old service answered, computed from a :class:`~juniper_data.dataset.Dataset`.

* :func:`service_arrays`: the NPZ's arrays, 0.17.1's six keys in its order
  (``X_train, y_train, X_val, y_val, X_test, y_test``). A dataset without a validation
  split (a 0.4-style recipe, or a release made before the sizing modes) gets an empty
  ``X_val`` of shape ``(0, n_features)``, as 0.17.1 gave for ``val_ratio`` 0; 0.4's
  ``X_full``/``y_full`` are left out (0.17.1 has none).
* :func:`service_meta`: 0.17.1's ``PublicDatasetMeta`` (SPEC-0.17 §3), plus ``source``.
* :func:`generator_schema`: a JSON schema of a generator's parameters, as
  ``GET /v1/generators/{name}/schema`` gave (pydantic's layout), with the client's defaults.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import types
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Union, get_args, get_origin

import numpy as np

from juniper_data.dataset import Dataset

SPLITS = ("train", "val", "test")
#: 0.17.1's array keys, in the order of its NPZ.
SIX = ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")
#: 0.17.1's ``task_type`` where it was not ``classification``.
TASK_TYPES = {"arc_agi": "structured"}


def service_arrays(dataset: Dataset) -> dict[str, np.ndarray]:
    """The arrays 0.17.1's NPZ held: its six keys (then each extra's train, val, test).

    Examples
    --------
    >>> from juniper_data import generate
    >>> arrays = service_arrays(generate("xor", n_points_per_quadrant=5, seed=0))
    >>> list(arrays), arrays["X_val"].shape
    (['X_train', 'y_train', 'X_val', 'y_val', 'X_test', 'y_test'], (0, 2))
    """
    arrays = {}
    for key in SIX:
        if key in dataset:
            arrays[key] = dataset[key]
        else:  # no validation split: empty, with the feature (or class) axis of train
            like = dataset[key.replace("_val", "_train")]
            arrays[key] = np.empty((0, *like.shape[1:]), dtype=like.dtype)
    for name in dataset.meta.get("extras", ()):
        arrays.update({f"{name}_{s}": dataset[f"{name}_{s}"] for s in SPLITS if f"{name}_{s}" in dataset})
    return arrays


def npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """``np.savez`` of ``arrays`` in sorted key order: what 0.17.1's ``checksum`` hashes."""
    buffer = io.BytesIO()
    ordered: dict[str, Any] = {key: arrays[key] for key in sorted(arrays)}
    np.savez(buffer, **ordered)
    return buffer.getvalue()


def class_distribution(arrays: Mapping[str, np.ndarray]) -> dict[str, int]:
    """Rows per class index over train, val and test; only classes that occur, keys sorted."""
    y = np.concatenate([arrays[f"y_{s}"] for s in SPLITS])
    if y.shape[0] == 0:
        return {}
    counts = np.bincount(np.argmax(y, axis=1), minlength=y.shape[1])
    return {str(i): int(c) for i, c in enumerate(counts) if c}


def service_meta(
    dataset: Dataset,
    arrays: Mapping[str, np.ndarray],
    *,
    params: dict[str, Any],
    created_at: datetime,
    source: dict[str, Any],
    dataset_name: str | None = None,
    dataset_version: str | None = None,
) -> dict[str, Any]:
    """0.17.1's ``meta`` of a create response for ``dataset`` (SPEC-0.17 §3).

    Counts, classes and the checksum are computed from ``arrays``
    (:func:`service_arrays`); ``params`` are the generator's complete parameters.
    ``truncation`` and ``data_quality`` are the dataset's own (None: complete, clean);
    ``dataset_name`` and ``dataset_version`` are the caller's (a registry dataset's name
    and release version; None for a recipe, as 0.17.1 gave without a ``name``).
    ``source`` says where the arrays came from: ``{"kind": "generate"}``, or
    ``{"kind": "registry", "name", "repo", "commit", "how"}``.
    """
    meta = dataset.meta
    recipe = meta["recipe"]
    counts = {f"n_{s}": int(arrays[f"X_{s}"].shape[0]) for s in SPLITS}
    task_type = meta.get("task_type") or TASK_TYPES.get(recipe["generator"], "classification")
    classification = task_type == "classification"
    return {
        "dataset_id": meta["dataset_id"],
        "generator": recipe["generator"],
        "generator_version": recipe["version"],
        "params": params,
        "n_samples": sum(counts.values()),
        "n_features": int(arrays["X_train"].shape[1]),
        "task_type": task_type,
        "n_classes": int(arrays["y_train"].shape[1]) if classification else None,
        **counts,
        "class_distribution": class_distribution(arrays) if classification else None,
        "sequence": arrays["X_train"].ndim == 3,
        "lookback": None,
        "time_unit": None,
        "dt_scaling": None,
        "target_scaling": None,
        "truncation": meta.get("truncation"),
        "data_quality": meta.get("data_quality"),
        "artifact_formats": ["npz"],
        "created_at": created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "checksum": hashlib.sha256(npz_bytes(arrays)).hexdigest(),
        "dataset_name": dataset_name,
        "dataset_version": dataset_version,
        "parent_dataset_id": None,
        "description": None,
        "created_by": None,
        "tags": list(meta.get("tags") or []),
        "ttl_seconds": None,
        "expires_at": meta.get("expires"),
        "source": source,
    }


def complete_params(generator: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter of ``generator`` under its field name (0.17.1's ``params``), ``params`` filling in.

    A recipe made by another version of the generator (whose names this one does
    not know) is returned as recorded.

    Examples
    --------
    >>> complete_params("xor", {"seed": 3})["n_points_per_quadrant"]
    50
    """
    from juniper_data.generators import registry
    from juniper_data.generators.params import ParameterError

    try:
        resolved = registry.get(generator).resolve(params)
    except ParameterError:
        return dict(params)
    return {f.name: _plain(getattr(resolved, f.name)) for f in dataclasses.fields(resolved)}


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, list | tuple) else value


def generator_schema(generator: str, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """JSON schema of ``generator``'s parameters, in the layout pydantic gave 0.17.1's.

    ``defaults`` (the client's request defaults) replace the generators' own where
    they differ. Unknown names are refused (``additionalProperties: false``).

    Examples
    --------
    >>> schema = generator_schema("spiral", {"seed": 42})
    >>> schema["properties"]["n_spirals"]
    {'title': 'N Spirals', 'description': 'number of arms = classes', 'default': 2, 'type': 'integer', \
'minimum': 2, 'maximum': 10}
    >>> schema["properties"]["seed"]["anyOf"]
    [{'type': 'integer', 'minimum': 0}, {'type': 'null'}]
    """
    from juniper_data.generators import registry
    from juniper_data.generators.params import field_types

    spec = registry.get(generator)
    hints = field_types(spec.params)
    properties = {}
    for f in dataclasses.fields(spec.params):
        default = defaults.get(f.name, _default(f))
        entry: dict[str, Any] = {"title": f.name.replace("_", " ").title()}
        if f.metadata.get("doc"):
            entry["description"] = f.metadata["doc"]
        entry["default"] = _plain(default)
        entry.update(_bounded(_json_type(hints[f.name]), _metadata(f)))
        properties[f.name] = entry
    return {
        "title": spec.params.__name__,
        "description": spec.summary,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()  # type: ignore[operator]


def _json_type(tp: Any) -> dict[str, Any]:
    """The JSON-schema type of a parameter annotation (the subset generators use)."""
    if get_origin(tp) in (Union, types.UnionType):
        return {"anyOf": [_json_type(arg) for arg in get_args(tp)]}
    if get_origin(tp) in (list, tuple):
        return {"type": "array", "items": _json_type(get_args(tp)[0])}
    names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
    return {"type": names[tp]} if tp in names else {}


def _bounded(schema: dict[str, Any], metadata: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with the field's interval on its numbers and its choices on its strings."""
    if "anyOf" in schema:
        return {"anyOf": [_bounded(member, metadata) for member in schema["anyOf"]]}
    if schema.get("type") == "array":
        return {**schema, "items": _bounded(schema["items"], metadata)}
    out = dict(schema)
    bound = metadata.get("interval")
    if bound is not None and schema.get("type") in ("integer", "number"):
        cast = int if schema["type"] == "integer" else float
        if bound.low is not None:
            out["exclusiveMinimum" if bound.low_open else "minimum"] = cast(bound.low)
        if bound.high is not None:
            out["exclusiveMaximum" if bound.high_open else "maximum"] = cast(bound.high)
    if metadata.get("choices") and schema.get("type") == "string":
        out["enum"] = list(metadata["choices"])
    return out


def _metadata(f: dataclasses.Field[Any]) -> Mapping[str, Any]:
    """The field's metadata; ``sizing_mode`` (a free string to the schema) gets its two values."""
    from juniper_data.split import SIZING_MODES

    return {**f.metadata, "choices": SIZING_MODES} if f.name == "sizing_mode" else f.metadata


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)
