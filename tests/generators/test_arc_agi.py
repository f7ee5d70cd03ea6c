"""arc_agi: task folders and the hub copy as padded pair rows, task-labelled, with extras that need no pickle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from juniper_data import ParameterError, generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import verify_parquet
from juniper_data.generators import registry
from juniper_data.generators.sources.inputs import SourceDataError
from tests.generators.contract import GeneratorContract
from tests.generators.helpers import put_in_hub_cache, run_build

COMMIT = "c" * 40
TASKS = {
    "training/b_mirror.json": {
        "train": [{"input": [[1, 2], [3, 4]], "output": [[2, 1], [4, 3]]}, {"input": [[5]], "output": [[5]]}],
        "test": [{"input": [[6, 7, 8]], "output": [[8, 7, 6]]}],
    },
    "training/a_grow.json": {
        "train": [{"input": [[9]], "output": [[9, 9], [9, 9]]}],
        "test": [{"input": [[1]]}],  # a query pair without its answer
    },
    "evaluation/c_zero.json": {
        "train": [{"input": [[3, 3]], "output": [[0, 0]]}, {"input": [[4]], "output": [[0]]}],
        "test": [],
    },
}


def write_tasks(root: Path, tasks: dict[str, Any], folder: str = "arc") -> str:
    for name, task in tasks.items():
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(task if isinstance(task, str) else json.dumps(task))
    return folder


def padded(grid: list[list[int]], size: int, fill: int = -1) -> list[float]:
    out = np.full((size, size), fill, dtype=np.float32)
    out[: len(grid), : len(grid[0])] = grid
    return out.ravel().tolist()


def test_pairs_become_padded_rows_labelled_by_task_in_file_order(import_root: Path) -> None:
    write_tasks(import_root, TASKS)
    ds = generate("arc_agi", source="local", local_path="arc", pad_to=3, seed=0)
    assert ds.class_names == ["a_grow", "b_mirror"]  # sorted file names, evaluation/ not read
    pairs = [
        ("a_grow", TASKS["training/a_grow.json"]["train"][0], "train"),
        ("a_grow", {"input": [[1]], "output": None}, "test"),
        *[("b_mirror", p, "train") for p in TASKS["training/b_mirror.json"]["train"]],
        ("b_mirror", TASKS["training/b_mirror.json"]["test"][0], "test"),
    ]
    assert ds["X_full"].tolist() == [padded(p["input"], 3) for _, p, _ in pairs]
    assert ds["output_grid_full"].tolist() == [padded(p["output"] or [[-1]], 3) for _, p, _ in pairs]
    assert ds["task_id_full"].tolist() == [t for t, _, _ in pairs]
    assert ds["pair_kind_full"].tolist() == [k for _, _, k in pairs]
    assert [ds.class_names[i] for i in ds.labels("full")] == ds["task_id_full"].tolist()
    assert ds["task_id_full"].dtype.kind == "U" and ds.meta["extras"] == ["output_grid", "task_id", "pair_kind"]


def test_subset_include_test_and_pad_value_shape_the_rows(import_root: Path) -> None:
    write_tasks(import_root, TASKS)
    every = generate("arc_agi", source="local", local_path="arc", subset="all", pad_to=3, seed=0)
    assert every.class_names == ["a_grow", "b_mirror", "c_zero"] and every.meta["n_full"] == 7
    evaluation = generate("arc_agi", source="local", local_path="arc", subset="evaluation", pad_to=2, seed=0)
    assert evaluation.class_names == ["c_zero"] and evaluation.meta["n_features"] == 4
    demos = generate("arc_agi", source="local", local_path="arc", include_test=False, pad_to=3, pad_value=0, seed=0)
    assert set(demos["pair_kind_full"].tolist()) == {"train"} and demos.meta["n_full"] == 3
    assert demos["X_full"][0].tolist() == padded([[9]], 3, fill=0)
    grids = generate("arc_agi", source="local", local_path="arc", flatten_pairs=False, pad_to=3, seed=0)
    assert grids.meta["feature_shape"] == [3, 3] and grids["X_full"].shape == (5, 9)


def test_n_tasks_is_a_seeded_choice_without_replacement_in_draw_order(import_root: Path) -> None:
    tasks = {f"training/t{i:02d}.json": {"train": [{"input": [[i % 10]], "output": [[0]]}]} for i in range(12)}
    write_tasks(import_root, tasks)
    ds = generate("arc_agi", source="local", local_path="arc", n_tasks=5, pad_to=1, seed=9)
    expected = [f"t{i:02d}" for i in np.random.default_rng(9).choice(12, 5, replace=False)]
    assert ds.class_names == expected
    assert ds["task_id_full"].tolist() == expected  # rows follow the chosen task order
    again = generate("arc_agi", source="local", local_path="arc", n_tasks=5, pad_to=1, seed=9)
    assert again.meta["dataset_id"] == ds.meta["dataset_id"] and again.class_names == expected
    with pytest.raises(ParameterError, match="'n_tasks' = 13; arc has 12 tasks in subset 'training'"):
        generate("arc_agi", source="local", local_path="arc", n_tasks=13, seed=9)


def test_extras_split_with_x_and_load_without_pickle_from_npz_and_parquet(import_root: Path, tmp_path: Path) -> None:
    import datasets

    write_tasks(import_root, TASKS)
    ds = generate("arc_agi", source="local", local_path="arc", subset="all", pad_to=3, seed=4)
    folder = write_dataset(ds, tmp_path / "arc_out")
    with np.load(next(folder.glob("*.npz")), allow_pickle=False) as npz:
        keys = list(npz.files)
        arrays = {k: npz[k] for k in keys}
    assert keys[:6] == ["X_train", "y_train", "X_test", "y_test", "X_full", "y_full"]
    assert keys[6:9] == ["output_grid_train", "output_grid_test", "output_grid_full"]
    full_rows = {
        tuple(x): (tuple(o), t)
        for x, o, t in zip(ds["X_full"], ds["output_grid_full"], ds["task_id_full"], strict=True)
    }
    for split in ("train", "test"):
        for x, y, o, t in zip(*(arrays[f"{k}_{split}"] for k in ("X", "y", "output_grid", "task_id")), strict=True):
            assert full_rows[tuple(x)] == (tuple(o), t)  # same row of the same pair (inputs are unique here)
            assert ds.class_names[int(np.argmax(y))] == t
    loaded = read_dataset(folder)
    verify_parquet(folder, loaded)
    train = datasets.load_dataset("parquet", data_files=str(folder / "parquet" / "train.parquet"), split="train")
    assert train.features["task_id"].dtype == "string"
    assert train["task_id"] == arrays["task_id_train"].tolist()
    assert np.array(train["output_grid"], dtype=np.float32).tolist() == arrays["output_grid_train"].tolist()
    assert train.features["label"].names == ["a_grow", "b_mirror", "c_zero"]


def test_a_tampered_extra_array_fails_verification(import_root: Path, tmp_path: Path) -> None:
    from juniper_data.artifacts.reader import ArtifactError

    write_tasks(import_root, TASKS)
    folder = write_dataset(generate("arc_agi", source="local", local_path="arc", pad_to=3, seed=0), tmp_path / "a")
    npz_path = next(folder.glob("*.npz"))
    with np.load(npz_path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["task_id_full"] = arrays["task_id_full"][::-1].copy()
    np.savez(npz_path, **arrays)
    with pytest.raises(ArtifactError, match="task_id_full has sha256:"):
        read_dataset(folder)


@pytest.mark.parametrize(
    ("task", "message"),
    [
        (
            {"train": [{"input": [[1] * 4], "output": [[1]]}]},
            "task big train[0].input: grid is 1x4, larger than pad_to = 3",
        ),
        ({"train": [{"input": [[1], [1, 2]], "output": [[1]]}]}, "train[0].input: rows of different lengths [1, 2]"),
        ({"train": [{"input": [[1, 10]], "output": [[1]]}]}, "train[0].input: cell [0][1] = 10; allowed: cells that"),
        ({"train": [{"input": [[1]]}]}, "task big train[0]: a train pair without 'output'"),
        ({"test": []}, "task big: no 'train' list of pairs"),
        ({"train": [{"input": [], "output": [[1]]}]}, "train[0].input: not a grid"),
        ('{"train": [', "arc/training/big.json: malformed JSON at line 1, column 12"),
    ],
)
def test_bad_tasks_are_errors_naming_the_task_and_pair(import_root: Path, task: Any, message: str) -> None:
    write_tasks(import_root, {"training/big.json": task})
    with pytest.raises(SourceDataError) as error:
        generate("arc_agi", source="local", local_path="arc", pad_to=3, seed=0)
    assert message in str(error.value)


def test_bad_parameters_and_folders_are_refused(import_root: Path) -> None:
    write_tasks(import_root, {"training/x.json": TASKS["training/a_grow.json"]})
    for params, message in [
        ({"subset": "evaluation"}, "has no evaluation/ folder"),
        ({"local_path": "../arc"}, "outside the import root"),
        ({"local_path": None}, "'local_path' is required"),
        ({"pad_to": 51}, "'pad_to' = 51 is out of range; allowed: [1, 50]"),
        ({"pad_value": 10}, "'pad_value' = 10 is out of range; allowed: [-1, 9]"),
        ({"revision": COMMIT}, "'revision' = '" + COMMIT + "' with source 'local'"),
        ({"source": "huggingface"}, "'local_path' / 'local_sha256' are set with source 'huggingface'"),
        ({"local_sha256": "2" * 64}, "pins sha256 2{64} but arc \\(training\\) has sha256"),
    ]:
        with pytest.raises(ParameterError, match=message.replace("[", r"\[").replace("]", r"\]")):
            generate("arc_agi", **{"source": "local", "local_path": "arc", **params}, seed=0)
    (import_root / "empty" / "training").mkdir(parents=True)
    with pytest.raises(SourceDataError, match="empty/training: no task files"):
        generate("arc_agi", source="local", local_path="empty", seed=0)


def test_the_task_files_read_are_pinned_and_listed_as_inputs(import_root: Path) -> None:
    write_tasks(import_root, TASKS)
    spec = registry.get("arc_agi")
    params = spec.resolve({"source": "local", "local_path": "arc", "subset": "training", "seed": 0})
    assert spec.input_paths(params) == ["arc/training"]
    write_tasks(import_root, {"evaluation/c_zero.json": {"train": [{"input": [[1]], "output": [[1]]}]}})
    assert spec.resolve({"source": "local", "local_path": "arc", "seed": 0}).local_sha256 == params.local_sha256
    write_tasks(import_root, {"training/a_grow.json": {"train": [{"input": [[2]], "output": [[2]]}]}})
    assert spec.resolve({"source": "local", "local_path": "arc", "seed": 0}).local_sha256 != params.local_sha256
    with pytest.raises(ParameterError, match="arc changed since the recipe was resolved"):
        spec.run(params)


def test_the_hub_copy_is_read_at_its_pinned_commit(hf_cache: Path) -> None:
    import datasets

    def rows(tasks: dict[str, Any]) -> Any:
        return datasets.Dataset.from_dict(
            {
                "id": list(tasks),
                "train": [t["train"] for t in tasks.values()],
                "test": [t["test"] for t in tasks.values()],
            }
        )

    training = {"b_mirror": TASKS["training/b_mirror.json"], "c_zero": TASKS["evaluation/c_zero.json"]}
    evaluation = {"e_one": {"train": [{"input": [[1, 1]], "output": [[1]]}], "test": []}}
    put_in_hub_cache(hf_cache, "someone/arc", COMMIT, {"training": rows(training), "evaluation": rows(evaluation)})
    ds = generate("arc_agi", dataset="someone/arc", revision=COMMIT, subset="all", pad_to=3, seed=0)
    assert ds.class_names == ["b_mirror", "c_zero", "e_one"]
    assert ds["X_full"][0].tolist() == padded([[1, 2], [3, 4]], 3)
    assert ds["output_grid_full"][-1].tolist() == padded([[1]], 3)
    with pytest.raises(ParameterError, match="'revision' = None for hub dataset 'lordspline/arc-agi'"):
        generate("arc_agi", seed=0)


def test_build_app_refuses_a_grid_larger_than_pad_to_and_writes_nothing(tmp_path: Path) -> None:
    write_tasks(tmp_path, TASKS)
    args = ["generator=arc_agi", "generator.source=local", "generator.local_path=arc", "generator.pad_to=2"]
    result = run_build([*args, "out_dir=out"], tmp_path)
    assert result.returncode != 0
    assert "task b_mirror test[0].input: grid is 1x3, larger than pad_to = 2" in result.stderr
    assert not (tmp_path / "out").exists()


class TestContract(GeneratorContract):
    generator, recipe = "arc_agi", {"source": "local", "local_path": "sources/arc", "subset": "all", "pad_to": 10}
    rows_depend_on_seed, reads_repository_files = False, True


@pytest.mark.parametrize("what", ["task file", "task folder"])
def test_a_symlink_inside_the_task_folder_pointing_outside_the_root_is_refused_naming_it(
    import_root: Path, tmp_path: Path, what: str
) -> None:
    write_tasks(import_root, TASKS)
    outside = write_tasks(tmp_path, {"training/secret.json": TASKS["training/a_grow.json"]}, folder="outside")
    if what == "task file":
        link = import_root / "arc" / "training" / "z_secret.json"
        link.symlink_to(tmp_path / outside / "training" / "secret.json")
        shown = "arc/training/z_secret.json"
    else:
        for path in (import_root / "arc" / "evaluation").iterdir():
            path.unlink()
        (import_root / "arc" / "evaluation").rmdir()
        (import_root / "arc" / "evaluation").symlink_to(tmp_path / outside / "training")
        shown = "arc/evaluation/secret.json"
    with pytest.raises(ParameterError) as error:
        generate("arc_agi", source="local", local_path="arc", subset="all", seed=0)
    message = str(error.value)
    assert f"parameter 'local_path' = 'arc': {shown} resolves to {tmp_path / outside}" in message
    assert "outside the import root" in message


def test_a_symlink_inside_the_task_folder_pointing_inside_the_root_is_read(import_root: Path) -> None:
    write_tasks(import_root, TASKS)
    write_tasks(import_root, {"shared/d_more.json": TASKS["training/a_grow.json"]}, folder="other")
    (import_root / "arc" / "training" / "d_more.json").symlink_to(import_root / "other" / "shared" / "d_more.json")
    ds = generate("arc_agi", source="local", local_path="arc", seed=0)
    assert ds.class_names == ["a_grow", "b_mirror", "d_more"]


def test_without_a_seed_n_tasks_takes_the_first_tasks_deterministically_as_0_4(import_root: Path) -> None:
    tasks = {f"training/t{i:02d}.json": TASKS["training/a_grow.json"] for i in range(12)}
    write_tasks(import_root, tasks)
    unseeded = [generate("arc_agi", source="local", local_path="arc", n_tasks=4) for _ in range(3)]
    assert all(ds.class_names == ["t00", "t01", "t02", "t03"] for ds in unseeded)
    params = unseeded[0].meta["recipe"]["params"]
    assert params["subsample"] == "first"
    assert generate("arc_agi", **params).meta["hashes"] == unseeded[0].meta["hashes"]  # the recipe reproduces it
    seeded = generate("arc_agi", source="local", local_path="arc", n_tasks=4, seed=3)
    order = np.random.default_rng(3).choice(12, 4, replace=False)
    assert seeded.class_names == [f"t{i:02d}" for i in order]
    assert "subsample" not in seeded.meta["recipe"]["params"]  # the default leaves existing ids unchanged
    every = generate("arc_agi", source="local", local_path="arc")
    assert "subsample" not in every.meta["recipe"]["params"]  # without n_tasks there is nothing to pick


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"train": ' + "[" * 100_000 + "]" * 100_000 + "}", "arc/training/deep.json: JSON nested too deeply"),
        (
            '{"train": [{"input": [[' + "9" * 5000 + ']], "output": [[1]]}]}',
            "arc: task deep train[0].input: cell [0][0] = '99999",
        ),
    ],
    ids=["deep-nesting", "5000-digit-cell"],
)
def test_deep_json_and_huge_integers_in_a_task_file_are_errors_naming_it(
    import_root: Path, text: str, message: str
) -> None:
    write_tasks(import_root, {"training/deep.json": text})
    with pytest.raises(SourceDataError) as error:
        generate("arc_agi", source="local", local_path="arc", seed=0)
    assert str(error.value).startswith(message) and len(str(error.value)) < 300


def test_the_build_app_without_a_seed_takes_the_first_tasks_too(tmp_path: Path) -> None:
    write_tasks(tmp_path, {f"training/t{i:02d}.json": TASKS["training/a_grow.json"] for i in range(6)})
    args = ["generator=arc_agi", "generator.source=local", "generator.local_path=arc", "generator.n_tasks=2"]
    result = run_build([*args, "out_dir=out"], tmp_path)
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "out").iterdir()
    meta = read_dataset(folder).meta
    assert meta["class_names"] == ["t00", "t01"] and meta["recipe"]["params"]["subsample"] == "first"
