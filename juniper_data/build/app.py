"""The Hydra app: ``python -m juniper_data.build [-m] overrides...``.

A single run writes one dataset folder, a multirun one folder per job, under
``out_dir`` (made absolute where the command runs, so launchers that run jobs
elsewhere -- ``hydra/launcher=dask`` -- write where the user asked). Every job
of a sweep is composed and validated against the schemas before any runs
(nothing is generated twice): an unknown top-level key, a bad parameter, a
name that is not allowed, two jobs writing one folder, an existing folder
this project did not write, or too little disk space exits 2 and writes
nothing. Each job prints ``<dataset id>  <folder>`` (and, in a sweep, the
overrides that made it).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import os
import sys
from pathlib import Path
from typing import Any

#: Keys of conf/config.yaml; anything else at the top level is a typo (``+noise=0.1``).
TOP_LEVEL = ("generator", "storage", "scale", "name", "out_dir", "tags", "expires")
#: conf/ groups that hold the registry's recipes, not choices of this app.
RECIPE_GROUPS = ("datasets", "families")
PASS_THROUGH = ("--help", "-h", "--hydra-help", "--info", "-i", "--cfg", "-c", "--shell-completion", "-sc",
                "--version", "--resolve", "--package", "-p")  # fmt: skip


class JobError(ValueError):
    """One job of the command line cannot be built; the message says why."""


def spec_from_config(cfg: Any, generator: str) -> Any:
    """The :class:`~juniper_data.build.BuildSpec` a composed config describes."""
    from omegaconf import OmegaConf

    from juniper_data.build.spec import BuildSpec

    params: dict[str, Any] = OmegaConf.to_container(cfg.generator, resolve=True)  # type: ignore[assignment]
    return BuildSpec(
        generator=generator,
        params=params,
        block_size=int(cfg.scale.block_size) if cfg.scale.chunked else None,
        name=cfg.name or None,
        tags=tuple(cfg.tags),
        expires=None if cfg.expires is None else str(cfg.expires),
        formats=tuple(cfg.storage.formats),
        compress=bool(cfg.storage.compress),
        parquet_compression=str(cfg.storage.parquet_compression),
    )


def check_job(cfg: Any, generator: str) -> tuple[Any, Path, int]:
    """Validate one composed job; returns its spec, its folder and the bytes it will write."""
    from juniper_data.artifacts.writer import written_by_us
    from juniper_data.build.space import estimate_bytes
    from juniper_data.names import check_name
    from juniper_data.recipe import dataset_id
    from juniper_data.scale.engine import check_engine
    from juniper_data.scale.progress import wants_progress

    unknown = [key for key in cfg if key not in (*TOP_LEVEL, "hydra")]
    if unknown:
        raise JobError(_unknown_top_level(unknown[0], cfg))
    if cfg.name is not None:
        check_name(cfg.name, "name")
    spec = spec_from_config(cfg, generator)
    resolved = spec.resolve()
    if cfg.scale.chunked:
        check_engine(cfg.scale.engine, cfg.scale.workers)
        wants_progress(cfg.scale.progress, sys.stderr)
    folder = Path(cfg.out_dir) / (cfg.name or dataset_id(resolved.recipe))
    if os.path.lexists(folder) and not (folder.is_dir() and written_by_us(folder)):
        raise JobError(f"{folder} exists and is not a dataset folder juniper-data wrote; choose another name= "
                       "or out_dir=, or remove it yourself")  # fmt: skip
    needed = 0
    if resolved.n_rows is not None:
        kept = resolved.n_rows  # a sizing mode keeps at most every row it generates (n_rows)
        if resolved.params.sizing_mode is None:
            kept = sum(_split_sizes(resolved.n_rows, resolved.params))
        needed = estimate_bytes(resolved.n_rows, resolved.n_features, resolved.n_classes, n_kept=kept,
                                parquet="parquet" in spec.formats, chunked=spec.chunked)  # fmt: skip
    return spec, folder, needed


def _split_sizes(n_rows: int, params: Any) -> tuple[int, int]:
    from juniper_data.split import split_sizes

    return split_sizes(n_rows, params.train_ratio, params.test_ratio)


def _unknown_top_level(key: str, cfg: Any) -> str:
    if key in RECIPE_GROUPS:
        return (f"'{key}' is the registry's recipe folder (conf/{key}/), not an option of this command; build a "
                f"registry recipe with `dvc repro`, or spell its generator and parameters out "
                f"(generator=NAME generator.PARAM=VALUE)")  # fmt: skip
    generator = cfg.get("generator")
    fields = list(generator) if generator is not None else []
    hint = ""
    if key in fields:
        hint = f"; a generator parameter is set as generator.{key}=VALUE"
    else:
        close = difflib.get_close_matches(key, [*TOP_LEVEL, *fields], n=2, cutoff=0.6)
        if close:
            hint = "; did you mean " + " or ".join(f"generator.{c}" if c in fields else c for c in close) + "?"
    return f"unknown key '{key}' at the top level (allowed: {', '.join(TOP_LEVEL)}){hint}"


def run_job(cfg: Any) -> str:
    """Hydra task: build one dataset; prints and returns ``<dataset id>  <folder>``."""
    from hydra.core.hydra_config import HydraConfig

    from juniper_data.build.run import build
    from juniper_data.scale.engine import make_engine

    hydra_cfg = HydraConfig.get()
    spec = spec_from_config(cfg, hydra_cfg.runtime.choices["generator"])
    folder = Path(cfg.out_dir) / (spec.name or _dataset_id(spec))
    with make_engine(cfg.scale.engine, cfg.scale.workers, cfg.scale.address) as runner:
        meta = build(spec, folder, runner=runner, progress=cfg.scale.progress)
    line = f"{meta['dataset_id']}  {folder}"
    if str(hydra_cfg.mode) == "RunMode.MULTIRUN":
        line += "  " + " ".join(hydra_cfg.overrides.task)
    if "DaskLauncher" not in str(hydra_cfg.launcher.get("_target_", "")):
        print(line, flush=True)  # the dask launcher prints every job's line in the parent
    return line


def _dataset_id(spec: Any) -> str:
    from juniper_data.recipe import dataset_id

    return dataset_id(spec.resolve().recipe)


def expand_sweep(overrides: list[str]) -> list[list[str]]:
    """Every job's override list for a basic-sweeper multirun (cartesian product)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    choices = []
    for override in OverridesParser.create().parse_overrides(overrides):
        key = override.get_key_element()
        if override.is_sweep_override():
            choices.append([f"{key}={value}" for value in override.sweep_string_iterator()])
        else:
            choices.append([f"{key}={override.get_value_element_as_str()}"])
    return [list(job) for job in itertools.product(*choices)]


def preflight(overrides: list[str], multirun: bool) -> None:
    """Compose and validate every job before any runs; exit 2 with the message on the first bad one."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from juniper_data.build.space import check_space
    from juniper_data.config import conf_dir

    plain = [o for o in overrides if not o.startswith("hydra")]
    for override in plain:
        key = override.split("=", 1)[0].lstrip("+~")
        if key.split(".", 1)[0].split("@", 1)[0] in RECIPE_GROUPS:
            _fail(override, _unknown_top_level(key.split(".", 1)[0].split("@", 1)[0], {}))
    jobs = expand_sweep(plain) if multirun else [plain]
    folders: dict[Path, list[str]] = {}
    needed = 0
    out_dir: Path | None = None
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(conf_dir()), version_base="1.3"):
            for job in jobs:
                try:
                    cfg = compose("config", overrides=job, return_hydra_config=True)
                    generator = cfg.hydra.runtime.choices["generator"]
                    _, folder, size = check_job(cfg, generator)
                except Exception as error:  # every failure here is a bad recipe
                    _fail(" ".join(job) or "(defaults)", explain(job, error))
                if folder in folders:
                    _fail(" ".join(job), f"writes {folder}, as the job {' '.join(folders[folder]) or '(defaults)'} "
                          "does; give each job its own name (leave name unset: each folder is then its dataset id)")
                folders[folder] = job
                needed += size
                out_dir = folder.parent
    finally:
        GlobalHydra.instance().clear()
    if out_dir is not None:
        try:
            check_space(out_dir, needed, f"this {'sweep' if multirun else 'build'}")
        except ValueError as error:
            _fail(" ".join(plain) or "(defaults)", str(error))


def _fail(where: str, message: str) -> None:
    sys.stderr.write(f"error: {where}: {message}\n")
    raise SystemExit(2)


def explain(job: list[str], error: Exception) -> str:
    """Our wording for Hydra's "could not override" of a generator parameter (with a suggestion)."""
    from hydra import compose

    from juniper_data.generators import registry
    from juniper_data.generators.params import unknown_parameter_error

    for override in job:
        key = override.split("=", 1)[0].lstrip("+~")
        if key.startswith("generator.") and key.count(".") == 1 and f"'{key}'" in str(error):
            base = [o for o in job if not o.lstrip("+~").startswith("generator.")]
            generator = compose("config", overrides=base, return_hydra_config=True).hydra.runtime.choices[
                "generator"
            ]
            spec = registry.get(generator)
            known = [f.name for f in dataclasses.fields(spec.params)]
            return str(unknown_parameter_error(generator, key.split(".", 1)[1], known))
    cause = error.__cause__
    return f"{error}: {cause}".replace("\n", " ") if cause else str(error)


def absolute_out_dir(argv: list[str], cwd: Path) -> list[str]:
    """``argv`` with ``out_dir`` absolute (the default's too), so every launcher writes where the user is.

    Examples
    --------
    >>> absolute_out_dir(["generator=xor"], Path("/home/u"))
    ['generator=xor', 'out_dir=/home/u/outputs/datasets']
    >>> absolute_out_dir(["out_dir=o"], Path("/w"))
    ['out_dir=/w/o']
    """
    out: list[str] = []
    given = False
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep and key.lstrip("+") == "out_dir":
            given = True
            if "${" not in value and "," not in value:
                arg = f"{key}={(cwd / os.path.expanduser(value)).as_posix()}"
        out.append(arg)
    if not given:
        out.append(f"out_dir={(cwd / 'outputs' / 'datasets').as_posix()}")
    return out


def main() -> None:
    """Console entry: pre-flight validation, then Hydra's own main (launchers, sweeps)."""
    import hydra

    from juniper_data.config import conf_dir, register_schemas

    argv = sys.argv[1:]
    register_schemas()
    passing = any(a.split("=", 1)[0] in PASS_THROUGH for a in argv)
    if not passing:
        multirun = any(a in ("-m", "--multirun") for a in argv)
        argv = absolute_out_dir(argv, Path.cwd())
        sys.argv[1:] = argv
        preflight([a for a in argv if not a.startswith("-")], multirun)
    hydra.main(config_path=str(conf_dir()), config_name="config", version_base="1.3")(run_job)()
