"""The in-memory dataset: six arrays and their metadata, and :func:`generate`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from juniper_data.recipe import array_hash, dataset_id, make_recipe
from juniper_data.split import one_hot, split_indices

#: Version of the artifact contract (docs/contract.md). Minor: fields added;
#: major: a key, dtype, layout or meaning changes.
#: 1.1: meta gains feature_shape and extras; extra per-row arrays after the six.
#: 1.2: images and grids (2..5-axis feature_shape) gain the Parquet column ``x`` (Array2D ..).
CONTRACT_VERSION = "1.2"
ARRAY_KEYS = ("X_train", "y_train", "X_test", "y_test", "X_full", "y_full")
SPLITS = ("train", "test", "full")


class Dataset(Mapping[str, np.ndarray]):
    """A materialized dataset: ``ds["X_train"]`` ... and ``ds.meta``.

    Keys are ``X_train, y_train, X_test, y_test, X_full, y_full``; every array
    is float32 and 2-D. ``X_*`` has shape (n, n_features); ``y_*`` is one-hot
    with shape (n, n_classes). ``*_full`` is in generation order.

    Examples
    --------
    >>> from juniper_data import generate
    >>> ds = generate("xor", n_points_per_quadrant=10, seed=0)
    >>> ds["X_train"].shape, ds["y_train"].shape, ds.meta["n_classes"]
    ((32, 2), (32, 2), 2)
    """

    #: Where :func:`juniper_data.load` read it: ``{"repo", "commit", "how"}``; None when generated.
    source: dict[str, str] | None = None

    def __init__(self, arrays: Mapping[str, np.ndarray], meta: dict[str, Any]):
        keys = array_keys(meta.get("extras", ()))
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
        return (
            f"Dataset({m['name']!r}, id={m['dataset_id']!r}, train={m['n_train']}, test={m['n_test']}, "
            f"features={m['n_features']}, classes={m['n_classes']})"
        )

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
        """Names of the per-row extra arrays (``<name>_train``, ``<name>_test``, ``<name>_full``)."""
        return list(self.meta.get("extras", ()))

    def labels(self, split: str) -> np.ndarray:
        """Integer labels of ``split`` ('train', 'test' or 'full'), shape (n,), int64."""
        if split not in SPLITS:
            raise ValueError(f"split {split!r} is not one of {', '.join(SPLITS)}")
        return np.argmax(self[f"y_{split}"], axis=1).astype(np.int64)

    def annotate(
        self, *, name: str | None = None, tags: list[str] | None = None, expires: str | None = None
    ) -> Dataset:
        """A copy with catalog fields set (they are not part of the recipe or the id)."""
        meta = dict(self.meta)
        if name is not None:
            meta["name"] = name
        if tags is not None:
            meta["tags"] = sorted(set(tags))
        if expires is not None:
            meta["expires"] = str(expires)
        return Dataset(self._arrays, meta)

    def to_pandas(self, split: str = "train") -> Any:
        """One split as a ``pandas.DataFrame``: feature columns ``x0..`` and a ``label`` column."""
        import pandas as pd

        X = self[f"X_{split}"]
        frame = pd.DataFrame(X, columns=feature_names(X.shape[1]))
        frame["label"] = pd.Categorical.from_codes(self.labels(split), categories=pd.Index(self.class_names))
        return frame

    def to_hf(self) -> Any:
        """A ``datasets.DatasetDict`` (train, test) with float32 features and a ``ClassLabel`` label."""
        from juniper_data.consumer.export import to_hf

        return to_hf(self)

    def to_torch(self) -> dict[str, Any]:
        """``{"train", "test"}`` -> ``torch.utils.data.TensorDataset`` (needs the optional PyTorch)."""
        from juniper_data.consumer.export import to_torch

        return to_torch(self)


def array_keys(extras: Sequence[str] = ()) -> list[str]:
    """Every array key, in file order: the contract's six, then each extra's train, test, full.

    Examples
    --------
    >>> array_keys(["task_id"])[6:]
    ['task_id_train', 'task_id_test', 'task_id_full']
    """
    return list(ARRAY_KEYS) + [f"{name}_{split}" for name in extras for split in SPLITS]


def feature_names(n_features: int) -> list[str]:
    """Column names of the features: ``x0, x1, ...``."""
    return [f"x{i}" for i in range(n_features)]


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
    if labels is None:
        labels = {s: np.argmax(arrays[f"y_{s}"], axis=1) for s in SPLITS}
    keys = array_keys(extras)
    return build_meta(
        recipe,
        class_names,
        shapes={k: list(arrays[k].shape) for k in keys},
        dtypes={k: str(arrays[k].dtype) for k in keys},
        hashes={k: array_hash(arrays[k]) for k in keys},
        class_distribution={s: class_counts(labels[s], class_names) for s in SPLITS},
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
    """The ``meta.json`` content from figures already computed (also by streaming builds)."""
    import juniper_data

    ident = dataset_id(recipe)
    n_features = int(shapes["X_full"][1])
    return {
        "contract_version": CONTRACT_VERSION,
        "dataset_id": ident,
        "name": ident,
        "recipe": recipe,
        "n_train": int(shapes["X_train"][0]),
        "n_test": int(shapes["X_test"][0]),
        "n_full": int(shapes["X_full"][0]),
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
        "software": {"juniper_data": juniper_data.__version__, "numpy": np.__version__},
    }


def assemble(
    X: np.ndarray,
    labels: np.ndarray,
    class_names: list[str],
    params: Any,
    extras: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The six contract arrays (then each extra's three) from generation-order rows and the split parameters."""
    return split_rows(X, labels, len(class_names), params, extras)[0]


def split_rows(
    X: np.ndarray,
    labels: np.ndarray,
    n_classes: int,
    params: Any,
    extras: Mapping[str, np.ndarray] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The contract arrays and the integer labels of each split.

    Rows are gathered with ``take`` (several times faster than fancy indexing
    of 2-D arrays), and each split's one-hot matrix is built from its own
    labels, so ``y`` is never gathered: the arrays are the same as
    ``one_hot(labels)[train]``, with less memory traffic. Extras are split with
    the same row indices as ``X``: row ``i`` of ``task_id_train`` belongs to row
    ``i`` of ``X_train``.
    """
    train, test = split_indices(
        X.shape[0],
        train_ratio=params.train_ratio,
        test_ratio=params.test_ratio,
        seed=params.seed,
        shuffle=params.shuffle,
    )
    # Gathering 1-byte labels touches an eighth of the memory of int64 ones.
    compact = labels.astype(np.min_scalar_type(max(n_classes - 1, 0)))
    split_labels = {"train": compact.take(train), "test": compact.take(test), "full": labels}
    arrays = {
        "X_train": X.take(train, axis=0),
        "y_train": one_hot(split_labels["train"], n_classes),
        "X_test": X.take(test, axis=0),
        "y_test": one_hot(split_labels["test"], n_classes),
        "X_full": X,
        "y_full": one_hot(labels, n_classes),
    }
    for name, values in check_extras(extras or {}, X.shape[0]).items():
        arrays.update({f"{name}_train": values[train], f"{name}_test": values[test], f"{name}_full": values})
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

    Returns
    -------
    Dataset
        Arrays ``X_train, y_train, X_test, y_test, X_full, y_full`` (float32, 2-D;
        ``y`` one-hot) and ``meta`` (recipe, dataset id, content hashes, shapes,
        class distribution).

    Examples
    --------
    >>> from juniper_data import generate
    >>> ds = generate("spiral", n_spirals=3, n_points=50, noise=0.0, seed=7)
    >>> ds["X_full"].shape, ds["y_full"].shape
    ((150, 2), (150, 3))
    >>> ds.meta["recipe"]["params"]["n_points_per_spiral"]
    50
    """
    from juniper_data.generators import registry
    from juniper_data.generators.params import params_to_dict

    spec = registry.get(generator)
    resolved = spec.resolve(params)
    recipe = make_recipe(spec.name, spec.version, params_to_dict(resolved))
    return from_raw(spec.run(resolved), resolved, recipe)


def from_raw(raw: Any, params: Any, recipe: dict[str, Any]) -> Dataset:
    """The dataset of a generator's raw rows: split by ``params``, described by ``recipe``.

    Parameters
    ----------
    raw : RawData
        Rows in generation order (``GeneratorSpec.run``).
    params : CommonParams
        The resolved parameters (their split fields cut the rows).
    recipe : dict
        The recipe the rows were made from (``juniper_data.recipe.make_recipe``).
    """
    arrays, labels = split_rows(raw.X, raw.labels, len(raw.class_names), params, raw.extras)
    meta = describe(
        arrays, recipe, list(raw.class_names), feature_shape=raw.feature_shape, extras=list(raw.extras), labels=labels
    )
    return Dataset(arrays, meta)
