"""Generators: pure functions of (params, rng) behind one registry."""

from juniper_data.generators.params import CommonParams, ParameterError
from juniper_data.generators.registry import GeneratorSpec, RawData, available, get, register

__all__ = ["CommonParams", "GeneratorSpec", "ParameterError", "RawData", "available", "get", "register"]
