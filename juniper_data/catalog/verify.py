"""``juniper-data verify``: prove the registry's artifacts are what its records say.

For each dataset (and family variant):

1. every array's sha256 equals ``meta.json``'s (the reader's check), and the
   Parquet splits carry the NPZ's rows, labels and class names;
2. ``meta.json``'s dataset id equals the committed catalog entry's;
3. every file's md5 equals the one ``dvc.lock`` records (workspace view), or
   was checked on download (a view at a commit reads through ``load``);
4. with ``regenerate``: the recipe is built again with :func:`generate` into a
   temporary folder; its array hashes must equal the recorded ones, and whether
   the files are byte-identical to the recorded ones is reported.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juniper_data.catalog.view import RegistryView


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
    """Verify ``names`` (all rows when empty) of ``view``; see the module docstring."""
    from juniper_data.artifacts.reader import ArtifactError, verify_parquet

    rows = view.rows() if not names else [r for n in names for r in _select(view, n)]
    recorded = _recorded_md5s(view, rows)
    params = view.params()
    results = []
    for row in rows:
        result = Result(row["name"])
        try:
            dataset = view.dataset(row["name"])
        except Exception as error:  # missing folder, corrupted arrays, unreachable remote: all a failure here
            result.problems.append(str(error))
            results.append(result)
            continue
        result.checks.append(f"{len(dataset)} arrays match meta.json hashes")
        if dataset.meta["dataset_id"] != row["dataset_id"]:
            result.problems.append(
                f"meta.json has dataset id {dataset.meta['dataset_id']}, the catalog entry {row['dataset_id']}"
            )
        if view.commit is None:
            folder = view.registry.git_dir / row["path"]
            try:
                verify_parquet(folder, dataset)
                result.checks.append("parquet splits equal the NPZ")
            except ArtifactError as error:
                result.problems.append(str(error))
            _compare_lock(folder, row, recorded, result)
        else:
            result.checks.append("fetched files match dvc.lock md5 (checked on download)")
        if regenerate:
            owner = params.get("families" if row["family"] else "datasets", {}).get(row["family"] or row["name"])
            _regenerate(row, dataset, recorded, (owner or {}).get("storage") or {}, result)
        results.append(result)
    return results


def _select(view: RegistryView, name: str) -> list[dict[str, Any]]:
    """The rows of a dataset, a family variant, or every variant of a family."""
    matched = [r for r in view.rows() if r["name"] == name or r["family"] == name]
    return matched or [view.row(name)]  # view.row raises the "did you mean" error


def _recorded_md5s(view: RegistryView, rows: list[dict[str, Any]]) -> dict[str, str]:
    """``{repo path: md5}`` from ``dvc.lock`` for the outputs holding ``rows`` (one DVC call per output)."""
    from juniper_data.adapters.dvc import DataUnavailableError, recorded_md5s

    outputs = sorted({f"data/{r['family'] or r['name']}" for r in rows})
    location = str(view.registry.git_dir)
    out: dict[str, str] = {}
    for output in outputs:
        try:
            for relative, md5 in recorded_md5s(location, output, rev=view.commit).items():
                out[f"{output}/{relative}"] = md5
        except DataUnavailableError:
            continue  # not built/committed: reported per dataset below
    return out


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
    row: dict[str, Any], dataset: Any, recorded: dict[str, str], storage: dict[str, Any], result: Result
) -> None:
    from juniper_data.adapters.dvc import file_md5
    from juniper_data.artifacts.reader import read_dataset
    from juniper_data.artifacts.writer import write_dataset
    from juniper_data.dataset import generate

    meta = dataset.meta
    rebuilt = generate(meta["recipe"]["generator"], **meta["recipe"]["params"])
    rebuilt = rebuilt.annotate(name=meta["name"], tags=meta["tags"], expires=meta["expires"])
    if rebuilt.meta["recipe"]["version"] != meta["recipe"]["version"]:
        result.problems.append(
            f"generator {meta['recipe']['generator']} is now v{rebuilt.meta['recipe']['version']}, "
            f"the artifact was built by v{meta['recipe']['version']}"
        )
        return
    formats = ["npz", "parquet"] if "parquet" in meta["artifacts"] else ["npz"]
    options = {k: storage[k] for k in ("compress", "parquet_compression") if k in storage}
    with tempfile.TemporaryDirectory(prefix="juniper-verify-") as tmp:
        folder = write_dataset(rebuilt, Path(tmp) / "rebuilt", formats=formats, **options)
        again = read_dataset(folder)
        differing = [k for k in meta["hashes"] if again.meta["hashes"][k] != meta["hashes"][k]]
        if differing:
            result.problems.append(f"regenerated arrays differ from the recorded ones: {differing}")
            return
        result.checks.append("regenerated from the recipe: identical array hashes")
        prefix = row["path"] + "/"
        mine = {p[len(prefix) :]: md5 for p, md5 in recorded.items() if p.startswith(prefix)}
        same = [rel for rel, md5 in mine.items() if (folder / rel).is_file() and file_md5(folder / rel) == md5]
        total = len(mine)
        if total:
            result.checks.append(f"regenerated files byte-identical to dvc.lock: {len(same)}/{total}")
