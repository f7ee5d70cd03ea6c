"""Real small inputs for the import-source tests: image datasets, HF cache entries, the build app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def digit_images(n: int, seed: int = 0, size: int = 28, n_classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uint8 images, class ``k`` a bright bar at row ``2k + 3`` plus noise; labels cycle 0..k-1."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % n_classes
    images = rng.integers(0, 60, (n, size, size), dtype=np.uint8)
    for i, k in enumerate(labels):
        images[i, 2 * k + 3 : 2 * k + 5, 4:24] = 200 + k
    return images, labels


def image_dataset(images: np.ndarray, labels: np.ndarray, names: list[str] | None = None) -> Any:
    """A real ``datasets.Dataset`` with an ``Image`` and a ``ClassLabel`` column."""
    import datasets

    names = names or [str(k) for k in range(int(labels.max()) + 1)]
    features = datasets.Features({"image": datasets.Image(), "label": datasets.ClassLabel(names=names)})
    return datasets.Dataset.from_dict({"image": list(images), "label": labels.tolist()}, features=features)


def save_splits(splits: dict[str, Any], folder: Path, layout: str) -> Path:
    """Write ``{split: Dataset}`` as a ``save_to_disk`` folder or in the hub's Parquet layout."""
    import datasets

    if layout == "save_to_disk":
        datasets.DatasetDict(splits).save_to_disk(str(folder))
    else:
        (folder / "data").mkdir(parents=True)
        for split, data in splits.items():
            data.to_parquet(str(folder / "data" / f"{split}-00000-of-00001.parquet"))
    return folder


def put_in_hub_cache(
    cache: Path, name: str, revision: str, splits: dict[str, Any], config: str = "default", workdir: Path | None = None
) -> Path:
    """Leave in ``cache`` what downloading hub dataset ``name`` at ``revision`` leaves there.

    ``datasets``' own Parquet builder writes the Arrow files and ``dataset_info.json``
    (hash = the commit); only the folder names are set as a hub download names
    them (``owner___name``, the config without a data-files suffix). This stands in
    for the one network call; the code under test reads it like any cached download.
    """
    from datasets.naming import camelcase_to_snakecase
    from datasets.packaged_modules.parquet.parquet import Parquet

    short = camelcase_to_snakecase(name.split("/")[-1])
    staging = Path(workdir or cache.parent) / f"staging-{short}-{revision[:8]}"
    files = {}
    for split, data in splits.items():
        path = staging / "src" / f"{split}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        data.to_parquet(str(path))
        files[split] = str(path)
    builder = Parquet(
        cache_dir=str(staging / "built"), dataset_name=short, config_name=config, hash=revision, data_files=files
    )
    builder.download_and_prepare()
    target = cache / "___".join([*name.split("/")[:-1], short]) / config / "0.0.0" / revision
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(builder.cache_dir, target)
    shutil.rmtree(staging)
    return target


def run_build(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m juniper_data.build ARGS`` as a user runs it (this checkout's package)."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "juniper_data.build", *args], cwd=cwd, env=full_env, capture_output=True, text=True
    )
