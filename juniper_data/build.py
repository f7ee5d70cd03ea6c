"""Build datasets from the Hydra config: ``python -m juniper_data.build [-m] overrides...``.

A single run writes one dataset folder, a multirun one folder per job, under
``out_dir`` (``out_dir=...`` overrides it). Every job of a sweep is composed
and validated before any is run, so a bad override exits non-zero and writes
nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path
from typing import Any


def dataset_from_config(cfg: Any, generator: str) -> Any:
    """Generate the dataset a composed config describes (not yet written)."""
    from omegaconf import OmegaConf

    from juniper_data.dataset import generate

    params: dict[str, Any] = OmegaConf.to_container(cfg.generator, resolve=True)  # type: ignore[assignment]
    dataset = generate(generator, **params)
    return dataset.annotate(
        name=cfg.name or None,
        tags=list(cfg.tags),
        expires=None if cfg.expires is None else str(cfg.expires),
    )


def check_job(cfg: Any, generator: str) -> None:
    """Validate one composed job without writing: a chunked job is planned, not generated."""
    if cfg.scale.chunked:
        from juniper_data.scale.chunked import plan_from_config

        plan_from_config(cfg, generator)
    else:
        dataset_from_config(cfg, generator)


def run_job(cfg: Any) -> Path:
    """Hydra task: generate and write one dataset; returns its folder."""
    from hydra.core.hydra_config import HydraConfig

    from juniper_data.artifacts.writer import write_dataset

    generator = HydraConfig.get().runtime.choices["generator"]
    if cfg.scale.chunked:
        from juniper_data.scale.chunked import build_from_config

        return build_from_config(cfg, generator)
    dataset = dataset_from_config(cfg, generator)
    folder = Path(cfg.out_dir) / dataset.name
    write_dataset(
        dataset,
        folder,
        formats=list(cfg.storage.formats),
        compress=cfg.storage.compress,
        parquet_compression=cfg.storage.parquet_compression,
    )
    print(f"{dataset.meta['dataset_id']}  {folder}")
    return folder


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

    from juniper_data.artifacts.writer import check_formats
    from juniper_data.config import conf_dir

    plain = [o for o in overrides if not o.startswith("hydra")]
    jobs = expand_sweep(plain) if multirun else [plain]
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(conf_dir()), version_base="1.3"):
            for job in jobs:
                try:
                    cfg = compose("config", overrides=job, return_hydra_config=True)
                    check_job(cfg, cfg.hydra.runtime.choices["generator"])
                    check_formats(list(cfg.storage.formats))
                except Exception as error:  # every failure here is a bad recipe
                    where = " ".join(job) or "(defaults)"
                    sys.stderr.write(f"error: {where}: {explain(job, error)}\n")
                    raise SystemExit(2) from None
    finally:
        GlobalHydra.instance().clear()


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


def main() -> None:
    """Console entry: pre-flight validation, then Hydra's own main (launchers, sweeps)."""
    import hydra

    from juniper_data.config import conf_dir, register_schemas

    argv = sys.argv[1:]
    register_schemas()
    wants_help = any(a in ("--help", "-h", "--hydra-help", "--info", "--cfg", "-c") for a in argv)
    if not wants_help:
        multirun = any(a in ("-m", "--multirun") for a in argv)
        preflight([a for a in argv if not a.startswith("-")], multirun)
    hydra.main(config_path=str(conf_dir()), config_name="config", version_base="1.3")(run_job)()


if __name__ == "__main__":
    main()
