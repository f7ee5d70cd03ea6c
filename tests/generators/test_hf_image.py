"""mnist (HF image classification): real small `datasets` datasets built here, local copies and the hub cache.

No mocks of `datasets`: local copies are written with ``save_to_disk`` and
``to_parquet``; a hub name is read from a private cache folder filled by
``datasets``' own builder (see ``helpers.put_in_hub_cache``). The one stand-in
is :func:`hf_source.fetch`, the network call, in the online test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from juniper_data import ParameterError, generate, read_dataset, write_dataset
from juniper_data.artifacts.reader import verify_parquet
from juniper_data.generators import registry
from juniper_data.generators.sources import hf_source
from juniper_data.generators.sources.inputs import SourceDataError
from tests.generators.contract import GeneratorContract
from tests.generators.helpers import digit_images, image_dataset, put_in_hub_cache, run_build, save_splits

COMMIT_A = "a" * 40
COMMIT_B = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def copies(import_root: Path, hf_cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """300 train + 60 test images saved as ``saved/`` (save_to_disk) and ``pq/`` (hub Parquet layout)."""
    images, labels = digit_images(360, seed=1)
    splits = {"train": image_dataset(images[:300], labels[:300]), "test": image_dataset(images[300:], labels[300:])}
    save_splits(splits, import_root / "saved", "save_to_disk")
    save_splits(splits, import_root / "pq", "parquet")
    return images, labels


def test_save_to_disk_and_parquet_copies_give_the_same_rows(copies: tuple[np.ndarray, np.ndarray]) -> None:
    saved = generate("mnist", dataset="digits", local_path="saved", n_samples=50, seed=7)
    parquet = generate("mnist", dataset="digits", local_path="pq", n_samples=50, seed=7)
    single = generate(
        "mnist", dataset="digits", local_path="pq/data/train-00000-of-00001.parquet", n_samples=50, seed=7
    )
    for other in (parquet, single):
        for key in saved:
            np.testing.assert_array_equal(saved[key], other[key])
    assert saved.class_names == [str(k) for k in range(10)]
    assert saved.meta["recipe"]["params"]["local_sha256"] != parquet.meta["recipe"]["params"]["local_sha256"]


def test_rows_are_the_seeded_permutation_scaled_by_255_like_dataset_shuffle(
    copies: tuple[np.ndarray, np.ndarray],
) -> None:
    images, labels = copies
    ds = generate("mnist", local_path="saved", n_samples=40, seed=11)
    order = np.random.default_rng(11).permutation(300)[:40]  # = datasets' Dataset.shuffle(seed=11) order
    np.testing.assert_array_equal(ds["X_full"], images[order].reshape(40, -1).astype(np.float32) / 255.0)
    np.testing.assert_array_equal(ds.labels("full"), labels[order])
    raw = generate("mnist", local_path="saved", n_samples=40, normalize=False, seed=11)
    np.testing.assert_array_equal(raw["X_full"], images[order].reshape(40, -1))
    assert raw["X_full"].dtype == np.float32 and raw["X_full"].max() > 1


def test_n_samples_draws_distinct_rows_reproducibly(copies: tuple[np.ndarray, np.ndarray]) -> None:
    a = generate("mnist", local_path="saved", n_samples=120, seed=3)["X_full"]
    assert len(np.unique(a, axis=0)) == 120  # without replacement
    np.testing.assert_array_equal(a, generate("mnist", local_path="saved", n_samples=120, seed=3)["X_full"])
    assert not np.array_equal(a, generate("mnist", local_path="saved", n_samples=120, seed=4)["X_full"])
    every = generate("mnist", local_path="saved", split="train+test", seed=3)
    assert every.meta["n_full"] == 360
    with pytest.raises(ParameterError, match="'n_samples' = 301; split 'train' of saved has 300 rows"):
        generate("mnist", local_path="saved", n_samples=301, seed=3)


def test_flatten_false_records_the_image_shape_with_identical_pixels(copies: tuple[np.ndarray, np.ndarray]) -> None:
    flat = generate("mnist", local_path="pq", n_samples=10, seed=0)
    kept = generate("mnist", local_path="pq", n_samples=10, flatten=False, seed=0)
    np.testing.assert_array_equal(flat["X_full"], kept["X_full"])
    assert flat.meta["feature_shape"] == [784] and kept.meta["feature_shape"] == [28, 28]
    images = kept["X_full"].reshape(-1, *kept.feature_shape)
    assert images.shape == (10, 28, 28)


def test_colour_images_keep_their_channels_in_feature_shape(import_root: Path, hf_cache: Path) -> None:
    import datasets

    rng = np.random.default_rng(0)
    rgb = [rng.integers(0, 256, (6, 5, 3), dtype=np.uint8) for _ in range(8)]
    features = datasets.Features({"img": datasets.Image(), "kind": datasets.ClassLabel(names=["x", "y"])})
    data = datasets.Dataset.from_dict({"img": rgb, "kind": [0, 1] * 4}, features=features)
    data.save_to_disk(str(import_root / "rgb"))
    ds = generate("mnist", local_path="rgb", flatten=False, shuffle=False, seed=0)
    assert ds.meta["feature_shape"] == [6, 5, 3] and ds.class_names == ["x", "y"]
    order = np.random.default_rng(0).permutation(8)
    np.testing.assert_array_equal(ds["X_full"].reshape(8, 6, 5, 3) * 255, np.stack(rgb)[order])


def test_a_hub_name_reads_exactly_its_pinned_commit_from_the_cache(hf_cache: Path) -> None:
    old_images, old_labels = digit_images(30, seed=1)
    new_images, new_labels = digit_images(40, seed=2)
    put_in_hub_cache(hf_cache, "someorg/tiny_digits", COMMIT_A, {"train": image_dataset(old_images, old_labels)})
    put_in_hub_cache(hf_cache, "someorg/tiny_digits", COMMIT_B, {"train": image_dataset(new_images, new_labels)})
    old = generate("mnist", dataset="someorg/tiny_digits", revision=COMMIT_A, normalize=False, seed=0)
    new = generate("mnist", dataset="someorg/tiny_digits", revision=COMMIT_B, normalize=False, seed=0)
    assert (old.meta["n_full"], new.meta["n_full"]) == (30, 40)  # the newer download does not shadow the pin
    order = np.random.default_rng(0).permutation(30)
    np.testing.assert_array_equal(old["X_full"], old_images[order].reshape(30, -1))
    assert old.meta["recipe"]["params"]["revision"] == COMMIT_A
    assert registry.get("mnist").input_paths(registry.get("mnist").resolve({"revision": COMMIT_A, "seed": 0})) == []


def test_mnist_and_fashion_mnist_mean_their_hub_repositories(hf_cache: Path) -> None:
    images, labels = digit_images(20, seed=0)
    put_in_hub_cache(hf_cache, "ylecun/mnist", COMMIT_A, {"train": image_dataset(images, labels)}, config="mnist")
    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    fashion = {"test": image_dataset(images, labels, names)}
    put_in_hub_cache(hf_cache, "zalando-datasets/fashion_mnist", COMMIT_B, fashion, config="fashion_mnist")
    assert generate("mnist", revision=COMMIT_A, seed=0)["X_full"].shape == (20, 784)
    ds = generate("mnist", dataset="fashion_mnist", revision=COMMIT_B, split="test", n_samples=5, seed=0)
    assert ds.class_names[0] == "T-shirt/top"
    with pytest.raises(SourceDataError, match="no split 'train'; splits: test"):
        generate("mnist", dataset="fashion_mnist", revision=COMMIT_B, seed=0)


def test_an_unknown_dataset_offline_is_a_clear_error_naming_the_cache(hf_cache: Path) -> None:
    with pytest.raises(SourceDataError) as error:
        generate("mnist", dataset="nobody/nothing", revision=COMMIT_A, seed=0)
    message = str(error.value)
    assert "'nobody/nothing' at revision " + COMMIT_A + " is not in the local cache" in message
    assert str(hf_cache / "nobody___nothing") in message and "HF_DATASETS_OFFLINE" in message


def test_online_a_missing_commit_is_fetched_once_then_read_from_the_cache(
    hf_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_DATASETS_OFFLINE")
    monkeypatch.delenv("HF_HUB_OFFLINE")
    images, labels = digit_images(25, seed=5)
    calls = []

    def hub_download(name: str, revision: str, config: str | None) -> None:  # what the hub would leave
        calls.append((name, revision, config))
        put_in_hub_cache(hf_cache, name, revision, {"train": image_dataset(images, labels)})

    monkeypatch.setattr(hf_source, "fetch", hub_download)
    first = generate("mnist", dataset="someorg/digits", revision=COMMIT_B, seed=1)
    second = generate("mnist", dataset="someorg/digits", revision=COMMIT_B, seed=1)
    assert calls == [("someorg/digits", COMMIT_B, None)]
    assert first.meta == second.meta and first.meta["n_full"] == 25


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({}, ParameterError, "'revision' = None for hub dataset 'mnist'; allowed: a 40-hex commit sha"),
        ({"revision": "main"}, ParameterError, "'revision' = 'main'"),
        ({"local_path": "saved", "revision": COMMIT_A}, ParameterError, "allowed: null"),
        ({"local_path": "/tmp"}, ParameterError, "is an absolute path"),
        ({"local_path": "../x"}, ParameterError, "outside the import root"),
        ({"local_path": "saved", "split": "validation"}, SourceDataError, "no split 'validation'; splits: train, test"),
        ({"local_path": "pq", "split": "validation"}, SourceDataError, 'Unknown split "validation"'),
        ({"local_path": "saved", "split": "a b"}, ParameterError, "'split' = 'a b'"),
        ({"local_path": "saved", "one_hot_labels": False}, ParameterError, "'one_hot_labels' = False"),
        ({"local_path": "saved", "image_column": "label"}, SourceDataError, "'label' is not a Image column"),
        ({"local_path": "saved", "local_sha256": "1" * 64}, ParameterError, "pins sha256 1{64} but saved has"),
    ],
)
def test_bad_parameters_are_clear_errors(
    copies: tuple[np.ndarray, np.ndarray], params: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        generate("mnist", **params, seed=0)


def test_a_dataset_without_a_class_label_column_names_its_columns(import_root: Path, hf_cache: Path) -> None:
    import datasets

    images, _ = digit_images(4)
    plain = datasets.Dataset.from_dict(
        {"image": list(images), "digit": [0, 1, 2, 3]},
        features=datasets.Features({"image": datasets.Image(), "digit": datasets.Value("int64")}),
    )
    plain.save_to_disk(str(import_root / "plain"))
    with pytest.raises(SourceDataError, match=r"no ClassLabel columns; set parameter 'label_column'.*digit \(Value\)"):
        generate("mnist", local_path="plain", seed=0)


def test_a_parquet_file_replaced_under_its_old_mtime_is_read_anew(import_root: Path, hf_cache: Path) -> None:
    import os

    path = import_root / "one.parquet"
    first, labels = digit_images(12, seed=1)
    image_dataset(first, labels).to_parquet(str(path))
    stamp = os.stat(path).st_mtime_ns
    before = generate("mnist", local_path="one.parquet", normalize=False, shuffle=False, seed=0)
    second, _ = digit_images(12, seed=2)
    image_dataset(second, labels).to_parquet(str(path))
    os.utime(path, ns=(stamp, stamp))  # `datasets` keys its cache of local files by mtime
    after = generate("mnist", local_path="one.parquet", normalize=False, shuffle=False, seed=0)
    order = np.random.default_rng(0).permutation(12)
    np.testing.assert_array_equal(before["X_full"], first[order].reshape(12, -1))
    np.testing.assert_array_equal(after["X_full"], second[order].reshape(12, -1))


def test_images_of_different_sizes_are_refused(import_root: Path, hf_cache: Path) -> None:
    images = [np.zeros((4, 4), np.uint8), np.zeros((5, 4), np.uint8)]
    save_splits(
        {"train": image_dataset(np.array(images, dtype=object), np.array([0, 1]))}, import_root / "mixed", "parquet"
    )
    with pytest.raises(SourceDataError, match=r"images differ in shape \[\(4, 4\), \(5, 4\)\]"):
        generate("mnist", local_path="mixed", seed=0)


def test_a_local_copy_changed_after_resolution_is_refused(
    copies: tuple[np.ndarray, np.ndarray], import_root: Path
) -> None:
    spec = registry.get("mnist")
    params = spec.resolve({"local_path": "pq", "seed": 0})
    assert spec.input_paths(params) == ["pq"]
    path = import_root / "pq" / "data" / "test-00000-of-00001.parquet"  # a file of the copy, not the split read
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ParameterError, match="pq changed since the recipe was resolved"):
        spec.run(params)


def test_artifacts_of_an_image_dataset_verify_and_record_the_shape(
    copies: tuple[np.ndarray, np.ndarray], tmp_path: Path
) -> None:
    ds = generate("mnist", local_path="pq", n_samples=30, flatten=False, seed=0)
    folder = write_dataset(ds, tmp_path / "img")
    loaded = read_dataset(folder)
    verify_parquet(folder, loaded)
    assert loaded.feature_shape == (28, 28) and loaded["X_train"].shape == (24, 784)
    digest = hashlib.sha256(np.ascontiguousarray(ds["X_full"]).data).hexdigest()
    assert loaded.meta["hashes"]["X_full"] == f"sha256:{digest}"


def test_build_app_exits_non_zero_for_an_uncached_hub_dataset_offline(hf_cache: Path, tmp_path: Path) -> None:
    env = {"HF_HOME": str(hf_cache.parent), "HF_DATASETS_OFFLINE": "1"}
    args = ["generator=mnist", "generator.dataset=nobody/nothing", f"generator.revision={COMMIT_A}", "out_dir=out"]
    result = run_build(args, tmp_path, env)
    assert result.returncode != 0
    assert "is not in the local cache" in result.stderr
    assert not (tmp_path / "out").exists()


class TestContract(GeneratorContract):
    generator = "mnist"
    recipe = {"dataset": "mnist_tiny", "local_path": "sources/mnist_tiny", "split": "train+test"}
    # Rows are drawn from the split in a seeded order (a permutation even without n_samples).
    reads_repository_files = True


@pytest.mark.parametrize("layout", ["save_to_disk", "parquet"])
def test_a_symlink_inside_an_image_folder_pointing_outside_the_root_is_refused_naming_it(
    import_root: Path, hf_cache: Path, tmp_path: Path, layout: str
) -> None:
    images, labels = digit_images(20)
    save_splits({"train": image_dataset(images, labels)}, import_root / "imgs", layout)
    outside = save_splits({"train": image_dataset(images[:5], labels[:5])}, tmp_path / "elsewhere", layout)
    if layout == "parquet":  # a data file of the hub layout replaced by a link to another dataset's file
        target = outside / "data" / "train-00000-of-00001.parquet"
        link = import_root / "imgs" / "data" / "train-00000-of-00001.parquet"
    else:  # the Arrow file that state.json lists
        (target,) = (outside / "train").glob("*.arrow")
        (link,) = (import_root / "imgs" / "train").glob("*.arrow")
    link.unlink()
    link.symlink_to(target)
    with pytest.raises(ParameterError) as error:
        generate("mnist", local_path="imgs", split="train", seed=0)
    shown = link.relative_to(import_root).as_posix()
    assert f"parameter 'local_path' = 'imgs': {shown} resolves to {target}, outside the import root" in str(error.value)


def test_without_a_seed_rows_are_the_first_n_samples_in_order_as_0_4(copies: tuple[np.ndarray, np.ndarray]) -> None:
    images, labels = copies
    first = [generate("mnist", local_path="saved", n_samples=25) for _ in range(2)]
    np.testing.assert_array_equal(first[0]["X_full"], images[:25].reshape(25, -1).astype(np.float32) / 255.0)
    np.testing.assert_array_equal(first[0].labels("full"), labels[:25])
    assert first[0].meta["hashes"]["X_full"] == first[1].meta["hashes"]["X_full"]
    params = first[0].meta["recipe"]["params"]
    assert params["subsample"] == "first"
    assert generate("mnist", **params).meta["hashes"] == first[0].meta["hashes"]
    whole = generate("mnist", local_path="saved")  # no n_samples either: the split in order
    np.testing.assert_array_equal(whole.labels("full"), labels[:300])
    seeded = generate("mnist", local_path="saved", n_samples=25, seed=4)
    assert "subsample" not in seeded.meta["recipe"]["params"]
    np.testing.assert_array_equal(seeded.labels("full"), labels[np.random.default_rng(4).permutation(300)[:25]])


def test_an_image_that_does_not_decode_is_an_error_naming_its_row(import_root: Path, hf_cache: Path) -> None:
    import datasets

    images, labels = digit_images(6)
    features = datasets.Features({"image": datasets.Image(), "label": datasets.ClassLabel(names=["a", "b"])})
    column = [*images[:4], {"bytes": b"\x89PNG not really", "path": None}, images[5]]
    data = datasets.Dataset.from_dict({"image": column, "label": [0, 1] * 3}, features=features)
    save_splits({"train": data}, import_root / "bad", "parquet")
    with pytest.raises(SourceDataError) as error:
        generate("mnist", local_path="bad", split="train", seed=0)
    assert str(error.value).startswith(
        "bad: source row 4 of split 'train', column 'image': not a decodable image (UnidentifiedImageError"
    )


@pytest.mark.parametrize(("value", "reason"), [(7, "label 7 out of range"), (-1, "no label (-1)")])
def test_a_label_outside_the_class_names_is_an_error_naming_row_and_value(
    import_root: Path, hf_cache: Path, value: int, reason: str
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    images, labels = digit_images(6, n_classes=3)
    save_splits({"train": image_dataset(images, labels, ["a", "b", "c"])}, import_root / "lab", "parquet")
    path = import_root / "lab" / "data" / "train-00000-of-00001.parquet"
    table = pq.read_table(path)  # `datasets` refuses to write such a label: edit the file as a producer bug would
    edited = [*labels[:3].tolist(), value, *labels[4:].tolist()]
    table = table.set_column(table.schema.get_field_index("label"), "label", pa.array(edited, pa.int64()))
    pq.write_table(table, path)
    with pytest.raises(SourceDataError) as error:
        generate("mnist", local_path="lab", split="train", seed=0, subsample="first")
    assert str(error.value).startswith(f"lab: source row 3, column 'label': {reason}; allowed: 0..2")
