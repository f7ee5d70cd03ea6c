"""JuniperDataClient on recipes: the old methods, return shapes, 0.17.1's defaults, errors, the store."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import warnings

import numpy as np
import pytest

from juniper_data import generate
from juniper_data.client import (
    JuniperDataClient,
    JuniperDataClientError,
    JuniperDataCompatibilityWarning,
    JuniperDataNotFoundError,
    JuniperDataValidationError,
)
from juniper_data.client import client as client_module
from tests.conftest import WORKTREE

SIX = ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test"]
#: The fields of 0.17.1's PublicDatasetMeta (SPEC-0.17 §3).
META_017 = {
    "dataset_id", "generator", "generator_version", "params", "n_samples", "n_features", "task_type", "n_classes",
    "n_train", "n_val", "n_test", "class_distribution", "sequence", "lookback", "time_unit", "dt_scaling",
    "target_scaling", "truncation", "data_quality", "artifact_formats", "created_at", "checksum", "dataset_name",
    "dataset_version", "parent_dataset_id", "description", "created_by", "tags", "ttl_seconds", "expires_at",
}  # fmt: skip
SMALL_SPIRAL = {"n_points_per_spiral": 20}


@pytest.fixture
def client() -> JuniperDataClient:
    return JuniperDataClient()


def test_create_returns_the_old_response_shape(client):
    created = client.create_dataset("spiral", SMALL_SPIRAL)
    assert sorted(created) == ["artifact_url", "dataset_id", "generator", "meta"]
    assert created["generator"] == "spiral" and created["dataset_id"] == created["meta"]["dataset_id"]
    assert created["artifact_url"].startswith("juniper-data:generate/spiral?")


def test_meta_has_every_017_field_and_counts_that_match_the_arrays(client):
    created = client.create_dataset("gaussian", {"n_classes": 3, "n_samples_per_class": 10})
    meta, arrays = created["meta"], client.download_artifact_npz(created["dataset_id"])
    assert set(meta) >= META_017 and meta["source"] == {"kind": "generate"}
    assert (meta["n_train"], meta["n_val"], meta["n_test"]) == (30, 12, 9)
    assert [arrays[f"X_{s}"].shape[0] for s in ("train", "val", "test")] == [30, 12, 9]
    assert meta["n_samples"] == 51 and meta["n_features"] == 2 and meta["n_classes"] == 3
    y = np.concatenate([arrays["y_train"], arrays["y_val"], arrays["y_test"]])
    assert meta["class_distribution"] == {str(k): int(v) for k, v in enumerate(y.sum(axis=0)) if v}
    assert meta["task_type"] == "classification" and meta["truncation"] is None and meta["data_quality"] is None
    assert meta["params"]["sizing_mode"] == "additive" and meta["params"]["val_percent"] == 40.0
    assert meta["artifact_formats"] == ["npz"] and meta["created_at"].endswith("Z")


def test_download_gives_the_six_keys_as_float32_copies(client):
    dataset_id = client.create_dataset("moon", {"n_samples": 30})["dataset_id"]
    arrays = client.download_artifact_npz(dataset_id)
    assert list(arrays) == SIX and all(a.dtype == np.float32 and a.ndim == 2 for a in arrays.values())
    arrays["X_train"][:] = 0.0  # a consumer that edits its arrays in place does not edit the store's
    assert client.download_artifact_npz(dataset_id)["X_train"].any()


@pytest.mark.parametrize("params", [{}, None], ids=["empty", "none"])
def test_a_request_without_params_is_017s_additive_seed_42(client, params):
    created = client.create_dataset("spiral", params)
    expected = generate("spiral", sizing_mode="additive", seed=42)
    arrays = client.download_artifact_npz(created["dataset_id"])
    for key in SIX:
        np.testing.assert_array_equal(arrays[key], expected[key], err_msg=key)
    assert created["dataset_id"] == expected.meta["dataset_id"]
    assert (created["meta"]["n_train"], created["meta"]["n_val"], created["meta"]["n_test"]) == (194, 78, 58)


def test_default_seed_follows_the_environment_except_for_spiral(monkeypatch):
    monkeypatch.setenv("JUNIPER_DATA_DEFAULT_GENERATOR_SEED", "7")
    client = JuniperDataClient()
    assert client.create_dataset("xor", {"n_points_per_quadrant": 5})["meta"]["params"]["seed"] == 7
    assert client.create_dataset("spiral", SMALL_SPIRAL)["meta"]["params"]["seed"] == 42
    assert client.get_generator_schema("moon")["properties"]["seed"]["default"] == 7
    for bad in ("", "  ", "seven", "-3"):
        monkeypatch.setenv("JUNIPER_DATA_DEFAULT_GENERATOR_SEED", bad)
        assert JuniperDataClient().default_seed == 42


def test_an_explicit_seed_and_sizing_mode_win_over_the_defaults(client):
    meta = client.create_dataset("xor", {"seed": 3, "sizing_mode": "carve", "n_points_per_quadrant": 5})["meta"]
    assert meta["params"]["seed"] == 3 and (meta["n_train"], meta["n_val"], meta["n_test"]) == (16, 0, 4)


def test_spiral_aliases_are_the_old_ones(client):
    meta = client.create_dataset("spiral", {"n_points": 50, "noise_level": 0.2, "sizing_mode": "carve"})["meta"]
    assert meta["params"]["n_points_per_spiral"] == 50 and meta["params"]["noise"] == 0.2
    assert "n_points" not in meta["params"] and "noise_level" not in meta["params"]


def test_an_unknown_parameter_is_an_error_naming_it_and_what_is_allowed(client):
    # 0.17.1 dropped it silently (its moon_unknown_keys_dropped case); here it is a 400-style error.
    with pytest.raises(JuniperDataValidationError) as raised:
        client.create_dataset("moon", {"seed": 42, "n_points": 5})
    message = str(raised.value)
    assert "unknown parameter 'n_points'" in message and "n_samples" in message and "known:" in message
    assert raised.value.status_code == 400 and isinstance(raised.value, JuniperDataClientError | ValueError)


@pytest.mark.parametrize(
    ("generator", "params", "names"),
    [
        ("spiral", {"n_points_per_spiral": 10001}, "n_points_per_spiral"),
        ("moon", {"sizing_mode": "Carve"}, "sizing_mode"),
        ("spiral", {"val_ratio": 0.1}, "val_ratio"),  # 0.8 + 0.1 + 0.2 > 1, refused in additive too
        ("xor", {"noise": "loud"}, "noise"),
    ],
    ids=["range", "mode", "ratio-sum", "type"],
)
def test_bad_values_are_validation_errors_naming_the_parameter(client, generator, params, names):
    with pytest.raises(JuniperDataValidationError, match=names):
        client.create_dataset(generator, params)


def test_menu_names_are_not_generators_and_the_error_says_which_is(client):
    with pytest.raises(JuniperDataValidationError, match=r"unknown generator 'moons'; did you mean 'moon'\?"):
        client.create_dataset("moons", {"seed": 42})
    with pytest.raises(JuniperDataNotFoundError, match="did you mean 'spiral'"):
        client.get_generator_schema("spirals")


def test_a_plain_unknown_name_without_a_registry_says_how_to_name_one(client):
    with pytest.raises(JuniperDataValidationError, match="JUNIPER_DATA_REGISTRY"):
        client.create_dataset("trainer_spiral_carve")


def test_params_that_are_not_a_mapping_are_refused(client):
    with pytest.raises(JuniperDataValidationError, match="allowed: a mapping"):
        client.create_dataset("xor", [("seed", 1)])  # type: ignore[arg-type]
    with pytest.raises(JuniperDataValidationError, match="allowed: a mapping of parameter names"):
        client.create_dataset("xor", {1: 2})


def test_the_same_request_is_the_same_dataset_for_every_client(client):
    first = client.create_dataset("circles", {"n_samples": 20})
    second = JuniperDataClient().create_dataset("circles", {"n_samples": 20, "seed": 42})
    assert first["dataset_id"] == second["dataset_id"]
    assert client.list_datasets() == [first["dataset_id"]]
    np.testing.assert_array_equal(
        JuniperDataClient().download_artifact_npz(first["dataset_id"])["X_test"],
        client.download_artifact_npz(second["dataset_id"])["X_test"],
    )


def test_list_datasets_pages_in_creation_order(client):
    ids = [client.create_dataset("xor", {"n_points_per_quadrant": 5, "seed": s})["dataset_id"] for s in range(4)]
    assert client.list_datasets() == ids
    assert client.list_datasets(limit=2, offset=1) == ids[1:3]


def test_metadata_is_the_create_responses_and_unknown_ids_say_why(client):
    created = client.create_dataset("checkerboard", {"n_samples": 20}, name="board", tags=["demo"])
    meta = client.get_dataset_metadata(created["dataset_id"])
    assert meta == created["meta"] and meta["dataset_name"] == "board" and meta["tags"] == ["demo"]
    meta["n_train"] = -1  # a copy
    assert client.get_dataset_metadata(created["dataset_id"])["n_train"] == 20
    for call in (client.get_dataset_metadata, client.download_artifact_npz):
        with pytest.raises(JuniperDataNotFoundError, match="created by this process.*artifact_url") as raised:
            call("spiral-3.0.0-0123456789abcdef")
        assert raised.value.status_code == 404


def test_the_artifact_url_makes_the_arrays_again_in_an_empty_store(client, monkeypatch):
    created = client.create_dataset("xor", {"n_points_per_quadrant": 6, "noise": 0.1})
    before = client.download_artifact_npz(created["dataset_id"])
    monkeypatch.setattr(client_module, "_STORE", client_module._Store())  # as a new process
    after = JuniperDataClient().download_artifact_npz(created["artifact_url"])
    for key in SIX:
        np.testing.assert_array_equal(after[key], before[key], err_msg=key)
    assert JuniperDataClient().get_dataset_metadata(created["artifact_url"])["dataset_id"] == created["dataset_id"]


def test_an_artifact_url_of_another_recipe_version_is_refused(client):
    url = client.create_dataset("xor", {"n_points_per_quadrant": 6})["artifact_url"]
    with pytest.raises(JuniperDataNotFoundError, match="another generator version"):
        client.download_artifact_npz(url.rsplit("id=", 1)[0] + "id=xor-000000000000")
    with pytest.raises(JuniperDataValidationError, match="allowed: juniper-data:generate/"):
        client.download_artifact_npz("juniper-data:elsewhere/x")


def test_datasets_past_the_kept_arrays_are_made_again_on_download(client):
    ids = [client.create_dataset("xor", {"n_points_per_quadrant": 3, "seed": s})["dataset_id"]
           for s in range(client_module.KEEP_ARRAYS + 2)]  # fmt: skip
    first = client_module._STORE.get(ids[0])
    assert first is not None and first.arrays is None
    expected = generate("xor", n_points_per_quadrant=3, seed=0, sizing_mode="additive")
    np.testing.assert_array_equal(client.download_artifact_npz(ids[0])["X_val"], expected["X_val"])


def test_artifact_bytes_are_the_npz_the_checksum_hashes(client):
    created = client.create_dataset("moon", {"n_samples": 12})
    content = client.download_artifact_bytes(created["dataset_id"])
    assert hashlib.sha256(content).hexdigest() == created["meta"]["checksum"]
    with np.load(__import__("io").BytesIO(content)) as npz:
        assert sorted(npz.files) == sorted(SIX)


def test_list_generators_gives_name_version_description_availability_and_schema(client):
    generators = {g["name"]: g for g in client.list_generators()}
    assert {"spiral", "xor", "gaussian", "circles", "checkerboard", "moon"} <= set(generators)
    moon = generators["moon"]
    assert sorted(moon) == ["available", "description", "install_hint", "name", "schema", "version"]
    assert moon["available"] is True and moon["schema"]["properties"]["n_samples"]["minimum"] == 2


def test_a_generator_schema_carries_the_clients_defaults_and_refuses_other_names(client):
    schema = client.get_generator_schema("spiral")
    properties = schema["properties"]
    assert schema["available"] is True and schema["additionalProperties"] is False
    assert properties["sizing_mode"]["default"] == "additive" and properties["seed"]["default"] == 42
    assert {"enum": ["additive", "carve"], "type": "string"} in properties["sizing_mode"]["anyOf"]
    assert properties["n_points_per_spiral"]["maximum"] == 10000
    assert properties["train_ratio"]["type"] == "number"
    with pytest.raises(JuniperDataNotFoundError, match="generator 'nope' not found"):
        client.get_generator_schema("nope")


def test_health_and_readiness_are_immediate(client):
    health = client.health_check()
    assert health["status"] == "ok" and health["mode"] == "in-process" and health["registry"] is None
    assert client.is_ready() and client.wait_for_ready(timeout=60)
    with JuniperDataClient() as same:
        assert same.health_check()["service"] == "juniper-data"


def test_the_http_clients_arguments_are_accepted_and_ignored_with_one_warning_each():
    with pytest.warns(JuniperDataCompatibilityWarning) as caught:
        JuniperDataClient("http://localhost:8100", 30, api_key="secret")
    assert [str(w.message).split(" is ignored")[0] for w in caught] == [
        "JuniperDataClient: base_url", "JuniperDataClient: timeout", "JuniperDataClient: api_key"]  # fmt: skip
    assert "docs/migration.md" in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = JuniperDataClient(base_url="http://other:8100", timeout=5)  # once per process
    assert client.base_url == "http://other:8100"


def test_ttl_is_copied_with_a_warning_that_nothing_expires(client):
    with pytest.warns(JuniperDataCompatibilityWarning, match="nothing expires"):
        meta = client.create_dataset("xor", {"n_points_per_quadrant": 3}, ttl_seconds=60, persist=False)["meta"]
    assert meta["ttl_seconds"] == 60
    with pytest.raises(JuniperDataValidationError, match="ttl_seconds"):
        client.create_dataset("xor", {}, ttl_seconds=0)


def test_importing_the_client_is_light_and_a_recipe_needs_no_dvc():
    code = (
        "import sys; import juniper_data.client as c; light = [m for m in ('numpy', 'dvc') if m in sys.modules]; "
        "c.JuniperDataClient().create_dataset('xor', {}); "
        "heavy = [m for m in ('pandas', 'pyarrow', 'datasets', 'dvc', 'hydra') if m in sys.modules]; "
        "print(light, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=WORKTREE, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_a_recipe_needs_nothing_but_numpy_installed():
    """The lighter install of docs/migration.md (``pip install --no-deps juniper-data numpy``) serves recipes."""
    code = (
        "import sys\n"
        "allowed = set(sys.stdlib_module_names) | {'numpy', 'juniper_data'}\n"
        "class Only:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] not in allowed:\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Only())\n"
        "from juniper_data.client import JuniperDataClient\n"
        "client = JuniperDataClient()\n"
        "created = client.create_dataset('spiral', {'sizing_mode': 'carve', 'val_ratio': 0.1, 'test_ratio': 0.1})\n"
        "client.list_generators()\n"
        "print({k: v.shape for k, v in client.download_artifact_npz(created['dataset_id']).items()})\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=WORKTREE, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "'X_val': (19, 2)" in out.stdout
