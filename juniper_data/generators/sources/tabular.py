"""Tabular files (CSV, JSON array, JSON Lines) into :class:`RawData`: shared by csv_import and kaggle.

One parser, strict: every feature value must be a number that fits float32
(the grammar: :mod:`~juniper_data.generators.sources.table_text`), every row
must have every column, and an error names the file, the 1-based data row
(and the line for CSV and JSON Lines) and the column. JuniperData 0.4 wrote 0.0
for a bad value; a silently zeroed feature is worse than a refused import.

``normalize_features`` scales each column to [0, 1] by min-max fitted on every
row (``normalize_fit: all``, JuniperData 0.4's rule and the default) or on the
train rows only (``normalize_fit: train``, which keeps the test rows out of
the fit). A scaled value that is not finite is an error naming its row and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np

from juniper_data.generators.params import ParameterError, SourceParams, described, omitted_at_default, one_of
from juniper_data.generators.registry import RawData
from juniper_data.generators.sizing import train_rows
from juniper_data.generators.sources.inputs import SourceDataError
from juniper_data.generators.sources.table_text import (
    DECIMAL,
    Table,
    number_problem,
    parse_csv,
    parse_json,
)
from juniper_data.generators.typecheck import show

_HEX = re.compile(rb"0[xX]")  # pyarrow reads 0x10 as 16; the number grammar does not
FORMATS_BY_SUFFIX = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass
class TabularParams(SourceParams):
    """How to read a table: format, columns, label; shared by every tabular source.

    Without a header row (``header: false``, CSV only) columns are named by
    their 0-based position: ``col_0``, ``col_1``, ... (JuniperData 0.4's names),
    so e.g. ``label_column: col_4``. ``file_format: json`` (and ``auto`` for a
    ``.json`` file) reads a JSON array, or JSON Lines when the file does not
    open with ``[`` (JuniperData 0.4 sniffed the content the same way).
    """

    file_format: str = field(
        default="auto",
        metadata=one_of("auto", "csv", "json", "jsonl", doc="auto: by extension (.csv, .json, .jsonl/.ndjson)"),
    )
    feature_columns: list[str] | None = field(
        default=None, metadata=described("feature columns in order; null: every column but the label")
    )
    label_column: str = field(default="label", metadata=described("column holding the class label"))
    delimiter: str = field(default=",", metadata=described("CSV field delimiter, one character"))
    header: bool = field(default=True, metadata=described("CSV: first row names the columns"))
    one_hot_labels: bool = field(
        default=True, metadata=described("kept for JuniperData 0.4 recipes; y is always one-hot (only true)")
    )
    normalize_features: bool = field(
        default=False, metadata=described("per-column min-max scaling to [0, 1]; constant column -> 0")
    )
    normalize_fit: str = field(
        default="all",
        metadata=omitted_at_default(
            one_of("all", "train", doc="rows the min-max is fitted on: all (JuniperData 0.4) or the train rows")
        ),
    )

    def check(self) -> None:
        super().check()
        if not self.one_hot_labels:
            raise ParameterError(
                "parameter 'one_hot_labels' = False; allowed: true. The artifact contract always stores y "
                "one-hot; integer labels are `ds.labels(split)` or the Parquet `label` column"
            )
        if len(self.delimiter) != 1:
            raise ParameterError(f"parameter 'delimiter' = {self.delimiter!r}; allowed: exactly one character")
        if not self.label_column:
            raise ParameterError("parameter 'label_column' = ''; allowed: a column name")
        if self.feature_columns is not None:
            columns = self.feature_columns
            if not columns or not all(columns):
                raise ParameterError(
                    f"parameter 'feature_columns' = {columns!r}; allowed: a non-empty list of column names or null"
                )
            duplicates = sorted({c for c in columns if columns.count(c) > 1})
            if duplicates or self.label_column in columns:
                raise ParameterError(
                    f"parameter 'feature_columns' = {columns!r} repeats {duplicates or [self.label_column]}; "
                    f"allowed: distinct names, without the label column {self.label_column!r}"
                )


def table_format(requested: str, name: str) -> str:
    """The format to parse ``name`` as: ``requested``, or by extension when 'auto'."""
    if requested != "auto":
        return requested
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in FORMATS_BY_SUFFIX:
        raise ParameterError(
            f"parameter 'file_format' = 'auto' cannot tell the format of {name!r} from its extension; allowed: "
            f"{', '.join(FORMATS_BY_SUFFIX)}, or set file_format to csv, json or jsonl"
        )
    return FORMATS_BY_SUFFIX[suffix]


def read_table(data: bytes, source: str, params: TabularParams, name: str | None = None) -> RawData:
    """Parse ``data`` (the bytes of ``source``) into rows in file order.

    ``name`` (default ``source``) is the file name whose extension decides the
    format when ``file_format`` is 'auto'.

    Returns
    -------
    RawData
        ``X`` (n, n_features) float32 in file order; ``labels`` (n,) int64 indexing
        ``class_names``, the sorted distinct label strings (so ``"10" < "2"``,
        as JuniperData 0.4 ordered them).

    Raises
    ------
    SourceDataError
        Naming ``source``, the row and the column of the first bad value.

    Examples
    --------
    >>> p = TabularParams(seed=0)
    >>> raw = read_table(b"a,b,label\\n1,2,cat\\n3,4,dog\\n", "t.csv", p)
    >>> raw.X.tolist(), raw.labels.tolist(), raw.class_names
    ([[1.0, 2.0], [3.0, 4.0]], [0, 1], ('cat', 'dog'))
    """
    text = _decode(data, source)
    fmt = table_format(params.file_format, name or source)
    if not text.strip():
        raise SourceDataError(f"{source}: the file is empty; allowed: a header row and data rows")
    fast = _fast_csv(data, params) if fmt == "csv" else None
    if fast is not None:
        X, label_strings, features = fast
        where: Callable[[int], str] = lambda i: f"data row {i + 1}"  # noqa: E731
    else:  # the exact parser: the authority, and the one that names the row and column of an error
        if fmt == "csv":
            table = parse_csv(text, source, params.delimiter, params.header)
        else:
            table = parse_json(text, source, fmt)
        features = _feature_columns(table, params)
        X = np.column_stack([_numbers(table, c) for c in features]).astype(np.float32)
        label_strings, where = _labels(table, params.label_column), table.where
    class_names = tuple(sorted(set(label_strings)))
    index = {name: i for i, name in enumerate(class_names)}
    labels = np.array([index[s] for s in label_strings], dtype=np.int64)
    if params.normalize_features:
        X = normalize(X, params, source, features, where)
    return RawData(X, labels, class_names)


def normalize(
    X: np.ndarray, params: TabularParams, source: str, columns: Sequence[str], where: Callable[[int], str]
) -> np.ndarray:
    """Scale each column of ``X`` (n, f) to [0, 1] with min-max fitted on the rows ``normalize_fit`` names.

    ``train``: the shared split's train rows (:func:`juniper_data.generators.sizing.train_rows`:
    0.4's split, or the carved train rows when the recipe names ``sizing_mode: carve``),
    the rows that land in ``X_train``; test rows may then fall outside [0, 1]
    (with no train rows the fit uses every row). A column constant on the
    fitted rows maps to 0. Arithmetic in float32, as JuniperData 0.4.

    Raises
    ------
    SourceDataError
        When a scaled value is not finite (a column's range overflows float32),
        naming ``source``, the row and the column.

    Examples
    --------
    >>> X = np.array([[0.0], [5.0], [10.0]], dtype=np.float32)
    >>> normalize(X, TabularParams(seed=0), "t.csv", ["a"], str).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    fit = X
    if params.normalize_fit == "train":
        train = train_rows(params, X.shape[0])
        fit = X[train] if train.size else X
    minimum, maximum = fit.min(axis=0, keepdims=True), fit.max(axis=0, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):
        scale = maximum - minimum
        scale[scale == 0] = 1
        scaled = ((X - minimum) / scale).astype(np.float32)
    bad = np.argwhere(~np.isfinite(scaled))
    if bad.size:
        row, j = (int(v) for v in bad[0])
        raise SourceDataError(
            f"{source}: {where(row)}, column {columns[j]!r}: normalize_features gives {scaled[row, j]} (the column "
            f"spans {minimum[0, j]:.8g} to {maximum[0, j]:.8g}, a range float32 cannot hold); allowed: columns "
            "whose max - min is finite in float32, or normalize_features: false"
        )
    return scaled


def _fast_csv(data: bytes, params: TabularParams) -> tuple[np.ndarray, Sequence[str], list[str]] | None:
    """Features, label strings and feature names of a clean CSV via pyarrow's C parser; None: the exact parser.

    Taken only when every feature column parses as numbers that fit float32 and
    every label is non-empty and on one line, so the result equals the exact
    parser's (both parse decimals correctly rounded). pyarrow also reads hex
    integers (``0x10``), which the number grammar refuses: a file with ``0x``
    anywhere goes to the exact parser. So does anything else unusual (ragged
    rows, nulls, text, ``inf``, quotes spanning lines, duplicate or missing
    columns): :func:`parse_csv` finds and names the problem.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if _HEX.search(body):
        return None
    try:
        first = next(csv.reader(io.StringIO(body.decode(), newline=""), delimiter=params.delimiter))
    except (StopIteration, csv.Error, UnicodeDecodeError):
        return None
    names = first if params.header else [f"col_{i}" for i in range(len(first))]
    if len(set(names)) != len(names) or params.label_column not in names:
        return None
    features = params.feature_columns or [n for n in names if n != params.label_column]
    if not features or not set(features) <= set(names):
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1 if params.header else 0),
            parse_options=pacsv.ParseOptions(delimiter=params.delimiter),
            convert_options=pacsv.ConvertOptions(column_types={params.label_column: pa.string()}),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    columns = [table.column(n) for n in features]
    if table.num_rows == 0 or any(
        c.null_count or not pa.types.is_integer(c.type) and not pa.types.is_floating(c.type) for c in columns
    ):
        return None
    labels = table.column(params.label_column)
    if labels.null_count or pc.any(pc.match_substring_regex(labels, r"^\s*$|[\r\n]")).as_py():
        return None
    with np.errstate(over="ignore"):
        X = np.column_stack([c.to_numpy().astype(np.float64) for c in columns]).astype(np.float32)
    if not np.isfinite(X).all():
        return None
    return X, labels.to_pylist(), list(features)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceDataError(f"{source}: not UTF-8 text (byte {error.start}: {error.reason})") from None


def _feature_columns(table: Table, params: TabularParams) -> list[str]:
    known = ", ".join(table.columns)
    if params.label_column not in table.cells:
        raise SourceDataError(
            f"{table.source}: no label column {params.label_column!r} (parameter 'label_column'); columns: {known}"
        )
    if params.feature_columns is None:
        features = [c for c in table.columns if c != params.label_column]
        if not features:
            raise SourceDataError(f"{table.source}: no feature columns besides the label {params.label_column!r}")
        return features
    missing = [c for c in params.feature_columns if c not in table.cells]
    if missing:
        raise SourceDataError(
            f"{table.source}: feature_columns {missing} are not columns of the file; columns: {known}"
        )
    return list(params.feature_columns)


def _numbers(table: Table, column: str) -> np.ndarray:
    """One feature column as float64; the first bad cell raises, naming row and column."""
    values = table.cells[column]
    # JSON: numbers as parsed (strings and long integers go cell by cell); CSV: the number grammar
    plain = all(type(v) in (int, float) for v in values) if table.typed else all(map(DECIMAL.fullmatch, values))
    if plain:
        try:
            out = np.array(values, dtype=np.float64)
            with np.errstate(over="ignore"):
                plain = bool(np.isfinite(out.astype(np.float32)).all())
        except (OverflowError, ValueError, TypeError):
            plain = False
    if plain:
        return out
    for i, value in enumerate(values):
        problem = number_problem(value, table.typed)
        if problem:
            raise SourceDataError(f"{table.source}: {table.where(i)}, column {column!r}: {problem}")
    return np.array([float(v) for v in values], dtype=np.float64)


def _labels(table: Table, column: str) -> Sequence[str]:
    out = []
    for i, value in enumerate(table.cells[column]):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise SourceDataError(f"{table.source}: {table.where(i)}, column {column!r}: missing label")
        if isinstance(value, dict | list):
            raise SourceDataError(
                f"{table.source}: {table.where(i)}, column {column!r}: label {show(value)}; allowed: a string or number"
            )
        out.append(value if isinstance(value, str) else json.dumps(value))
    return out
