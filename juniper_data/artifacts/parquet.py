"""Parquet: one Hugging Face-compatible file per split.

Columns ``x0 .. x{f-1}`` (float32) and ``label`` (int64). The schema metadata
carries the ``huggingface`` feature description (so ``datasets`` sees a
``ClassLabel`` with the class names) and our own ``juniper_data`` block.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.dataset import feature_names

PARQUET_DIR = "parquet"
PARQUET_SPLITS = ("train", "test")
ROW_GROUP_SIZE = 1 << 20


def split_table(X: np.ndarray, labels: np.ndarray, class_names: list[str], extra: dict[str, Any]) -> Any:
    """A ``pyarrow.Table`` of one split, with feature and label metadata."""
    import pyarrow as pa

    names = feature_names(X.shape[1])
    columns = [pa.array(X[:, i]) for i in range(X.shape[1])] + [pa.array(labels.astype(np.int64))]
    features: dict[str, Any] = {name: {"dtype": "float32", "_type": "Value"} for name in names}
    features["label"] = {"names": list(class_names), "_type": "ClassLabel"}
    metadata = {
        b"huggingface": json.dumps({"info": {"features": features}}).encode(),
        b"juniper_data": json.dumps({**extra, "class_names": list(class_names)}, sort_keys=True).encode(),
    }
    schema = pa.schema(
        [pa.field(n, pa.float32()) for n in names] + [pa.field("label", pa.int64())], metadata=metadata
    )
    return pa.Table.from_arrays(columns, schema=schema)


#: Writer settings of every split file (fixed, so equal tables give equal bytes).
WRITER_OPTIONS: dict[str, Any] = {"use_dictionary": True, "write_statistics": True}


def write_split(path: Path, table: Any, *, compression: str = "snappy") -> None:
    """Write one split table with fixed writer settings (deterministic bytes)."""
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression=compression, row_group_size=ROW_GROUP_SIZE, **WRITER_OPTIONS)


def open_split_writer(path: Path, schema: Any, *, compression: str = "snappy") -> Any:
    """A ``pyarrow.parquet.ParquetWriter`` for one split written in pieces (same settings as :func:`write_split`).

    Call ``writer.write_table(piece, row_group_size=ROW_GROUP_SIZE)`` per piece of
    :func:`split_table`, then ``writer.close()``.
    """
    import pyarrow.parquet as pq

    return pq.ParquetWriter(path, schema, compression=compression, **WRITER_OPTIONS)


def read_split(path: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features (n, f) float32, labels (n,) int64 and class names of one split file."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[b"juniper_data"])
    names = [n for n in table.column_names if n != "label"]
    if names:
        X = np.column_stack([table.column(n).to_numpy() for n in names]).astype(np.float32, copy=False)
    else:
        X = np.zeros((table.num_rows, 0), dtype=np.float32)
    return X, table.column("label").to_numpy().astype(np.int64), list(meta["class_names"])
