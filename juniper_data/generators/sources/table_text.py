"""The text of a table (CSV, JSON array, JSON Lines) into cells, and what counts as a number in it.

Parsers here only split text into rows and columns; :mod:`~juniper_data.generators.sources.tabular`
turns cells into features and labels. Every error names the file, the
1-based data row (and the line for CSV and JSON Lines) and, where there is one,
the column.

A number is what ``float()`` accepts of plain ASCII decimal text
(:data:`DECIMAL`): an optional sign, digits with an optional ``.``, an optional
exponent, optional blanks around. ``float()`` alone would also take
``1_000``, non-ASCII digits (``"١٢"``), ``nan`` and ``inf``; pyarrow's CSV
reader would take ``0x10``. Neither is a number here. The value must also fit
float32 (the artifacts' dtype): ``1e39`` is an error, not ``inf``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from juniper_data.generators.sources.inputs import SourceDataError
from juniper_data.generators.typecheck import show

#: The number grammar, for Python's ``re`` (ASCII digits only) and for pyarrow's RE2.
DECIMAL_PATTERN = r"[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*"
DECIMAL = re.compile(DECIMAL_PATTERN)
FLOAT32_MAX = float(np.finfo(np.float32).max)
#: Python's own limit on digits in int <-> str conversion (``sys.get_int_max_str_digits``).
JSON_INT_DIGITS = 4300
ALLOWED_NUMBER = "a decimal number in plain ASCII (digits, optional sign, '.', exponent)"


@dataclass
class Table:
    """Parsed rows: column names, one list of raw cell values per column, and row locations."""

    source: str
    columns: list[str]
    cells: dict[str, list[Any]]
    where: Callable[[int], str]  # 0-based row -> "data row 3 (line 4)"
    typed: bool  # JSON cells keep their JSON types; CSV cells are strings


class LongInteger(str):
    """A JSON integer of more digits than Python converts; kept as its text (see :func:`number_problem`)."""


def number_problem(value: Any, typed: bool) -> str:
    """Why ``value`` is not a feature value ('' when it is one).

    Examples
    --------
    >>> number_problem("2.5e3", typed=False)
    ''
    >>> number_problem("1_000", typed=False)[:25], number_problem("1e39", typed=False)[:20]
    ("non-numeric value '1_000'", "'1e39' overflows flo")
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    if isinstance(value, bool) or (typed and not isinstance(value, int | float | str)):
        return f"non-numeric value {show(value)}; allowed: a number"
    if isinstance(value, str):  # a CSV cell, a JSON string, or a JSON integer too long for int()
        if not DECIMAL.fullmatch(value):
            try:
                kind = "non-numeric" if math.isfinite(float(value)) else "non-finite"
            except ValueError:
                kind = "non-numeric"
            return f"{kind} value {show(value)}; allowed: {ALLOWED_NUMBER}"
        number = float(value)  # decimal text never fails; past float64 it is inf
    elif isinstance(value, float):
        if not math.isfinite(value):  # JSON's NaN / Infinity extensions
            return f"non-finite value {show(value)}; allowed: a finite number"
        number = value
    else:
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
    with np.errstate(over="ignore"):
        fits = bool(np.isfinite(np.float32(number)))
    return "" if fits else f"{show(value, 40)} overflows float32; allowed: magnitudes up to {FLOAT32_MAX:.8g}"


def parse_csv(text: str, source: str, delimiter: str, header: bool) -> Table:
    """Rows of CSV ``text`` (strict quoting: an unterminated quote is an error naming where it opened)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    ended = 0  # the last line of the last complete record
    try:
        for row in reader:
            if row:  # a blank line
                rows.append(row)
                lines.append(reader.line_num)
            ended = reader.line_num
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise _unterminated(text, source, delimiter, header, rows, ended) from None
        raise SourceDataError(f"{source}: line {reader.line_num}: malformed CSV ({error})") from None
    if header:
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
                f"{'the header has' if header else 'the first row has'} {len(columns)}"
            )
    cells = {c: [row[j] for row in rows] for j, c in enumerate(columns)}
    return Table(source, columns, cells, lambda i: f"data row {i + 1} (line {lines[i]})", typed=False)


def _unterminated(
    text: str, source: str, delimiter: str, header: bool, rows: list[list[str]], ended: int
) -> SourceDataError:
    """The error for a quote that is never closed: the rest of the file would be one value."""
    start = ended + 1
    rest = "".join(io.StringIO(text, newline="").readlines()[ended:])
    partial = next(csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter), [""])
    index = len(partial) - 1
    names = rows[0] if header and rows else []
    column = names[index] if index < len(names) else f"col_{index}"
    if header and not rows:
        return SourceDataError(f"{source}: line {start}: the header has an unterminated quote")
    row = len(rows) + (0 if header else 1)
    return SourceDataError(
        f"{source}: data row {row} (line {start}), column {column!r}: unterminated quote; the quoted value "
        f'runs to the end of the file. Close the quote (a literal quote inside quotes is written "")'
    )


def parse_json(text: str, source: str, fmt: str) -> Table:
    """Records of a JSON array or of JSON Lines (``fmt`` 'json' sniffs: a file not opening with '[' is JSON Lines)."""
    if fmt == "json" and text.lstrip()[:1] == "[":
        records: list[Any] = _loads(text, source, None)
        where: Callable[[int], str] = lambda i: f"record {i + 1}"  # noqa: E731
    else:
        records, lines = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(_loads(line, source, number, whole=text if fmt == "json" else None))
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


def _loads(text: str, source: str, line: int | None, whole: str | None = None) -> Any:
    """``json.loads`` with every failure as a :class:`SourceDataError` naming the file and line."""
    at = f"line {line}: " if line is not None else ""
    try:
        return json.loads(text, parse_int=json_int)
    except json.JSONDecodeError as error:
        if whole is not None:  # a .json file that is not JSON Lines either: say what it is
            _refuse_single_document(whole, source)
        position = f"column {error.colno}" if line is not None else f"line {error.lineno}, column {error.colno}"
        raise SourceDataError(f"{source}: {at}malformed JSON at {position}: {error.msg}") from None
    except RecursionError:
        raise SourceDataError(
            f"{source}: {at}JSON nested too deeply to read; allowed: records of plain values"
        ) from None


def _refuse_single_document(text: str, source: str) -> None:
    try:
        document = json.loads(text, parse_int=json_int)
    except (json.JSONDecodeError, RecursionError):
        return
    raise SourceDataError(
        f"{source}: the JSON document is a {type(document).__name__}; allowed: an array of objects, "
        "or JSON Lines (one object per line)"
    )


def json_int(text: str) -> int | LongInteger:
    """``json.loads``' ``parse_int``: an int, or the text of one too long for Python to convert."""
    return int(text) if len(text.lstrip("-")) <= JSON_INT_DIGITS else LongInteger(text)
