"""The consumers' requests through the client hash equal to what JuniperData 0.17.1 served for them.

Each case of ``tests/fixtures/jd017/fingerprints.json`` that a consumer sends (SPEC-0.17 §4:
the trainer's CLI request, its auto-start ``{}``, the dashboard's demo spiral and its
``{"seed": 42}`` for every other generator) is sent to the client exactly as recorded
there; the six arrays must have 0.17.1's sha256, and the metadata 0.17.1's counts.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from juniper_data.client import JuniperDataClient
from tests.test_fingerprints_017 import FIXTURES

CASES = json.loads((FIXTURES / "jd017" / "fingerprints.json").read_text())["cases"]
CONSUMER_CASES = [
    "trainer_cli_spiral",  # the trainer's CLI: carve 0.8 / 0.1 / 0.1 over 2 x 1,000
    "spiral_default",  # the trainer's auto-start: create_dataset("spiral", {})
    "dashboard_demo_spiral",  # the dashboard's demo spiral
    *sorted(c for c in CASES if c.endswith("_dashboard_seed42")),  # the dashboard's {"seed": 42} picks
    *sorted(c for c in CASES if c.endswith("_default") and CASES[c]["generator"] != "csv_import"),
]
COUNTS = ("n_train", "n_val", "n_test", "n_samples", "n_features", "n_classes", "class_distribution", "task_type",
          "truncation", "data_quality")  # fmt: skip


def sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


@pytest.mark.parametrize("case", sorted(set(CONSUMER_CASES)))
def test_a_consumer_request_gives_017s_arrays_and_counts(case):
    recorded = CASES[case]
    client = JuniperDataClient()
    created = client.create_dataset(recorded["generator"], recorded["request"])
    arrays = client.download_artifact_npz(created["dataset_id"])
    assert list(arrays) == list(recorded["arrays"]) or sorted(arrays) == sorted(recorded["arrays"])
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
