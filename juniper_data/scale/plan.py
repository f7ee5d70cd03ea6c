"""The plan of a chunked build: the recipe, its blocks and its shuffle buckets.

Rows are cut into blocks of ``block_size`` rows in generation order (the work
units that make rows) and the shuffled train-then-test rows into buckets of
``block_size`` rows (the work units that place them). Both depend only on the
recipe, never on the engine or the number of workers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from juniper_data.generators.blocks import label_dtype
from juniper_data.generators.params import CommonParams, ParameterError
from juniper_data.split import split_sizes
from juniper_data.split_names import FULL, TEST, TRAIN

#: Rows per block unless the recipe says otherwise (1 Mi rows: ~8 MiB of 2-D float32).
DEFAULT_BLOCK_SIZE = 1 << 20
MAX_BLOCK_SIZE = 1 << 26
#: Each bucket reads one piece of every block's output: blocks x buckets file reads.
MAX_BLOCKS = 4096


@dataclass(frozen=True)
class ChunkPlan:
    """Everything a chunked build's workers need; small and picklable.

    Attributes
    ----------
    generator : str
    params : CommonParams
        Resolved (chunked-mode bounds).
    recipe : dict
        With ``"chunking": {"block_size": ...}``; the dataset id derives from it.
    n_rows, n_features : int
    class_names : tuple of str
    block_size : int
    n_train, n_test : int
    """

    generator: str
    params: CommonParams
    recipe: dict[str, Any]
    n_rows: int
    n_features: int
    class_names: tuple[str, ...]
    block_size: int
    n_train: int
    n_test: int

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def n_blocks(self) -> int:
        return -(-self.n_rows // self.block_size)

    @property
    def n_used(self) -> int:
        """Rows kept by the split: train then test, in shuffled order."""
        return self.n_train + self.n_test

    @property
    def n_buckets(self) -> int:
        return -(-self.n_used // self.block_size)

    @property
    def label_dtype(self) -> np.dtype:
        return label_dtype(self.n_classes)

    def block_rows(self, block: int) -> tuple[int, int]:
        """Rows ``[start, stop)`` of the generation order in block ``block``."""
        start = block * self.block_size
        return start, min(start + self.block_size, self.n_rows)

    def bucket_rows(self, bucket: int) -> tuple[int, int]:
        """Shuffled positions ``[start, stop)`` (train first, then test) in bucket ``bucket``."""
        start = bucket * self.block_size
        return start, min(start + self.block_size, self.n_used)

    def shape(self, key: str) -> tuple[int, int]:
        """Shape of contract array ``key`` (``X_train`` ... ``y_full``)."""
        rows = {TRAIN: self.n_train, TEST: self.n_test, FULL: self.n_rows}[key.split("_", 1)[1]]
        return rows, self.n_features if key.startswith("X") else self.n_classes


def plan_build(generator: str, params: Mapping[str, Any], *, block_size: int = DEFAULT_BLOCK_SIZE) -> ChunkPlan:
    """Validate a chunked recipe and plan its build; nothing is generated.

    Parameters
    ----------
    generator : str
        A generator with a chunked form (every built-in synthetic one).
    params : mapping
        Its parameters; in-memory caps (spiral's 10,000 points per arm) are lifted.
    block_size : int
        Rows per block, in ``[1, MAX_BLOCK_SIZE]``; part of the recipe.

    Raises
    ------
    ParameterError
        Naming the parameter, the value and what is allowed.

    Examples
    --------
    >>> plan = plan_build("spiral", {"n_points_per_spiral": 50_000_000})
    >>> plan.n_rows, plan.n_blocks, plan.recipe["chunking"]
    (100000000, 96, {'block_size': 1048576})
    """
    from juniper_data.generators import registry
    from juniper_data.generators.params import params_to_dict
    from juniper_data.recipe import make_recipe

    if isinstance(block_size, bool) or not isinstance(block_size, int) or not 1 <= block_size <= MAX_BLOCK_SIZE:
        raise ParameterError(f"scale.block_size = {block_size!r}; allowed: an integer in [1, {MAX_BLOCK_SIZE}]")
    spec = registry.get(generator)
    if spec.block is None:
        raise ParameterError(
            f"generator '{spec.name}' has no chunked form; build it in memory (scale.chunked=false)"
        )
    resolved = spec.resolve(params, chunked=True)
    if resolved.sizing_mode is not None:
        raise ParameterError(
            f"parameter 'sizing_mode' = {resolved.sizing_mode!r} in a chunked build: chunked builds make 0.4's "
            "train/test split only; allowed: no sizing_mode (chunked), or an in-memory build (scale.chunked=false) "
            "for a train/validation/test partition"
        )
    layout = spec.block.layout(resolved)
    n_blocks = -(-layout.n_rows // block_size)
    if n_blocks > MAX_BLOCKS:
        raise ParameterError(
            f"scale.block_size = {block_size} cuts {layout.n_rows} rows into {n_blocks} blocks; allowed: at most "
            f"{MAX_BLOCKS} blocks (a block_size of at least {-(-layout.n_rows // MAX_BLOCKS)})"
        )
    refusal = spec.block.refuse(resolved) if n_blocks > 1 else None
    if refusal:
        raise ParameterError(
            f"{refusal}; allowed: a recipe of at most scale.block_size = {block_size} rows (one block), "
            f"this one has {layout.n_rows}"
        )
    n_train, n_test = split_sizes(layout.n_rows, resolved.train_ratio, resolved.test_ratio)
    recipe = make_recipe(
        spec.name, spec.version, params_to_dict(resolved), chunking={"block_size": block_size}
    )
    return ChunkPlan(
        generator=spec.name,
        params=resolved,
        recipe=recipe,
        n_rows=layout.n_rows,
        n_features=layout.n_features,
        class_names=tuple(layout.class_names),
        block_size=block_size,
        n_train=n_train,
        n_test=n_test,
    )
