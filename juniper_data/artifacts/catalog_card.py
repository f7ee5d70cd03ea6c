"""The registry's top-level card: ``data/README.md``, one row per dataset with its thumbnail.

Its front matter (``huggingface_hub``'s card classes) has one Hugging Face config
per dataset and family variant that has Parquet files, with that dataset's own
data files and features, and no default, so ``datasets.load_dataset("data",
"<name>")`` reads exactly one dataset. Config names are the catalog names, a
variant's ``family/variant`` spelled ``family.variant``
(:func:`juniper_data.artifacts.hf.config_name`: HF refuses ``/``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from juniper_data.artifacts import hf
from juniper_data.artifacts.atomic import atomic_write_bytes
from juniper_data.artifacts.card import CARD_FILE, PREVIEW_FILE, collection_metadata
from juniper_data.layout import DATA_DIR

THUMB_WIDTH = 96


def write_catalog_card(
    data_dir: str | Path,
    entries: Iterable[Mapping[str, Any]],
    *,
    license: str | None = None,
    memo: hf.YamlMemo | None = None,
) -> Path:
    """Write ``data_dir/README.md`` listing ``entries`` with thumbnails and links to their cards.

    Parameters
    ----------
    data_dir : path
        The registry's ``data/`` folder.
    entries : iterable of mapping
        One per dataset or family variant: a ``meta.json`` content or a catalog row.
        Read keys: ``name``; optional ``path`` (the folder, relative to ``data_dir``; a
        leading ``data/`` as in catalog rows is dropped; default ``name``), ``generator``
        (or ``recipe.generator``), ``n_train``, ``n_val``, ``n_test``, ``n_features``, ``n_classes``,
        ``tags``, ``expires``, ``description``. An entry that also carries its ``meta.json``
        fields (``class_names``, ``artifacts`` with Parquet files ...) gets a config.
    license : str, optional
        The registry's Hugging Face license id (default ``unknown``).
    memo : juniper_data.artifacts.hf.YamlMemo, optional
        The YAML of configs written before (the same card, written faster).

    The card is a function of ``entries`` only: rows are sorted by path and every
    row links its ``preview.png`` whether or not the workspace holds it now (a
    catalog built in a clone without pulled data must give the same bytes).

    Returns
    -------
    Path
        The card's path.

    Examples
    --------
    >>> import tempfile
    >>> out = write_catalog_card(tempfile.mkdtemp(), [{"name": "xor1", "generator": "xor", "n_train": 8}])
    >>> "xor1" in out.read_text()
    True
    """
    data_dir = Path(data_dir)
    rows = sorted((dict(e) for e in entries), key=_path)
    generators = sorted({_generator(e) for e in rows})
    lines = [
        "# Dataset catalog",
        "",
        f"{len(rows)} datasets from {len(generators)} generators ({', '.join(generators)}). "
        "Each name links to its card; pull one with `dvc import <registry-url> data/<name> --rev <tag>` "
        'or `juniper_data.load("<name>@vX.Y.Z", repo=...)`.',
        "",
        "| preview | name | generator | train / validation / test | features | classes | tags | expires |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for entry in rows:
        path = _path(entry)
        thumb = f'<img src="{path}/{PREVIEW_FILE}" width="{THUMB_WIDTH}" alt="{entry["name"]}">'
        name = f"[{entry['name']}]({path}/{CARD_FILE})"
        if entry.get("description"):
            name += f"<br>{_cell(entry['description'])}"
        lines.append(
            "| "
            + " | ".join(
                [
                    thumb,
                    name,
                    f"`{_generator(entry)}`",
                    f"{entry.get('n_train', '?')} / {entry.get('n_val') or '-'} / {entry.get('n_test', '?')}",
                    str(entry.get("n_features", "?")),
                    str(entry.get("n_classes", "?")),
                    ", ".join(f"`{t}`" for t in entry.get("tags") or []),
                    str(entry.get("expires") or ""),
                ]
            )
            + " |"
        )
    target = data_dir / CARD_FILE
    text = hf.render_card(front_matter(rows, license=license), "\n".join(lines) + "\n", memo=memo)
    atomic_write_bytes(target, text.encode())
    return target


def front_matter(rows: list[dict[str, Any]], *, license: str | None = None) -> dict[str, Any]:
    """The catalog card's metadata: license, one config per row with Parquet files, no default."""
    members = [(hf.config_name(r["name"]), _path(r), r) for r in rows if hf.parquet_files(r)]
    return collection_metadata("juniper-data registry", members, ["juniper-data"], license=license)


def _path(entry: Mapping[str, Any]) -> str:
    return str(entry.get("path") or entry["name"]).removeprefix(f"{DATA_DIR}/")


def _generator(entry: Mapping[str, Any]) -> str:
    return str(entry.get("generator") or (entry.get("recipe") or {}).get("generator") or "?")


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
