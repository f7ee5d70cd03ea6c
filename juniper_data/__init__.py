"""juniper-data: declarative, versioned ML classification datasets.

The top level is kept light: heavy modules (dvc, pandas, pyarrow, datasets)
load only when the function that needs them is first used.

Examples
--------
>>> import juniper_data
>>> ds = juniper_data.generate("circles", n_samples=20, seed=0)
>>> sorted(ds)[:2]
['X_full', 'X_test']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

_LAZY = {
    "generate": "juniper_data.dataset",
    "Dataset": "juniper_data.dataset",
    "ParameterError": "juniper_data.generators.params",
    "write_dataset": "juniper_data.artifacts.writer",
    "read_dataset": "juniper_data.artifacts.reader",
    "load": "juniper_data.consumer.load",
    "LoadError": "juniper_data.consumer.load",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:
    from juniper_data.artifacts.reader import read_dataset as read_dataset
    from juniper_data.artifacts.writer import write_dataset as write_dataset
    from juniper_data.consumer.load import LoadError as LoadError
    from juniper_data.consumer.load import load as load
    from juniper_data.dataset import Dataset as Dataset
    from juniper_data.dataset import generate as generate
    from juniper_data.generators.params import ParameterError as ParameterError


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'juniper_data' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
