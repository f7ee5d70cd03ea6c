"""What to build: :class:`BuildSpec`, everything that decides a dataset folder's bytes.

A spec is made from whatever the caller has -- keyword arguments, a
``params.yaml`` entry (:meth:`BuildSpec.from_entry`), a composed Hydra config
(``juniper_data.build.app``) or a built dataset's ``meta.json``
(:meth:`BuildSpec.from_meta`, to regenerate it) -- and is validated by
:meth:`BuildSpec.resolve` without generating anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from juniper_data.generators.params import ParameterError


class BuildError(ParameterError):
    """A build cannot start: bad recipe, a name that is not allowed, or not enough disk space."""


@dataclass(frozen=True)
class Resolved:
    """A validated spec: parameters, recipe and what is known of the rows before generating.

    ``n_rows``/``n_features``/``n_classes`` are None for generators whose sizes are
    known only after reading their inputs (import sources).
    """

    params: Any
    recipe: dict[str, Any]
    n_rows: int | None
    n_features: int | None
    n_classes: int | None
    plan: Any = None  # the ChunkPlan of a chunked spec


@dataclass(frozen=True)
class BuildSpec:
    """Everything that decides the bytes of one dataset folder.

    Parameters
    ----------
    generator : str
        A registered generator.
    params : mapping
        Its parameters as given; missing ones take their defaults.
    block_size : int, optional
        Build in blocks of this many rows, in bounded memory (``juniper_data.scale``);
        ``None`` builds in memory. Part of the recipe and the dataset id.
    name : str, optional
        Dataset name (the folder's and files' name); default: the dataset id.
        A family variant is ``"<family>/<variant>"``.
    tags, expires
        Catalog fields (in ``meta.json`` and the card, not in the recipe).
    formats, compress, parquet_compression
        Storage settings (``conf/storage``).
    card : bool
        Write the card (``README.md``, ``preview.png``).
    registry_url : str, optional
        The registry's git URL for the card's snippets.
    license : str, optional
        The card's Hugging Face license id (the registry's ``license``); ``None``: ``unknown``.
    """

    generator: str
    params: Mapping[str, Any] = field(default_factory=dict)
    block_size: int | None = None
    name: str | None = None
    tags: tuple[str, ...] = ()
    expires: str | None = None
    formats: tuple[str, ...] = ("npz", "parquet")
    compress: bool = False
    parquet_compression: str = "snappy"
    card: bool = True
    registry_url: str | None = None
    license: str | None = None

    @classmethod
    def from_entry(
        cls, name: str, entry: Mapping[str, Any], *, registry_url: str | None = None, license: str | None = None
    ) -> BuildSpec:
        """The spec of a resolved registry entry (``params.yaml``: datasets, or one family variant)."""
        storage = entry.get("storage") or {}
        chunking = entry.get("chunking") or {}
        return cls(
            generator=entry["generator"],
            params=dict(entry["params"]),
            block_size=chunking.get("block_size"),
            name=name,
            tags=tuple(entry.get("tags") or ()),
            expires=entry.get("expires"),
            formats=tuple(storage.get("formats") or ("npz", "parquet")),
            compress=bool(storage.get("compress", False)),
            parquet_compression=str(storage.get("parquet_compression", "snappy")),
            registry_url=registry_url,
            license=license,
        )

    @classmethod
    def from_meta(
        cls,
        meta: Mapping[str, Any],
        storage: Mapping[str, Any] | None = None,
        *,
        registry_url: str | None = None,
        license: str | None = None,
    ) -> BuildSpec:
        """The spec that rebuilds a dataset from its ``meta.json`` (and the storage settings it was written with)."""
        recipe = meta["recipe"]
        files = meta.get("artifacts") or {}
        storage = storage or {}
        return cls(
            generator=recipe["generator"],
            params=dict(recipe["params"]),
            block_size=(recipe.get("chunking") or {}).get("block_size"),
            name=meta["name"],
            tags=tuple(meta.get("tags") or ()),
            expires=meta.get("expires"),
            formats=("npz", "parquet") if "parquet" in files else ("npz",),
            compress=bool(storage.get("compress", False)),
            parquet_compression=str(storage.get("parquet_compression", "snappy")),
            registry_url=registry_url,
            license=license,
        )

    @property
    def chunked(self) -> bool:
        return self.block_size is not None

    def resolve(self) -> Resolved:
        """Validate everything (parameters, name, storage) without generating; see :class:`Resolved`.

        Raises
        ------
        BuildError
            Naming the parameter, the value and what is allowed.
        """
        from juniper_data.artifacts.parquet import check_parquet_compression
        from juniper_data.artifacts.writer import check_formats
        from juniper_data.generators import registry
        from juniper_data.generators.params import params_to_dict
        from juniper_data.names import InvalidNameError, check_dataset_ref
        from juniper_data.recipe import make_recipe

        try:
            if self.name is not None:
                check_dataset_ref(self.name, "name")
            check_formats(self.formats)
            check_parquet_compression(self.parquet_compression)
            spec = registry.get(self.generator)
            if self.block_size is not None:
                from juniper_data.scale.plan import plan_build

                plan = plan_build(spec.name, self.params, block_size=self.block_size)
                return Resolved(plan.params, plan.recipe, plan.n_rows, plan.n_features, plan.n_classes, plan)
            params = spec.resolve(self.params)
            recipe = make_recipe(spec.name, spec.version, params_to_dict(params))
            if spec.block is None:
                return Resolved(params, recipe, None, None, None)
            from juniper_data.generators import sizing

            layout = spec.block.layout(sizing.plan(spec, params)[0])  # the rows a sizing mode generates
            return Resolved(params, recipe, layout.n_rows, layout.n_features, len(layout.class_names))
        except (ParameterError, InvalidNameError, ValueError) as error:
            raise BuildError(str(error)) from None


def split_counts(n_rows: int, params: Any) -> Sequence[int]:
    """Rows of each held-out split the contract stores for ``n_rows`` native rows (train, [validation,] test)."""
    from juniper_data.generators.sizing import has_validation, partition_of

    part = partition_of(params, n_rows)
    return (part.n_train, part.n_val, part.n_test) if has_validation(params) else (part.n_train, part.n_test)
