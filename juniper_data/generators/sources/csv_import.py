"""Import a CSV, JSON (array of objects) or JSON Lines file of the repository as a dataset.

``file_path`` is relative to the import root (``$JUNIPER_DATA_IMPORT_DIR``, else
the current directory = the repository root; see :mod:`juniper_data.generators.sources.inputs`).
The file's sha256 is part of the recipe (``file_sha256``, filled in at
resolution), so the dataset id changes with the file and a recipe that pins a
hash refuses a changed file. Parsing rules: :mod:`juniper_data.generators.sources.tabular`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np

from juniper_data.generators.params import ParameterError, described
from juniper_data.generators.registry import GeneratorSpec, RawData
from juniper_data.generators.sources.inputs import confine, pin, sha256_bytes, sha256_file
from juniper_data.generators.sources.tabular import TabularParams, read_table, table_format

VERSION = "1.0.0"


@dataclass
class CsvImportParams(TabularParams):
    """Parameters of csv_import (JuniperData 0.4 names and defaults, plus the input's sha256)."""

    file_path: str | None = field(default=None, metadata=described("file relative to the import root"))
    file_sha256: str | None = field(
        default=None, metadata=described("sha256 of the file; null: filled in at resolution")
    )

    def check(self) -> None:
        super().check()
        if self.file_path:  # one spelling per path, so equal recipes get equal ids
            self.file_path = PurePosixPath(os.path.normpath(self.file_path)).as_posix()
        path = confine("file_path", self.file_path)
        table_format(self.file_format, path.name)
        self.file_sha256 = pin("file_sha256", self.file_sha256, sha256_file(path), self.file_path or "")


def generate(params: CsvImportParams, rng: np.random.Generator) -> RawData:
    """Rows of the file in file order; features as float32, labels by sorted label string.

    The bytes parsed are the bytes hashed: a file changed after resolution is
    refused, not imported under the old hash. ``rng`` is unused (no randomness).

    Returns
    -------
    RawData
        ``X`` (n_rows, n_features) float32, ``labels`` (n_rows,) int64, ``class_names``.

    Examples
    --------
    >>> import os, tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "t.csv").write_text("x,y,label\\n0,1,b\\n2,3,a\\n")
    >>> os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    >>> raw = SPEC.run(SPEC.resolve({"file_path": "t.csv", "seed": 0}))
    >>> del os.environ["JUNIPER_DATA_IMPORT_DIR"]
    >>> raw.X.shape, raw.class_names, raw.labels.tolist()
    ((2, 2), ('a', 'b'), [1, 0])
    """
    path = confine("file_path", params.file_path)
    data = path.read_bytes()
    actual = sha256_bytes(data)
    if actual != params.file_sha256:
        raise ParameterError(
            f"{params.file_path} changed since the recipe was resolved (sha256 {actual}, "
            f"recipe {params.file_sha256}); resolve the recipe again"
        )
    return read_table(data, params.file_path or path.name, params)


def input_paths(params: CsvImportParams) -> list[str]:
    """The one input file, relative to the import root (a DVC stage dependency)."""
    return [params.file_path] if params.file_path else []


SPEC = GeneratorSpec(
    name="csv_import",
    version=VERSION,
    params=CsvImportParams,
    generate=generate,
    summary="rows of a CSV / JSON / JSON Lines file",
    inputs=input_paths,
)
