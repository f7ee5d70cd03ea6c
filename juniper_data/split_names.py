"""The one vocabulary of split names; every module takes them from here (no numpy: the CLI imports it).

* The arrays' splits, the suffixes of NPZ keys and of ``meta.json``'s ``n_<split>`` and
  ``class_distribution``: :data:`TRAIN`, :data:`VAL`, :data:`TEST` and :data:`FULL` (every
  generated row). A recipe without a sizing mode has :data:`TWO_WAY` (JuniperData 0.4's
  train/test), one that names a sizing mode :data:`THREE_WAY`; :func:`partitions` are the
  held-out cuts, without ``full``.
* The Hugging Face names of the same splits (Parquet files, cards, ``to_hf()``, ``to_torch()``):
  val is ``validation`` (:data:`HF_NAMES`, :func:`hf_name`, :func:`array_split`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Split names of the arrays (NPZ key suffixes, ``n_<split>``, ``class_distribution`` keys).
TRAIN, VAL, TEST, FULL = "train", "val", "test", "full"
#: The splits of a recipe without a sizing mode (JuniperData 0.4's) and of one that names a sizing mode.
TWO_WAY = (TRAIN, TEST, FULL)
THREE_WAY = (TRAIN, VAL, TEST, FULL)
#: Hugging Face's name of each held-out split (Parquet files, card configs, ``to_hf()``, ``to_torch()``).
HF_NAMES = {TRAIN: "train", VAL: "validation", TEST: "test"}


def array_splits(validation: bool) -> tuple[str, ...]:
    """The array splits of a dataset, in file order: :data:`THREE_WAY` with a validation split, else :data:`TWO_WAY`.

    Examples
    --------
    >>> array_splits(False), array_splits(True)
    (('train', 'test', 'full'), ('train', 'val', 'test', 'full'))
    """
    return THREE_WAY if validation else TWO_WAY


def partitions(splits: tuple[str, ...]) -> tuple[str, ...]:
    """The held-out cuts among ``splits`` (everything but :data:`FULL`).

    Examples
    --------
    >>> partitions(THREE_WAY)
    ('train', 'val', 'test')
    """
    return tuple(s for s in splits if s != FULL)


def hf_name(split: str) -> str:
    """Hugging Face's name of array split ``split``: ``val`` -> ``validation``, others unchanged.

    Examples
    --------
    >>> hf_name("val"), hf_name("train")
    ('validation', 'train')
    """
    return HF_NAMES.get(split, split)


def array_split(name: str) -> str:
    """The array split a name means: ``validation`` (Hugging Face's spelling) -> ``val``, others unchanged.

    Examples
    --------
    >>> array_split("validation"), array_split("val"), array_split("test")
    ('val', 'val', 'test')
    """
    return next((split for split, hf in HF_NAMES.items() if hf == name), name)


def splits_of(meta: Mapping[str, Any]) -> tuple[str, ...]:
    """The array splits a dataset's ``meta`` describes: with ``val`` when its arrays include ``X_val``.

    Examples
    --------
    >>> splits_of({"shapes": {"X_val": [0, 2]}}), splits_of({"shapes": {}})
    (('train', 'val', 'test', 'full'), ('train', 'test', 'full'))
    """
    shapes = meta.get("shapes")
    return array_splits(f"X_{VAL}" in shapes if shapes is not None else "n_val" in meta)


def parquet_splits(meta: Mapping[str, Any]) -> dict[str, str]:
    """``{Hugging Face split name: array split}`` of the splits a dataset exports (Parquet, ``to_hf``, ``to_torch``).

    Every cut but ``full``: train, validation when the dataset has validation *rows*,
    test. An empty validation split (``carve`` with ``val_ratio`` 0) stays in the NPZ
    as a ``(0, n_features)`` array but gets no Parquet file: Hugging Face ``datasets``
    cannot load a split without rows.

    Examples
    --------
    >>> parquet_splits({"shapes": {"X_val": [20, 2]}})
    {'train': 'train', 'validation': 'val', 'test': 'test'}
    >>> parquet_splits({"shapes": {"X_val": [0, 2]}})
    {'train': 'train', 'test': 'test'}
    """
    shapes = meta.get("shapes") or {}
    kept = [s for s in partitions(splits_of(meta)) if s != VAL or int(shapes[f"X_{VAL}"][0]) > 0]
    return {hf_name(split): split for split in kept}
