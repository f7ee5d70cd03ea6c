"""The in-memory dataset: six arrays and their metadata, and :func:`generate`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from juniper_data.recipe import array_hash, dataset_id, make_recipe
from juniper_data.split import one_hot, split_indices

#: Version of the artifact contract (docs/contract.md). Minor: fields added;
#: major: a key, dtype, layout or meaning changes.
CONTRACT_VERSION = "1.0"
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
        missing = [k for k in ARRAY_KEYS if k not in arrays]
        if missing:
            raise KeyError(f"dataset is missing arrays {missing}")
        self._arrays = {k: arrays[k] for k in ARRAY_KEYS}
        self.meta = meta

    def __getitem__(self, key: str) -> np.ndarray:
        return self._arrays[key]

    def __iter__(self) -> Iterator[str]:
        return iter(ARRAY_KEYS)

    def __len__(self) -> int:
        return len(ARRAY_KEYS)

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


def feature_names(n_features: int) -> list[str]:
    """Column names of the features: ``x0, x1, ...``."""
    return [f"x{i}" for i in range(n_features)]


def class_counts(labels: np.ndarray, class_names: list[str]) -> dict[str, int]:
    """``{class name: row count}`` for every class, zeros included."""
    counts = np.bincount(labels, minlength=len(class_names))
    return {name: int(c) for name, c in zip(class_names, counts, strict=True)}


def describe(
    arrays: Mapping[str, np.ndarray], recipe: dict[str, Any], class_names: list[str]
) -> dict[str, Any]:
    """The metadata of ``arrays`` made from ``recipe`` (the ``meta.json`` content)."""
    import juniper_data

    ident = dataset_id(recipe)
    labels = {s: np.argmax(arrays[f"y_{s}"], axis=1) for s in SPLITS}
    return {
        "contract_version": CONTRACT_VERSION,
        "dataset_id": ident,
        "name": ident,
        "recipe": recipe,
        "n_train": int(arrays["X_train"].shape[0]),
        "n_test": int(arrays["X_test"].shape[0]),
        "n_full": int(arrays["X_full"].shape[0]),
        "n_features": int(arrays["X_full"].shape[1]),
        "n_classes": len(class_names),
        "class_names": list(class_names),
        "class_distribution": {s: class_counts(labels[s], class_names) for s in SPLITS},
        "shapes": {k: list(arrays[k].shape) for k in ARRAY_KEYS},
        "dtypes": {k: str(arrays[k].dtype) for k in ARRAY_KEYS},
        "hashes": {k: array_hash(arrays[k]) for k in ARRAY_KEYS},
        "tags": [],
        "expires": None,
        "software": {"juniper_data": juniper_data.__version__, "numpy": np.__version__},
    }


def assemble(X: np.ndarray, labels: np.ndarray, class_names: list[str], params: Any) -> dict[str, np.ndarray]:
    """The six contract arrays from generation-order rows and the split parameters."""
    y = one_hot(labels, len(class_names))
    train, test = split_indices(
        X.shape[0],
        train_ratio=params.train_ratio,
        test_ratio=params.test_ratio,
        seed=params.seed,
        shuffle=params.shuffle,
    )
    return {
        "X_train": X[train],
        "y_train": y[train],
        "X_test": X[test],
        "y_test": y[test],
        "X_full": X,
        "y_full": y,
    }


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
    raw = spec.run(resolved)
    recipe = make_recipe(spec.name, spec.version, params_to_dict(resolved))
    arrays = assemble(raw.X, raw.labels, list(raw.class_names), resolved)
    return Dataset(arrays, describe(arrays, recipe, list(raw.class_names)))
