"""``juniper-data rebuild``: after editing recipes, what ``dvc repro`` does, in one process.

``dvc repro`` of a registry of 1,000 datasets spends most of an edit on DVC itself:
it loads every pipeline file, hashes every dataset folder to see which stages
changed, and starts a Python process (numpy, pyarrow, ...) for each stage that
runs. This command runs the same library functions the stages run
(compose, :func:`~juniper_data.pipeline.stage.build_shard`, the catalog, the
site) in one process, runs only the build stages whose dependencies changed
(their key file, as compose wrote it, against the md5 their ``dvc.lock``
records), then records what it ran with ``dvc commit``: the locks DVC writes are
the ones ``dvc repro`` writes (tested), and ``dvc status`` is clean after it.

It reads the workspace as ``dvc repro`` would and changes nothing else, but it
looks only at the stages whose dependencies changed: a dataset folder damaged
by hand in an unchanged shard is found by ``dvc status`` / ``dvc repro``, not
here. When compose changes the pipeline itself (recipes added or removed, a new
pipeline shape), DVC must read the new pipeline first: it runs ``dvc repro``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from juniper_data import layout


class RebuildError(RuntimeError):
    """A step of the rebuild failed; nothing was recorded in ``dvc.lock`` (``dvc status`` shows what changed)."""


@dataclass
class Rebuilt:
    """What :func:`rebuild` did: the build stages it ran, what they built, and whether it handed over to
    ``dvc repro``."""

    shards: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    repro: bool = False


def changed_shards(root: Path) -> list[str]:
    """The shards whose build stage would run: a dependency's md5 differs from the one its ``dvc.lock``
    records (or the stage has no lock yet).

    The dependencies are the ones compose declares (:func:`~juniper_data.pipeline.dvcyaml.build_stage`):
    :func:`rebuild` composes first, and hands over to ``dvc repro`` when that rewrote a pipeline file.

    Examples
    --------
    >>> import tempfile
    >>> changed_shards(Path(tempfile.mkdtemp()))
    []
    """
    from juniper_data.adapters.dvc import file_md5, lock_deps
    from juniper_data.pipeline.dvcyaml import build_stage

    lay = layout.Layout(root)
    shards_dir = lay.path(layout.SHARDS_DIR)
    found = []
    for pipeline in sorted(shards_dir.glob(f"*/{layout.DVC_YAML}")) if shards_dir.is_dir() else []:
        shard = pipeline.parent.name
        recorded = lock_deps(pipeline.with_name(layout.DVC_LOCK), f"build-{shard}")
        declared = build_stage(shard, ())["deps"]
        if recorded is None or set(recorded) != set(declared):
            found.append(shard)
            continue
        for dep in declared:
            path = lay.path(dep)
            if not path.is_file() or file_md5(path) != recorded[dep]:
                found.append(shard)
                break
    return found


def rebuild(root: Path, *, log: TextIO = sys.stdout) -> Rebuilt:
    """Rebuild what the recipes' edits changed in the registry at ``root``, then ``dvc commit`` it.

    Parameters
    ----------
    root : Path
        The registry checkout (git + DVC).
    log : text stream
        Where the steps report (``built dataset NAME``, a line per shard).

    Returns
    -------
    Rebuilt
        The shards built and the datasets rebuilt; ``repro`` when the pipeline changed and
        ``dvc repro`` ran instead.

    Raises
    ------
    RebuildError
        A recipe is invalid, a build failed or DVC refused to record the result.
    """
    from juniper_data.pipeline import compose, stage
    from juniper_data.pipeline.catalog import build_registry_catalog
    from juniper_data.site import build_stage_site

    done = Rebuilt()
    existed = (root / layout.DVC_YAML).is_file()
    try:
        changed = compose.recompose(root)
    except compose.RecipeError as error:
        raise RebuildError(str(error)) from error
    if not existed or compose.changes_pipeline(changed):
        print("the pipeline changed (recipes added or removed): running `dvc repro`", file=log, flush=True)
        _dvc(root, ["repro"], log)
        done.repro = True
        return done
    done.shards = changed_shards(root)
    for shard in done.shards:
        try:
            done.built += stage.build_shard(root, shard, log=log)["built"]
        except Exception as error:
            raise RebuildError(f"build-{shard}: {error}") from error
    build_registry_catalog(root)
    summary = build_stage_site(root)
    print(f"site: {summary['rendered']} files written, {summary['kept']} unchanged", file=log, flush=True)
    stages = [f"{layout.shard_dir(shard)}/{layout.DVC_YAML}:build-{shard}" for shard in done.shards]
    # --no-relink: the workspace files stay as the build wrote them (what DVC's default copy cache keeps too)
    _dvc(root, ["commit", "--force", "--quiet", "--no-relink", "compose", *stages, "catalog", "site"], log)
    return done


def _dvc(root: Path, args: list[str], log: TextIO) -> None:
    from juniper_data.adapters.dvc import run_dvc

    result = run_dvc(args, root)
    output = (result.stdout + result.stderr).strip()
    if output:
        print(output, file=log, flush=True)
    if result.returncode != 0:
        raise RebuildError(f"`dvc {args[0]}` failed (exit {result.returncode}); `dvc status` shows what changed")
