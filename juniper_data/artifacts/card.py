"""The dataset card: ``README.md`` and ``preview.png`` inside the dataset folder.

The card lives inside the artifact, so it is a pure function of the dataset
(its ``meta`` and arrays) and of an optional registry URL given by the caller
from committed configuration. Nothing volatile enters it: no dates, no commit
(the commit that records a card cannot be written into it), no machine paths,
no ``git remote`` of whichever clone happened to build it. The pull snippets
therefore take the rev as a placeholder and pin the *content* with the
dataset id and array hash, which ``load`` checks.

The YAML front matter is the Hugging Face dataset card metadata, written by
``huggingface_hub``'s card classes (:func:`juniper_data.artifacts.hf.render_card`):
``license`` (the registry's), ``configs`` (one ``default`` config: the data files
of every Parquet split), ``dataset_info`` (features with the ``ClassLabel``
names, the image shape as ``Array2D``, split sizes) and ``tags`` (each once), so
``datasets.load_dataset(<folder>)`` reads the folder as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juniper_data.artifacts import hf
from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.artifacts.preview import image_shape
from juniper_data.dataset import Dataset
from juniper_data.layout import data_path
from juniper_data.split_names import VAL, hf_name, splits_of

CARD_FILE = "README.md"
PREVIEW_FILE = "preview.png"
URL_PLACEHOLDER = "<registry-url>"
SIZE_BUCKETS = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))  # fmt: skip


def write_card(folder: Path, dataset: Dataset, *, registry_url: str | None = None, license: str | None = None) -> None:
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
    license : str, optional
        The card's Hugging Face license id (the registry's ``license``); default ``unknown``.

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
    text = card_text(dataset.meta, registry_url=registry_url, license=license)
    atomic_write_bytes(folder / CARD_FILE, text.encode())


def card_text(meta: dict[str, Any], *, registry_url: str | None = None, license: str | None = None) -> str:
    """The card's Markdown, front matter included (:func:`card_metadata`), for a dataset's ``meta``."""
    url = registry_url or URL_PLACEHOLDER
    recipe = meta["recipe"]
    sections = [
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
        + markdown_table(["parameter", "value"], [[f"`{k}`", f"`{v}`"] for k, v in recipe["params"].items()]),
        "## Content hashes\n\nsha256 of each array's bytes (C order); `load()` and `verify` check them.\n\n"
        + markdown_table(
            ["array", "shape", "dtype", "sha256"],
            [[f"`{k}`", str(tuple(meta["shapes"][k])), meta["dtypes"][k], f"`{h}`"] for k, h in meta["hashes"].items()],
        ),
        "## Get this version\n\n" + snippets(meta, url),
    ]
    return hf.render_card(card_metadata(meta, license=license), "\n\n".join(s for s in sections if s) + "\n")


def card_metadata(meta: dict[str, Any], *, license: str | None = None) -> dict[str, Any]:
    """Hugging Face card metadata of a dataset: license, sizes, task, one ``default`` config, features, tags.

    Examples
    --------
    >>> from juniper_data import generate
    >>> data = card_metadata(generate("xor", seed=0).annotate(name="x", tags=["xor"]).meta, license="cc0-1.0")
    >>> data["license"], data["tags"], data["task_categories"]
    ('cc0-1.0', ['juniper-data', 'synthetic', 'xor'], ['tabular-classification'])
    """
    parquet = hf.parquet_files(meta)
    rows = sum(hf.split_rows(meta, s) for s in parquet) if parquet else int(meta["n_full"])
    data: dict[str, Any] = {
        "license": license or hf.UNKNOWN_LICENSE,
        "size_categories": [size_category(rows)],
        "task_categories": [task_category(meta)],
        "pretty_name": meta["name"],
    }
    entry = hf.config_entry("default", meta)
    if entry is not None:
        data["configs"], data["dataset_info"] = [entry[0]], entry[1]
    else:
        data["dataset_info"] = {"features": hf.yaml_features(hf.meta_features(meta))}
    data["tags"] = dataset_tags(meta)
    return data


def collection_metadata(
    pretty_name: str, members: list[tuple[str, str, dict[str, Any]]], tags: list[str], *, license: str | None = None
) -> dict[str, Any]:
    """Card metadata of several datasets in one card (a family, the catalog): one config each, no default.

    ``members``: ``(config name, folder relative to the card, meta)``; those without
    Parquet files get no config. Sizes count every member's Parquet rows.
    """
    configs, infos = hf.configs(members)
    rows = sum(hf.split_rows(meta, s) for _, _, meta in members for s in hf.parquet_files(meta))
    data: dict[str, Any] = {
        "license": license or hf.UNKNOWN_LICENSE,
        "size_categories": [size_category(rows)],
        "task_categories": hf.unique(sorted(task_category(meta) for _, _, meta in members)),
        "pretty_name": pretty_name,
    }
    if configs:
        data["configs"], data["dataset_info"] = configs, infos
    data["tags"] = hf.unique(tags)
    return data


def front_matter(meta: dict[str, Any], *, license: str | None = None) -> str:
    """The card's front matter (YAML, as ``huggingface_hub`` writes it) of a dataset."""
    from huggingface_hub import DatasetCardData

    text: str = DatasetCardData(**card_metadata(meta, license=license)).to_yaml() + "\n"
    return text


def task_category(meta: dict[str, Any]) -> str:
    """``image-classification`` for images and grids, else ``tabular-classification``."""
    return "image-classification" if image_shape(meta) is not None else "tabular-classification"


def dataset_tags(meta: dict[str, Any]) -> list[str]:
    """Card tags, each once: ``juniper-data``, ``synthetic`` (generated, not imported), generator, catalog tags."""
    from juniper_data.generators import registry

    generator = meta["recipe"]["generator"]
    try:
        generated = registry.get(generator).inputs is registry.no_inputs
    except registry.UnknownGeneratorError:  # a dataset written by a generator this install lacks
        generated = False
    return hf.unique(["juniper-data", *(["synthetic"] if generated else []), generator, *meta.get("tags", [])])


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
    """Rows per class and split (validation when the dataset has it), with each class's share of the full set."""
    dist = meta["class_distribution"]
    splits = splits_of(meta)
    total = max(int(meta["n_full"]), 1)
    rows = [
        [
            f"`{c}`",
            *(str(dist[s][c]) for s in splits),
            f"{100 * dist['full'][c] / total:.1f}%",
        ]
        for c in meta["class_names"]
    ]
    rows.append(["**all**", *(str(meta[f"n_{s}"]) for s in splits), "100%"])
    head = f"{meta['n_features']} features, {meta['n_classes']} classes.\n\n"
    return head + markdown_table(["class", *(hf_name(s) if s == VAL else s for s in splits), "share"], rows)


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
        files = ", ".join(f'"{s}": "{hf.data_file(f"{data_path(name)}/{p}")}"' for s, p in parquet.items())
        text += (
            "\n\nAfter `dvc import` / `dvc pull`, with Hugging Face `datasets`:\n\n"
            "```python\n"
            "import datasets\n\n"
            f'ds = datasets.load_dataset("parquet", data_files={{{files}}})\n'
            "```"
        )
    return text


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (``|`` in cells escaped).

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [["1", "x|y"]]))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
