"""A family's variants built on parallel workers are the bytes of the serial build."""

from __future__ import annotations

from pathlib import Path

import pytest

from juniper_data.generators.params import ParameterError
from juniper_data.pipeline import compose, stage
from juniper_data.pipeline.dvcyaml import shard_of
from tests.pipeline.conftest import copy_conf_skeleton


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    conf = copy_conf_skeleton(tmp_path / "conf")
    (conf / "datasets").mkdir()
    (conf / "families").mkdir()
    (conf / "families" / "spirals.yaml").write_text(
        "generator: spiral\nparams: {n_points_per_spiral: 40, seed: 1}\nsweep: {n_spirals: [2, 3], noise: [0.0, 0.2]}\n"
    )
    monkeypatch.chdir(tmp_path)
    assert compose.main([]) == 0
    return tmp_path


def test_family_variants_on_two_workers_are_the_serial_bytes(workdir, monkeypatch):
    monkeypatch.setenv("JUNIPER_DATA_WORKERS", "1")
    assert stage.main([shard_of("spirals")]) == 0
    serial = files(workdir / "data" / "spirals")
    monkeypatch.setenv("JUNIPER_DATA_WORKERS", "2")
    monkeypatch.setenv("JUNIPER_DATA_ENGINE", "joblib")
    assert stage.main([shard_of("spirals")]) == 0
    assert files(workdir / "data" / "spirals") == serial
    assert sum(name.endswith(".npz") for name in serial) == 4


def test_a_bad_worker_count_is_refused(workdir, monkeypatch):
    monkeypatch.setenv("JUNIPER_DATA_WORKERS", "two")
    with pytest.raises(ParameterError, match=r"\$JUNIPER_DATA_WORKERS = 'two'; allowed: an integer >= 1"):
        stage.main([shard_of("spirals")])
    assert not (workdir / "data" / "spirals").exists()
