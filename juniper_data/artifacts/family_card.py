"""A family's card: ``data/<family>/README.md``, one Hugging Face config per variant and no default.

Each variant is a config named after its folder (``n_spirals=2,noise=0.1``) whose
data files are that variant's Parquet splits and whose features are its own
(``ClassLabel`` names, image shape), so ``datasets.load_dataset("data/<family>",
"<variant>")`` gives exactly that variant's rows. There is no default config:
variants differ in classes and features, and rows of several under one schema
would be wrong, so ``load_dataset("data/<family>")`` asks for a config name.
(A family of one variant has that one config, which ``datasets`` then takes.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from juniper_data.artifacts import hf
from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.artifacts.card import CARD_FILE, URL_PLACEHOLDER, collection_metadata, dataset_tags, markdown_table
from juniper_data.layout import data_path


def write_family_card(
    folder: str | Path,
    family: str,
    entry: Mapping[str, Any],
    variants: Sequence[Mapping[str, Any]],
    *,
    registry_url: str | None = None,
    license: str | None = None,
) -> Path:
    """Write ``folder/README.md``, the card of family ``family``.

    Parameters
    ----------
    folder : path
        The family folder (the stage passes its temporary folder); variants in ``folder/<variant>``.
    family : str
    entry : mapping
        The family's resolved recipe (``generator``, ``version``, ``sweep``, ``description``).
    variants : sequence of mapping
        ``{"variant": label, "meta": meta.json content}`` per variant, in recipe order.
    registry_url, license : str, optional
        As for a dataset card (:func:`juniper_data.artifacts.card.write_card`).

    Returns
    -------
    Path
        The card's path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from juniper_data import generate, write_dataset
    >>> from juniper_data.artifacts.meta import read_meta
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> variants = []
    >>> for label, noise in (("noise=0.0", 0.0), ("noise=0.1", 0.1)):
    ...     ds = generate("xor", noise=noise, seed=1).annotate(name=f"grid/{label}")
    ...     variants.append({"variant": label, "meta": read_meta(write_dataset(ds, root / label, card=False))})
    >>> entry = {"generator": "xor", "version": "1.0.0", "sweep": {"noise": [0.0, 0.1]}, "description": ""}
    >>> text = write_family_card(root, "grid", entry, variants, license="cc0-1.0").read_text()
    >>> "config_name: noise=0.1" in text, "default" in text.split("\\n---\\n")[0]
    (True, False)
    """
    target = Path(folder) / CARD_FILE
    atomic_write_bytes(target, family_card_text(family, entry, variants, registry_url=registry_url,
                                                license=license).encode())  # fmt: skip
    return target


def family_card_text(
    family: str,
    entry: Mapping[str, Any],
    variants: Sequence[Mapping[str, Any]],
    *,
    registry_url: str | None = None,
    license: str | None = None,
) -> str:
    """The family card's Markdown, front matter included (a function of its arguments only)."""
    members = [(v["variant"], v["variant"], v["meta"]) for v in variants]
    tags = [tag for v in variants for tag in dataset_tags(v["meta"])]
    data = collection_metadata(family, members, tags, license=license)
    return hf.render_card(data, _body(family, entry, variants, registry_url or URL_PLACEHOLDER))


def _body(family: str, entry: Mapping[str, Any], variants: Sequence[Mapping[str, Any]], url: str) -> str:
    swept = ", ".join(f"`{key}`" for key in entry.get("sweep") or {})
    rows = [
        [
            f"[`{v['variant']}`]({v['variant']}/{CARD_FILE})",
            " · ".join(f"{s} {hf.split_rows(v['meta'], s)}" for s in hf.parquet_files(v["meta"])) or "no Parquet",
            str(v["meta"]["n_features"]),
            str(v["meta"]["n_classes"]),
            f"`{v['meta']['dataset_id']}`",
        ]
        for v in variants
    ]
    first = variants[0]["variant"] if variants else "<variant>"
    sections = [
        f"# {family}",
        str(entry.get("description") or "").strip(),
        f"{len(variants)} variants of generator `{entry['generator']}` v{entry['version']}, swept over {swept}. "
        "Each variant is a Hugging Face config of this folder, named after its folder, with its own "
        "classes and features; there is no default config (name a variant).",
        markdown_table(["variant (config)", "rows", "features", "classes", "dataset id"], rows),
        "## Get this family\n\n"
        "```bash\n"
        f"dvc import {url} {data_path(family)} --rev {family}@vX.Y.Z   # the whole family, tracked\n"
        "```\n\n"
        "```python\n"
        "import datasets\n"
        "from juniper_data import load\n\n"
        f'ds = datasets.load_dataset("{data_path(family)}", "{first}")   # one variant, after dvc import / pull\n'
        f'ds = load("{family}/{first}", repo="{url}", rev="{family}@vX.Y.Z")\n'
        "```",
    ]
    return "\n\n".join(s for s in sections if s) + "\n"
