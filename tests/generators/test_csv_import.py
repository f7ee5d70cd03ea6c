"""csv_import: CSV / JSON / JSON Lines files of the repository as datasets, strict and pinned."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from juniper_data import ParameterError, generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import verify_parquet
from juniper_data.generators import registry
from juniper_data.generators.sources.inputs import SourceDataError
from tests.generators.contract import REPOSITORY_ROOT, GeneratorContract
from tests.generators.helpers import run_build

ROWS = [(1.0, 10.0, "dog"), (2.0, 20.0, "cat"), (3.0, 40.0, "dog"), (4.0, 80.0, "bird"), (5.0, 160.0, "cat")]
CSV_TEXT = "a,b,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in ROWS)


def write(root: Path, name: str, text: str) -> str:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)
    return name


def test_csv_rows_keep_file_order_and_classes_are_sorted_label_strings(import_root: Path) -> None:
    write(import_root, "t.csv", CSV_TEXT)
    ds = generate("csv_import", file_path="t.csv", seed=0)
    assert ds["X_full"].dtype == np.float32
    np.testing.assert_array_equal(ds["X_full"], [[a, b] for a, b, _ in ROWS])
    assert ds.class_names == ["bird", "cat", "dog"]
    assert [ds.class_names[i] for i in ds.labels("full")] == [c for _, _, c in ROWS]
    assert ds.meta["class_distribution"]["full"] == {"bird": 1, "cat": 2, "dog": 2}


def test_json_array_and_json_lines_import_the_same_rows_as_csv(import_root: Path) -> None:
    records = [{"a": a, "b": b, "label": c} for a, b, c in ROWS]
    write(import_root, "t.csv", CSV_TEXT)
    write(import_root, "t.json", json.dumps(records, indent=1))
    write(import_root, "t.jsonl", "\n".join(json.dumps(r) for r in records) + "\n\n")
    datasets = [generate("csv_import", file_path=f"t.{ext}", seed=3) for ext in ("csv", "json", "jsonl")]
    for ds in datasets[1:]:
        for key in ds:
            np.testing.assert_array_equal(ds[key], datasets[0][key])
        assert ds.class_names == datasets[0].class_names
    assert len({ds.meta["dataset_id"] for ds in datasets}) == 3  # different input files, different ids


def test_explicit_file_format_overrides_the_extension(import_root: Path) -> None:
    write(import_root, "t.txt", "\n".join(json.dumps({"a": a, "label": c}) for a, _, c in ROWS))
    with pytest.raises(ParameterError, match="cannot tell the format of 't.txt'"):
        generate("csv_import", file_path="t.txt", seed=0)
    ds = generate("csv_import", file_path="t.txt", file_format="jsonl", seed=0)
    assert ds["X_full"][:, 0].tolist() == [a for a, _, _ in ROWS]


def test_without_header_columns_are_named_col_index(import_root: Path) -> None:
    write(import_root, "t.csv", "".join(f"{a};{b};{c}\n" for a, b, c in ROWS))
    ds = generate("csv_import", file_path="t.csv", header=False, delimiter=";", label_column="col_2", seed=0)
    np.testing.assert_array_equal(ds["X_full"], [[a, b] for a, b, _ in ROWS])
    with pytest.raises(SourceDataError, match="no label column 'label'.*columns: col_0, col_1, col_2"):
        generate("csv_import", file_path="t.csv", header=False, delimiter=";", seed=0)


def test_feature_columns_choose_and_order_the_features(import_root: Path) -> None:
    write(import_root, "t.csv", "id,a,b,label\n" + "".join(f"{i},{a},{b},{c}\n" for i, (a, b, c) in enumerate(ROWS)))
    ds = generate("csv_import", file_path="t.csv", feature_columns=["b", "a"], seed=0)
    np.testing.assert_array_equal(ds["X_full"], [[b, a] for a, b, _ in ROWS])
    with pytest.raises(SourceDataError, match=r"feature_columns \['c'\] are not columns.*columns: id, a, b, label"):
        generate("csv_import", file_path="t.csv", feature_columns=["a", "c"], seed=0)
    with pytest.raises(ParameterError, match="without the label column"):
        generate("csv_import", file_path="t.csv", feature_columns=["a", "label"], seed=0)


def _scaled_file(root: Path) -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(50, 2)) * [3, 100]
    write(root, "t.csv", "a,b,k,label\n" + "".join(f"{a},{b},7,{i % 3}\n" for i, (a, b) in enumerate(values)))


def test_normalize_features_fits_min_max_on_all_rows_by_default_as_0_4(import_root: Path) -> None:
    _scaled_file(import_root)
    raw = generate("csv_import", file_path="t.csv", seed=5)
    ds = generate("csv_import", file_path="t.csv", normalize_features=True, seed=5)
    full = ds["X_full"]
    np.testing.assert_allclose(full[:, :2].min(axis=0), 0.0, atol=1e-7)
    np.testing.assert_allclose(full[:, :2].max(axis=0), 1.0, atol=1e-6)
    assert not full[:, 2].any()  # constant column -> 0
    X = raw["X_full"][:, :2]  # float32 arithmetic, as 0.4
    expected = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    np.testing.assert_array_equal(full[:, :2], expected.astype(np.float32))
    assert "normalize_fit" not in ds.meta["recipe"]["params"]  # the default leaves old recipe ids as they were


def test_normalize_fit_train_fits_on_the_train_rows_only_and_is_recorded(import_root: Path) -> None:
    _scaled_file(import_root)
    raw = generate("csv_import", file_path="t.csv", seed=5)
    ds = generate("csv_import", file_path="t.csv", normalize_features=True, normalize_fit="train", seed=5)
    train = ds["X_train"]
    np.testing.assert_allclose(train[:, :2].min(axis=0), 0.0, atol=1e-7)
    np.testing.assert_allclose(train[:, :2].max(axis=0), 1.0, atol=1e-6)
    assert not ds["X_full"][:, 2].any()
    fit = raw["X_train"][:, :2]  # X_full is scaled with the train rows' min and max
    expected = (raw["X_full"][:, :2] - fit.min(axis=0)) / (fit.max(axis=0) - fit.min(axis=0))
    np.testing.assert_allclose(ds["X_full"][:, :2], expected, rtol=1e-6)
    assert ds.meta["recipe"]["params"]["normalize_fit"] == "train"
    with pytest.raises(ParameterError, match="parameter 'normalize_fit' = 'test'; allowed: one of all, train"):
        generate("csv_import", file_path="t.csv", normalize_fit="test", seed=5)


def test_the_iris_like_registry_recipe_keeps_its_arrays_by_fitting_on_the_train_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import yaml

    monkeypatch.setenv("JUNIPER_DATA_IMPORT_DIR", str(REPOSITORY_ROOT))
    recipe = yaml.safe_load((REPOSITORY_ROOT / "conf/datasets/iris_like.yaml").read_text())
    assert recipe["params"]["normalize_fit"] == "train"
    committed = json.loads((REPOSITORY_ROOT / "catalog/iris_like.json").read_text())["meta"]
    ds = generate("csv_import", **recipe["params"])
    assert ds.meta["hashes"] == committed["hashes"]  # the arrays of the committed artifact, bit for bit
    # its id moves (the recipe now says how it scales); every other recorded parameter is unchanged
    assert ds.meta["recipe"]["params"] == {**committed["recipe"]["params"], "normalize_fit": "train"}


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("t.csv", "a,b,label\n1,2,x\n3,abc,y\n", "data row 2 (line 3), column 'b': non-numeric value 'abc'"),
        ("t.csv", "a,b,label\n1,2,x\n\n3,,y\n", "data row 2 (line 4), column 'b': missing value"),
        ("t.csv", "a,b,label\n1,nan,x\n", "data row 1 (line 2), column 'b': non-finite value 'nan'"),
        ("t.csv", "a,b,label\n1,2,\n", "data row 1 (line 2), column 'label': missing label"),
        ("t.jsonl", '{"a":1,"b":2,"label":"x"}\n{"a":1,"label":"y"}\n', "data row 2 (line 2), column 'b': missing"),
        ("t.json", '[{"a":1,"b":2,"label":"x"},{"a":true,"b":1,"label":"y"}]', "record 2, column 'a': non-numeric"),
        ("t.json", '[{"a":1,"b":null,"label":"x"}]', "record 1, column 'b': missing value"),
    ],
)
def test_a_bad_feature_value_names_the_data_row_and_column(import_root: Path, name: str, text: str, where: str) -> None:
    write(import_root, name, text)
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path=name, seed=0)
    assert str(error.value).startswith(f"{name}: {where}")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "", "the file is empty"),
        ("blank.jsonl", "\n  \n", "the file is empty"),
        ("header.csv", "a,b,label\n", "a header row but no data rows"),
        ("ragged.csv", "a,b,label\n1,2,x\n1,2\n", "data row 2 (line 3) has 2 fields; the header has 3"),
        ("broken.json", '[{"a": 1, "label": "x"},\n {"a": 2 "label": "y"}]', "malformed JSON at line 2, column 10"),
        ("broken.jsonl", '{"a": 1, "label": "x"}\n{"a": 2,\n', "line 2: malformed JSON at column 9"),
        # one object over several lines is neither an array nor JSON Lines (a one-line object is JSON Lines)
        ("object.json", '{\n  "a": [1, 2]\n}', "the JSON document is a dict; allowed: an array of objects"),
        ("empty.json", "[]", "no records"),
        ("scalars.json", "[1, 2]", "record 1 is a JSON int; allowed: an object"),
        (
            "nolabel.csv",
            "a,b,class\n1,2,x\n",
            "no label column 'label' (parameter 'label_column'); columns: a, b, class",
        ),
        ("latin1.csv", "a,label\n1,caf\xe9\n", "not UTF-8 text"),
    ],
)
def test_a_bad_file_is_a_clear_error_naming_the_file(import_root: Path, name: str, text: str, message: str) -> None:
    (import_root / name).write_bytes(text.encode("latin-1") if name == "latin1.csv" else text.encode())
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path=name, seed=0)
    assert str(error.value).startswith(f"{name}: ")
    assert message in str(error.value)


def test_paths_outside_the_import_root_are_refused(import_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text(CSV_TEXT)
    (import_root / "link.csv").symlink_to(outside)
    (import_root / "sub").mkdir()
    write(import_root, "t.csv", CSV_TEXT)
    for value, message in [
        (str(outside), "is an absolute path"),
        ("../outside.csv", "outside the import root"),
        ("sub/../../outside.csv", "outside the import root"),
        ("link.csv", "outside the import root"),
        ("missing.csv", "no such file"),
        ("sub", "no such file"),
        (None, "is required"),
    ]:
        with pytest.raises(ParameterError, match=message):
            generate("csv_import", file_path=value, seed=0)
    assert generate("csv_import", file_path="sub/../t.csv", seed=0).meta["recipe"]["params"]["file_path"] == "t.csv"


def test_relative_paths_resolve_against_the_current_directory_without_the_env_var(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JUNIPER_DATA_IMPORT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "data_in/t.csv", CSV_TEXT)
    assert generate("csv_import", file_path="data_in/t.csv", seed=0)["X_full"].shape == (5, 2)


def test_the_file_sha256_enters_the_recipe_and_a_pinned_hash_refuses_other_bytes(import_root: Path) -> None:
    write(import_root, "t.csv", CSV_TEXT)
    digest = hashlib.sha256(CSV_TEXT.encode()).hexdigest()
    first = generate("csv_import", file_path="t.csv", seed=0)
    assert first.meta["recipe"]["params"]["file_sha256"] == digest
    assert generate("csv_import", file_path="t.csv", file_sha256=digest, seed=0).meta == first.meta
    write(import_root, "t.csv", CSV_TEXT + "6,320,cat\n")
    changed = generate("csv_import", file_path="t.csv", seed=0)
    assert changed.meta["dataset_id"] != first.meta["dataset_id"]
    with pytest.raises(ParameterError, match=f"pins sha256 {digest} but t.csv has sha256"):
        generate("csv_import", file_path="t.csv", file_sha256=digest, seed=0)
    with pytest.raises(ParameterError, match="allowed: 64 hex digits"):
        generate("csv_import", file_path="t.csv", file_sha256="abc", seed=0)


def test_one_hot_labels_false_is_refused_because_y_is_always_one_hot(import_root: Path) -> None:
    write(import_root, "t.csv", CSV_TEXT)
    with pytest.raises(ParameterError, match="'one_hot_labels' = False; allowed: true"):
        generate("csv_import", file_path="t.csv", one_hot_labels=False, seed=0)
    with pytest.raises(ParameterError, match="'delimiter' = ';;'; allowed: exactly one character"):
        generate("csv_import", file_path="t.csv", delimiter=";;", seed=0)


def test_class_names_reach_meta_and_the_parquet_schema(import_root: Path, tmp_path: Path) -> None:
    import datasets

    write(import_root, "t.csv", CSV_TEXT)
    folder = write_dataset(generate("csv_import", file_path="t.csv", seed=0), tmp_path / "out")
    loaded = read_dataset(folder)
    verify_parquet(folder, loaded)
    assert loaded.meta["class_names"] == ["bird", "cat", "dog"]
    train = datasets.load_dataset("parquet", data_files=str(folder / "parquet" / "train.parquet"), split="train")
    assert train.features["label"].names == ["bird", "cat", "dog"]


def test_input_paths_list_the_file_for_dvc_deps(import_root: Path) -> None:
    write(import_root, "sources/t.csv", CSV_TEXT)
    spec = registry.get("csv_import")
    assert spec.input_paths(spec.resolve({"file_path": "./sources//t.csv", "seed": 0})) == ["sources/t.csv"]
    assert registry.get("xor").input_paths(registry.get("xor").resolve({"seed": 0})) == []


def test_build_app_writes_an_import_and_refuses_bad_input_writing_nothing(tmp_path: Path) -> None:
    write(tmp_path, "good.csv", CSV_TEXT)
    write(tmp_path, "bad.csv", "a,b,label\n1,2,x\n3,four,y\n")
    good = run_build(
        ["generator=csv_import", "generator.file_path=good.csv", "generator.seed=1", "out_dir=out"], tmp_path
    )
    assert good.returncode == 0, good.stderr
    (folder,) = (tmp_path / "out").iterdir()
    assert read_dataset(folder).class_names == ["bird", "cat", "dog"]
    for path, message in [("bad.csv", "data row 2 (line 3), column 'b'"), ("../x.csv", "outside the import root")]:
        bad = run_build(["generator=csv_import", f"generator.file_path={path}", "out_dir=out_bad"], tmp_path)
        assert bad.returncode != 0
        assert message in bad.stderr
        assert not (tmp_path / "out_bad").exists()


def test_csv_numbers_and_labels_read_exactly_as_written(import_root: Path) -> None:
    cells = ["1e3", "-0.5", "+2", ".5", "3.", "12345678901234567890", "0.1", "7"]
    labels = ["01", "1.50", "2", "01", "true", "1.50", "x y", "2"]
    rng = np.random.default_rng(0)
    decimals = [f"{v:.17g}" for v in rng.normal(size=len(cells)) * 1e4]
    rows = list(zip(cells, decimals, labels, strict=True))
    write(import_root, "t.csv", "a,b,label\n" + "".join(",".join(r) + "\n" for r in rows))
    # the same cells as JSON strings: converted cell by cell with Python's float()
    write(
        import_root, "t.jsonl", "".join(json.dumps(dict(zip(["a", "b", "label"], r, strict=True))) + "\n" for r in rows)
    )
    from_csv = generate("csv_import", file_path="t.csv", seed=0)
    from_json = generate("csv_import", file_path="t.jsonl", seed=0)
    np.testing.assert_array_equal(from_csv["X_full"], np.array([[float(a), float(b)] for a, b, _ in rows], np.float32))
    np.testing.assert_array_equal(from_csv["X_full"], from_json["X_full"])
    assert from_csv.class_names == ["01", "1.50", "2", "true", "x y"] == from_json.class_names
    assert [from_csv.class_names[i] for i in from_csv.labels("full")] == labels


class TestContract(GeneratorContract):
    generator, recipe = "csv_import", {"file_path": "sources/iris_like.csv", "label_column": "species"}
    rows_depend_on_seed, reads_repository_files = False, True


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("t.csv", "a,label\n1,x\n1e39,y\n", "data row 2 (line 3), column 'a': '1e39' overflows float32"),
        ("t.csv", "a,label\n-3.5e38,x\n", "data row 1 (line 2), column 'a': '-3.5e38' overflows float32"),
        ("t.json", '[{"a": 1, "label": "x"}, {"a": 1e39, "label": "y"}]', "record 2, column 'a': 1e+39 overflows"),
        ("t.jsonl", '{"a": 1, "label": "x"}\n{"a": NaN, "label": "y"}\n', "data row 2 (line 2), column 'a': non-fin"),
        ("t.jsonl", '{"a": -Infinity, "label": "x"}\n', "data row 1 (line 1), column 'a': non-finite value -inf"),
        ("t.csv", "a,label\ninf,x\n", "data row 1 (line 2), column 'a': non-finite value 'inf'"),
        ("t.csv", "a,label\n1_000,x\n", "data row 1 (line 2), column 'a': non-numeric value '1_000'; allowed: a dec"),
        ("t.csv", "a,label\n0x10,x\n", "data row 1 (line 2), column 'a': non-numeric value '0x10'"),
        ("t.csv", "a,label\n\u0661\u0662,x\n", "data row 1 (line 2), column 'a': non-numeric value '\u0661\u0662'"),
        ("t.csv", "a,label\n\uff11,x\n", "data row 1 (line 2), column 'a': non-numeric value '\uff11'"),
        ("t.jsonl", '{"a": "1_0", "label": "x"}\n', "data row 1 (line 1), column 'a': non-numeric value '1_0'"),
    ],
    ids=["csv-1e39", "csv-minus-3.5e38", "json-1e39", "jsonl-nan", "jsonl-minus-inf", "csv-inf", "csv-underscore",
         "csv-hex", "csv-arabic-indic-digits", "csv-fullwidth-digit", "jsonl-underscore-string"],  # fmt: skip
)
def test_values_outside_float32_or_plain_ascii_decimals_are_refused_naming_row_and_column(
    import_root: Path, name: str, text: str, where: str
) -> None:
    write(import_root, name, text)
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path=name, seed=0)
    assert str(error.value).startswith(f"{name}: {where}")


def test_the_fast_csv_reader_takes_exactly_the_numbers_the_exact_one_takes(import_root: Path) -> None:
    # pyarrow alone reads '0x10' as 16 and '1e39' as a float64; only the number grammar decides
    write(import_root, "hex.csv", "a,label\n0x10,x\n0x20,y\n")
    with pytest.raises(SourceDataError, match="data row 1 \\(line 2\\), column 'a': non-numeric value '0x10'"):
        generate("csv_import", file_path="hex.csv", seed=0)
    write(import_root, "edge.csv", "a,label\n3.4028235e38,x\n-3.4028235e38,y\n 2.5 ,z\n")
    assert generate("csv_import", file_path="edge.csv", seed=0)["X_full"].ravel().tolist() == [
        float(np.float32(3.4028235e38)), float(np.float32(-3.4028235e38)), 2.5
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('a,label\n1,x\n2,"y\n3,z\n4,w\n', "data row 2 (line 3), column 'label': unterminated quote"),
        ('a,label\n1,x\n"2,y\n3,z\n', "data row 2 (line 3), column 'a': unterminated quote"),
        ('a,b,label\n1,2,x\n3,"4,y\n', "data row 2 (line 3), column 'b': unterminated quote"),
    ],
)
def test_an_unterminated_quote_is_an_error_naming_row_and_column_not_one_giant_label(
    import_root: Path, text: str, where: str
) -> None:
    write(import_root, "q.csv", text)
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path="q.csv", seed=0)
    assert str(error.value).startswith(f"q.csv: {where}")


def test_a_quoted_label_spanning_lines_is_still_one_label(import_root: Path) -> None:
    write(import_root, "m.csv", 'a,label\n1,"two\nlines"\n2,y\n')
    assert generate("csv_import", file_path="m.csv", seed=0).class_names == ["two\nlines", "y"]


def test_a_json_file_holding_json_lines_is_read_as_0_4_read_it(import_root: Path) -> None:
    lines = "".join(json.dumps({"a": a, "b": b, "label": c}) + "\n" for a, b, c in ROWS)
    write(import_root, "t.json", lines)
    write(import_root, "t.jsonl", lines)
    as_json = generate("csv_import", file_path="t.json", seed=0)
    np.testing.assert_array_equal(as_json["X_full"], [[a, b] for a, b, _ in ROWS])
    assert as_json.meta["hashes"] == generate("csv_import", file_path="t.jsonl", seed=0).meta["hashes"]
    explicit = generate("csv_import", file_path="t.json", file_format="json", seed=0)
    assert explicit.meta["hashes"] == as_json.meta["hashes"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "deep.json: JSON nested too deeply to read"),
        ("deep.jsonl", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "deep.jsonl: line 1: JSON nested too deeply"),
        ("long.json", '[{"a": ' + "7" * 5000 + ', "label": "x"}]', "long.json: record 1, column 'a': '77777"),
        ("long.jsonl", '{"a": -' + "7" * 5000 + ', "label": "x"}\n', "long.jsonl: data row 1 (line 1), column 'a'"),
        ("long.csv", "a,label\n" + "7" * 5000 + ",x\n", "long.csv: data row 1 (line 2), column 'a': '77777"),
    ],
    ids=["deep-array", "deep-jsonl", "json-5000-digits", "jsonl-5000-digits", "csv-5000-digits"],
)
def test_deep_nesting_and_5000_digit_integers_are_errors_naming_file_row_and_column(
    import_root: Path, name: str, text: str, message: str
) -> None:
    write(import_root, name, text)
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path=name, seed=0)
    text = str(error.value)
    assert text.startswith(message) and len(text) < 400
    if "digits" in name or "long" in name:
        assert "overflows float32" in text


def test_normalize_features_whose_range_overflows_float32_is_an_error_naming_row_and_column(import_root: Path) -> None:
    write(import_root, "wide.csv", "a,b,label\n1,-3e38,x\n2,3e38,y\n3,0,z\n")
    with pytest.raises(SourceDataError) as error:
        generate("csv_import", file_path="wide.csv", normalize_features=True, seed=0)
    assert str(error.value).startswith("wide.csv: data row 2, column 'b': normalize_features gives nan")
    write(import_root, "wide.jsonl", '{"a": 1, "b": -3e38, "label": "x"}\n{"a": 2, "b": 3e38, "label": "y"}\n')
    with pytest.raises(SourceDataError, match=r"wide.jsonl: data row 2 \(line 2\), column 'b': normalize_features"):
        generate("csv_import", file_path="wide.jsonl", normalize_features=True, seed=0)


def test_feature_columns_must_be_a_list_of_names_not_one_string(import_root: Path) -> None:
    write(import_root, "t.csv", CSV_TEXT)
    with pytest.raises(ParameterError, match="parameter 'feature_columns' = 'ab'; allowed: a list of strings or null"):
        generate("csv_import", file_path="t.csv", feature_columns="ab", seed=0)
    with pytest.raises(ParameterError, match=r"parameter 'feature_columns' = \['a', 1\]: item \[1\] = 1"):
        generate("csv_import", file_path="t.csv", feature_columns=["a", 1], seed=0)
