"""Where a registry keeps things: the one module that knows the repository's layout.

The library itself works on any folder (``generate``, ``write_dataset``,
``load``); only a *registry* -- a git + DVC repository built by the pipeline --
has this layout, and every path of it is spelled here::

    conf/datasets/<name>.yaml      a recipe            conf/families/<name>.yaml  a family
    params.yaml                    the registry's own settings (generated; kept small: DVC reads it often)
    params/datasets/<name>.yaml    a recipe resolved: every parameter, its build key (generated)
    params/families/<name>.yaml    a family resolved, with its variants (generated)
    params/shards/<k>.yaml         the build keys of build stage k's datasets (generated)
    dvc.yaml, dvc.lock             the pipeline (stages generated) and its lock
    pipelines/shards/<k>/          build stage k: its dvc.yaml (generated), dvc.lock and built.yaml
    data/<name>/                   one dataset's artifacts (a family: data/<family>/<variant>/)
    data/catalog.json, ...         the catalog of everything built
    site/                          the registry's static site (a DVC output)
    catalog/<name>.json            the catalog entry of one dataset or family (git-tracked)
    metrics/<name>.json            its deterministic build metrics (git-tracked)
    timings/<name>.json            its build time and memory (never committed; dvc metrics show timings)
    .juniper-data/compose.json     what compose resolved, to skip unchanged recipes (never committed)
    .juniper-data/card-yaml.json   the catalog card's YAML per config, to skip emitting it again (never committed)

Paths are POSIX strings relative to the repository root (as DVC and git name
them); :class:`Layout` turns them into absolute paths of one checkout.

Examples
--------
>>> data_path("xor_default"), catalog_entry_path("spiral_grid")
('data/xor_default', 'catalog/spiral_grid.json')
>>> Layout("/r").data("xor_default").as_posix()
'/r/data/xor_default'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONF_DIR = "conf"
RECIPE_GROUPS = ("datasets", "families")
PARAMS_FILE = "params.yaml"
PARAMS_DIR = "params"
DVC_YAML = "dvc.yaml"
DVC_LOCK = "dvc.lock"
DATA_DIR = "data"
CATALOG_DIR = "catalog"
METRICS_DIR = "metrics"
TIMINGS_DIR = "timings"
CATALOG_FILES = (f"{DATA_DIR}/catalog.json", f"{DATA_DIR}/catalog.parquet", f"{DATA_DIR}/README.md")
PIPELINES_DIR = "pipelines"
#: The build stages' own pipeline files (one folder per shard; generated, with their locks).
SHARDS_DIR = f"{PIPELINES_DIR}/shards"
#: The build keys of each shard (the compose stage's output, the build stage's dependency).
SHARD_KEYS_DIR = f"{PARAMS_DIR}/shards"
#: What a build stage writes beside its datasets: the keys its folders were built from.
SHARD_RECEIPT = "built.yaml"
SITE_DIR = "site"
#: What compose resolved, by its inputs' digest (ignored by git; see juniper_data.pipeline.compose.ComposeCache).
COMPOSE_CACHE = ".juniper-data/compose.json"
#: The YAML of the catalog card's configs, by content (ignored by git; see juniper_data.artifacts.hf.YamlMemo).
CARD_YAML_CACHE = ".juniper-data/card-yaml.json"
#: Files a registry version is made of (what a release must have committed).
TRACKED = (CONF_DIR, CATALOG_DIR, METRICS_DIR, PARAMS_DIR, PARAMS_FILE, DVC_YAML, DVC_LOCK, SHARDS_DIR)


def data_path(name: str) -> str:
    """The artifact folder of a dataset, family or ``family/variant``."""
    return f"{DATA_DIR}/{name}"


def catalog_entry_path(name: str) -> str:
    """The git-tracked catalog entry of a dataset or family."""
    return f"{CATALOG_DIR}/{name}.json"


def metrics_path(name: str) -> str:
    """The git-tracked, deterministic build metrics of a dataset or family."""
    return f"{METRICS_DIR}/{name}.json"


def timings_path(name: str) -> str:
    """Build time and peak memory of a dataset or family (ignored by git: they change every run)."""
    return f"{TIMINGS_DIR}/{name}.json"


def recipe_path(name: str, group: str) -> str:
    """``conf/datasets/<name>.yaml`` or ``conf/families/<name>.yaml``."""
    if group not in RECIPE_GROUPS:
        raise ValueError(f"recipe group {group!r}; allowed: {', '.join(RECIPE_GROUPS)}")
    return f"{CONF_DIR}/{group}/{name}.yaml"


def resolved_path(name: str, group: str) -> str:
    """The resolved recipe of a dataset or family: ``params/datasets/<name>.yaml`` or ``params/families/...``."""
    if group not in RECIPE_GROUPS:
        raise ValueError(f"recipe group {group!r}; allowed: {', '.join(RECIPE_GROUPS)}")
    return f"{PARAMS_DIR}/{group}/{name}.yaml"


def shard_dir(shard: str) -> str:
    """The folder of build stage ``shard``: ``pipelines/shards/<k>`` (its ``dvc.yaml``, ``dvc.lock``, receipt)."""
    return f"{SHARDS_DIR}/{shard}"


def shard_keys_path(shard: str) -> str:
    """``params/shards/<k>.yaml``: the build keys of the datasets and families of shard ``shard``."""
    return f"{SHARD_KEYS_DIR}/{shard}.yaml"


def shard_receipt_path(shard: str) -> str:
    """``pipelines/shards/<k>/built.yaml``: the keys build stage ``shard`` built (an output of that stage)."""
    return f"{shard_dir(shard)}/{SHARD_RECEIPT}"


def owner(name: str) -> str:
    """The dataset or family a name belongs to: ``"grid/n=2"`` -> ``"grid"``."""
    return name.split("/", 1)[0]


@dataclass(frozen=True)
class Layout:
    """The layout of one registry checkout at ``root``."""

    root: Path

    def __init__(self, root: str | os.PathLike[str]):
        # absolute: worker processes (engines) may run in another working directory
        object.__setattr__(self, "root", Path(root).absolute())

    def path(self, relative: str) -> Path:
        return self.root / relative

    def data(self, name: str) -> Path:
        return self.root / data_path(name)

    def catalog_entry(self, name: str) -> Path:
        return self.root / catalog_entry_path(name)

    def metrics(self, name: str) -> Path:
        return self.root / metrics_path(name)

    def timings(self, name: str) -> Path:
        return self.root / timings_path(name)

    def recipe(self, name: str, group: str) -> Path:
        return self.root / recipe_path(name, group)

    def resolved(self, name: str, group: str) -> Path:
        return self.root / resolved_path(name, group)

    @property
    def conf(self) -> Path:
        return self.root / CONF_DIR

    @property
    def params_file(self) -> Path:
        return self.root / PARAMS_FILE

    @property
    def dvc_yaml(self) -> Path:
        return self.root / DVC_YAML

    @property
    def dvc_lock(self) -> Path:
        return self.root / DVC_LOCK

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @property
    def catalog_dir(self) -> Path:
        return self.root / CATALOG_DIR

    @property
    def card_yaml_cache(self) -> Path:
        return self.root / CARD_YAML_CACHE

    def find_recipe(self, name: str) -> Path | None:
        """The recipe file of a dataset or family, whichever group holds it."""
        for group in RECIPE_GROUPS:
            path = self.recipe(name, group)
            if path.is_file():
                return path
        return None

    def recipe_names(self) -> list[str]:
        """Every recipe name (file stem) of ``conf/datasets`` and ``conf/families``."""
        return sorted(p.stem for group in RECIPE_GROUPS for p in (self.conf / group).glob("*.yaml"))
