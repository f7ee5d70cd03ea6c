"""Hydra structured configs: the typed schemas behind ``conf/``.

Each generator's parameter dataclass is stored as ``generator/base_<name>``;
``conf/generator/<name>.yaml`` extends it, so Hydra type-checks every override
(``generator.n_spirals=abc`` fails at composition) and our validation then
checks bounds and cross-field rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONF_ENV = "JUNIPER_DATA_CONF"


@dataclass
class StorageConfig:
    """Where and how artifacts are stored (``conf/storage/<choice>.yaml``).

    ``formats``/``compress``/``parquet_compression`` decide the artifact bytes;
    the rest describes the DVC remote the data is pushed to (see
    :mod:`juniper_data.storage.remotes`). Credentials are never part of it:
    they come from the environment or DVC's uncommitted ``.dvc/config.local``.
    """

    formats: list[str] = field(default_factory=lambda: ["npz", "parquet"])
    compress: bool = False
    parquet_compression: str = "snappy"
    remote: str = "local"  # the DVC remote name
    url: str | None = None  # None: leave the remote's URL as .dvc/config has it
    endpointurl: str | None = None  # S3-compatible servers (MinIO, Ceph); None = AWS
    region: str | None = None
    read_only: bool = False  # e.g. a static HTTP mirror: pull only
    # Further non-secret DVC remote options (profile, account_name, port, ...); null values are skipped.
    options: dict[str, Any] = field(default_factory=dict)


# What a build records of a storage choice (params.yaml): the keys that decide the artifact bytes.
# Which remote holds them, and where it lives, is DVC configuration (conf/storage -> .dvc/config).
STORAGE_BUILD_KEYS = ("formats", "compress", "parquet_compression")


@dataclass
class ScaleConfig:
    """Chunked builds and the engine that runs them (``conf/scale/<choice>.yaml``).

    ``chunked`` and ``block_size`` enter the recipe (and the dataset id) of a
    chunked build; ``engine``, ``workers``, ``address`` and ``progress`` never
    change the bytes. See ``juniper_data.scale``.
    """

    chunked: bool = False
    block_size: int = 1 << 20
    engine: str = "auto"
    workers: int = 1
    address: str | None = None
    progress: str = "auto"


def conf_dir() -> Path:
    """The ``conf/`` folder: ``$JUNIPER_DATA_CONF``, else ``./conf``, else the source checkout's."""
    env = os.environ.get(CONF_ENV)
    if env:
        return Path(env).resolve()
    local = Path.cwd() / "conf"
    if (local / "config.yaml").is_file():
        return local.resolve()
    return (Path(__file__).resolve().parents[1] / "conf").resolve()


def register_schemas() -> None:
    """Store every generator's parameter schema and the storage schema in Hydra's ConfigStore."""
    from hydra.core.config_store import ConfigStore

    from juniper_data.generators import registry
    from juniper_data.generators.params import hydra_schema

    store = ConfigStore.instance()
    for name in registry.available():
        store.store(group="generator", name=f"base_{name}", node=hydra_schema(registry.get(name).params))
    store.store(group="storage", name="base_storage", node=StorageConfig)
    store.store(group="scale", name="base_scale", node=ScaleConfig)
    store.store(group="hydra/help", name="juniper_data", node={"template": help_template(conf_dir())})


def help_template(conf: Path) -> str:
    """``--help`` of ``python -m juniper_data.build``: this app's groups and options (not the registry's recipes).

    ``conf/datasets`` and ``conf/families`` are the registry's recipes, read by the
    pipeline; Hydra would list them as groups of this app, so the help lists the
    groups the app takes instead.
    """
    from juniper_data.generators import registry

    def options(group: str) -> str:
        return ", ".join(sorted(p.stem for p in (conf / group).glob("*.yaml")))

    return (
        "python -m juniper_data.build: build one dataset, or with -m one per combination of a sweep.\n\n"
        "Usage: python -m juniper_data.build [-m] [generator=NAME] [generator.PARAM=VALUE ...] [storage=NAME]\n"
        "       [scale=NAME] [name=NAME] [out_dir=DIR] [tags=[a,b]] [expires=YYYY-MM-DD]\n\n"
        "== Groups (group=option) ==\n"
        f"generator: {', '.join(registry.available())}\n"
        f"storage: {options('storage')}\n"
        f"scale: {options('scale')}\n"
        "hydra/launcher: basic, joblib (local processes), dask (a dask cluster)\n\n"
        "== Config (every key; change one with KEY=VALUE, a generator parameter with generator.PARAM=VALUE) ==\n"
        "$CONFIG\n"
        "Examples:\n"
        "  python -m juniper_data.build generator=xor generator.noise=0.1\n"
        "  python -m juniper_data.build -m generator=spiral generator.n_spirals=2,3 generator.noise=0,0.1\n"
        "  python -m juniper_data.build generator=spiral generator.n_points_per_spiral=50000000 scale.chunked=true\n"
        "Registry recipes (conf/datasets, conf/families) are built by `dvc repro`, not by this command.\n\n"
        "$FLAGS_HELP"
    )
