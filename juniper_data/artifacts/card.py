"""The dataset card (``README.md``): what the dataset is and how to get it."""

from __future__ import annotations

from pathlib import Path

from juniper_data.dataset import Dataset


def write_card(folder: Path, dataset: Dataset) -> None:
    """Write ``folder/README.md`` for ``dataset`` (parameters, sizes, hashes)."""
    meta = dataset.meta
    params = meta["recipe"]["params"]
    rows = "\n".join(f"| `{k}` | `{v}` |" for k, v in params.items())
    hashes = "\n".join(f"| `{k}` | `{v}` |" for k, v in meta["hashes"].items())
    text = f"""# {meta['name']}

Generator `{meta['recipe']['generator']}` v{meta['recipe']['version']}, dataset id `{meta['dataset_id']}`.
{meta['n_train']} train / {meta['n_test']} test rows, {meta['n_features']} features, {meta['n_classes']} classes.

| parameter | value |
|---|---|
{rows}

| array | sha256 |
|---|---|
{hashes}
"""
    (folder / "README.md").write_text(text)
