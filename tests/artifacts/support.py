"""Helpers for the artifact tests: a reproducible small dataset and byte-level views of folders."""

from __future__ import annotations

from pathlib import Path

from juniper_data import Dataset, generate


def make_dataset(**overrides: object) -> Dataset:
    """A small three-class dataset; every call makes the recipe afresh."""
    return generate("spiral", **{"n_spirals": 3, "n_points": 20, "noise": 0.1, "seed": 4, **overrides})


def snapshot(folder: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of every file under ``folder``."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(parent: Path) -> list[str]:
    """Names directly in ``parent``, hidden ones included (temporary folders start with a dot)."""
    return sorted(p.name for p in parent.iterdir())


def flip_byte_in_first_data_page(path: Path, column: str = "x0") -> None:
    """Flip one bit near the end of ``column``'s first data page of a Parquet file (in its values)."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    chunk = file.metadata.row_group(0).column(file.schema_arrow.get_field_index(column))
    data = bytearray(path.read_bytes())
    data[chunk.data_page_offset + chunk.total_compressed_size - 10] ^= 0x01
    path.write_bytes(bytes(data))


def image_dataset(shape: tuple[int, ...] = (6, 5), n: int = 30, seed: int = 0) -> Dataset:
    """A small image dataset whose rows keep ``feature_shape`` ``shape`` (as mnist with ``flatten: false``).

    Pixel values are distinct per row and position, so a row or pixel out of place shows.
    """
    from types import SimpleNamespace

    import numpy as np

    from juniper_data.dataset import assemble, describe
    from juniper_data.recipe import make_recipe

    size = int(np.prod(shape))
    X = (np.arange(n * size, dtype=np.float32).reshape(n, size) / (n * size)).astype(np.float32)
    labels = np.arange(n) % 3
    params = SimpleNamespace(train_ratio=0.7, test_ratio=0.3, seed=seed, shuffle=True)
    arrays = assemble(X, labels, ["zero", "one", "two"], params)
    recipe = make_recipe("handmade_images", "1.0.0", {"seed": seed, "shape": list(shape)})
    return Dataset(arrays, describe(arrays, recipe, ["zero", "one", "two"], feature_shape=shape))
