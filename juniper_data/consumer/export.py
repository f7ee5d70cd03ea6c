"""Hand a :class:`~juniper_data.dataset.Dataset` to other libraries: Hugging Face ``datasets``, PyTorch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # dataset.py imports this module (to_hf, to_torch): no import back at run time
    from juniper_data.dataset import Dataset

TORCH_HINT = (
    "to_torch() needs PyTorch, an optional dependency of juniper-data; install it with "
    "`pip install torch` (CPU wheels: `pip install torch --index-url https://download.pytorch.org/whl/cpu`)"
)


def to_hf(dataset: Dataset) -> Any:
    """A ``datasets.DatasetDict`` with ``train``, ``validation`` (when the dataset has one) and ``test`` splits.

    Columns ``x0 .. x{f-1}`` are ``Value("float32")``; ``label`` is a
    ``ClassLabel`` with the dataset's class names; for images and grids (a
    ``feature_shape`` of 2..5 axes) ``x`` is each row in that shape, an ``Array2D``
    (``Array3D`` for colour); extra per-row arrays (e.g. ARC's ``output_grid``,
    ``task_id``) follow. The Arrow tables are the ones the Parquet writer builds,
    so this equals loading the Parquet artifacts.

    Examples
    --------
    >>> from juniper_data import generate
    >>> hf = generate("xor", n_points_per_quadrant=5, seed=0).to_hf()
    >>> hf["train"].features["label"].names, hf["train"].num_rows
    (['class_0', 'class_1'], 16)
    >>> list(generate("moon", sizing_mode="carve", val_ratio=0.1, test_ratio=0.1, seed=0).to_hf())
    ['train', 'validation', 'test']
    """
    import datasets

    from juniper_data.artifacts.parquet import dataset_table
    from juniper_data.split_names import parquet_splits

    splits = {
        name: datasets.Dataset(dataset_table(dataset, split), split=datasets.Split(name))
        for name, split in parquet_splits(dataset.meta).items()
    }
    return datasets.DatasetDict(splits)


def to_torch(dataset: Dataset) -> dict[str, Any]:
    """``{"train", ["validation",] "test"}`` -> ``TensorDataset`` of (features (n, *feature_shape), labels (n,)).

    Features are float32, labels int64.

    Split names are Hugging Face's (as :func:`to_hf`): the validation split, when the
    dataset has one, is ``"validation"``.

    Features come in the dataset's ``feature_shape``: (n, f) for tabular data,
    (n, 28, 28) for MNIST-like images kept with ``flatten: false`` (the NPZ keeps
    them flat; :func:`torch_arrays` reshapes).

    Raises
    ------
    ImportError
        When PyTorch is not installed, with the command that installs it.
    """
    try:
        import torch
        from torch.utils.data import TensorDataset
    except ImportError as error:
        raise ImportError(TORCH_HINT) from error
    return {
        split: TensorDataset(torch.from_numpy(features.copy()), torch.from_numpy(labels))
        for split, (features, labels) in torch_arrays(dataset).items()
    }


def torch_arrays(dataset: Dataset) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{split: (features (n, *feature_shape) float32, labels (n,) int64)}``: the arrays :func:`to_torch` wraps.

    Examples
    --------
    >>> from juniper_data import generate
    >>> features, labels = torch_arrays(generate("xor", n_points_per_quadrant=5, seed=0))["train"]
    >>> features.shape, features.dtype, labels.shape, labels.dtype
    ((16, 2), dtype('float32'), (16,), dtype('int64'))
    >>> list(torch_arrays(generate("xor", sizing_mode="carve", val_ratio=0.1, test_ratio=0.1, seed=0)))
    ['train', 'validation', 'test']
    """
    from juniper_data.split_names import parquet_splits

    shape = dataset.feature_shape
    return {
        name: (dataset[f"X_{split}"].reshape(-1, *shape), dataset.labels(split))
        for name, split in parquet_splits(dataset.meta).items()
    }
