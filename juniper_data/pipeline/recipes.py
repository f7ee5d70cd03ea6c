"""Registry recipes: their typed schema and their resolution into fully explicit entries.

A recipe file (``conf/datasets/<name>.yaml``) names a generator, parameter
overrides, tags, an optional expiry date and a storage choice; a family file
(``conf/families/<name>.yaml``) adds a ``sweep`` grid. Resolution validates
every parameter through the generator registry and fills in every default, so
``params.yaml`` records each dataset completely.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juniper_data.generators import registry
from juniper_data.generators.params import CommonParams, ParameterError, params_to_dict, unknown_parameter_error
from juniper_data.recipe import dataset_id, make_recipe


@dataclass
class RecipeConfig:
    """Schema of ``conf/datasets/<name>.yaml``."""

    generator: str = "???"
    params: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    expires: str | None = None
    storage: str = "local"
    description: str = ""
    #: Build in blocks, in bounded memory (juniper_data.scale); lifts in-memory caps.
    chunked: bool = False
    #: Rows per block when chunked (default juniper_data.scale.plan.DEFAULT_BLOCK_SIZE); enters the recipe.
    block_size: int | None = None


@dataclass
class FamilyConfig(RecipeConfig):
    """Schema of ``conf/families/<name>.yaml``: a recipe plus a grid of swept parameters."""

    sweep: dict[str, list[Any]] = field(default_factory=dict)


class RecipeError(ValueError):
    """A recipe in ``conf/`` is invalid; the message names the file, key, value and what is allowed."""


def check_name(name: str, source: str) -> None:
    """Dataset names become folder names, DVC stage keys and git tag prefixes (:mod:`juniper_data.names`)."""
    from juniper_data.names import InvalidNameError
    from juniper_data.names import check_name as check

    try:
        check(name, f"{source}: dataset name")
    except InvalidNameError as error:
        raise RecipeError(str(error)) from None


def check_expires(value: Any, source: str) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RecipeError(f"{source}: expires = {value!r}; allowed: an ISO date YYYY-MM-DD or null") from None


def resolve_generator_params(
    generator: str, params: dict[str, Any], source: str, *, block_size: int | None = None
) -> tuple[CommonParams, dict[str, Any]]:
    """Validated, complete parameters and the recipe they make; registry recipes must pin their seed.

    With ``block_size`` the recipe is a chunked one (``juniper_data.scale``): in-memory caps
    are lifted and ``recipe["chunking"]`` records the block size.
    """
    try:
        spec = registry.get(generator)
        if params.get("seed") is None and _default_seed(spec) is None:
            raise ParameterError(
                f"parameter 'seed' is not set; registry recipes must pin a seed "
                f"(generator '{generator}' would draw a random one)"
            )
        if block_size is None:
            resolved = spec.resolve(params)
            return resolved, make_recipe(spec.name, spec.version, params_to_dict(resolved))
        from juniper_data.scale.plan import plan_build

        plan = plan_build(generator, params, block_size=block_size)
        return plan.params, plan.recipe
    except ParameterError as error:
        key = "generator" if isinstance(error, registry.UnknownGeneratorError) else "params"
        raise RecipeError(f"{source}: {key}: {error}") from None


def _default_seed(spec: registry.GeneratorSpec) -> Any:
    return spec.params.__dataclass_fields__["seed"].default


def code_path(generator: str) -> str:
    """Repository-relative path of a generator's code (a DVC dependency of its stages).

    A generator defined directly in ``juniper_data/generators/`` depends on its own
    module; one in a subpackage (``generators/sources/``) on the whole subpackage,
    since its modules share helpers.
    """
    module = inspect.getsourcefile(registry.get(generator).generate)
    assert module is not None
    path = Path(module).resolve()
    generators_dir = Path(registry.__file__).resolve().parent
    package_root = generators_dir.parents[1]
    if path.parent != generators_dir:
        path = path.parent
    return path.relative_to(package_root).as_posix()


def resolve_dataset(name: str, recipe: dict[str, Any], storage: dict[str, Any], source: str) -> dict[str, Any]:
    """The ``params.yaml`` entry of one named dataset (``chunking`` only for a chunked recipe)."""
    check_name(name, source)
    block_size = chunk_size(recipe, source)
    params, made = resolve_generator_params(recipe["generator"], dict(recipe["params"]), source, block_size=block_size)
    spec = registry.get(recipe["generator"])
    entry: dict[str, Any] = {
        "generator": spec.name,
        "version": spec.version,
        "dataset_id": dataset_id(made),
        "params": params_to_dict(params),
    }
    if "chunking" in made:
        entry["chunking"] = made["chunking"]
    return {
        **entry,
        "tags": sorted(set(recipe["tags"])),
        "expires": check_expires(recipe["expires"], source),
        "description": recipe["description"],
        "storage": storage,
        "code": code_path(spec.name),
        "input": source,
    }


def chunk_size(recipe: dict[str, Any], source: str) -> int | None:
    """The block size of a chunked recipe, ``None`` for an in-memory one."""
    if not recipe.get("chunked"):
        if recipe.get("block_size") is not None:
            raise RecipeError(f"{source}: block_size = {recipe['block_size']!r} needs chunked: true")
        return None
    from juniper_data.scale.plan import DEFAULT_BLOCK_SIZE

    size: int = DEFAULT_BLOCK_SIZE if recipe.get("block_size") is None else recipe["block_size"]
    return size


def variant_name(overrides: dict[str, Any]) -> str:
    """Folder name of a family variant, Hydra's override_dirname style: ``n_spirals=2,noise=0.1``.

    Unsafe characters of values are percent-encoded (:func:`juniper_data.names.variant_label`).
    """
    from juniper_data.names import variant_label

    return variant_label(overrides)


def resolve_family(name: str, recipe: dict[str, Any], storage: dict[str, Any], source: str) -> dict[str, Any]:
    """The ``params.yaml`` entry of a family.

    ``params`` holds every resolved parameter that is not swept, ``sweep`` the grid
    as declared, ``variants`` each combination's swept values by variant name.
    """
    check_name(name, source)
    sweep: dict[str, list[Any]] = dict(recipe["sweep"])
    if not sweep:
        raise RecipeError(f"{source}: sweep is empty; allowed: a mapping of parameter -> list of values")
    try:
        spec = registry.get(recipe["generator"])
    except ParameterError as error:
        raise RecipeError(f"{source}: generator: {error}") from None
    known = [f.name for f in dataclasses.fields(spec.params)] + list(spec.aliases)
    for key, values in sweep.items():
        if key not in known:
            raise RecipeError(f"{source}: sweep: {unknown_parameter_error(spec.name, key, known)}")
        if not isinstance(values, list) or not values:
            raise RecipeError(f"{source}: sweep.{key} = {values!r}; allowed: a non-empty list of values")
    swept = [spec.aliases.get(k, k) for k in sweep]
    variants: dict[str, dict[str, Any]] = {}
    base: dict[str, Any] = {}
    for combo in itertools.product(*sweep.values()):
        overrides = dict(zip(sweep, combo, strict=True))
        entry = resolve_dataset(name, {**recipe, "params": {**recipe["params"], **overrides}}, storage, source)
        chosen = {key: entry["params"][key] for key in swept}
        try:
            label = variant_name(chosen)
        except ValueError as error:
            raise RecipeError(f"{source}: sweep: {error}") from None
        if label in variants:
            raise RecipeError(f"{source}: sweep gives variant {label!r} twice; remove the duplicate value")
        variants[label] = chosen
        base = entry
    del base["dataset_id"]
    base["params"] = {k: v for k, v in base["params"].items() if k not in swept}
    base["sweep"] = sweep
    base["variants"] = variants
    return base
