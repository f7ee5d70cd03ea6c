"""The in-memory dataset: its arrays (train, test, full; validation with a sizing mode), metadata, :func:`generate`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from juniper_data.columns import feature_names
from juniper_data.recipe import array_hash, dataset_id, make_recipe
from juniper_data.split import one_hot
from juniper_data.split_names import (
    FULL,
    THREE_WAY,
    TWO_WAY,
    VAL,
    array_split,
    array_splits,
    partitions,
    splits_of,
)

#: Version of the artifact contract (docs/contract.md). Minor: fields added;
#: major: a key, dtype, layout or meaning changes.
#: 1.1: meta gains feature_shape and extras; extra per-row arrays after the six.
#: 1.2: images and grids (2..5-axis feature_shape) gain the Parquet column ``x`` (Array2D ..).
#: 1.3: a validation split (X_val, y_val, n_val, Parquet ``validation``) and the metadata
#:      consumers read (task_type, dataset_name, dataset_version, truncation, data_quality).
CONTRACT_VERSION = "1.3"
#: A folder records the lowest contract version it needs: one without a validation split
#: needs nothing of 1.3, so it keeps writing 1.2 (its bytes do not change).
TWO_WAY_CONTRACT_VERSION = "1.2"
#: The six arrays of a dataset without a validation split (JuniperData 0.4's), in file order.
ARRAY_KEYS = ("X_train", "y_train", "X_test", "y_test", "X_full", "y_full")
#: Every dataset is a classification dataset: ``y`` is one-hot over ``class_names``.
TASK_TYPE = "classification"
#: ``meta`` fields JuniperData 0.17's consumers read (SPEC-0.17 §3), and their value when a folder
#: does not record them (it was written before 1.3, or has no validation split); ``dataset_name``
#: is the catalog name, ``dataset_version`` the release ``load()`` read it from.
CONSUMER_DEFAULTS: dict[str, Any] = {
    "n_val": 0,
    "task_type": TASK_TYPE,
    "dataset_name": None,
    "dataset_version": None,
    "truncation": None,
    "data_quality": None,
}


class Dataset(Mapping[str, np.ndarray]):
    """A materialized dataset: ``ds["X_train"]`` ... and ``ds.meta``.

    Keys are ``X_train, y_train, X_test, y_test, X_full, y_full``, and with a
    validation split (a recipe that names a sizing mode) ``X_train, y_train,
    X_val, y_val, X_test, y_test, X_full, y_full``; every array is float32 and
    2-D. ``X_*`` has shape (n, n_features); ``y_*`` is one-hot with shape
    (n, n_classes). ``*_full`` is every generated row, in generation order.

    Examples
    --------
    >>> from juniper_data import generate
    >>> ds = generate("xor", n_points_per_quadrant=10, seed=0)
    >>> ds["X_train"].shape, ds["y_train"].shape, ds.meta["n_classes"], ds.splits
    ((32, 2), (32, 2), 2, ('train', 'test', 'full'))
    >>> three = generate("moon", sizing_mode="carve", val_ratio=0.1, test_ratio=0.1, seed=42)
    >>> three["X_val"].shape, three.splits, three.labels("validation").shape
    ((20, 2), ('train', 'val', 'test', 'full'), (20,))
    """

    #: Where :func:`juniper_data.load` read it: ``{"repo", "commit", "how"}``; None when generated.
    source: dict[str, str] | None = None

    def __init__(self, arrays: Mapping[str, np.ndarray], meta: dict[str, Any]):
        keys = array_keys(meta.get("extras", ()), splits_of(meta))
        missing = [k for k in keys if k not in arrays]
        if missing:
            raise KeyError(f"dataset is missing arrays {missing}")
        self._arrays = {k: arrays[k] for k in keys}
        self.meta = meta

    def __getitem__(self, key: str) -> np.ndarray:
        return self._arrays[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)

    def __repr__(self) -> str:
        m = self.meta
        sizes = ", ".join(f"{s}={m[f'n_{s}']}" for s in partitions(self.splits))
        return (
            f"Dataset({m['name']!r}, id={m['dataset_id']!r}, {sizes}, "
            f"features={m['n_features']}, classes={m['n_classes']})"
        )

    @property
    def splits(self) -> tuple[str, ...]:
        """The array splits, in file order: ``('train', 'test', 'full')``, or with ``'val'`` after train."""
        return splits_of(self.meta)

    @property
    def has_validation(self) -> bool:
        """Whether the dataset has a validation split (``X_val``, ``y_val``; possibly empty)."""
        return VAL in self.splits

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def class_names(self) -> list[str]:
        return list(self.meta["class_names"])

    @property
    def feature_shape(self) -> tuple[int, ...]:
        """Shape of one sample: ``X.reshape(-1, *ds.feature_shape)`` gives images or grids back."""
        return tuple(self.meta.get("feature_shape") or (self.meta["n_features"],))

    @property
    def extras(self) -> list[str]:
        """Names of the per-row extra arrays (``<name>_train``, ``<name>_test``, ``<name>_full``, ...)."""
        return list(self.meta.get("extras", ()))

    def split_key(self, split: str) -> str:
        """The array split ``split`` names (``'validation'`` is ``'val'``); ``ValueError`` if the dataset lacks it."""
        key = array_split(split)
        if key not in self.splits:
            detail = "; this dataset has no validation split (a recipe names a sizing_mode to get one)"
            raise ValueError(
                f"split {split!r} is not one of {', '.join(self.splits)}" + (detail if key == VAL else "")
            )
        return key

    def labels(self, split: str) -> np.ndarray:
        """Integer labels of ``split`` ('train', 'val' / 'validation', 'test' or 'full'), shape (n,), int64."""
        return np.argmax(self[f"y_{self.split_key(split)}"], axis=1).astype(np.int64)

    def annotate(
        self, *, name: str | None = None, tags: list[str] | None = None, expires: str | None = None
    ) -> Dataset:
        """A copy with catalog fields set (they are not part of the recipe or the id)."""
        meta = dict(self.meta)
        if name is not None:
            meta["name"] = name
            if "dataset_name" in meta:
                meta["dataset_name"] = name
        if tags is not None:
            meta["tags"] = sorted(set(tags))
        if expires is not None:
            meta["expires"] = str(expires)
        return Dataset(self._arrays, meta)

    def to_pandas(self, split: str = "train") -> Any:
        """One split as a ``pandas.DataFrame``: feature columns ``x0..`` and a ``label`` column.

        ``split`` is 'train', 'val' (or 'validation'), 'test' or 'full'.
        """
        import pandas as pd

        X = self[f"X_{self.split_key(split)}"]
        frame = pd.DataFrame(X, columns=feature_names(X.shape[1]))
        frame["label"] = pd.Categorical.from_codes(self.labels(split), categories=pd.Index(self.class_names))
        return frame

    def to_hf(self) -> Any:
        """A ``datasets.DatasetDict`` (train, validation when present, test): float32 features, ``ClassLabel`` label."""
        from juniper_data.consumer.export import to_hf

        return to_hf(self)

    def to_torch(self) -> dict[str, Any]:
        """``{"train", "validation" (when present), "test"}`` -> ``TensorDataset`` (needs the optional PyTorch)."""
        from juniper_data.consumer.export import to_torch

        return to_torch(self)


def array_keys(extras: Sequence[str] = (), splits: Sequence[str] = TWO_WAY) -> list[str]:
    """Every array key, in file order: ``X_<split>, y_<split>`` per split, then each extra per split.

    Examples
    --------
    >>> array_keys(["task_id"])[6:]
    ['task_id_train', 'task_id_test', 'task_id_full']
    >>> from juniper_data.split_names import THREE_WAY
    >>> array_keys(splits=THREE_WAY)[:4]
    ['X_train', 'y_train', 'X_val', 'y_val']
    """
    keys = [f"{kind}_{split}" for split in splits for kind in ("X", "y")]
    return keys + [f"{name}_{split}" for name in extras for split in splits]


def consumer_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with every field JuniperData 0.17's consumers read, filled in where the folder lacks it.

    What :func:`~juniper_data.artifacts.reader.read_dataset` and :func:`juniper_data.load`
    return for every dataset (a folder without a validation split does not record these
    fields, so its bytes stay those of contract 1.2): ``n_val`` 0, ``task_type``
    ``classification``, ``dataset_name`` the catalog name, ``dataset_version``,
    ``truncation`` and ``data_quality`` None (complete, clean data).

    Examples
    --------
    >>> m = consumer_meta({"name": "xor_default", "n_train": 160})
    >>> m["dataset_name"], m["n_val"], m["task_type"], m["truncation"]
    ('xor_default', 0, 'classification', None)
    """
    out = dict(meta)
    for key, value in CONSUMER_DEFAULTS.items():
        out.setdefault(key, value)
    if out["dataset_name"] is None:
        out["dataset_name"] = meta.get("name")
    return out


def class_counts(labels: np.ndarray, class_names: list[str]) -> dict[str, int]:
    """``{class name: row count}`` for every class, zeros included."""
    counts = np.bincount(labels, minlength=len(class_names))
    return {name: int(c) for name, c in zip(class_names, counts, strict=True)}


def describe(
    arrays: Mapping[str, np.ndarray],
    recipe: dict[str, Any],
    class_names: list[str],
    *,
    feature_shape: Sequence[int] | None = None,
    extras: Sequence[str] = (),
    labels: Mapping[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """The metadata of ``arrays`` made from ``recipe`` (the ``meta.json`` content).

    ``feature_shape`` (default ``[n_features]``) says how a row reshapes into a
    sample; ``extras`` names the per-row extra arrays, whose shapes, dtypes and
    hashes are recorded like the six contract arrays. ``labels`` (integer labels
    per split, as :func:`split_rows` returns them) saves an argmax over every one-hot ``y``.
    """
    splits = array_splits(f"X_{VAL}" in arrays)
    if labels is None:
        labels = {s: np.argmax(arrays[f"y_{s}"], axis=1) for s in splits}
    keys = array_keys(extras, splits)
    return build_meta(
        recipe,
        class_names,
        shapes={k: list(arrays[k].shape) for k in keys},
        dtypes={k: str(arrays[k].dtype) for k in keys},
        hashes={k: array_hash(arrays[k]) for k in keys},
        class_distribution={s: class_counts(labels[s], class_names) for s in splits},
        feature_shape=feature_shape,
        extras=extras,
    )


def build_meta(
    recipe: dict[str, Any],
    class_names: list[str],
    *,
    shapes: dict[str, list[int]],
    dtypes: dict[str, str],
    hashes: dict[str, str],
    class_distribution: dict[str, dict[str, int]],
    feature_shape: Sequence[int] | None = None,
    extras: Sequence[str] = (),
) -> dict[str, Any]:
    """The ``meta.json`` content from figures already computed (also by streaming builds).

    A dataset with a validation split (``X_val`` among ``shapes``) records contract
    1.3, ``n_val`` and the fields consumers read (:data:`CONSUMER_DEFAULTS`); one
    without records contract 1.2 and none of them, exactly as before 1.3.
    """
    import juniper_data

    ident = dataset_id(recipe)
    n_features = int(shapes["X_full"][1])
    splits = splits_of({"shapes": shapes})
    validation = VAL in splits
    counts = {f"n_{s}": int(shapes[f"X_{s}"][0]) for s in splits}
    meta: dict[str, Any] = {
        "contract_version": CONTRACT_VERSION if validation else TWO_WAY_CONTRACT_VERSION,
        "dataset_id": ident,
        "name": ident,
        "recipe": recipe,
        **counts,
        "n_features": n_features,
        "feature_shape": [int(d) for d in feature_shape] if feature_shape else [n_features],
        "n_classes": len(class_names),
        "class_names": list(class_names),
        "class_distribution": class_distribution,
        "extras": list(extras),
        "shapes": shapes,
        "dtypes": dtypes,
        "hashes": hashes,
        "tags": [],
        "expires": None,
    }
    if validation:
        consumer = {k: v for k, v in CONSUMER_DEFAULTS.items() if k != "n_val"}
        meta.update({**consumer, "dataset_name": ident})
    meta["software"] = {"juniper_data": juniper_data.__version__, "numpy": np.__version__}
    return meta


def assemble(
    X: np.ndarray,
    labels: np.ndarray,
    class_names: list[str],
    params: Any,
    extras: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The contract arrays (then each extra's per split) from generation-order rows and the split parameters."""
    return split_rows(X, labels, len(class_names), params, extras)[0]


def split_rows(
    X: np.ndarray,
    labels: np.ndarray,
    n_classes: int,
    params: Any,
    extras: Mapping[str, np.ndarray] | None = None,
    partition: Any = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The contract arrays and the integer labels of each split.

    ``partition`` (a :class:`~juniper_data.split.Partition`) gives the counts; by
    default those of ``params``' sizing over the ``X.shape[0]`` rows
    (:func:`juniper_data.generators.sizing.partition_of`): 0.4's train/test split
    without a sizing mode, else train/validation/test (additive sizing passes the
    partition it generated rows for). One fresh seeded permutation picks them all
    (:func:`juniper_data.generators.sizing.cut`).

    Rows are gathered with ``take`` (several times faster than fancy indexing
    of 2-D arrays), and each split's one-hot matrix is built from its own
    labels, so ``y`` is never gathered: the arrays are the same as
    ``one_hot(labels)[train]``, with less memory traffic. Extras are split with
    the same row indices as ``X``: row ``i`` of ``task_id_train`` belongs to row
    ``i`` of ``X_train``.
    """
    from juniper_data.generators.sizing import cut, has_validation, partition_of

    splits = array_splits(has_validation(params))
    if partition is None:
        partition = partition_of(params, X.shape[0])
    train, val, test = cut(X.shape[0], partition, params)
    rows = dict(zip(partitions(THREE_WAY), (train, val, test), strict=True))
    # Gathering 1-byte labels touches an eighth of the memory of int64 ones.
    compact = labels.astype(np.min_scalar_type(max(n_classes - 1, 0)))
    split_labels = {s: compact.take(rows[s]) for s in partitions(splits)}
    split_labels[FULL] = labels
    arrays: dict[str, np.ndarray] = {}
    for s in partitions(splits):
        arrays[f"X_{s}"] = X.take(rows[s], axis=0)
        arrays[f"y_{s}"] = one_hot(split_labels[s], n_classes)
    arrays["X_full"], arrays["y_full"] = X, one_hot(labels, n_classes)
    for name, values in check_extras(extras or {}, X.shape[0]).items():
        arrays.update({f"{name}_{s}": values[rows[s]] for s in partitions(splits)})
        arrays[f"{name}_full"] = values
    return arrays, split_labels


def check_extras(extras: Mapping[str, np.ndarray], n_rows: int) -> dict[str, np.ndarray]:
    """Validate per-row extra arrays: a lower-case name, one entry per row, no object dtype.

    Names must not collide with NPZ keys (``X``, ``y``) or Parquet columns (``label``, ``x0``...).
    """
    for name, values in extras.items():
        taken = name in ("X", "y", "label") or (name[:1] == "x" and name[1:].isdigit())
        if taken or not name.isidentifier() or name != name.lower():
            raise ValueError(f"extra array name {name!r}: allowed: a lower-case identifier other than label, x<i>")
        if values.dtype.kind not in "biufUS" or values.ndim == 0 or values.shape[0] != n_rows:
            raise ValueError(
                f"extra array {name!r} is {values.dtype}{list(values.shape)}; allowed: numeric or "
                f"fixed-width string with one entry per row ({n_rows})"
            )
    return dict(extras)


def generate(generator: str, /, **params: Any) -> Dataset:
    """Generate a dataset in memory from a recipe; nothing is written.

    Parameters
    ----------
    generator : str
        A registered generator name (``juniper_data.generators.available()``).
    **params
        The generator's parameters; missing ones take their defaults. Unknown
        names, wrong types and out-of-range values raise ``ParameterError``.
        The sizing knobs (``sizing_mode`` 'additive' or 'carve', ``val_ratio``,
        ``val_percent``, ``test_percent``; SPEC-0.17 §1.2) give JuniperData 0.17.1's
        train/validation/test partition; without ``sizing_mode``, 0.4's train/test split.

    Returns
    -------
    Dataset
        Arrays ``X_train, y_train, X_test, y_test, X_full, y_full`` (float32, 2-D;
        ``y`` one-hot), with ``X_val, y_val`` after train when a sizing mode is
        named, and ``meta`` (recipe, dataset id, content hashes, shapes, class
        distribution).

    Examples
    --------
    >>> from juniper_data import generate
    >>> ds = generate("spiral", n_spirals=3, n_points=50, noise=0.0, seed=7)
    >>> ds["X_full"].shape, ds["y_full"].shape
    ((150, 2), (150, 3))
    >>> ds.meta["recipe"]["params"]["n_points_per_spiral"]
    50

    JuniperData 0.17.1's default spiral request (additive: 194 train rows, 40 % and
    30 % of that for validation and test, generated on top):

    >>> ds = generate("spiral", sizing_mode="additive")
    >>> ds.meta["n_train"], ds.meta["n_val"], ds.meta["n_test"], ds["X_full"].shape
    (194, 78, 58, (330, 2))
    """
    from juniper_data.generators import registry
    from juniper_data.generators.params import params_to_dict

    spec = registry.get(generator)
    resolved = spec.resolve(params)
    recipe = make_recipe(spec.name, spec.version, params_to_dict(resolved))
    return from_spec(spec, resolved, recipe)


def from_spec(spec: Any, params: Any, recipe: dict[str, Any]) -> Dataset:
    """Generate resolved ``params`` with generator ``spec`` as their sizing says, and describe them by ``recipe``.

    The one way rows are made in memory (:func:`generate` and ``juniper_data.build``):
    :func:`juniper_data.generators.sizing.generate_rows`, then :func:`from_raw`.
    """
    from juniper_data.generators.sizing import generate_rows

    raw, partition = generate_rows(spec, params)
    return from_raw(raw, params, recipe, partition)


def from_raw(raw: Any, params: Any, recipe: dict[str, Any], partition: Any = None) -> Dataset:
    """The dataset of a generator's raw rows: split by ``params``, described by ``recipe``.

    Parameters
    ----------
    raw : RawData
        Rows in generation order (``GeneratorSpec.run``).
    params : CommonParams
        The resolved parameters (their split fields cut the rows).
    recipe : dict
        The recipe the rows were made from (``juniper_data.recipe.make_recipe``).
    partition : Partition, optional
        The counts to cut (default: ``params``' sizing of the rows given; see :func:`split_rows`).
    """
    arrays, labels = split_rows(raw.X, raw.labels, len(raw.class_names), params, raw.extras, partition)
    meta = describe(
        arrays, recipe, list(raw.class_names), feature_shape=raw.feature_shape, extras=list(raw.extras), labels=labels
    )
    return Dataset(arrays, meta)
