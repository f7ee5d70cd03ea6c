"""Chunked jobs from composed Hydra configs: validated without generating, built as the Python API builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra

from juniper_data.build import BuildError, build
from juniper_data.build.app import check_job, spec_from_config
from juniper_data.config import conf_dir, register_schemas
from juniper_data.generators.params import ParameterError
from juniper_data.scale import build_chunked


@pytest.fixture
def config():
    register_schemas()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(conf_dir()), version_base="1.3"):
        yield lambda *overrides: compose("config", overrides=list(overrides))
    GlobalHydra.instance().clear()


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_default_scale_config_is_in_memory_and_local(config):
    scale = config().scale
    assert (scale.chunked, scale.block_size, scale.engine, scale.workers, scale.address) == (
        False,
        1 << 20,
        "auto",
        1,
        None,
    )


def test_a_huge_chunked_recipe_is_planned_without_generating_anything(config):
    spec = spec_from_config(config("scale.chunked=true", "generator.n_points_per_spiral=2000000000"), "spiral")
    plan = spec.resolve().plan
    assert plan.n_rows == 4_000_000_000 and plan.n_blocks == 3815


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("scale.progress=loud", "scale.progress = 'loud'"),
        ("scale.engine=ray", "scale.engine = 'ray'"),
        ("scale.block_size=0", "scale.block_size = 0"),
    ],
)
def test_bad_scale_knobs_are_refused_by_name(config, override, message):
    with pytest.raises((ParameterError, BuildError), match=message):
        check_job(config("scale.chunked=true", override), "spiral")


def test_the_cluster_preset_is_chunked_on_dask_at_the_environment_address(config, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://scheduler.invalid:8786")
    scale = config("scale=cluster").scale
    assert (scale.chunked, scale.engine, scale.address) == (True, "dask", "tcp://scheduler.invalid:8786")


def test_a_chunked_job_builds_the_python_api_bytes_under_its_name(config, tmp_path):
    cfg = config("generator=circles", "generator.n_samples=500", "generator.seed=2", "scale.chunked=true",
                 "scale.block_size=128", "scale.progress=never", f"out_dir={tmp_path / 'out'}", "name=rings",
                 "tags=[b,a]")
    folder = tmp_path / "out" / "rings"
    build(spec_from_config(cfg, "circles"), folder)
    api = build_chunked("circles", tmp_path / "api" / "rings", block_size=128, progress="never", n_samples=500,
                        seed=2, name="rings", tags=["b", "a"])
    assert folder == tmp_path / "out" / "rings"
    assert files(folder) == files(api)
