"""kaggle: a local copy, the download cache, or the real subprocess call of a `kaggle` CLI.

The CLI cannot reach Kaggle here, so the download tests put a small executable
named ``kaggle`` first on PATH that answers ``kaggle datasets download -d REF
-f FILE -p DIR`` from local files; our subprocess code runs unchanged.
"""

from __future__ import annotations

import hashlib
import os
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from juniper_data import ParameterError, generate
from juniper_data.generators import registry
from juniper_data.generators.sources.inputs import SourceDataError
from tests.generators.contract import GeneratorContract
from tests.generators.helpers import run_build

IRIS = (
    "Id,SepalLengthCm,PetalLengthCm,Species\n"
    "1,5.1,1.4,Iris-setosa\n2,7.0,4.7,Iris-versicolor\n3,6.3,6.0,Iris-virginica\n"
)
FEATURES = ["SepalLengthCm", "PetalLengthCm"]
RECIPE = {"dataset": "uciml/iris", "file": "Iris.csv", "feature_columns": FEATURES, "label_column": "Species"}


@pytest.fixture
def kaggle_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No credentials, no CLI on PATH, a private download cache and HOME; returns the cache folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_API_TOKEN", "KAGGLE_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + "/usr/bin:/bin")
    cache = tmp_path / "kaggle_cache"
    monkeypatch.setenv("JUNIPER_DATA_KAGGLE_CACHE", str(cache))
    return cache


def fake_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: Path, mode: str = "plain") -> Path:
    """Put an executable ``kaggle`` on PATH serving files of ``served``; returns its call log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "kaggle_calls.log"
    script = textwrap.dedent(
        f"""\
        #!{sys.executable}
        import argparse, shutil, sys, zipfile
        from pathlib import Path
        open({str(log)!r}, "a").write(" ".join(sys.argv[1:]) + "\\n")
        parser = argparse.ArgumentParser()
        parser.add_argument("group"); parser.add_argument("command")
        parser.add_argument("-d"); parser.add_argument("-f"); parser.add_argument("-p")
        args = parser.parse_args()
        source = Path({str(served)!r}) / args.d / args.f
        if {mode!r} == "fail" or not source.is_file():
            print("404 - Not Found: " + args.d + "/" + args.f, file=sys.stderr)
            sys.exit(1)
        if {mode!r} == "zip":
            with zipfile.ZipFile(Path(args.p) / (source.name + ".zip"), "w") as z:
                z.write(source, source.name)
        else:
            shutil.copy(source, Path(args.p) / source.name)
        """
    )
    (bin_dir / "kaggle").write_text(script)
    (bin_dir / "kaggle").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ["PATH"])
    return log


def served_files(tmp_path: Path) -> Path:
    served = tmp_path / "kaggle_server"
    (served / "uciml" / "iris").mkdir(parents=True)
    (served / "uciml" / "iris" / "Iris.csv").write_text(IRIS)
    return served


def test_local_copy_is_read_exactly_like_csv_import(import_root: Path, kaggle_env: Path) -> None:
    (import_root / "sources").mkdir()
    (import_root / "sources" / "Iris.csv").write_text(IRIS)
    ds = generate("kaggle", **RECIPE, local_path="sources/Iris.csv", seed=2)
    via_csv = generate(
        "csv_import", file_path="sources/Iris.csv", feature_columns=FEATURES, label_column="Species", seed=2
    )
    for key in ds:
        np.testing.assert_array_equal(ds[key], via_csv[key])
    assert ds.class_names == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    params = ds.meta["recipe"]["params"]
    assert (params["dataset"], params["file"]) == ("uciml/iris", "Iris.csv")
    assert params["file_sha256"] == hashlib.sha256(IRIS.encode()).hexdigest()
    folder = generate("kaggle", **RECIPE, local_path="sources", seed=2)  # a folder holding `file`
    np.testing.assert_array_equal(folder["X_full"], ds["X_full"])
    spec = registry.get("kaggle")
    assert spec.input_paths(spec.resolve({**RECIPE, "local_path": "sources", "seed": 2})) == ["sources"]


def test_without_local_copy_cache_or_cli_the_error_says_what_is_missing(import_root: Path, kaggle_env: Path) -> None:
    with pytest.raises(ParameterError, match="no local_path, not in the cache .*the kaggle CLI is not installed"):
        generate("kaggle", **RECIPE, seed=0)


def test_the_cli_without_credentials_is_not_called(
    import_root: Path, kaggle_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_cli(tmp_path, monkeypatch, served_files(tmp_path))
    with pytest.raises(ParameterError, match="no Kaggle credentials"):
        generate("kaggle", **RECIPE, seed=0)
    assert not log.exists()


def test_download_runs_the_cli_once_into_the_cache_then_reuses_it(
    import_root: Path, kaggle_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_cli(tmp_path, monkeypatch, served_files(tmp_path))
    monkeypatch.setenv("KAGGLE_USERNAME", "someone")
    monkeypatch.setenv("KAGGLE_KEY", "not-a-real-key")
    first = generate("kaggle", **RECIPE, seed=4)
    again = generate("kaggle", **RECIPE, seed=4)
    calls = log.read_text().splitlines()
    assert len(calls) == 1
    assert calls[0].startswith("datasets download -d uciml/iris -f Iris.csv -p ")
    assert (kaggle_env / "uciml" / "iris" / "Iris.csv").read_text() == IRIS
    assert [p.name for p in (kaggle_env / "uciml" / "iris").iterdir()] == ["Iris.csv"]  # no leftovers
    assert first.meta == again.meta
    assert first.meta["recipe"]["params"]["file_sha256"] == hashlib.sha256(IRIS.encode()).hexdigest()
    assert first.class_names == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]


def test_a_zipped_download_is_unpacked(
    import_root: Path, kaggle_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_cli(tmp_path, monkeypatch, served_files(tmp_path), mode="zip")
    (kaggle_env.parent / "cfg").mkdir()
    (kaggle_env.parent / "cfg" / "kaggle.json").write_text('{"username": "u", "key": "k"}')
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(kaggle_env.parent / "cfg"))
    ds = generate("kaggle", **RECIPE, seed=0)
    np.testing.assert_allclose(ds["X_full"], [[5.1, 1.4], [7.0, 4.7], [6.3, 6.0]], rtol=1e-6)
    assert (kaggle_env / "uciml" / "iris" / "Iris.csv").read_text() == IRIS


def test_a_failed_download_names_the_cli_error_and_leaves_no_file(
    import_root: Path, kaggle_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_cli(tmp_path, monkeypatch, served_files(tmp_path), mode="fail")
    monkeypatch.setenv("KAGGLE_API_TOKEN", "token")
    with pytest.raises(SourceDataError, match=r"failed \(exit 1\): 404 - Not Found: uciml/iris/Iris.csv"):
        generate("kaggle", **RECIPE, seed=0)
    assert not list((kaggle_env / "uciml" / "iris").iterdir())


def test_a_pinned_hash_refuses_a_different_file(import_root: Path, kaggle_env: Path) -> None:
    (import_root / "Iris.csv").write_text(IRIS)
    with pytest.raises(ParameterError, match="pins sha256 0{64} but Iris.csv has sha256"):
        generate("kaggle", **RECIPE, local_path="Iris.csv", file_sha256="0" * 64, seed=0)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"dataset": "iris"}, "'dataset' = 'iris'; allowed: a Kaggle reference owner/name"),
        ({"dataset": None}, "'dataset' = None"),
        ({"file": "../secrets.csv"}, "'file' = '../secrets.csv'; allowed: a file name inside the dataset"),
        ({"file": "/etc/passwd"}, "not absolute"),
        ({"local_path": "../Iris.csv"}, "outside the import root"),
        ({"local_path": "nowhere"}, "no such path"),
        ({"one_hot_labels": False}, "'one_hot_labels' = False; allowed: true"),
    ],
)
def test_bad_parameters_are_refused_naming_them(
    import_root: Path, kaggle_env: Path, override: dict[str, object], message: str
) -> None:
    (import_root / "Iris.csv").write_text(IRIS)
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        generate("kaggle", **{**RECIPE, "local_path": "Iris.csv", **override}, seed=0)


def test_build_app_refuses_a_bad_kaggle_file_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "Iris.csv").write_text("Id,SepalLengthCm,PetalLengthCm,Species\n1,5.1,,Iris-setosa\n")
    args = ["generator=kaggle", "generator.dataset=uciml/iris", "generator.file=Iris.csv"]
    result = run_build(
        [*args, "generator.local_path=Iris.csv", "generator.label_column=Species", "out_dir=out"], tmp_path
    )
    assert result.returncode != 0
    assert "Iris.csv: data row 1 (line 2), column 'PetalLengthCm': missing value" in result.stderr
    assert not (tmp_path / "out").exists()


class TestContract(GeneratorContract):
    generator = "kaggle"
    recipe = {
        "dataset": "uciml/iris",
        "file": "Iris.csv",
        "local_path": "sources/kaggle/Iris.csv",
        "label_column": "Species",
    }
    rows_depend_on_seed, reads_repository_files = False, True


def test_a_symlinked_file_in_the_local_folder_pointing_outside_the_root_is_refused(
    import_root: Path, kaggle_env: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.csv").write_text(IRIS)
    (import_root / "sources").mkdir()
    (import_root / "sources" / "Iris.csv").symlink_to(tmp_path / "secret.csv")
    with pytest.raises(ParameterError) as error:
        generate("kaggle", **RECIPE, local_path="sources", seed=2)
    assert f"parameter 'local_path' = 'sources': sources/Iris.csv resolves to {tmp_path / 'secret.csv'}" in str(
        error.value
    )
