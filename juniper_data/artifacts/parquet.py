"""Parquet: one Hugging Face-compatible file per split (``train``, ``validation`` when present, ``test``).

Columns ``x0 .. x{f-1}`` (float32) and ``label`` (int64); for images and grids
(a ``feature_shape`` of 2..5 axes) also ``x``, each row's features in that shape
(``datasets``' ``Array2D`` .. ``Array5D``); then the extras. The schema metadata
carries the ``huggingface`` feature description (:mod:`juniper_data.artifacts.hf`:
``datasets`` sees a ``ClassLabel`` with the class names, an ``Array2D`` with the
image shape) and our own ``juniper_data`` block.

Every data page carries a CRC-32 (``write_page_checksum=True``) and our reader
verifies it (``page_checksum_verification=True``): a flipped byte in a page is
an error, not a different float (pyarrow, pandas and ``datasets`` read without
verification by default). The checksum is a function of the page bytes, so
equal tables still give equal file bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.artifacts.hf import SHAPED_COLUMN, hf_features, shaped
from juniper_data.columns import feature_names
from juniper_data.split_names import hf_name

PARQUET_DIR = "parquet"
ROW_GROUP_SIZE = 1 << 20
#: The codecs pyarrow's Parquet writer takes (``storage.parquet_compression``), lower case.
COMPRESSIONS = ("none", "snappy", "gzip", "brotli", "lz4", "zstd")


def check_parquet_compression(value: object) -> str:
    """``value`` if it names a Parquet codec this pyarrow can write; else ``ValueError`` naming it.

    Examples
    --------
    >>> check_parquet_compression("zstd")
    'zstd'
    >>> try:
    ...     check_parquet_compression("bogus")
    ... except ValueError as error:
    ...     print(error)
    storage.parquet_compression = 'bogus'; allowed: none, snappy, gzip, brotli, lz4, zstd
    """
    import pyarrow as pa

    if not isinstance(value, str) or value.lower() not in COMPRESSIONS:
        raise ValueError(f"storage.parquet_compression = {value!r}; allowed: {', '.join(COMPRESSIONS)}")
    if value.lower() != "none" and not pa.Codec.is_available(value.lower()):
        raise ValueError(f"storage.parquet_compression = {value!r}: this pyarrow build has no {value} codec")
    return value


def split_table(
    X: np.ndarray,
    labels: np.ndarray,
    class_names: list[str],
    extra: dict[str, Any],
    extras: dict[str, np.ndarray] | None = None,
    *,
    feature_shape: list[int] | tuple[int, ...] | None = None,
) -> Any:
    """A ``pyarrow.Table`` of one split, with feature and label metadata.

    ``extras`` (per-row arrays of this split) become columns after ``label``:
    a 1-D array a scalar column (strings stay strings), an (n, k) array a
    fixed-length list column (``datasets`` reads the ``Sequence`` description as ``List(Value, length=k)``).
    A ``feature_shape`` of 2..5 axes adds the column ``x`` (the rows of ``X`` in that shape) after ``label``.
    """
    import pyarrow as pa

    extras = extras or {}
    names = feature_names(X.shape[1])
    columns = [pa.array(X[:, i]) for i in range(X.shape[1])] + [pa.array(labels.astype(np.int64))]
    column_names = [*names, "label"]
    features = hf_features(X.shape[1], class_names, feature_shape,
                           {name: (values.dtype, values.shape[1:]) for name, values in extras.items()})  # fmt: skip
    shape = shaped(feature_shape)
    if shape is not None:
        columns.append(shaped_column(X, shape, features[SHAPED_COLUMN]))
        column_names.append(SHAPED_COLUMN)
    for name, values in extras.items():
        columns.append(_extra_column(values))
        column_names.append(name)
    fields = [pa.field(name, column.type) for name, column in zip(column_names, columns, strict=True)]
    metadata = {
        b"huggingface": json.dumps({"info": {"features": features}}).encode(),
        b"juniper_data": json.dumps(
            {**extra, "class_names": list(class_names), "extras": list(extras)}, sort_keys=True
        ).encode(),
    }
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=metadata))


def shaped_column(X: np.ndarray, shape: tuple[int, ...], feature: dict[str, Any]) -> Any:
    """The rows of ``X`` (n, prod(shape)) as ``datasets``' ``ArrayND`` extension array of ``shape``.

    Stored as the extension type, so ``datasets`` reads the column back as ``Array2D``
    (it takes a schema-metadata feature only when the Arrow type matches); pyarrow
    without ``datasets`` reads its storage, nested lists. ``datasets`` is imported only
    for datasets that have this column.
    """
    import datasets
    import pyarrow as pa

    extension = datasets.Features.from_dict({SHAPED_COLUMN: feature}).arrow_schema.field(SHAPED_COLUMN).type
    values: Any = pa.array(np.ascontiguousarray(X, dtype=np.float32).reshape(-1))
    for width in reversed(shape[1:]):  # innermost axis first: offsets every `width` values
        values = pa.ListArray.from_arrays(pa.array(np.arange(0, len(values) + 1, width, dtype=np.int32)), values)
    values = pa.ListArray.from_arrays(pa.array(np.arange(0, len(values) + 1, shape[0], dtype=np.int32)), values)
    return pa.ExtensionArray.from_storage(extension, values)


def dataset_table(dataset: Any, split: str) -> Any:
    """The ``pyarrow.Table`` of one split of a :class:`~juniper_data.dataset.Dataset` (what the writer stores).

    ``split`` is an array split (``train``, ``val``, ``test``) or its Hugging Face name
    (``validation``); the table's metadata records the Hugging Face name, as the file does.
    """
    split = dataset.split_key(split)
    return split_table(
        dataset[f"X_{split}"],
        dataset.labels(split),
        dataset.class_names,
        {"dataset_id": dataset.meta["dataset_id"], "split": hf_name(split)},
        {name: dataset[f"{name}_{split}"] for name in dataset.extras},
        feature_shape=dataset.meta.get("feature_shape"),
    )


def _extra_column(values: np.ndarray) -> Any:
    """Arrow column of one per-row extra array (its feature: :func:`juniper_data.artifacts.hf.extra_feature`)."""
    import pyarrow as pa

    if values.dtype.kind in "US":
        return pa.array(values.tolist(), type=pa.string())
    if values.ndim == 1:
        return pa.array(values)
    width = int(np.prod(values.shape[1:]))
    flat = pa.array(np.ascontiguousarray(values).reshape(-1))
    return pa.FixedSizeListArray.from_arrays(flat, width)


def writer_options(schema: Any) -> dict[str, Any]:
    """Writer settings of a split file (fixed, so equal tables give equal bytes).

    Dictionary encoding only for ``label`` and the extras: it shrinks those
    low-cardinality columns, while on float features it costs half the write
    time for files ~12% larger.
    """
    features = set(feature_names(sum(1 for name in schema.names if name[:1] == "x" and name[1:].isdigit())))
    return {
        "use_dictionary": [n for n in schema.names if n not in features],
        "write_statistics": True,
        "write_page_checksum": True,
    }


def write_split(path: Path, table: Any, *, compression: str = "snappy") -> None:
    """Write one split table with fixed writer settings (deterministic bytes)."""
    import pyarrow.parquet as pq

    check_parquet_compression(compression)
    options = writer_options(table.schema)
    pq.write_table(table, path, compression=compression, row_group_size=ROW_GROUP_SIZE, **options)


def open_split_writer(path: Path, schema: Any, *, compression: str = "snappy") -> Any:
    """A ``pyarrow.parquet.ParquetWriter`` for one split written in pieces (same settings as :func:`write_split`).

    Call ``writer.write_table(piece, row_group_size=ROW_GROUP_SIZE)`` per piece of
    :func:`split_table`, then ``writer.close()``.
    """
    import pyarrow.parquet as pq

    check_parquet_compression(compression)
    return pq.ParquetWriter(path, schema, compression=compression, **writer_options(schema))


def read_split_table(path: Path) -> Any:
    """The ``pyarrow.Table`` of one split file, every page's CRC verified.

    Raises
    ------
    OSError
        A page fails its checksum, or the file is not Parquet (pyarrow's own errors).
    """
    import pyarrow.parquet as pq

    return pq.read_table(path, page_checksum_verification=True)


def read_split(path: Path, table: Any = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features (n, f) float32, labels (n,) int64 and class names of one split file (``table``: already read)."""
    table = read_split_table(path) if table is None else table
    meta = json.loads(table.schema.metadata[b"juniper_data"])
    skip = {"label", SHAPED_COLUMN, *meta.get("extras", ())}
    names = [n for n in table.column_names if n not in skip]
    if names:
        X = np.column_stack([table.column(n).to_numpy() for n in names]).astype(np.float32, copy=False)
    else:
        X = np.zeros((table.num_rows, 0), dtype=np.float32)
    return X, table.column("label").to_numpy().astype(np.int64), list(meta["class_names"])


def read_split_extras(path: Path, table: Any = None) -> dict[str, np.ndarray]:
    """The per-row extra columns of one split file (strings as a fixed-width ``str`` array)."""
    import pyarrow as pa

    table = read_split_table(path) if table is None else table
    meta = json.loads(table.schema.metadata[b"juniper_data"])
    out: dict[str, np.ndarray] = {}
    for name in meta.get("extras", ()):
        column = table.column(name).combine_chunks()
        if pa.types.is_string(column.type):
            out[name] = np.array(column.to_pylist(), dtype=np.str_)
        elif pa.types.is_fixed_size_list(column.type):
            out[name] = column.flatten().to_numpy().reshape(len(column), column.type.list_size)
        else:
            out[name] = column.to_numpy()
    return out


def read_split_shaped(table: Any) -> np.ndarray | None:
    """The ``x`` column of a split table as float32 (n, *feature_shape), or None when it has none."""
    import pyarrow as pa

    if SHAPED_COLUMN not in table.column_names:
        return None
    shape = json.loads(table.schema.metadata[b"huggingface"])["info"]["features"][SHAPED_COLUMN]["shape"]
    column: Any = table.column(SHAPED_COLUMN).combine_chunks()
    if isinstance(column.type, pa.ExtensionType):  # datasets is imported: its ArrayND type came back
        column = column.storage
    for _ in shape:
        column = column.flatten()
    return column.to_numpy(zero_copy_only=False).astype(np.float32, copy=False).reshape(-1, *shape)
