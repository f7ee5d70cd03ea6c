"""The consumers' requests through the client hash equal to what JuniperData 0.17.1 served for them.

Each case of ``tests/fixtures/jd017/fingerprints.json`` is sent to the client exactly as recorded
there, first the ones a consumer sends (SPEC-0.17 §4: the trainer's CLI request, its auto-start
``{}``, the dashboard's demo spiral and its ``{"seed": 42}`` for every other generator), then the
rest; the six arrays must have 0.17.1's sha256, and the metadata 0.17.1's counts and params.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from juniper_data.client import JuniperDataClient, JuniperDataValidationError
from tests.conftest import WORKTREE
from tests.test_fingerprints_017 import FIXTURES

CASES = json.loads((FIXTURES / "jd017" / "fingerprints.json").read_text())["cases"]
CONSUMER_CASES = [
    "trainer_cli_spiral",  # the trainer's CLI: carve 0.8 / 0.1 / 0.1 over 2 x 1,000
    "spiral_default",  # the trainer's auto-start: create_dataset("spiral", {})
    "dashboard_demo_spiral",  # the dashboard's demo spiral
    *sorted(c for c in CASES if c.endswith("_dashboard_seed42")),  # the dashboard's {"seed": 42} picks
]
#: 0.17.1 dropped unknown keys; the client refuses them (test_client.py).
REFUSED = ("moon_unknown_keys_dropped",)
OTHER_CASES = sorted(set(CASES) - set(CONSUMER_CASES) - set(REFUSED))
COUNTS = ("n_train", "n_val", "n_test", "n_samples", "n_features", "n_classes", "class_distribution", "task_type",
          "truncation", "data_quality")  # fmt: skip


def sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


@pytest.mark.parametrize("case", CONSUMER_CASES)
def test_a_consumer_request_gives_017s_arrays_and_counts(case):
    assert_017s_answer(CASES[case])


@pytest.mark.parametrize("case", OTHER_CASES)
def test_every_other_recorded_request_gives_017s_arrays_and_counts(case, monkeypatch):
    monkeypatch.chdir(WORKTREE)  # csv_import's file_path is relative to the import root (cwd)
    assert_017s_answer(CASES[case])


def test_the_request_017_served_without_its_unknown_keys_is_refused():
    with pytest.raises(JuniperDataValidationError, match="unknown parameter 'n_points'"):
        JuniperDataClient().create_dataset("moon", CASES["moon_unknown_keys_dropped"]["request"])


def assert_017s_answer(recorded):
    client = JuniperDataClient()
    created = client.create_dataset(recorded["generator"], recorded["request"])
    arrays = client.download_artifact_npz(created["dataset_id"])
    assert sorted(arrays) == sorted(recorded["arrays"])
    for key, fingerprint in recorded["arrays"].items():
        assert (list(arrays[key].shape), str(arrays[key].dtype)) == (fingerprint["shape"], fingerprint["dtype"]), key
        assert sha256(arrays[key]) == fingerprint["sha256"], key
    meta = created["meta"]
    assert {k: meta[k] for k in COUNTS} == {k: recorded[k] for k in COUNTS}
    shared = set(meta["params"]) & set(recorded["params"])
    assert {k: meta["params"][k] for k in shared} == {k: recorded["params"][k] for k in shared}
    assert {"sizing_mode", "seed", "val_ratio", "val_percent", "test_percent"} <= shared


def test_the_trainers_request_has_the_validation_split_it_requires():
    meta = JuniperDataClient().create_dataset("spiral", CASES["trainer_cli_spiral"]["request"])["meta"]
    assert (meta["n_train"], meta["n_val"], meta["n_test"]) == (1600, 200, 200)
