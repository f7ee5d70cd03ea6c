"""``juniper-data verify``: prove the registry's artifacts are what its records say.

For each dataset (and family variant):

1. every array's sha256 equals ``meta.json``'s (the reader's check: the validation
   arrays too, when the dataset has them), and the Parquet splits (``validation`` too)
   carry the NPZ's rows, labels and class names;
2. ``meta.json``'s dataset id equals the committed catalog entry's;
3. every file's md5 equals the one ``dvc.lock`` records (workspace view), or
   was checked on download (a view at a commit reads through ``load``);
4. with ``regenerate``: the recipe is built again through the one build path
   (:func:`juniper_data.build.build`; in blocks when the recipe is chunked) into a
   temporary folder; its array hashes must equal the recorded ones, and whether
   the files are byte-identical to the recorded ones is reported.

Every dataset is reported, each verified or with its problems: a dataset that
cannot be read (a corrupt Parquet footer, an output missing from the DVC cache
or the remote, a recipe that no longer resolves) is a failed result naming the
cause, never an exception that hides the datasets after it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juniper_data.catalog.view import RegistryView
from juniper_data.layout import data_path


@dataclass
class Result:
    """The outcome for one dataset: ``problems`` empty means verified."""

    name: str
    problems: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "problems": self.problems, "checks": self.checks}


def verify(view: RegistryView, names: list[str], *, regenerate: bool = False) -> list[Result]:
    """Verify ``names`` (all rows when empty) of ``view``; see the module docstring.

    Returns
    -------
    list of Result
        One per dataset or family variant, in catalog order; ``ok`` False with
        ``problems`` for each one that failed.
    """
    rows = view.rows() if not names else [r for n in names for r in _select(view, n)]
    recorded, unrecorded = _recorded_md5s(view, rows)
    params = view.params()
    results = []
    for row in rows:
        result = Result(row["name"])
        problem = unrecorded.get(_output(row))
        if problem:
            result.problems.append(problem)
        if not (problem and view.commit is not None):  # at a commit the data comes through that same record
            try:
                _verify_row(view, row, recorded, params, result, regenerate=regenerate, unrecorded=unrecorded)
            except Exception as error:  # a dataset that cannot be read is this dataset's failure, not the run's
                result.problems.append(_describe(error))
        results.append(result)
    return results


def _verify_row(
    view: RegistryView,
    row: dict[str, Any],
    recorded: dict[str, str],
    params: dict[str, Any],
    result: Result,
    *,
    regenerate: bool,
    unrecorded: dict[str, str],
) -> None:
    from juniper_data.artifacts.reader import ArtifactError, verify_parquet

    try:
        dataset = view.dataset(row["name"])
    except Exception as error:  # missing folder, corrupted arrays, unreachable remote: all a failure here
        result.problems.append(_describe(error))
        return
    result.checks.append(f"{len(dataset)} arrays ({', '.join(dataset.splits)}) match meta.json hashes")
    if dataset.meta["dataset_id"] != row["dataset_id"]:
        result.problems.append(
            f"meta.json has dataset id {dataset.meta['dataset_id']}, the catalog entry {row['dataset_id']}"
        )
    if view.commit is None:
        folder = view.registry.git_dir / row["path"]
        try:
            verify_parquet(folder, dataset)
            result.checks.append("parquet splits equal the NPZ (page checksums verified)")
        except ArtifactError as error:
            result.problems.append(str(error))
        if _output(row) not in unrecorded:
            _compare_lock(folder, row, recorded, result)
    else:
        result.checks.append("fetched files match dvc.lock md5 (checked on download)")
    if regenerate:
        owner = params.get("families" if row["family"] else "datasets", {}).get(row["family"] or row["name"])
        _regenerate(row, dataset, recorded, (owner or {}).get("storage") or {}, params.get("registry") or {}, result)


def _describe(error: BaseException) -> str:
    """One line for an unexpected failure: our errors speak for themselves, others get their type."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if type(error).__module__.startswith("juniper_data.") and text:
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _output(row: dict[str, Any]) -> str:
    """The DVC output (``data/<name>`` or ``data/<family>``) holding a row's files."""
    return data_path(row["family"] or row["name"])


def _select(view: RegistryView, name: str) -> list[dict[str, Any]]:
    """The rows of a dataset, a family variant, or every variant of a family."""
    matched = [r for r in view.rows() if r["name"] == name or r["family"] == name]
    return matched or [view.row(name)]  # view.row raises the "did you mean" error


def _recorded_md5s(view: RegistryView, rows: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """``{repo path: md5}`` DVC records for the outputs holding ``rows`` (one DVC call per output).

    Also ``{output: problem}`` for each output whose record cannot be read (not
    built or committed yet; its directory listing missing from the DVC cache and
    the remote): reported for each of its datasets.
    """
    from juniper_data.adapters.dvc import DataUnavailableError, recorded_md5s

    location = str(view.registry.git_dir)
    out: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for output in sorted({_output(r) for r in rows}):
        try:
            for relative, md5 in recorded_md5s(location, output, rev=view.commit).items():
                out[f"{output}/{relative}"] = md5
        except DataUnavailableError:
            continue  # not built/committed: reported per dataset below
        except Exception as error:  # DVC's own errors (e.g. DataIndexDirError) are not all DvcExceptions
            unreadable[output] = (
                f"{output}: what dvc.lock records cannot be read ({_describe(error)}); "
                f"`dvc pull {output}` (or `dvc fetch`) restores it when the remote has the data"
            )
    return out, unreadable


def _compare_lock(folder: Path, row: dict[str, Any], recorded: dict[str, str], result: Result) -> None:
    from juniper_data.adapters.dvc import file_md5

    prefix = row["path"] + "/"
    expected = {p[len(prefix) :]: md5 for p, md5 in recorded.items() if p.startswith(prefix)}
    if not expected:
        result.problems.append(f"dvc.lock records no files under {row['path']} (run `dvc repro` and commit)")
        return
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for relative in sorted(set(expected) | on_disk):
        if relative not in on_disk:
            result.problems.append(f"{row['path']}/{relative}: recorded in dvc.lock but missing")
        elif relative not in expected:
            result.problems.append(f"{row['path']}/{relative}: not recorded in dvc.lock")
        elif file_md5(folder / relative) != expected[relative]:
            result.problems.append(f"{row['path']}/{relative}: md5 differs from dvc.lock (modified after the build?)")
    if not result.problems:
        result.checks.append(f"{len(expected)} files match dvc.lock md5")


def _regenerate(
    row: dict[str, Any], dataset: Any, recorded: dict[str, str], storage: dict[str, Any], settings: dict[str, Any],
    result: Result,
) -> None:
    """Build the recipe again through the one build path (in memory or in blocks, as recorded) and compare."""
    from juniper_data.adapters.dvc import file_md5
    from juniper_data.build import BuildError, BuildSpec, build
    from juniper_data.generators import registry

    meta = dataset.meta
    recipe = meta["recipe"]
    current = registry.get(recipe["generator"]).version
    if current != recipe["version"]:
        result.problems.append(
            f"generator {recipe['generator']} is now v{current}, the artifact was built by v{recipe['version']}"
        )
        return
    with tempfile.TemporaryDirectory(prefix="juniper-verify-") as tmp:
        folder = Path(tmp) / "rebuilt"
        try:
            spec = BuildSpec.from_meta(meta, storage, registry_url=settings.get("url"), license=settings.get("license"))
            again = build(spec, folder)
        except (BuildError, OSError, ValueError) as error:
            result.problems.append(f"could not rebuild from the recipe: {error}")
            return
        differing = [k for k in meta["hashes"] if again["hashes"].get(k) != meta["hashes"][k]]
        if differing:
            result.problems.append(f"regenerated arrays differ from the recorded ones: {differing}")
            return
        result.checks.append("regenerated from the recipe: identical array hashes")
        prefix = row["path"] + "/"
        mine = {p[len(prefix) :]: md5 for p, md5 in recorded.items() if p.startswith(prefix)}
        same = [rel for rel, md5 in mine.items() if (folder / rel).is_file() and file_md5(folder / rel) == md5]
        if mine:
            result.checks.append(f"regenerated files byte-identical to dvc.lock: {len(same)}/{len(mine)}")
