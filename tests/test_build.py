"""build: the Hydra app, run for real (subprocess), and conf/ composed in-process against the registry."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import OmegaConf

from juniper_data import generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import verify_parquet
from juniper_data.build.app import expand_sweep, preflight
from juniper_data.config import register_schemas
from juniper_data.generators import registry
from tests.artifacts.support import snapshot
from tests.conftest import WORKTREE


def build(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m juniper_data.build ARGS`` in ``cwd``, against this checkout's code and conf/."""
    env = {
        **os.environ,
        "JUNIPER_DATA_CONF": str(WORKTREE / "conf"),
        "PYTHONPATH": str(WORKTREE),
        "TMPDIR": str(cwd),  # Hydra's sweep folder
    }
    return subprocess.run(
        [sys.executable, "-m", "juniper_data.build", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


# -- runs -----------------------------------------------------------------------------


def test_single_run_writes_one_verified_dataset_folder_under_out_dir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(tmp_path, "generator=xor", "generator.noise=0.1", "generator.seed=3", f"out_dir={out}")
    assert result.returncode == 0, result.stderr
    [folder] = folders(out)
    ds = read_dataset(folder)
    verify_parquet(folder, ds)
    expected = generate("xor", noise=0.1, seed=3)
    assert ds.meta["dataset_id"] == expected.meta["dataset_id"] == folder.name
    assert ds.meta["hashes"] == expected.meta["hashes"]
    assert f"{folder.name}  {folder}" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else in the working folder


def test_name_tags_and_expiry_overrides_reach_the_folder_and_meta(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [
        "generator=circles",
        "generator.seed=1",
        "name=rings",
        "tags=[b,a]",
        "expires=2031-02-03",
        f"out_dir={out}",
    ]
    result = build(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    ds = read_dataset(out / "rings")
    assert (ds.name, ds.meta["tags"], ds.meta["expires"]) == ("rings", ["a", "b"], "2031-02-03")
    assert (out / "rings" / "rings.npz").is_file()


def test_multirun_writes_one_folder_per_job_with_its_recipe(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    result = build(
        tmp_path,
        "-m",
        "generator=spiral",
        "generator.n_spirals=2,3",
        "generator.noise=0,0.1",
        f"out_dir={out}",
    )
    assert result.returncode == 0, result.stderr
    found = {}
    for folder in folders(out):
        ds = read_dataset(folder)
        params = ds.meta["recipe"]["params"]
        found[(params["n_spirals"], params["noise"])] = ds.meta["dataset_id"]
    expected = {
        (n, noise): generate("spiral", n_spirals=n, noise=noise).meta["dataset_id"]
        for n in (2, 3)
        for noise in (0.0, 0.1)
    }
    assert found == expected


# -- bad overrides: non-zero exit, the message, nothing written -------------------------

BAD = {
    "out_of_range": (
        ["generator=xor", "generator.noise=-1"],
        "parameter 'noise' = -1.0 is out of range; allowed: [0, inf)",
    ),
    "unknown_param": (
        ["generator=xor", "generator.noize=0.1"],
        "unknown parameter 'noize' for generator 'xor'; did you mean 'noise'?",
    ),
    "unknown_generator": (["generator=xorr"], "Could not find 'generator/xorr'"),
    "bad_type": (
        ["generator=spiral", "generator.n_spirals=abc"],
        "Value 'abc' of type 'str' could not be converted",
    ),
    "cross_field": (
        ["generator=xor", "generator.train_ratio=0.9", "generator.test_ratio=0.2"],
        "train_ratio + test_ratio = 0.9 + 0.2 = 1.1; allowed: a sum <= 1",
    ),
    "bad_format": (
        ["generator=xor", "storage.formats=[npz,hdf5]"],
        "unknown ['hdf5']; allowed: npz, parquet",
    ),
    "sweep_one_bad_job": (
        ["-m", "generator=spiral", "generator.n_spirals=2,11"],
        "generator=spiral generator.n_spirals=11 ",
    ),
    "sweep_param_of_another_generator": (
        ["-m", "generator=xor,spiral", "generator.n_points_per_quadrant=5"],
        "unknown parameter 'n_points_per_quadrant' for generator 'spiral'; did you mean 'n_points_per_spiral'?",
    ),
}


@pytest.fixture(scope="module")
def existing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An out_dir that already holds a good dataset."""
    out = tmp_path_factory.mktemp("existing") / "out"
    write_dataset(generate("xor", seed=1), out / "keep")
    return out


@pytest.mark.parametrize("case", BAD)
def test_bad_override_exits_non_zero_with_the_message_and_changes_nothing(
    tmp_path: Path, existing: Path, case: str
) -> None:
    args, message = BAD[case]
    before = snapshot(existing)
    result = build(tmp_path, *args, f"out_dir={existing}")
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert snapshot(existing) == before
    assert list(tmp_path.iterdir()) == []  # no sweep folder, no outputs


def test_bad_sweep_job_prevents_the_good_jobs_from_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(
        tmp_path, "-m", "generator=xor", "generator.seed=1,2,3", "generator.margin=0.1,-0.1", f"out_dir={out}"
    )
    assert result.returncode == 2
    assert "parameter 'margin' = -0.1 is out of range" in result.stderr
    assert not out.exists()


# -- pre-flight in-process --------------------------------------------------------------


def test_expand_sweep_is_the_cartesian_product_in_override_order() -> None:
    jobs = expand_sweep(["generator=spiral", "generator.n_spirals=2,3", "generator.noise=0,0.1"])
    assert jobs == [
        ["generator=spiral", "generator.n_spirals=2", "generator.noise=0"],
        ["generator=spiral", "generator.n_spirals=2", "generator.noise=0.1"],
        ["generator=spiral", "generator.n_spirals=3", "generator.noise=0"],
        ["generator=spiral", "generator.n_spirals=3", "generator.noise=0.1"],
    ]


def test_preflight_accepts_a_good_sweep_and_refuses_a_bad_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUNIPER_DATA_CONF", str(WORKTREE / "conf"))
    register_schemas()
    preflight(["generator=circles", "generator.n_samples=10,20"], multirun=True)
    with pytest.raises(SystemExit) as caught:
        preflight(["generator=circles", "generator.factor=0.5,1.0"], multirun=True)
    assert caught.value.code == 2
    assert "generator.factor=1.0: parameter 'factor' = 1.0 is out of range; allowed: (0, 1)" in capsys.readouterr().err
    assert not GlobalHydra.instance().is_initialized()


# -- conf/ mirrors the registry -----------------------------------------------------------


@pytest.fixture
def hydra_conf() -> Iterator[None]:
    register_schemas()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(WORKTREE / "conf"), version_base="1.3"):
        yield
    GlobalHydra.instance().clear()


def test_every_conf_generator_file_is_a_registered_generator_and_vice_versa() -> None:
    files = {p.stem for p in (WORKTREE / "conf" / "generator").glob("*.yaml")}
    assert files == set(registry.available())


@pytest.mark.usefixtures("hydra_conf")
@pytest.mark.parametrize("name", registry.available())
def test_composed_generator_defaults_equal_the_schema_defaults(name: str) -> None:
    cfg = compose("config", overrides=[f"generator={name}"])
    composed = OmegaConf.to_container(cfg.generator, resolve=True)
    defaults = {
        f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
        for f in dataclasses.fields(registry.get(name).params)
    }
    assert composed == defaults


@pytest.mark.usefixtures("hydra_conf")
def test_composition_type_checks_overrides_against_the_schema() -> None:
    from hydra.errors import ConfigCompositionException

    with pytest.raises(ConfigCompositionException):
        compose("config", overrides=["generator=xor", "generator.noise=loud"])
    with pytest.raises(ConfigCompositionException):
        compose("config", overrides=["generator=xor", "generator.n_spirals=2"])
    cfg = compose("config", overrides=["generator=xor", "generator.noise=1"])
    assert cfg.generator.noise == 1.0 and isinstance(cfg.generator.noise, float)


@pytest.mark.usefixtures("hydra_conf")
def test_default_config_composes_to_a_spiral_with_local_storage() -> None:
    cfg = compose("config", return_hydra_config=True)
    assert cfg.hydra.runtime.choices["generator"] == "spiral"
    assert cfg.hydra.runtime.choices["storage"] == "local"
    assert list(cfg.storage.formats) == ["npz", "parquet"]


def test_conf_dir_prefers_the_environment_then_the_working_folder_then_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from juniper_data.config import conf_dir

    monkeypatch.setenv("JUNIPER_DATA_CONF", str(tmp_path / "elsewhere"))
    assert conf_dir() == (tmp_path / "elsewhere").resolve()
    monkeypatch.delenv("JUNIPER_DATA_CONF")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "config.yaml").write_text("defaults: []\n")
    monkeypatch.chdir(tmp_path)
    assert conf_dir() == (tmp_path / "conf").resolve()
    monkeypatch.chdir(tmp_path / "conf")
    assert conf_dir() == (WORKTREE / "conf").resolve()


# -- the app does what it says -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generator=xor", "+noise=0.1"], "unknown key 'noise' at the top level"),
        (["generator=xor", "+nosie=0.1"], "did you mean generator.noise?"),
        (["+datasets=xor_default"], "'datasets' is the registry's recipe folder (conf/datasets/)"),
        (["+families=spiral_grid"], "'families' is the registry's recipe folder"),
        (["generator=xor", "name=.git"], "name '.git' is not allowed"),
        (["generator=xor", "name=."], "name '.' is not allowed"),
        (["generator=xor", "name=../x"], "name '../x' is not allowed"),
        (["generator=xor", "name=/abs"], "name '/abs' is not allowed"),
        (["generator=xor", "name=con"], "reserved"),
    ],
)
def test_mistakes_the_app_used_to_build_silently_are_refused(tmp_path: Path, existing: Path, args, message) -> None:
    before = snapshot(existing)
    result = build(tmp_path, *args, f"out_dir={existing}")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert snapshot(existing) == before


def test_a_folder_the_app_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work")
    result = build(tmp_path, "generator=xor", "generator.seed=1", "name=victim", "out_dir=.")
    assert result.returncode == 2 and f"{victim} exists and is not a dataset folder" in result.stderr
    assert [p.name for p in victim.iterdir()] == ["thesis.tex"]
    again = build(tmp_path, "generator=xor", "generator.seed=1", "name=mine", "out_dir=.")
    assert again.returncode == 0, again.stderr
    rebuilt = build(tmp_path, "generator=xor", "generator.seed=2", "name=mine", "out_dir=.")  # ours: replaced
    assert rebuilt.returncode == 0 and read_dataset(tmp_path / "mine").meta["recipe"]["params"]["seed"] == 2


def test_a_sweep_whose_jobs_would_share_a_folder_is_refused(tmp_path: Path) -> None:
    result = build(tmp_path, "-m", "generator=xor", "generator.seed=1,2", "name=same", f"out_dir={tmp_path / 'o'}")
    assert result.returncode == 2
    assert "as the job generator=xor generator.seed=1 name=same out_dir=" in result.stderr
    assert "give each job its own name" in result.stderr
    assert not (tmp_path / "o").exists()


def test_each_job_of_a_sweep_says_which_overrides_made_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = build(tmp_path, "-m", "generator=xor", "generator.seed=1,2", f"out_dir={out}")
    assert result.returncode == 0, result.stderr
    lines = [line.split("  ") for line in result.stdout.splitlines() if line]
    assert len(lines) == 2
    for dataset_id, folder, overrides in lines:
        seed = int(overrides.split("generator.seed=")[1].split()[0])
        assert read_dataset(Path(folder)).meta["recipe"]["params"]["seed"] == seed
        assert Path(folder).name == dataset_id


def test_a_relative_out_dir_is_where_the_command_ran(tmp_path: Path) -> None:
    result = build(tmp_path, "generator=xor", "generator.seed=1", "name=here", "out_dir=rel/out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rel" / "out" / "here" / "meta.json").is_file()


def test_help_lists_this_apps_groups_not_the_registry_recipes(tmp_path: Path) -> None:
    result = build(tmp_path, "--help")
    assert result.returncode == 0
    groups = result.stdout.split("== Groups (group=option) ==")[1].split("==")[0]
    assert f"generator: {', '.join(registry.available())}" in groups
    assert "storage: azure, gs, http, local, s3, ssh" in groups
    assert "datasets" not in groups and "families" not in groups and "base_" not in groups


def test_shell_completion_is_passed_to_hydra(tmp_path: Path) -> None:
    result = build(tmp_path, "-sc", "install=bash")
    assert result.returncode == 0, result.stderr
    assert "hydra_bash_completion" in result.stdout
