"""Engines run the same work units: the bytes never depend on the engine or its workers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from juniper_data.generators.params import ParameterError
from juniper_data.scale import build_chunked, make_engine
from juniper_data.scale.engine import check_engine

RECIPE = {"block_size": 97, "progress": "never", "n_points_per_spiral": 250, "noise": 0.2, "seed": 3}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def slow_for_early_items(item: int) -> int:
    time.sleep(0.05 * (4 - item))  # the first items finish last
    return item * item


@pytest.fixture(scope="module")
def serial_build(tmp_path_factory):
    return files(build_chunked("spiral", tmp_path_factory.mktemp("serial") / "ds", engine="serial", **RECIPE))


@pytest.fixture(scope="module")
def dask_cluster():
    """A running dask cluster (local processes) that engines connect to by address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def test_joblib_engine_builds_the_serial_bytes(tmp_path, serial_build):
    assert files(build_chunked("spiral", tmp_path / "ds", engine="joblib", workers=2, **RECIPE)) == serial_build


def test_dask_engine_in_local_mode_builds_the_serial_bytes(tmp_path, serial_build):
    assert files(build_chunked("spiral", tmp_path / "ds", engine="dask", workers=2, **RECIPE)) == serial_build


def test_dask_engine_on_a_running_cluster_builds_the_serial_bytes(tmp_path, serial_build, dask_cluster):
    built = build_chunked("spiral", tmp_path / "ds", engine="dask", address=dask_cluster.scheduler_address, **RECIPE)
    assert files(built) == serial_build


def test_dask_engine_finds_the_scheduler_in_dask_config(dask_cluster):
    import dask

    with dask.config.set({"scheduler-address": dask_cluster.scheduler_address}), make_engine("dask") as runner:
        assert runner.workers == 2
        assert list(runner.imap(abs, [-3, 4])) == [3, 4]


@pytest.mark.parametrize("engine", ["serial", "joblib", "dask"])
def test_imap_yields_results_in_item_order_whatever_finishes_first(engine, dask_cluster):
    address = dask_cluster.scheduler_address if engine == "dask" else None
    with make_engine(engine, 1 if engine == "serial" else 2, address) as runner:
        assert list(runner.imap(slow_for_early_items, range(5))) == [0, 1, 4, 9, 16]


def test_auto_engine_is_serial_for_one_worker_and_joblib_for_more():
    assert check_engine("auto", 1) == "serial"
    assert check_engine("auto", 3) == "joblib"
    with pytest.raises(ParameterError, match="scale.workers = 1.5"):
        check_engine("auto", 1.5)  # type: ignore[arg-type]
