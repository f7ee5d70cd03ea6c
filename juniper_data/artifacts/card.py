"""The dataset card: ``README.md`` and ``preview.png`` inside the dataset folder.

The card lives inside the artifact, so it is a pure function of the dataset
(its ``meta`` and arrays) and of an optional registry URL given by the caller
from committed configuration. Nothing volatile enters it: no dates, no commit
(the commit that records a card cannot be written into it), no machine paths,
no ``git remote`` of whichever clone happened to build it. The pull snippets
therefore take the rev as a placeholder and pin the *content* with the
dataset id and array hash, which ``load`` checks.

The YAML front matter is the Hugging Face dataset card metadata:
``configs`` (data files of the train and test Parquet splits),
``dataset_info`` (features with the ``ClassLabel`` names, split sizes) and
``tags``, so ``datasets.load_dataset(<folder>)`` reads the folder as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.artifacts.preview import image_shape
from juniper_data.dataset import Dataset, feature_names
from juniper_data.layout import data_path

CARD_FILE = "README.md"
PREVIEW_FILE = "preview.png"
URL_PLACEHOLDER = "<registry-url>"
SIZE_BUCKETS = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))  # fmt: skip


def write_card(folder: Path, dataset: Dataset, *, registry_url: str | None = None) -> None:
    """Write ``folder/README.md`` and ``folder/preview.png`` for ``dataset``.

    Parameters
    ----------
    folder : Path
        The dataset folder (the writer passes its temporary folder).
    dataset : Dataset
        Arrays and ``meta`` (with ``meta["artifacts"]``, the files the folder holds).
    registry_url : str, optional
        Git URL of the registry for the snippets (from committed config, never from
        the clone's ``origin``); default: the placeholder ``<registry-url>``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from juniper_data import generate, write_dataset
    >>> ds = generate("xor", seed=1).annotate(name="xor1")
    >>> out = write_dataset(ds, pathlib.Path(tempfile.mkdtemp()) / "xor1")
    >>> (out / "README.md").read_text().splitlines()[0], (out / "preview.png").stat().st_size > 0
    ('---', True)
    """
    from juniper_data.artifacts.preview import render_preview

    folder = Path(folder)
    atomic_write_bytes(folder / PREVIEW_FILE, render_preview(dataset))
    atomic_write_bytes(folder / CARD_FILE, card_text(dataset.meta, registry_url=registry_url).encode())


def card_text(meta: dict[str, Any], *, registry_url: str | None = None) -> str:
    """The card's Markdown (front matter included) for a dataset's ``meta``."""
    url = registry_url or URL_PLACEHOLDER
    recipe = meta["recipe"]
    sections = [
        "---\n" + front_matter(meta) + "---",
        f"# {meta['name']}",
        str(meta.get("description") or "").strip(),
        f"![preview of {meta['name']}]({PREVIEW_FILE})",
        (
            f"Generator `{recipe['generator']}` v{recipe['version']} · dataset id `{meta['dataset_id']}` · "
            f"artifact contract {meta.get('contract_version', '?')}"
            + (f" · expires {meta['expires']}" if meta.get("expires") else "")
        ),
        "## Sizes and class balance\n\n" + balance_table(meta),
        "## Parameters\n\n"
        + _table(["parameter", "value"], [[f"`{k}`", f"`{v}`"] for k, v in recipe["params"].items()]),
        "## Content hashes\n\nsha256 of each array's bytes (C order); `load()` and `verify` check them.\n\n"
        + _table(
            ["array", "shape", "dtype", "sha256"],
            [[f"`{k}`", str(tuple(meta["shapes"][k])), meta["dtypes"][k], f"`{h}`"] for k, h in meta["hashes"].items()],
        ),
        "## Get this version\n\n" + snippets(meta, url),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def front_matter(meta: dict[str, Any]) -> str:
    """Hugging Face card metadata (YAML) of a dataset."""
    import yaml

    names = feature_names(int(meta["n_features"]))
    features: list[dict[str, Any]] = [{"name": n, "dtype": "float32"} for n in names]
    names_by_index = {str(i): c for i, c in enumerate(meta["class_names"])}
    features.append({"name": "label", "dtype": {"class_label": {"names": names_by_index}}})
    features += extra_features(meta)
    parquet = (meta.get("artifacts") or {}).get("parquet") or {}
    info: dict[str, Any] = {"features": features}
    if parquet:
        # num_bytes: the Arrow size HF computes (float32 features + int64 label per row).
        row_bytes = 4 * len(names) + 8
        info["splits"] = [
            {"name": s, "num_bytes": row_bytes * int(meta[f"n_{s}"]), "num_examples": int(meta[f"n_{s}"])}
            for s in parquet
        ]
    data: dict[str, Any] = {"pretty_name": meta["name"]}
    if parquet:
        files = [{"split": split, "path": path} for split, path in parquet.items()]
        data["configs"] = [{"config_name": "default", "data_files": files, "default": True}]
    data["dataset_info"] = info
    image = image_shape(meta) is not None
    data["task_categories"] = ["image-classification" if image else "tabular-classification"]
    data["size_categories"] = [size_category(int(meta["n_train"]) + int(meta["n_test"]))]
    data["tags"] = ["juniper-data", "synthetic", meta["recipe"]["generator"], *meta.get("tags", [])]
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text


def extra_features(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """YAML features of the per-row extra columns, as the Parquet writer lays them out (from ``meta`` only).

    Examples
    --------
    >>> meta = {"extras": ["task_id", "grid"], "dtypes": {"task_id_train": "<U8", "grid_train": "float32"},
    ...         "shapes": {"task_id_train": [5], "grid_train": [5, 9]}}
    >>> extra_features(meta)
    [{'name': 'task_id', 'dtype': 'string'}, {'name': 'grid', 'list': 'float32', 'length': 9}]
    """
    import numpy as np

    out: list[dict[str, Any]] = []
    for name in meta.get("extras") or []:
        dtype, shape = np.dtype(meta["dtypes"][f"{name}_train"]), meta["shapes"][f"{name}_train"]
        scalar = "string" if dtype.kind in "US" else dtype.name
        if len(shape) > 1:
            out.append({"name": name, "list": scalar, "length": int(np.prod(shape[1:]))})
        else:
            out.append({"name": name, "dtype": scalar})
    return out


def size_category(n: int) -> str:
    """Hugging Face's size bucket for ``n`` rows.

    Examples
    --------
    >>> size_category(200), size_category(25_000)
    ('n<1K', '10K<n<100K')
    """
    for limit, label in SIZE_BUCKETS:
        if n < limit:
            return label
    return "n>1T" if n >= 10**12 else "100M<n<1B"


def balance_table(meta: dict[str, Any]) -> str:
    """Rows per class and split, with each class's share of the full set."""
    dist = meta["class_distribution"]
    total = max(int(meta["n_full"]), 1)
    rows = [
        [
            f"`{c}`",
            *(str(dist[s][c]) for s in ("train", "test", "full")),
            f"{100 * dist['full'][c] / total:.1f}%",
        ]
        for c in meta["class_names"]
    ]
    rows.append(["**all**", str(meta["n_train"]), str(meta["n_test"]), str(meta["n_full"]), "100%"])
    head = f"{meta['n_features']} features, {meta['n_classes']} classes.\n\n"
    return head + _table(["class", "train", "test", "full", "share"], rows)


def pull_commands(name: str, npz: str, url: str, rev: str) -> dict[str, str]:
    """``dvc import``, ``dvc get`` and ``load()`` of dataset ``name`` (folder ``data/<name>``) at ``rev``.

    Examples
    --------
    >>> pull_commands("xor1", "xor1.npz", "URL", "xor1@v1.0.0")["load"]
    'ds = load("xor1", repo="URL", rev="xor1@v1.0.0")'
    """
    folder = data_path(name)
    return {
        "dvc_import": f"dvc import {url} {folder} --rev {rev}",
        "dvc_get": f"dvc get {url} {folder}/{npz} --rev {rev}",
        "load": f'ds = load("{name}", repo="{url}", rev="{rev}")',
    }


def snippets(meta: dict[str, Any], url: str) -> str:
    """Copy-paste commands for ``dvc import``, ``dvc get``, ``load()`` and ``datasets``."""
    name = meta["name"]
    release = f"{name.split('/')[0]}@vX.Y.Z"  # a family variant is released with its family
    npz = (meta.get("artifacts") or {}).get("npz", f"{name}.npz")
    parquet = (meta.get("artifacts") or {}).get("parquet") or {}
    commands = pull_commands(name, npz, url, '"$REV"')
    text = (
        f"`REV` is a release tag (list them: `git ls-remote --tags {url} '{name.split('/')[0]}@v*'`) "
        "or a commit; the assertions prove you got these arrays.\n\n"
        "```bash\n"
        f"REV={release}\n"
        f"{commands['dvc_import']}   # tracked; later: dvc update --rev <new>\n"
        f"{commands['dvc_get']}   # one file, untracked\n"
        "```\n\n"
        "```python\n"
        "from juniper_data import load\n\n"
        f"{pull_commands(name, npz, url, release)['load']}\n"
        f'assert ds.meta["dataset_id"] == "{meta["dataset_id"]}"\n'
        f'assert ds.meta["hashes"]["X_full"] == "{meta["hashes"]["X_full"]}"\n'
        "```"
    )
    if parquet:
        files = ", ".join(f'"{s}": "{data_path(name)}/{p}"' for s, p in parquet.items())
        text += (
            "\n\nAfter `dvc import` / `dvc pull`, with Hugging Face `datasets`:\n\n"
            "```python\n"
            "import datasets\n\n"
            f'ds = datasets.load_dataset("parquet", data_files={{{files}}})\n'
            "```"
        )
    return text


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
