"""The one registry of generators: name -> :class:`GeneratorSpec`.

Built-in generators are listed by module path and imported on first use, so
``import juniper_data`` stays fast and an import source's heavy dependencies
(``datasets``, ``pandas``) load only when that source is used. Third-party
generators join with :func:`register`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from juniper_data.generators.params import CommonParams, ParameterError, resolve_params

if TYPE_CHECKING:
    from juniper_data.generators.blocks import BlockForm


class RawData(NamedTuple):
    """What a generator returns: rows in generation order, before any split.

    Attributes
    ----------
    X : ndarray of shape (n, n_features), float32
    labels : ndarray of shape (n,), int64, values in ``range(len(class_names))``
    class_names : tuple of str, one per class, index = label
    extras : mapping of str to ndarray of shape (n, ...), optional
        Per-row data beyond the contract's six arrays (ARC's output grids and
        task ids). Each is split with the same row indices as ``X`` and stored
        as ``<name>_train``, ``<name>_test``, ``<name>_full`` after the six.
        Numeric or fixed-width string dtypes only (no object arrays).
    feature_shape : tuple of int, optional
        How one row of ``X`` reshapes into a sample (``(28, 28)`` for an image
        kept 2-D); ``None`` means a plain vector ``(n_features,)``.
    """

    X: np.ndarray
    labels: np.ndarray
    class_names: tuple[str, ...]
    extras: Mapping[str, np.ndarray] = MappingProxyType({})
    feature_shape: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SizeKnob:
    """The parameter that sizes a generator's output, and the equal blocks it counts.

    ``rows = units * params.<name>``, ``units`` a number or the name of the parameter
    holding it: arms of a spiral (``"n_spirals"``), the 4 quadrants of xor, classes of
    gaussian (``"n_classes"``), 1 for a knob that counts rows. A recipe that names a
    sizing mode is generated with this knob set to the per-unit count its partition
    needs (:mod:`juniper_data.generators.sizing`, SPEC-0.17 §1.5).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> SizeKnob("n_points_per_spiral", "n_spirals").rows(SimpleNamespace(n_spirals=3, n_points_per_spiral=10))
    30
    """

    name: str
    units: int | str = 1

    def unit_count(self, params: Any) -> int:
        """``U`` of SPEC-0.17 §1.5 for ``params``."""
        return int(getattr(params, self.units)) if isinstance(self.units, str) else int(self.units)

    def rows(self, params: Any) -> int:
        """The rows ``params`` describe natively (``N`` of SPEC-0.17 §1.4)."""
        return self.unit_count(params) * int(getattr(params, self.name))


def default_rng(params: CommonParams) -> Any:
    """PCG64 stream seeded by the recipe, as JuniperData 0.4 used."""
    return np.random.default_rng(params.seed)


def no_inputs(params: CommonParams) -> list[str]:
    """Input files of a generator that reads none (every synthetic one)."""
    return []


@dataclass(frozen=True)
class GeneratorSpec:
    """Everything the pipeline needs to know about one generator.

    ``VERSION`` semantics (as TFDS): bump the patch for changes that keep every
    array identical, the major when any recipe's arrays would change. The version
    enters the recipe and therefore the dataset id.
    """

    name: str
    version: str
    params: type[CommonParams]
    generate: Callable[[Any, Any], RawData]
    summary: str
    make_rng: Callable[[Any], Any] = default_rng
    aliases: Mapping[str, str] = field(default_factory=dict)
    inputs: Callable[[Any], list[str]] = no_inputs
    #: The chunked form (``juniper_data.scale``); ``None``: in-memory builds only.
    block: BlockForm | None = None
    #: The size knob a sizing mode rescales; ``None`` for an import source (its rows are read, and carved).
    size: SizeKnob | None = None

    def input_paths(self, params: CommonParams) -> list[str]:
        """Files or folders (POSIX, relative to the import root) that resolved ``params`` read.

        A pipeline stage lists them as ``deps`` so DVC rebuilds the dataset when
        an input changes; their sha256 is also part of the recipe (the
        ``*_sha256`` parameters), so a changed input changes the dataset id.
        Hub inputs (pinned by revision) and download caches are not listed.
        """
        return self.inputs(params)

    def resolve(self, values: Mapping[str, Any], *, chunked: bool = False) -> CommonParams:
        """Validated, complete parameters for this generator (see :func:`resolve_params`)."""
        return resolve_params(self.params, self.name, values, self.aliases, chunked=chunked)

    def run(self, params: CommonParams) -> RawData:
        """Generate the raw rows for already-resolved ``params``."""
        return self.generate(params, self.make_rng(params))


_BUILTIN: dict[str, str] = {
    "spiral": "juniper_data.generators.spiral",
    "xor": "juniper_data.generators.xor",
    "gaussian": "juniper_data.generators.gaussian",
    "circles": "juniper_data.generators.circles",
    "checkerboard": "juniper_data.generators.checkerboard",
    "moon": "juniper_data.generators.moon",
    "csv_import": "juniper_data.generators.sources.csv_import",
    "mnist": "juniper_data.generators.sources.hf_image",
    "arc_agi": "juniper_data.generators.sources.arc_agi",
    "kaggle": "juniper_data.generators.sources.kaggle",
}
_LOADED: dict[str, GeneratorSpec] = {}

#: Read-only view of the known generator names and where each is defined.
KNOWN: Mapping[str, str] = MappingProxyType(_BUILTIN)


class UnknownGeneratorError(ParameterError):
    """The recipe names a generator the registry does not know."""


def register(spec: GeneratorSpec, module: str | None = None) -> None:
    """Add a generator (for plug-ins); refuses to silently replace another."""
    if spec.name in _LOADED and _LOADED[spec.name] is not spec:
        raise ValueError(f"generator '{spec.name}' is already registered")
    _BUILTIN.setdefault(spec.name, module or spec.generate.__module__)
    _LOADED[spec.name] = spec


def available() -> list[str]:
    """Sorted names of every known generator."""
    return sorted(_BUILTIN)


def get(name: str) -> GeneratorSpec:
    """The spec of generator ``name``.

    Raises
    ------
    UnknownGeneratorError
        Listing the known generators.

    Examples
    --------
    >>> get("xor").name
    'xor'
    """
    if name in _LOADED:
        return _LOADED[name]
    module = _BUILTIN.get(name) if isinstance(name, str) else None
    if module is None:
        raise UnknownGeneratorError(f"unknown generator {name!r}; known generators: {', '.join(available())}")
    spec: GeneratorSpec = importlib.import_module(module).SPEC
    _LOADED[name] = spec
    return spec
