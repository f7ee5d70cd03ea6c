"""The one build function: :func:`build` a :class:`~juniper_data.build.spec.BuildSpec` into a folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from juniper_data.build.spec import BuildError, BuildSpec, Resolved


def check(spec: BuildSpec) -> Resolved:
    """Validate ``spec`` as :func:`build` would, without generating or writing anything.

    Raises
    ------
    BuildError
    """
    return spec.resolve()


def build(
    spec: BuildSpec,
    folder: str | os.PathLike[str],
    *,
    runner: Any = None,
    progress: str = "never",
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Generate the dataset ``spec`` describes and write it to ``folder`` (atomically); returns its ``meta``.

    In memory unless ``spec.block_size`` is set; then in blocks, in bounded
    memory, on ``runner`` (an engine of ``juniper_data.scale.engine``; default:
    this process). Before anything is written the disk space the build needs is
    checked against ``folder``'s file system.

    Parameters
    ----------
    spec : BuildSpec
    folder : path
        The dataset folder; replaced only if this project wrote it.
    runner : engine, optional
    progress : {'auto', 'always', 'never'}
        Progress lines on stderr (chunked builds).
    timings : dict, optional
        Filled with seconds per phase (``generate``, and for chunked builds ``shuffle``, ``write``).

    Returns
    -------
    dict
        The ``meta.json`` content.

    Raises
    ------
    BuildError
        Bad recipe, name or storage settings, or too little disk space; nothing was written.
    """
    import time

    from juniper_data.build.space import check_space, estimate_bytes

    resolved = spec.resolve()
    folder = Path(folder).absolute()  # worker processes may run in another working directory
    what = f"dataset {spec.name or resolved.recipe['generator']}"
    if resolved.plan is not None:
        plan = resolved.plan
        check_space(folder, estimate_bytes(plan.n_rows, plan.n_features, plan.n_classes, n_kept=plan.n_used,
                                           parquet="parquet" in spec.formats, chunked=True), what)  # fmt: skip
        from juniper_data.scale.chunked import build_plan

        return build_plan(plan, spec, folder, runner=runner, progress=progress, timings=timings)
    started = time.perf_counter()
    dataset = generate_resolved(spec, resolved)
    if timings is not None:
        timings["generate"] = time.perf_counter() - started
    meta = dataset.meta
    needed = estimate_bytes(meta["n_full"], meta["n_features"], meta["n_classes"],
                            n_kept=meta["n_train"] + meta.get("n_val", 0) + meta["n_test"],
                            parquet="parquet" in spec.formats)  # fmt: skip
    check_space(folder, needed, what)
    from juniper_data.artifacts.writer import write_dataset

    started = time.perf_counter()
    write_dataset(
        dataset,
        folder,
        formats=spec.formats,
        compress=spec.compress,
        parquet_compression=spec.parquet_compression,
        card=spec.card,
        registry_url=spec.registry_url,
        license=spec.license,
    )
    if timings is not None:
        timings["write"] = time.perf_counter() - started
    from juniper_data.artifacts.meta import read_meta

    return read_meta(folder)


def generate_resolved(spec: BuildSpec, resolved: Resolved) -> Any:
    """The in-memory :class:`~juniper_data.dataset.Dataset` of an in-memory spec, annotated."""
    from juniper_data.dataset import from_spec
    from juniper_data.generators import registry

    if resolved.plan is not None:
        raise BuildError(f"generator {spec.generator!r}: a chunked spec (block_size) is built by build()")
    dataset = from_spec(registry.get(spec.generator), resolved.params, resolved.recipe)
    return dataset.annotate(name=spec.name, tags=list(spec.tags), expires=spec.expires)
