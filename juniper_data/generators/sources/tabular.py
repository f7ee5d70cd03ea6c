"""Tabular files (CSV, JSON array, JSON Lines) into :class:`RawData`: shared by csv_import and kaggle.

One parser, strict: every feature value must be a finite number, every row
must have every column, and an error names the file, the 1-based data row
(and the line for CSV and JSON Lines) and the column. JuniperData 0.4 wrote 0.0
for a bad value; a silently zeroed feature is worse than a refused import.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import numpy as np

from juniper_data.generators.params import CommonParams, ParameterError, described, one_of
from juniper_data.generators.registry import RawData
from juniper_data.generators.sources.inputs import SourceDataError
from juniper_data.split import split_indices

FORMATS_BY_SUFFIX = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass
class TabularParams(CommonParams):
    """How to read a table: format, columns, label; shared by every tabular source.

    Without a header row (``header: false``, CSV only) columns are named by
    their 0-based position: ``col_0``, ``col_1``, ... (JuniperData 0.4's names),
    so e.g. ``label_column: col_4``.
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
        default=False, metadata=described("per-column min-max fitted on the train rows; constant column -> 0")
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
            columns = list(self.feature_columns)
            if not columns or not all(isinstance(c, str) and c for c in columns):
                raise ParameterError(
                    f"parameter 'feature_columns' = {columns!r}; allowed: a non-empty list of column names or null"
                )
            duplicates = sorted({c for c in columns if columns.count(c) > 1})
            if duplicates or self.label_column in columns:
                raise ParameterError(
                    f"parameter 'feature_columns' = {columns!r} repeats {duplicates or [self.label_column]}; "
                    f"allowed: distinct names, without the label column {self.label_column!r}"
                )
            self.feature_columns = columns


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


@dataclass
class Table:
    """Parsed rows: column names, one list of raw cell values per column, and row locations."""

    source: str
    columns: list[str]
    cells: dict[str, list[Any]]
    where: Callable[[int], str]  # 0-based row -> "data row 3 (line 4)"
    typed: bool  # JSON cells keep their JSON types; CSV cells are strings


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
        X, label_strings = fast
    else:  # the exact parser: the authority, and the one that names the row and column of an error
        table = _parse_csv(text, source, params) if fmt == "csv" else _parse_json(text, source, fmt)
        features = _feature_columns(table, params)
        X = np.column_stack([_numbers(table, c) for c in features]).astype(np.float32)
        label_strings = _labels(table, params.label_column)
    class_names = tuple(sorted(set(label_strings)))
    index = {name: i for i, name in enumerate(class_names)}
    labels = np.array([index[s] for s in label_strings], dtype=np.int64)
    if params.normalize_features:
        X = minmax_on_train(X, params)
    return RawData(X, labels, class_names)


def minmax_on_train(X: np.ndarray, params: CommonParams) -> np.ndarray:
    """Scale each column to [0, 1] with the min and max of the *train* rows (no test leakage).

    The train rows are the shared split's (:func:`juniper_data.split.split_indices`),
    so the fit matches the rows that land in ``X_train``. A column constant on
    the train rows maps to 0 there. Test rows may fall outside [0, 1]. With no
    train rows the fit uses every row. (JuniperData 0.4's last version fit on
    the train rows too, in float32 as here.)
    """
    train, _ = split_indices(
        X.shape[0],
        train_ratio=params.train_ratio,
        test_ratio=params.test_ratio,
        seed=params.seed,
        shuffle=params.shuffle,
    )
    fit = X[train] if train.size else X
    minimum = fit.min(axis=0, keepdims=True)
    scale = fit.max(axis=0, keepdims=True) - minimum
    scale[scale == 0] = 1
    return ((X - minimum) / scale).astype(np.float32)


def _fast_csv(data: bytes, params: TabularParams) -> tuple[np.ndarray, Sequence[str]] | None:
    """Features and label strings of a clean CSV via pyarrow's C parser; None sends it to the exact parser.

    Taken only when every feature cell parses as a finite number and every label
    is non-empty, so the result equals the exact parser's (both parse decimals
    correctly rounded); anything else (ragged rows, nulls, text, duplicate or
    missing columns) goes to :func:`_parse_csv`, which finds and names the problem.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        first = next(csv.reader(io.StringIO(body.decode(), newline=""), delimiter=params.delimiter))
    except (StopIteration, csv.Error):
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
    X = np.column_stack([c.to_numpy().astype(np.float64) for c in columns])
    labels = table.column(params.label_column).to_pylist()
    if not np.isfinite(X).all() or not all(isinstance(v, str) and v.strip() for v in labels):
        return None
    return X.astype(np.float32), labels


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceDataError(f"{source}: not UTF-8 text (byte {error.start}: {error.reason})") from None


def _parse_csv(text: str, source: str, params: TabularParams) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=params.delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if row:  # a blank line
                rows.append(row)
                lines.append(reader.line_num)
    except csv.Error as error:
        raise SourceDataError(f"{source}: line {reader.line_num}: malformed CSV ({error})") from None
    if params.header:
        columns, rows, lines = rows[0], rows[1:], lines[1:]
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise SourceDataError(f"{source}: the header repeats column names {duplicates}")
    else:
        columns = [f"col_{i}" for i in range(len(rows[0]))]
    if not rows:
        raise SourceDataError(f"{source}: a header row but no data rows")
    for i, row in enumerate(rows):
        if len(row) != len(columns):
            raise SourceDataError(
                f"{source}: data row {i + 1} (line {lines[i]}) has {len(row)} fields; "
                f"{'the header has' if params.header else 'the first row has'} {len(columns)}"
            )
    cells = {c: [row[j] for row in rows] for j, c in enumerate(columns)}
    return Table(source, columns, cells, lambda i: f"data row {i + 1} (line {lines[i]})", typed=False)


def _parse_json(text: str, source: str, fmt: str) -> Table:
    records: list[Any] = []
    lines: list[int] = []
    if fmt == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise SourceDataError(
                f"{source}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        if not isinstance(document, list):
            raise SourceDataError(
                f"{source}: the JSON document is a {type(document).__name__}; allowed: an array of objects "
                "(for one object per line use file_format: jsonl)"
            )
        records = document
        where: Callable[[int], str] = lambda i: f"record {i + 1}"  # noqa: E731
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SourceDataError(
                    f"{source}: line {number}: malformed JSON at column {error.colno}: {error.msg}"
                ) from None
            lines.append(number)
        where = lambda i: f"data row {i + 1} (line {lines[i]})"  # noqa: E731
    if not records:
        raise SourceDataError(f"{source}: no records; allowed: at least one object")
    columns: dict[str, None] = {}
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise SourceDataError(f"{source}: {where(i)} is a JSON {type(record).__name__}; allowed: an object")
        columns.update(dict.fromkeys(record))
    cells = {c: [record.get(c) for record in records] for c in columns}
    return Table(source, list(columns), cells, where, typed=True)


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
    try:  # fast path: numpy parses the whole column; None, bools and NaN are caught below
        out = np.array(values, dtype=np.float64)
        clean = bool(np.isfinite(out).all()) and (not table.typed or all(type(v) in (int, float) for v in values))
    except (ValueError, TypeError):
        clean = False
    if clean:
        return out
    for i, value in enumerate(values):
        problem = _number_problem(value, table.typed)
        if problem:
            raise SourceDataError(f"{table.source}: {table.where(i)}, column {column!r}: {problem}")
    return np.array([float(v) for v in values], dtype=np.float64)


def _number_problem(value: Any, typed: bool) -> str:
    """Why ``value`` is not a finite feature value ('' when it is one)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    if isinstance(value, bool) or (typed and not isinstance(value, int | float | str)):
        return f"non-numeric value {value!r}"
    try:
        number = float(value)
    except ValueError:
        return f"non-numeric value {value!r}"
    return "" if math.isfinite(number) else f"non-finite value {value!r}"


def _labels(table: Table, column: str) -> Sequence[str]:
    out = []
    for i, value in enumerate(table.cells[column]):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise SourceDataError(f"{table.source}: {table.where(i)}, column {column!r}: missing label")
        if isinstance(value, dict | list):
            raise SourceDataError(
                f"{table.source}: {table.where(i)}, column {column!r}: label {value!r}; allowed: a string or number"
            )
        out.append(value if isinstance(value, str) else json.dumps(value))
    return out
