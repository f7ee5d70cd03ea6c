"""Typed parameter schemas and their validation, shared by every generator.

A generator's parameters are a dataclass deriving from :class:`CommonParams`.
The same dataclass is the Hydra structured config (types checked by OmegaConf
at composition; see :func:`hydra_schema` for the annotations OmegaConf cannot
express) and the schema :func:`resolve_params` validates against: the
annotations are read as types (``typing.get_type_hints``), so ``int``,
``float`` (finite), ``str``, ``bool``, ``list[...]``, ``tuple[...]``, unions
and ``None`` are each checked, element by element. Bounds, choices, unknown
names and aliases are declared once, in field metadata, with :func:`interval`
and :func:`one_of`.

Parameters left out of the recipe at their default
--------------------------------------------------
The dataset id hashes every resolved parameter, so adding a field to a schema
would change the id of every existing recipe of that generator even when its
arrays stay identical. A field declared with :func:`omitted_at_default`
(metadata ``recipe_default_omitted=True``) is therefore left out of
:func:`params_to_dict` (the recipe, ``meta.json``, ``params.yaml``) while it
has its default value, and recorded as soon as a recipe sets it to anything
else. Use it for every field added to an existing generator whose default
keeps the old arrays::

    normalize_fit: str = field(
        default="all", metadata=omitted_at_default(one_of("all", "train", doc="..."))
    )

The rule this relies on: the default must reproduce exactly what recipes
without the field produced before, so an old recipe (without the key)
resolves to the same parameters, id and arrays. A recipe's ``params`` read
back from ``meta.json`` resolve to the same object because a missing key takes
the default.
"""

from __future__ import annotations

import dataclasses
import difflib
import secrets
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

from juniper_data.generators.typecheck import Mismatch, convert, show
from juniper_data.split import SIZING_MODES

#: Field metadata key: leave the field out of the recipe while it has its default (see the module docstring).
RECIPE_DEFAULT_OMITTED = "recipe_default_omitted"


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


def omitted_at_default(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` marked ``recipe_default_omitted``: the field stays out of the recipe while at its default.

    For fields added to an existing generator, so the ids of its existing
    recipes do not change (see the module docstring).

    Examples
    --------
    >>> omitted_at_default(one_of("all", "train"))["recipe_default_omitted"]
    True
    """
    return {**meta, RECIPE_DEFAULT_OMITTED: True}


@dataclass
class CommonParams:
    """Parameters every generator takes: seed, the train/test split, and the partition knobs.

    ``train_ratio`` is in (0, 1], as every JuniperData 0.4 generator but spiral
    declared it; spiral redeclares it as [0, 1]. Without a sizing mode the ratios
    may sum to 1 and no more (no tolerance, as 0.4: ``train_ratio + test_ratio >
    1.0`` is refused) and the dataset has 0.4's train/test split.

    The partition knobs (JuniperData 0.17's ``PartitionParams``, SPEC-0.17 §1.2) are
    declared here once for every generator. ``sizing_mode`` is absent (``None``) by
    default, and all four stay out of the recipe at their defaults, so a recipe that
    names no sizing mode keeps its id and arrays. Naming a mode gives the three-way
    train/validation/test partition (:mod:`juniper_data.generators.sizing`):

    * ``additive``: the size knob is the train count; validation and test are
      ``val_percent`` / ``test_percent`` of it, generated on top;
    * ``carve``: the size knob's rows are divided by ``train_ratio`` / ``val_ratio`` /
      ``test_ratio``.

    Each mode reads only its own knobs, but both validate all of them, as 0.17 does:
    the bounds, then ``sizing_mode``'s value, then (import sources) that it is
    ``carve``, then ``train_ratio + val_ratio + test_ratio <= 1.0`` added left to
    right in float64. A knob set to anything but its default without a sizing mode
    is refused (it would be ignored). Import sources
    (:attr:`GENERATES_ROWS` false) accept ``carve`` only, with ``val_ratio`` 0.1 by default.
    """

    #: False for import sources: their rows are read, never generated, so only ``carve`` applies.
    GENERATES_ROWS: ClassVar[bool] = True

    seed: int | None = field(default=None, metadata=interval(0, doc="random seed; None draws one"))
    train_ratio: float = field(
        default=0.8, metadata=interval(0.0, 1.0, low_open=True, doc="fraction of rows for train")
    )
    test_ratio: float = field(default=0.2, metadata=interval(0.0, 1.0, doc="fraction of rows for test"))
    shuffle: bool = field(default=True, metadata=described("shuffle rows before splitting"))
    sizing_mode: str | None = field(
        default=None,
        metadata=omitted_at_default(
            described("'additive' or 'carve': a train/validation/test partition; null: 0.4's train/test split")
        ),
    )
    val_ratio: float = field(
        default=0.0, metadata=omitted_at_default(interval(0.0, 1.0, doc="carve: fraction of rows for validation"))
    )
    val_percent: float = field(
        default=40.0,
        metadata=omitted_at_default(interval(0.0, 1000.0, doc="additive: validation rows, percent of train")),
    )
    test_percent: float = field(
        default=30.0, metadata=omitted_at_default(interval(0.0, 1000.0, doc="additive: test rows, percent of train"))
    )

    def check(self) -> None:
        """Cross-field rules; generators extend this and call ``super().check()``."""
        if self.sizing_mode is None:
            self._check_no_partition_knobs()
            total = self.train_ratio + self.test_ratio
            if total > 1.0:
                raise ParameterError(
                    f"train_ratio + test_ratio = {self.train_ratio} + {self.test_ratio} = {total!r}; "
                    "allowed: a sum <= 1"
                )
            return
        if self.sizing_mode not in SIZING_MODES:
            raise ParameterError(
                f"parameter 'sizing_mode' = {show(self.sizing_mode)}; allowed: 'additive' or 'carve' "
                "(case-sensitive), or null for 0.4's train/test split"
            )
        if self.sizing_mode == "additive" and not self.GENERATES_ROWS:
            raise ParameterError(
                "parameter 'sizing_mode' = 'additive' is not available for this generator: it reads real data "
                "and cannot generate additional rows to honour a train count; allowed: 'carve'"
            )
        total = self.train_ratio + self.val_ratio + self.test_ratio  # float64, left to right (as 0.17)
        if total > 1.0:
            hint = ""
            if not self.GENERATES_ROWS:
                hint = f" (an import source's val_ratio defaults to {_schema_default(self, 'val_ratio')} in carve: "
                hint += "test_ratio 0.1 gives JuniperData 0.17's 0.8 / 0.1 / 0.1)"
            raise ParameterError(
                f"train_ratio ({self.train_ratio}) + val_ratio ({self.val_ratio}) + test_ratio ({self.test_ratio}) "
                f"= {total!r}; allowed: a sum <= 1.0{hint}"
            )

    def _check_no_partition_knobs(self) -> None:
        """Without a sizing mode, ``val_ratio`` / ``val_percent`` / ``test_percent`` would be ignored: refuse them."""
        for name, mode in (("val_ratio", "carve"), ("val_percent", "additive"), ("test_percent", "additive")):
            value, default = getattr(self, name), _schema_default(self, name)
            if value != default:
                raise ParameterError(
                    f"parameter '{name}' = {show(value)} is read only with sizing_mode '{mode}'; allowed: "
                    f"sizing_mode '{mode}', or {default!r} (the default) for 0.4's train/test split"
                )

    @classmethod
    def unseeded(cls, resolved: dict[str, Any], given: Mapping[str, Any]) -> None:
        """Adjust ``resolved`` (in place) for a recipe that gives no seed, before one is drawn.

        ``given`` holds the parameters the recipe set. A no-op here; sources whose
        JuniperData 0.4 behaviour differed without a seed (the first ``n`` rows
        rather than a seeded draw) record that choice as a parameter.
        """


@dataclass
class SourceParams(CommonParams):
    """:class:`CommonParams` of an import source (csv/json, Kaggle, Hugging Face images, ARC).

    Its rows are read, not generated: of the sizing modes only ``carve`` applies
    (``additive`` is refused, as JuniperData 0.17 refuses it), and ``val_ratio``
    defaults to 0.1, 0.17's default for these sources.
    """

    GENERATES_ROWS: ClassVar[bool] = False

    val_ratio: float = field(
        default=0.1, metadata=omitted_at_default(interval(0.0, 1.0, doc="carve: fraction of rows for validation"))
    )


P = TypeVar("P", bound=CommonParams)


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def field_types(schema: type) -> dict[str, Any]:
    """The schema's field annotations as types (``typing.get_type_hints``), by field name."""
    if schema not in _FIELD_TYPES:
        _FIELD_TYPES[schema] = get_type_hints(schema)
    return _FIELD_TYPES[schema]


def _coerce(name: str, value: Any, declared: Any) -> Any:
    """``value`` checked against the field's declared type (see :mod:`~juniper_data.generators.typecheck`)."""
    try:
        return convert(value, declared)
    except Mismatch as mismatch:
        inner = f": item {mismatch.path} = {show(mismatch.value)}" if mismatch.path else ""
        raise ParameterError(f"parameter '{name}' = {show(value)}{inner}; allowed: {mismatch.allowed}") from None


def _numbers(value: Any) -> list[Any]:
    """Every scalar inside ``value`` (nested lists flattened), for bounds."""
    if isinstance(value, list | tuple):
        return [item for v in value for item in _numbers(v)]
    return [value]


def _check_constraints(name: str, value: Any, meta: Mapping[str, Any], chunked: bool = False) -> None:
    if value is None:
        return
    lifted: Interval | None = meta.get("chunked_interval")
    bound: Interval | None = lifted if chunked and lifted is not None else meta.get("interval")
    if bound is not None:
        for item in _numbers(value):
            if isinstance(item, int | float) and not isinstance(item, bool) and not bound.contains(item):
                hint = ""
                if lifted is not None and not chunked and lifted.contains(item):
                    hint = f" in memory; a chunked build (scale.chunked=true) allows {lifted}"
                raise ParameterError(f"parameter '{name}' = {show(value)} is out of range; allowed: {bound}{hint}")
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        raise ParameterError(f"parameter '{name}' = {show(value)}; allowed: one of {', '.join(choices)}")


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
        ``None`` is replaced by a freshly drawn seed, so the recipe records it
        (after :meth:`CommonParams.unseeded` has seen the recipe without one).

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
    types_ = field_types(schema)
    given: dict[str, Any] = {}
    for key, value in values.items():
        canonical = aliases.get(key, key)
        if canonical not in fields:
            raise unknown_parameter_error(generator, key, list(fields) + list(aliases))
        if canonical in given and given[canonical] != value:
            raise ParameterError(
                f"parameter '{canonical}' given twice (as '{key}' = {show(value)} and {show(given[canonical])})"
            )
        given[canonical] = value
    resolved: dict[str, Any] = {}
    for name, f in fields.items():
        value = _coerce(name, given[name], types_[name]) if name in given else _default(f)
        _check_constraints(name, value, f.metadata, chunked)
        resolved[name] = value
    if resolved.get("seed") is None:
        schema.unseeded(resolved, given)
        resolved["seed"] = secrets.randbits(32)
    params = schema(**resolved)
    params.check()
    return params


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()  # type: ignore[operator]


def _schema_default(params: CommonParams, name: str) -> Any:
    """The schema default of field ``name`` of ``params``' class."""
    return _default(params.__dataclass_fields__[name])


def params_to_dict(params: CommonParams) -> dict[str, Any]:
    """Plain, JSON-ready dict of the recipe's parameters, in schema order.

    Every field, except one declared :func:`omitted_at_default` while it has its default.

    Examples
    --------
    >>> from juniper_data.generators.xor import XorParams
    >>> list(params_to_dict(XorParams(seed=1)))[:4]
    ['seed', 'train_ratio', 'test_ratio', 'shuffle']
    """
    out = {}
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if f.metadata.get(RECIPE_DEFAULT_OMITTED) and _plain(value) == _plain(_default(f)):
            continue
        out[f.name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _needs_any(tp: Any) -> bool:
    """Whether OmegaConf 2.3 cannot type ``tp``: a union with a container member (``float | list[float]``)."""
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    members = [a for a in get_args(tp) if a is not type(None)]
    return len(members) > 1 and any(get_origin(a) in (list, tuple, dict) for a in members)


_HYDRA_SCHEMAS: dict[type, type] = {}


def hydra_schema(schema: type[P]) -> type[P]:
    """``schema`` as Hydra's ConfigStore can hold it: fields OmegaConf cannot type are ``Any`` there.

    OmegaConf 2.3 (which hydra-core 1.3 requires) refuses unions of containers;
    such a field is declared ``Any`` in this subclass, and :func:`resolve_params`
    (on the real schema) checks it.

    Examples
    --------
    >>> from juniper_data.generators.gaussian import GaussianParams
    >>> hydra_schema(GaussianParams).__dataclass_fields__["class_std"].type
    typing.Any
    """
    if schema not in _HYDRA_SCHEMAS:
        loose = [name for name, tp in field_types(schema).items() if _needs_any(tp)]
        fields = {f.name: f for f in dataclasses.fields(schema)}
        redeclared = [
            (name, Any, field(**_field_default(fields[name]), metadata=fields[name].metadata)) for name in loose
        ]
        _HYDRA_SCHEMAS[schema] = (
            dataclasses.make_dataclass(schema.__name__, redeclared, bases=(schema,)) if loose else schema
        )
    return _HYDRA_SCHEMAS[schema]


def _field_default(f: dataclasses.Field[Any]) -> dict[str, Any]:
    if f.default is not dataclasses.MISSING:
        return {"default": f.default}
    return {"default_factory": f.default_factory}
