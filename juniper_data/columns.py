"""Column names of the tabular layouts (Parquet, ``to_pandas()``, Hugging Face features).

A leaf module: the dataset, the Parquet writer and the Hugging Face features all name their
columns from here, so none of them imports another for a name.
"""

from __future__ import annotations


def feature_names(n_features: int) -> list[str]:
    """Column names of the features: ``x0, x1, ...``.

    Examples
    --------
    >>> feature_names(3)
    ['x0', 'x1', 'x2']
    """
    return [f"x{i}" for i in range(n_features)]
