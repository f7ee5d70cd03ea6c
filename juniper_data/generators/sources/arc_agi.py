"""ARC-AGI tasks as rows: one row per input/output pair, padded to ``pad_to`` x ``pad_to``.

Sources: ``local`` reads ``local_path/training/*.json`` and/or
``local_path/evaluation/*.json`` (sorted by file name; task id = file stem;
``local_path`` relative to the import root, its files' sha256 entering the
recipe as ``local_sha256``). ``huggingface`` reads hub dataset ``dataset``
(rows with ``train`` / ``test`` lists of ``{input, output}`` grids; splits
``training`` / ``evaluation``) at commit ``revision`` through the local
``datasets`` cache (:mod:`juniper_data.generators.sources.hf_source`).

Mapping onto the artifact contract (JuniperData 0.4 stored the output grids
as ``y``, which the contract's one-hot ``y`` cannot hold):

* ``X``: the input grid, padded top-left with ``pad_value`` and flattened
  row-major, ``pad_to**2`` float32 columns (0.4's ``X``, value for value).
* ``y``: one-hot of the *task*: class ``k`` = the ``k``-th chosen task, class
  names = task ids. "Which task does this pair come from" is a well-posed
  classification target, and it keeps task ids in ``meta.json`` and the
  Parquet schema as plain strings.
* extras (split like ``X``, see :class:`~juniper_data.generators.registry.RawData`):
  ``output_grid`` the padded output grid (0.4's ``y``; a test pair without an
  output is all ``pad_value``), ``task_id`` (fixed-width unicode), and
  ``pair_kind`` (``train`` = demonstration pair, ``test`` = query pair of the
  ARC task). Everything loads with ``allow_pickle=False``; 0.4's object array
  of task ids did not.
* ``flatten_pairs: false`` records ``feature_shape: [pad_to, pad_to]`` in
  ``meta.json`` (rows stay flat; ``X.reshape(-1, pad_to, pad_to)`` gives grids).

Task choice: with ``n_tasks``, ``rng.choice(n_available, n_tasks,
replace=False)`` in the order drawn (0.4's seeded choice); else every task in
order. A recipe with ``n_tasks`` but no seed took the first ``n_tasks`` tasks
in 0.4; resolution records that as ``subsample: first`` (the default
``seeded`` stays out of the recipe). Rows are in task order, each task's train
pairs then its test pairs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from juniper_data.generators.params import (
    ParameterError,
    SourceParams,
    described,
    interval,
    omitted_at_default,
    one_of,
)
from juniper_data.generators.registry import GeneratorSpec, RawData
from juniper_data.generators.sources import hf_source
from juniper_data.generators.sources.inputs import (
    SourceDataError,
    confine,
    inside_root,
    pin,
    sha256_bytes,
    sha256_tree,
    tree_digest,
)
from juniper_data.generators.sources.table_text import json_int
from juniper_data.generators.typecheck import show

VERSION = "1.0.0"
SUBSETS = {"training": ("training",), "evaluation": ("evaluation",), "all": ("training", "evaluation")}


@dataclass
class ArcAgiParams(SourceParams):
    """Parameters of the ARC-AGI source (JuniperData 0.4 names, bounds and defaults)."""

    source: str = field(default="huggingface", metadata=one_of("huggingface", "local", doc="where tasks come from"))
    local_path: str | None = field(
        default=None, metadata=described("folder with training/ and evaluation/ (source local)")
    )
    local_sha256: str | None = field(
        default=None, metadata=described("sha256 over the task files read; null: filled in at resolution")
    )
    dataset: str = field(default="lordspline/arc-agi", metadata=described("hub dataset (source huggingface)"))
    revision: str | None = field(default=None, metadata=described("hub commit sha (source huggingface)"))
    subset: str = field(default="training", metadata=one_of("training", "evaluation", "all", doc="task folders"))
    n_tasks: int | None = field(default=None, metadata=interval(1, doc="tasks drawn without replacement"))
    pad_to: int = field(default=30, metadata=interval(1, 50, doc="grid side after padding"))
    pad_value: int = field(default=-1, metadata=interval(-1, 9, doc="value of padding cells"))
    include_test: bool = field(default=True, metadata=described("also the tasks' test (query) pairs"))
    flatten_pairs: bool = field(default=True, metadata=described("false: record feature_shape [pad_to, pad_to]"))
    subsample: str = field(
        default="seeded",
        metadata=omitted_at_default(one_of("seeded", "first", doc="n_tasks: a seeded draw, or the first n in order")),
    )

    @classmethod
    def unseeded(cls, resolved: dict[str, Any], given: Mapping[str, Any]) -> None:
        """With ``n_tasks`` and no seed, JuniperData 0.4 took the first tasks: record ``subsample: first``.

        Whatever ``subsample`` says (Hydra passes every default): a draw needs a seed.
        """
        if resolved.get("n_tasks") is not None:
            resolved["subsample"] = "first"

    def check(self) -> None:
        super().check()
        if self.source == "local":
            if self.revision is not None:
                raise ParameterError(f"parameter 'revision' = {self.revision!r} with source 'local'; allowed: null")
            if self.local_path:
                self.local_path = PurePosixPath(os.path.normpath(self.local_path)).as_posix()
            files = task_files(self)
            actual = sha256_tree(confine("local_path", self.local_path, kind="dir"), files)
            self.local_sha256 = pin("local_sha256", self.local_sha256, actual, f"{self.local_path} ({self.subset})")
        else:
            if self.local_path is not None or self.local_sha256 is not None:
                raise ParameterError(
                    "parameters 'local_path' / 'local_sha256' are set with source 'huggingface'; "
                    "allowed: null (or source: local)"
                )
            hf_source.check_revision(self.revision, self.dataset)


def task_files(params: ArcAgiParams) -> list[Path]:
    """The task JSON files of the chosen subset, folder by folder, sorted by name."""
    root = confine("local_path", params.local_path, kind="dir")
    files: list[Path] = []
    for folder in SUBSETS[params.subset]:
        if not (root / folder).is_dir():
            raise ParameterError(
                f"parameter 'local_path' = {params.local_path!r} has no {folder}/ folder (subset {params.subset!r})"
            )
        found = sorted((root / folder).glob("*.json"))
        if not found:
            raise SourceDataError(f"{params.local_path}/{folder}: no task files (*.json)")
        for path in found:  # a task file (or the folder) may be a symlink pointing out of the import root
            inside_root("local_path", params.local_path, path)
        files += found
    return files


def load_local_tasks(params: ArcAgiParams) -> list[tuple[str, Any]]:
    """``(task id, task JSON)`` of every local task, checked against ``local_sha256``."""
    root = confine("local_path", params.local_path, kind="dir")
    tasks, digests = [], []
    for path in task_files(params):
        data, relative = path.read_bytes(), path.relative_to(root).as_posix()
        digests.append((relative, sha256_bytes(data)))
        where = f"{params.local_path}/{relative}"
        try:
            tasks.append((path.stem, json.loads(data.decode("utf-8-sig"), parse_int=json_int)))
        except UnicodeDecodeError as error:
            raise SourceDataError(f"{where}: not UTF-8 text ({error.reason})") from None
        except json.JSONDecodeError as error:
            raise SourceDataError(
                f"{where}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        except RecursionError:
            raise SourceDataError(f"{where}: JSON nested too deeply to read; allowed: an ARC task") from None
    if tree_digest(digests) != params.local_sha256:
        raise ParameterError(f"{params.local_path} changed since the recipe was resolved; resolve the recipe again")
    return tasks


def load_hub_tasks(params: ArcAgiParams) -> list[tuple[str, Any]]:
    """``(task id, task)`` rows of the hub dataset; the id is an ``id``/``task_id`` column or ``<split>_<row>``."""
    assert params.revision is not None
    tasks = []
    for split in SUBSETS[params.subset]:
        rows = hf_source.load_hub(params.dataset, params.revision, split)
        id_column = next((c for c in ("task_id", "id") if c in rows.column_names), None)
        for i, row in enumerate(rows):
            tasks.append((str(row[id_column]) if id_column else f"{split}_{i:04d}", row))
    return tasks


def pad_grid(grid: Any, params: ArcAgiParams, where: str) -> np.ndarray:
    """A grid of colours 0..9 padded top-left to (pad_to, pad_to) with ``pad_value``."""
    try:
        cells = np.array(grid)
    except ValueError:  # ragged rows
        cells = np.array([])
    if cells.ndim != 2 or cells.size == 0:  # say what is wrong (the slow path: only for bad grids)
        if not (isinstance(grid, list) and grid and all(isinstance(r, list) and r for r in grid)):
            raise SourceDataError(f"{where}: not a grid; allowed: a non-empty list of non-empty rows")
        if len({len(r) for r in grid}) > 1:
            raise SourceDataError(f"{where}: rows of different lengths {sorted({len(r) for r in grid})}")
    # bools, floats, strings and nested lists are not colours
    if cells.ndim != 2 or cells.dtype.kind not in "iu" or cells.min() < 0 or cells.max() > 9:
        raise SourceDataError(f"{where}: {_first_bad_cell(grid)}; allowed: cells that are integers 0..9")
    height, width = cells.shape
    if height > params.pad_to or width > params.pad_to:
        raise SourceDataError(
            f"{where}: grid is {height}x{width}, larger than pad_to = {params.pad_to}; allowed: raise pad_to (up to 50)"
        )
    out = np.full((params.pad_to, params.pad_to), params.pad_value, dtype=np.float32)
    out[:height, :width] = cells
    return out


def _first_bad_cell(grid: list[list[Any]]) -> str:
    """Where the first cell that is not a colour sits, and what it holds (for a grid already known to be 2-D)."""
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int | np.integer) or not 0 <= cell <= 9:
                return f"cell [{r}][{c}] = {show(cell, 40)}"
    return "the cells are not integers 0..9"


def generate(params: ArcAgiParams, rng: np.random.Generator) -> RawData:
    """Padded pairs of the chosen tasks, labelled by task (see the module docstring).

    Returns
    -------
    RawData
        ``X`` (n_pairs, pad_to**2) float32; ``labels`` (n_pairs,) = task index;
        ``class_names`` = task ids; extras ``output_grid`` (n_pairs, pad_to**2)
        float32, ``task_id`` and ``pair_kind`` (n_pairs,) unicode.

    Examples
    --------
    >>> import json, os, pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "arc" / "training").mkdir(parents=True)
    >>> task = {"train": [{"input": [[1, 2]], "output": [[2, 1]]}], "test": [{"input": [[3]], "output": [[3]]}]}
    >>> _ = (root / "arc" / "training" / "flip.json").write_text(json.dumps(task))
    >>> os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    >>> raw = SPEC.run(SPEC.resolve({"source": "local", "local_path": "arc", "pad_to": 3, "seed": 0}))
    >>> del os.environ["JUNIPER_DATA_IMPORT_DIR"]
    >>> raw.X[0].reshape(3, 3)[0].tolist(), raw.class_names, raw.extras["pair_kind"].tolist()
    ([1.0, 2.0, -1.0], ('flip',), ['train', 'test'])
    """
    tasks = load_local_tasks(params) if params.source == "local" else load_hub_tasks(params)
    origin = params.local_path if params.source == "local" else f"{params.dataset}@{params.revision}"
    if params.n_tasks is not None:
        if params.n_tasks > len(tasks):
            raise ParameterError(
                f"parameter 'n_tasks' = {params.n_tasks}; {origin} has {len(tasks)} tasks in subset {params.subset!r}"
            )
        if params.subsample == "first":
            tasks = tasks[: params.n_tasks]
        else:
            tasks = [tasks[i] for i in rng.choice(len(tasks), params.n_tasks, replace=False)]
    ids = [task_id for task_id, _ in tasks]
    repeated = sorted({t for t in ids if ids.count(t) > 1})
    if repeated:
        raise SourceDataError(f"{origin}: task ids {repeated[:5]} occur more than once; task ids must be unique")
    inputs, outputs, labels, kinds = [], [], [], []
    for k, (task_id, task) in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("train"), list):
            raise SourceDataError(f"{origin}: task {task_id}: no 'train' list of pairs")
        kinds_here = ["train", "test"] if params.include_test else ["train"]
        for kind in kinds_here:
            for j, pair in enumerate(task.get(kind) or []):
                where = f"{origin}: task {task_id} {kind}[{j}]"
                if not isinstance(pair, dict) or "input" not in pair:
                    raise SourceDataError(f"{where}: not a pair; allowed: an object with 'input' and 'output'")
                if kind == "train" and pair.get("output") is None:
                    raise SourceDataError(f"{where}: a train pair without 'output'")
                inputs.append(pad_grid(pair["input"], params, f"{where}.input"))
                output = pair.get("output")
                outputs.append(
                    pad_grid(output, params, f"{where}.output")
                    if output is not None
                    else np.full((params.pad_to, params.pad_to), params.pad_value, dtype=np.float32)
                )
                labels.append(k)
                kinds.append(kind)
    if not inputs:
        raise SourceDataError(f"{origin}: the chosen tasks hold no pairs")
    n = len(inputs)
    pair_ids = np.array([ids[k] for k in labels], dtype=np.str_)
    return RawData(
        np.stack(inputs).reshape(n, -1),
        np.array(labels, dtype=np.int64),
        tuple(ids),
        extras={
            "output_grid": np.stack(outputs).reshape(n, -1),
            "task_id": pair_ids,
            "pair_kind": np.array(kinds, dtype=np.str_),
        },
        feature_shape=None if params.flatten_pairs else (params.pad_to, params.pad_to),
    )


def input_paths(params: ArcAgiParams) -> list[str]:
    """The task folders read (source local); a hub commit is pinned by ``revision``."""
    if params.source != "local" or not params.local_path:
        return []
    return [f"{params.local_path}/{folder}" for folder in SUBSETS[params.subset]]


SPEC = GeneratorSpec(
    name="arc_agi",
    version=VERSION,
    params=ArcAgiParams,
    generate=generate,
    summary="ARC-AGI input/output grid pairs, padded, labelled by task",
    inputs=input_paths,
)
