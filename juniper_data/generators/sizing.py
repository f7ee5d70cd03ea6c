"""How many rows a recipe generates and which of them go to train, validation and test.

One rule for every generator, in two vocabularies:

* **No sizing mode** (``sizing_mode`` absent, every recipe before 0.17): JuniperData 0.4's
  split. The generator makes the rows its size knob describes, and a fresh
  ``default_rng(seed).permutation(N)`` picks train and test
  (:func:`juniper_data.split.two_way_partition`); no validation split.
* **A sizing mode** (``additive`` or ``carve``): JuniperData 0.17.1's partition (SPEC-0.17
  §1.4-1.6). With ``N`` the rows the size knob describes natively
  (:meth:`~juniper_data.generators.registry.SizeKnob.rows`):

  1. the counts: :func:`juniper_data.split.partition_counts` of ``N``;
  2. the generator runs with its size knob replaced by the per-unit count
     ``k' = ceil(G_req / U)`` (:func:`juniper_data.split.per_unit_count`); every other
     parameter, the seed included, is unchanged, and the generator's own routine (0.4's
     draws) makes the ``G = U * k'`` rows. A ``k'`` outside the knob's bound is refused;
  3. the cut: one fresh ``default_rng(seed).permutation(G)`` over every generated row, sliced
     into contiguous train, validation and test (:func:`juniper_data.split.partition_indices`);
     the surplus is dropped from the shuffled tail.

  An import source has no size knob: its ``N`` is the rows it read, carved (``G = N``).

Examples
--------
>>> from juniper_data.generators import registry
>>> spec = registry.get("spiral")
>>> params, part = plan(spec, spec.resolve({"sizing_mode": "additive"}))
>>> params.n_points_per_spiral, part
(165, Partition(n_train=194, n_val=78, n_test=58, rows_required=330))
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from juniper_data.generators.params import CommonParams, Interval, ParameterError
from juniper_data.generators.registry import GeneratorSpec, RawData
from juniper_data.split import Partition, partition_counts, partition_indices, per_unit_count, two_way_partition


def has_validation(params: Any) -> bool:
    """Whether ``params`` give a validation split: they name a sizing mode (an empty one counts)."""
    return mode_of(params) is not None


def mode_of(params: Any) -> str | None:
    """``params``' sizing mode; None also for split parameters without the knob (any object with 0.4's fields)."""
    return getattr(params, "sizing_mode", None)


def partition_of(params: Any, n_rows: int) -> Partition:
    """The counts of ``n_rows`` native rows under ``params``' sizing (0.4's split without a mode).

    Examples
    --------
    >>> from juniper_data.generators.moon import MoonParams
    >>> partition_of(MoonParams(sizing_mode="carve", val_ratio=0.1, test_ratio=0.1), 200)
    Partition(n_train=160, n_val=20, n_test=20, rows_required=200)
    >>> partition_of(MoonParams(), 200)
    Partition(n_train=160, n_val=0, n_test=40, rows_required=200)
    """
    mode = mode_of(params)
    if mode is None:
        return two_way_partition(n_rows, train_ratio=params.train_ratio, test_ratio=params.test_ratio)
    return partition_counts(
        mode,
        n_rows,
        train_ratio=params.train_ratio,
        val_ratio=params.val_ratio,
        test_ratio=params.test_ratio,
        val_percent=params.val_percent,
        test_percent=params.test_percent,
    )


def plan(spec: GeneratorSpec, params: CommonParams) -> tuple[CommonParams, Partition | None]:
    """The parameters to generate with, and the partition when it is known before generating.

    Returns
    -------
    params : CommonParams
        ``params`` itself, or a copy with the size knob set to the per-unit count.
    partition : Partition or None
        ``None`` without a sizing mode or for an import source: the partition of the
        rows generated or read (:func:`partition_of` of their number).

    Raises
    ------
    ParameterError
        When the rescaled size knob is out of its bound (spiral's 10,000 points per arm).
    """
    knob = spec.size
    if params.sizing_mode is None or knob is None:
        return params, None
    partition = partition_of(params, knob.rows(params))
    units = knob.unit_count(params)
    per_unit = per_unit_count(partition.rows_required, units)
    given = getattr(params, knob.name)
    if per_unit == given:
        return params, partition
    bound: Interval | None = spec.params.__dataclass_fields__[knob.name].metadata.get("interval")
    if bound is not None and not bound.contains(per_unit):
        raise ParameterError(
            f"parameter '{knob.name}' = {given} with sizing_mode '{params.sizing_mode}' needs {per_unit} per unit "
            f"(train {partition.n_train} + validation {partition.n_val} + test {partition.n_test} rows over "
            f"{units} units); allowed: {knob.name} in {bound} after that rescale (lower {knob.name}, "
            "val_percent or test_percent)"
        )
    sized: dict[str, Any] = {knob.name: per_unit}
    return dataclasses.replace(params, **sized), partition


def generate_rows(spec: GeneratorSpec, params: CommonParams) -> tuple[RawData, Partition]:
    """Run ``spec`` for resolved ``params`` as their sizing says; the rows and their partition.

    Examples
    --------
    >>> from juniper_data.generators import registry
    >>> spec = registry.get("xor")
    >>> raw, part = generate_rows(spec, spec.resolve({"sizing_mode": "additive", "seed": 42}))
    >>> raw.X.shape, part.total
    ((340, 2), 340)
    """
    sized, partition = plan(spec, params)
    raw = spec.run(sized)
    return raw, partition if partition is not None else partition_of(params, raw.X.shape[0])


def cut(n_generated: int, partition: Partition, params: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices of train, validation and test among ``n_generated`` rows in generation order."""
    return partition_indices(n_generated, partition, seed=params.seed, shuffle=params.shuffle)


def train_rows(params: Any, n_rows: int) -> np.ndarray:
    """Indices of the rows of ``n_rows`` read rows that land in ``X_train`` (a source's ``normalize_fit: train``).

    Examples
    --------
    >>> from juniper_data.generators.sources.tabular import TabularParams
    >>> train_rows(TabularParams(seed=0, shuffle=False, sizing_mode="carve", test_ratio=0.1), 10).tolist()
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    return cut(n_rows, partition_of(params, n_rows), params)[0]
