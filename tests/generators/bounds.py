"""Declarative bound tables: one row per side of a SPEC §4 bound, checked both ways."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from juniper_data import generate
from juniper_data.generators.params import ParameterError


@dataclass(frozen=True)
class Bound:
    """One side of a bound: ``inside`` is accepted, ``outside`` is refused.

    ``allowed`` is how SPEC §4 states the range in the error (``[2, 10]``,
    ``(0, 100]``, ``[0, inf)``); ``extra`` holds other parameters a value needs to
    be valid on its own (``test_ratio=0`` beside ``train_ratio=1``).
    """

    param: str
    inside: Any
    outside: Any
    allowed: str
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.param}:{self.inside!r}|{self.outside!r}"


def assert_accepted(generator: str, recipe: dict[str, Any], bound: Bound) -> None:
    """The just-inside value generates, and the recipe records it."""
    ds = generate(generator, **{**recipe, **bound.extra, bound.param: bound.inside})
    assert ds.meta["recipe"]["params"][bound.param] == bound.inside


def assert_rejected(generator: str, recipe: dict[str, Any], bound: Bound) -> None:
    """The just-outside value raises, naming the parameter, the value and the allowed range."""
    with pytest.raises(ParameterError) as caught:
        generate(generator, **{**recipe, **bound.extra, bound.param: bound.outside})
    message = str(caught.value)
    assert f"'{bound.param}'" in message
    assert repr(bound.outside) in message
    assert f"allowed: {bound.allowed}" in message
