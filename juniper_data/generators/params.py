"""Typed parameter schemas and their validation, shared by every generator.

A generator's parameters are a dataclass deriving from :class:`CommonParams`.
The same dataclass is the Hydra structured config (types checked by OmegaConf
at composition) and the schema :func:`resolve_params` validates against
(bounds, choices, unknown names, aliases). Constraints are declared once, in
field metadata, with :func:`interval` and :func:`one_of`.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar


class ParameterError(ValueError):
    """A recipe parameter is unknown, of the wrong type or out of its allowed range."""


@dataclass(frozen=True)
class Interval:
    """Allowed numeric range; ``None`` leaves a side open-ended."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return not (self.high is not None and (value >= self.high if self.high_open else value > self.high))

    def __str__(self) -> str:
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{left}{low}, {high}{right}"


def interval(
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    in_memory_cap: bool = False,
    doc: str = "",
) -> dict[str, Any]:
    """Field metadata declaring a numeric bound (applied to every element of a list).

    ``in_memory_cap=True`` marks ``high`` as a cap of the in-memory mode only:
    chunked builds (``juniper_data.scale``) lift it.
    """
    meta: dict[str, Any] = {"interval": Interval(low, high, low_open, high_open), "doc": doc}
    if in_memory_cap:
        meta["chunked_interval"] = Interval(low, None, low_open, False)
    return meta


def one_of(*choices: str, doc: str = "") -> dict[str, Any]:
    """Field metadata declaring the allowed string values."""
    return {"choices": tuple(choices), "doc": doc}


def described(doc: str) -> dict[str, Any]:
    """Field metadata with only a description."""
    return {"doc": doc}


@dataclass
class CommonParams:
    """Parameters every generator takes: seed and the train/test split."""

    seed: int | None = field(default=None, metadata=interval(0, doc="random seed; None draws one"))
    train_ratio: float = field(default=0.8, metadata=interval(0.0, 1.0, doc="fraction of rows for train"))
    test_ratio: float = field(default=0.2, metadata=interval(0.0, 1.0, doc="fraction of rows for test"))
    shuffle: bool = field(default=True, metadata=described("shuffle rows before splitting"))

    def check(self) -> None:
        """Cross-field rules; generators extend this and call ``super().check()``."""
        total = self.train_ratio + self.test_ratio
        if total > 1.0 + 1e-12:
            raise ParameterError(
                f"train_ratio + test_ratio = {self.train_ratio} + {self.test_ratio} = {total:g}; "
                "allowed: a sum <= 1"
            )


P = TypeVar("P", bound=CommonParams)


def _coerce(name: str, value: Any, annotation: str) -> Any:
    """Check ``value`` against the field's declared type, converting int to float where lossless."""
    optional = "None" in annotation
    if value is None:
        if optional or annotation == "Any":
            return None
        raise ParameterError(f"parameter '{name}' = None; allowed: a value of type {annotation}")
    base = annotation.replace("| None", "").strip()
    if base == "bool":
        if not isinstance(value, bool):
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: true or false")
        return value
    if base == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: an integer")
        return int(value)
    if base == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: a number")
        if not math.isfinite(value):
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: a finite number")
        return float(value)
    if base == "str":
        if not isinstance(value, str):
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: a string")
        return value
    if base.startswith("list[float]"):
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ParameterError(f"parameter '{name}' = {value!r}; allowed: a list of numbers")
        return [_coerce(name, v, "float") for v in value]
    return value


def _check_constraints(name: str, value: Any, meta: Mapping[str, Any], chunked: bool = False) -> None:
    if value is None:
        return
    lifted: Interval | None = meta.get("chunked_interval")
    bound: Interval | None = lifted if chunked and lifted is not None else meta.get("interval")
    if bound is not None:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, int | float) and not bound.contains(item):
                hint = ""
                if lifted is not None and not chunked and lifted.contains(item):
                    hint = f" in memory; a chunked build (scale.chunked=true) allows {lifted}"
                raise ParameterError(f"parameter '{name}' = {value!r} is out of range; allowed: {bound}{hint}")
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        raise ParameterError(f"parameter '{name}' = {value!r}; allowed: one of {', '.join(choices)}")


def unknown_parameter_error(generator: str, key: str, known: list[str]) -> ParameterError:
    """The error for a name the schema does not have, with the closest valid names."""
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ParameterError(
        f"unknown parameter '{key}' for generator '{generator}'{hint} (known: {', '.join(sorted(known))})"
    )


def resolve_params(
    schema: type[P],
    generator: str,
    values: Mapping[str, Any],
    aliases: Mapping[str, str] | None = None,
    *,
    chunked: bool = False,
) -> P:
    """Validate ``values`` against ``schema`` and return the complete parameter object.

    Parameters
    ----------
    schema : type
        The generator's parameter dataclass.
    generator : str
        The generator's name, used in error messages.
    values : mapping
        Parameters as given by a user; missing ones take the schema's defaults.
    aliases : mapping, optional
        Alternative names (``{"n_points": "n_points_per_spiral"}``).
    chunked : bool
        Validate for a chunked build: bounds declared ``in_memory_cap`` are lifted.

    Returns
    -------
    CommonParams
        An instance of ``schema`` with every field set and checked. A ``seed`` of
        ``None`` is replaced by a freshly drawn seed, so the recipe records it.

    Raises
    ------
    ParameterError
        Naming the parameter, the value received and what is allowed.

    Examples
    --------
    >>> from juniper_data.generators.xor import XorParams
    >>> resolve_params(XorParams, "xor", {"noise": 0.1, "seed": 3}).noise
    0.1
    """
    aliases = dict(aliases or {})
    fields = {f.name: f for f in dataclasses.fields(schema)}
    given: dict[str, Any] = {}
    for key, value in values.items():
        canonical = aliases.get(key, key)
        if canonical not in fields:
            raise unknown_parameter_error(generator, key, list(fields) + list(aliases))
        if canonical in given and given[canonical] != value:
            raise ParameterError(
                f"parameter '{canonical}' given twice (as '{key}' = {value!r} and {given[canonical]!r})"
            )
        given[canonical] = value
    resolved: dict[str, Any] = {}
    for name, f in fields.items():
        if name in given:
            value = _coerce(name, given[name], str(f.type))
        elif f.default is not dataclasses.MISSING:
            value = f.default
        else:
            value = f.default_factory()  # type: ignore[operator]
        _check_constraints(name, value, f.metadata, chunked)
        resolved[name] = value
    if resolved.get("seed") is None:
        resolved["seed"] = secrets.randbits(32)
    params = schema(**resolved)
    params.check()
    return params


def params_to_dict(params: CommonParams) -> dict[str, Any]:
    """Plain, JSON-ready dict of every parameter, in schema order."""
    return {f.name: _plain(getattr(params, f.name)) for f in dataclasses.fields(params)}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
