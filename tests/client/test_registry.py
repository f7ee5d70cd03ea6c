"""JuniperDataClient on registry datasets: releases, a registry + rev, $JUNIPER_DATA_REGISTRY, errors.

The registry is the suite's real one (``tests/registry_history.py``: built by ``dvc repro``,
pushed, cloned bare): no DVC or git is mocked.
"""

from __future__ import annotations

import numpy as np
import pytest

from juniper_data.client import (
    JuniperDataClient,
    JuniperDataConfigurationError,
    JuniperDataNotFoundError,
    JuniperDataValidationError,
)
from juniper_data.client import client as client_module


def assert_old_layout_arrays(arrays, expected):
    """A release without a validation split: its train/test, and an empty X_val/y_val."""
    assert list(arrays) == ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test"]
    for key in ("X_train", "y_train", "X_test", "y_test"):
        np.testing.assert_array_equal(arrays[key], expected[key], err_msg=key)
    assert arrays["X_val"].shape == (0, expected["X_train"].shape[1])
    assert arrays["y_val"].shape == (0, expected["y_train"].shape[1])


def test_a_release_by_versioned_name(registry_env):
    client = JuniperDataClient(registry=str(registry_env.bare))
    created = client.create_dataset("xor_small@v1.0.0")
    assert_old_layout_arrays(client.download_artifact_npz(created["dataset_id"]), registry_env.expected_xor("v1"))
    meta = created["meta"]
    assert created["generator"] == "xor" and meta["dataset_name"] == "xor_small" and meta["dataset_version"] == "1.0.0"
    assert meta["source"]["kind"] == "registry" and meta["source"]["commit"] == registry_env.commits["v1"]
    assert "release tag xor_small@v1.0.0" in meta["source"]["how"] and meta["tags"] == ["xor"]
    assert (meta["n_train"], meta["n_val"], meta["n_test"]) == (64, 0, 16) and meta["n_samples"] == 80
    assert meta["dataset_id"] == registry_env.expected_xor("v1").meta["dataset_id"]
    assert created["artifact_url"].startswith("juniper-data:load/xor_small?repo=")


def test_latest_reads_the_newest_release(registry_env):
    meta = JuniperDataClient(registry=registry_env.bare).create_dataset("xor_small@latest")["meta"]
    assert meta["dataset_version"] == "1.1.0" and meta["source"]["commit"] == registry_env.commits["v2"]


def test_a_registry_and_rev_in_the_constructor_pin_plain_names(registry_env):
    client = JuniperDataClient(registry=str(registry_env.bare), rev="v2")
    created = client.create_dataset("xor_small")
    assert_old_layout_arrays(client.download_artifact_npz(created["dataset_id"]), registry_env.expected_xor("v2"))
    # A rev is read exactly there, as load() reads it: no release version, even where a release points.
    meta = created["meta"]
    assert meta["dataset_version"] is None and meta["source"]["commit"] == registry_env.commits["v2"]
    at_release = JuniperDataClient(registry=str(registry_env.bare), rev="xor_small@v1.1.0").create_dataset("xor_small")
    assert at_release["meta"]["dataset_version"] == "1.1.0" and at_release["dataset_id"] == created["dataset_id"]


def test_a_versioned_name_carries_its_own_version_over_the_clients_rev(registry_env):
    meta = JuniperDataClient(registry=str(registry_env.bare), rev="v3").create_dataset("xor_small@v1.0.0")["meta"]
    assert meta["source"]["commit"] == registry_env.commits["v1"]


def test_the_registry_environment_variable_with_a_rev(registry_env, monkeypatch):
    monkeypatch.setenv("JUNIPER_DATA_REGISTRY", f"{registry_env.bare}@v1")
    client = JuniperDataClient()
    assert (client.registry, client.rev) == (str(registry_env.bare), "v1")
    created = client.create_dataset("xor_small")
    assert_old_layout_arrays(client.download_artifact_npz(created["dataset_id"]), registry_env.expected_xor("v1"))
    assert client.health_check()["registry"] == str(registry_env.bare)
    monkeypatch.setenv("JUNIPER_DATA_REGISTRY", f"file://{registry_env.bare}")
    meta = JuniperDataClient().create_dataset("xor_small@v1.1.0")["meta"]
    assert meta["source"]["commit"] == registry_env.commits["v2"]


def test_a_family_variant_at_its_familys_release(registry_env):
    meta = JuniperDataClient(registry=registry_env.bare).create_dataset("xor_fam/noise=0.1@v1.0.0")["meta"]
    assert meta["dataset_name"] == "xor_fam/noise=0.1" and meta["dataset_version"] == "1.0.0"
    assert meta["params"]["noise"] == 0.1


def test_generator_names_still_generate_with_a_registry(registry_env):
    meta = JuniperDataClient(registry=registry_env.bare).create_dataset("xor", {"n_points_per_quadrant": 4})["meta"]
    assert meta["source"] == {"kind": "generate"}


def test_a_registry_dataset_takes_no_params(registry_env):
    with pytest.raises(JuniperDataValidationError, match="registry dataset.*takes no params"):
        JuniperDataClient(registry=registry_env.bare).create_dataset("xor_small@v1.0.0", {"seed": 1})


def test_an_unknown_release_or_dataset_is_not_found_naming_it(registry_env):
    client = JuniperDataClient(registry=registry_env.bare)
    with pytest.raises(JuniperDataNotFoundError, match=r"xor_small@v9\.0\.0.*Known releases of it") as raised:
        client.create_dataset("xor_small@v9.0.0")
    assert raised.value.status_code == 404 and isinstance(raised.value, LookupError)
    with pytest.raises(JuniperDataNotFoundError, match="did you mean 'xor_small'"):
        client.create_dataset("xor_smal")


def test_a_release_without_a_registry_is_read_from_the_checkout_around_cwd(registry_env, tmp_path, monkeypatch):
    monkeypatch.chdir(registry_env.work)
    meta = JuniperDataClient().create_dataset("xor_small@v1.0.0")["meta"]
    assert meta["source"]["commit"] == registry_env.commits["v1"]
    monkeypatch.chdir(tmp_path)
    with pytest.raises(JuniperDataNotFoundError, match="no registry checkout"):
        JuniperDataClient().create_dataset("xor_small@v1.0.0")


def test_a_release_artifact_url_reads_the_same_commit_in_an_empty_store(registry_env, monkeypatch):
    created = JuniperDataClient(registry=registry_env.bare).create_dataset("xor_small@v1.1.0")
    monkeypatch.setattr(client_module, "_STORE", client_module._Store())  # as a new process
    arrays = JuniperDataClient().download_artifact_npz(created["artifact_url"])
    assert_old_layout_arrays(arrays, registry_env.expected_xor("v2"))


def test_a_rev_given_twice_is_a_configuration_error(registry_env):
    with pytest.raises(JuniperDataConfigurationError, match="names rev 'v1'"):
        JuniperDataClient(registry=f"{registry_env.bare}@v1", rev="v2")
