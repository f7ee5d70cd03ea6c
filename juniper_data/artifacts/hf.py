"""What Hugging Face ``datasets`` sees of a dataset: its features, its configs, its card's metadata.

One description, computed from ``meta`` (or a split's arrays) without importing
``datasets``, feeds every place HF reads:

* :func:`hf_features` -- the features in ``datasets``' JSON form, as the Parquet
  schema's ``huggingface`` metadata holds them (``Features.from_dict`` reads it);
  :func:`yaml_features` -- the same in the card's ``dataset_info`` form.
* :func:`config_entry` -- one ``configs`` entry of a card (name, data files) and its
  ``dataset_info`` (features, split sizes), for a dataset, a family variant or the catalog.
* :func:`render_card` -- the card text, front matter written by ``huggingface_hub``'s
  ``DatasetCardData``/``DatasetCard`` (imported lazily), so the YAML is theirs, not ours.

A dataset whose ``feature_shape`` has 2 to 5 axes (images, ARC grids) also has a
column :data:`SHAPED_COLUMN` (``x``): each row's features in that shape, an
``Array2D`` .. ``Array5D`` feature, so HF and tensors get images back. The flat
columns ``x0 ..`` stay (the contract's feature columns; docs/contract.md).

Examples
--------
>>> f = hf_features(4, ["a", "b"], [2, 2])
>>> list(f), f["x"]["_type"], f["x"]["shape"]
(['x0', 'x1', 'x2', 'x3', 'label', 'x'], 'Array2D', [2, 2])
>>> config_name("spiral_grid/n_spirals=2,noise=0.1")
'spiral_grid.n_spirals=2,noise=0.1'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from juniper_data.columns import feature_names
from juniper_data.split_names import array_split

#: The column holding each row's features in ``feature_shape`` (when that has 2..5 axes).
SHAPED_COLUMN = "x"
#: ``datasets`` has ``Array2D`` .. ``Array5D``.
SHAPED_AXES = range(2, 6)
#: The card license of a dataset whose registry names none: nothing is claimed.
UNKNOWN_LICENSE = "unknown"
#: A Hugging Face license id (``cc0-1.0``, ``cc-by-4.0``, ``mit``, ``openrail++``, ``other``, ``unknown``).
LICENSE_RE = re.compile(r"^[a-z0-9][a-z0-9.+_-]*$")
_GLOB = re.compile(r"([\[\]*?])")


def shaped(feature_shape: Sequence[int] | None) -> tuple[int, ...] | None:
    """``feature_shape`` if it gets a shaped column (2..5 axes), else None.

    Examples
    --------
    >>> shaped([28, 28]), shaped([784]), shaped(None)
    ((28, 28), None, None)
    """
    shape = tuple(int(d) for d in feature_shape or ())
    return shape if len(shape) in SHAPED_AXES else None


def hf_features(
    n_features: int,
    class_names: Sequence[str],
    feature_shape: Sequence[int] | None = None,
    extras: Mapping[str, tuple[Any, Sequence[int]]] | None = None,
) -> dict[str, Any]:
    """The ``datasets`` features (JSON form) of a split table: ``x0 ..``, ``label``, ``x`` when shaped, extras.

    Parameters
    ----------
    n_features : int
    class_names : sequence of str
        The ``ClassLabel`` names (index = label).
    feature_shape : sequence of int, optional
        Shape of one sample; 2..5 axes add the :data:`SHAPED_COLUMN` (float32 ``ArrayND``).
    extras : mapping, optional
        ``{name: (dtype, row shape)}`` of the per-row extra columns, in column order.
    """
    out: dict[str, Any] = {name: {"dtype": "float32", "_type": "Value"} for name in feature_names(n_features)}
    out["label"] = {"names": list(class_names), "_type": "ClassLabel"}
    shape = shaped(feature_shape)
    if shape is not None:
        out[SHAPED_COLUMN] = {"shape": list(shape), "dtype": "float32", "_type": f"Array{len(shape)}D"}
    for name, (dtype, row_shape) in (extras or {}).items():
        out[name] = extra_feature(np.dtype(dtype), row_shape)
    return out


def extra_feature(dtype: np.dtype, row_shape: Sequence[int]) -> dict[str, Any]:
    """Feature of one extra column: strings ``Value("string")``, numbers ``Value``, a row of k a fixed-length list.

    Examples
    --------
    >>> extra_feature(np.dtype("<U8"), ()), extra_feature(np.dtype("float32"), (9,))["length"]
    ({'dtype': 'string', '_type': 'Value'}, 9)
    """
    value = {"dtype": "string" if dtype.kind in "US" else dtype.name, "_type": "Value"}
    if not row_shape:
        return value
    return {"feature": value, "length": int(np.prod(row_shape)), "_type": "Sequence"}


def meta_features(meta: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`hf_features` of a dataset from its ``meta`` alone (what its Parquet files declare)."""
    extras = {name: (meta["dtypes"][f"{name}_train"], meta["shapes"][f"{name}_train"][1:])
              for name in meta.get("extras") or ()}  # fmt: skip
    return hf_features(int(meta["n_features"]), meta["class_names"], meta.get("feature_shape"), extras)


def yaml_features(features: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Features (JSON form) as a card's ``dataset_info.features`` list (``datasets``' YAML form).

    Examples
    --------
    >>> yaml_features({"x0": {"dtype": "float32", "_type": "Value"}, "label": {"names": ["a"], "_type": "ClassLabel"}})
    [{'name': 'x0', 'dtype': 'float32'}, {'name': 'label', 'dtype': {'class_label': {'names': {'0': 'a'}}}}]
    """
    out: list[dict[str, Any]] = []
    for name, feature in features.items():
        kind = feature["_type"]
        if kind == "Value":
            out.append({"name": name, "dtype": feature["dtype"]})
        elif kind == "ClassLabel":
            names = {str(i): c for i, c in enumerate(feature["names"])}
            out.append({"name": name, "dtype": {"class_label": {"names": names}}})
        elif kind == "Sequence":
            out.append({"name": name, "list": feature["feature"]["dtype"], "length": feature["length"]})
        else:  # Array2D .. Array5D -> array2_d .. array5_d
            key = f"array{kind[5:-1]}_d"
            out.append({"name": name, "dtype": {key: {"shape": feature["shape"], "dtype": feature["dtype"]}}})
    return out


def split_rows(meta: Mapping[str, Any], split: str) -> int:
    """Rows of Parquet split ``split`` (``n_train``, ``n_test``; ``validation`` -> ``n_val``)."""
    return int(meta[f"n_{array_split(split)}"])


def split_infos(meta: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``dataset_info.splits`` of a dataset: every split its Parquet files hold, with its size.

    ``num_bytes`` is the Arrow size of the fixed-width columns (float32 features,
    int64 label, the shaped column's values); ``datasets`` checks ``num_examples`` only.
    """
    per_row = 4 * int(meta["n_features"]) * (2 if shaped(meta.get("feature_shape")) else 1) + 8
    return [{"name": s, "num_bytes": per_row * split_rows(meta, s), "num_examples": split_rows(meta, s)}
            for s in parquet_files(meta)]  # fmt: skip


def parquet_files(meta: Mapping[str, Any]) -> dict[str, str]:
    """``{split: path relative to the dataset folder}`` of the Parquet splits (empty when not written)."""
    return dict((meta.get("artifacts") or {}).get("parquet") or {})


def data_file(path: str) -> str:
    """A card ``data_files`` path that matches exactly ``path``: HF reads them as globs (``[``, ``]`` escaped).

    Examples
    --------
    >>> data_file("grid/origin=[0,1]/parquet/train.parquet")
    'grid/origin=[[]0,1[]]/parquet/train.parquet'
    """
    return _GLOB.sub(r"[\1]", path)


def config_name(name: str) -> str:
    """The HF config name of dataset ``name`` in the catalog card: ``family/variant`` -> ``family.variant``.

    HF refuses ``/`` in config names (and ``<>:\\|?*``); dataset and family names never
    hold ``.`` (``juniper_data.names``), so the first ``.`` splits the two parts back.
    """
    return name.replace("/", ".", 1)


def config_entry(
    name: str, meta: Mapping[str, Any], folder: str = ""
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``configs`` and ``dataset_info`` entries of one dataset under config name ``name`` (None without Parquet).

    ``folder`` is the dataset folder relative to the card (``""``: the card's own folder).
    """
    files = parquet_files(meta)
    if not files:
        return None
    prefix = f"{folder}/" if folder else ""
    data_files = [{"split": split, "path": data_file(prefix + path)} for split, path in files.items()]
    config = {"config_name": name, "data_files": data_files}
    info = {"config_name": name, "features": yaml_features(meta_features(meta)), "splits": split_infos(meta)}
    return config, info


def configs(named: Iterable[tuple[str, str, Mapping[str, Any]]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``configs`` and ``dataset_info`` of several datasets: ``(config name, folder, meta)`` each; no default.

    Raises
    ------
    ValueError
        When two datasets would get the same config name.
    """
    entries: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    for name, folder, meta in named:
        if any(e["config_name"] == name for e in entries):
            raise ValueError(f"two datasets map to the Hugging Face config name {name!r}")
        entry = config_entry(name, meta, folder)
        if entry is not None:
            entries.append(entry[0])
            infos.append(entry[1])
    return entries, infos


def check_license(value: Any, source: str = "conf/registry.yaml") -> str:
    """``value`` if it is a Hugging Face license id; ``None`` -> :data:`UNKNOWN_LICENSE`; else ``ValueError``.

    Examples
    --------
    >>> check_license("cc0-1.0"), check_license(None)
    ('cc0-1.0', 'unknown')
    """
    if value is None:
        return UNKNOWN_LICENSE
    if not isinstance(value, str) or not LICENSE_RE.match(value):
        raise ValueError(
            f"{source}: license = {value!r}; allowed: a Hugging Face license id "
            "(lower case, e.g. cc0-1.0, cc-by-4.0, mit, other, unknown) or null"
        )
    return value


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, first occurrence kept (card tags).

    Examples
    --------
    >>> unique(["juniper-data", "spiral", "spiral", "demo"])
    ['juniper-data', 'spiral', 'demo']
    """
    return list(dict.fromkeys(items))


def render_card(metadata: Mapping[str, Any], body: str, *, memo: YamlMemo | None = None) -> str:
    """The card: ``metadata`` as the front matter ``huggingface_hub`` writes, then the Markdown ``body``.

    Keys keep ``DatasetCardData``'s order (its named fields, then the others as given);
    the text is a function of the arguments only (byte-deterministic). ``memo`` remembers
    the YAML of each config (see :class:`YamlMemo`): the same text, written faster when
    most configs are unchanged (the registry's catalog card has one per dataset).

    Examples
    --------
    >>> text = render_card({"license": "cc0-1.0", "pretty_name": "x", "tags": ["a"]}, "# x\\n")
    >>> text.splitlines()[:4]
    ['---', 'license: cc0-1.0', 'pretty_name: x', 'tags:']
    """
    from huggingface_hub import DatasetCardData

    data = DatasetCardData(**metadata)
    fields = data.to_dict()
    # ``str(DatasetCard(text))`` parses the front matter and writes it again: the same text when
    # the data reads back the same (the usual case). libyaml's loader checks that far faster than
    # huggingface_hub's pure-Python one; the text itself stays PyYAML's emitter's (libyaml's wraps
    # and escapes differently).
    front, read_back = _hub_yaml(fields, memo)
    try:
        again = DatasetCardData(**read_back()).to_dict()
    except Exception:  # e.g. a value only the full loader reads back: let huggingface_hub decide
        again = None
    if again == fields and list(again) == list(fields):
        return f"---\n{front}\n---\n\n{body}"
    return hub_card(metadata, body)


def hub_card(metadata: Mapping[str, Any], body: str) -> str:
    """:func:`render_card` through ``huggingface_hub`` alone (its round trip, in pure-Python YAML)."""
    from huggingface_hub import DatasetCard, DatasetCardData

    data = DatasetCardData(**metadata)
    return str(DatasetCard(f"---\n{data.to_yaml()}\n---\n\n{body}"))


#: Top-level card keys whose list items :func:`render_card` emits one by one: a config per dataset.
ITEMIZED_KEYS = ("configs", "dataset_info")


class YamlMemo:
    """The YAML text of card items already emitted, by the item's ``repr``: PyYAML's emitter is pure
    Python, and the catalog card has two items per dataset of which an edit changes one or two.

    An item's text is remembered only after it read back (libyaml) equal to the item, and only
    for items of plain JSON-like values, whose ``repr`` names their value and types exactly.
    ``used`` is what the renders so far needed (the part :meth:`save` keeps). :meth:`read` drops a
    file written by another PyYAML or not as this code wrote it (its digest: edited by hand).

    Examples
    --------
    >>> memo = YamlMemo()
    >>> front = render_card({"configs": [{"config_name": "a", "data_files": "a/*.parquet"}]}, "", memo=memo)
    >>> list(memo.used.values())
    ['- config_name: a\\n  data_files: a/*.parquet\\n']
    """

    def __init__(self, texts: Mapping[str, str] | None = None) -> None:
        self.texts = dict(texts or {})
        self.start = dict(self.texts)
        self.used: dict[str, str] = {}

    @property
    def changed(self) -> bool:
        return self.used != self.start

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> YamlMemo:
        """The memo saved at ``path``; empty when it is missing, unreadable or not the file :meth:`save` wrote."""
        import json

        try:
            saved = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            saved = {}
        texts = saved.get("texts") if isinstance(saved, dict) and saved.get("pyyaml") == _pyyaml() else None
        if not isinstance(texts, dict) or saved.get("digest") != _digest(texts):
            texts = None
        return cls(texts)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write what the renders used to ``path`` (atomically), unless that is what the memo started with."""
        import json

        from juniper_data.artifacts.atomic import atomic_write_bytes

        if not self.changed:
            return
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        saved = {"pyyaml": _pyyaml(), "digest": _digest(self.used), "texts": self.used}
        atomic_write_bytes(path, json.dumps(saved).encode())

    def text(self, item: Any) -> tuple[str, bool]:
        """``(the YAML of [item], whether it is known to read back as item)``."""
        import hashlib

        key = hashlib.sha256(repr(item).encode()).hexdigest() if _plain(item) else None
        if key is not None and key in self.texts:
            self.used[key] = self.texts[key]
            return self.texts[key], True
        text = _dump([item])
        if key is not None and _safe_load(text) == [item]:
            self.texts[key] = self.used[key] = text
            return text, True
        return text, False


def _hub_yaml(fields: Mapping[str, Any], memo: YamlMemo | None = None) -> tuple[str, Any]:
    """``DatasetCardData.to_yaml()`` of data whose ``to_dict()`` is ``fields`` (``huggingface_hub.utils.yaml_dump``:
    ``yaml.dump``, PyYAML's emitter, its full representer, unicode as is), and a function reading it back.

    With ``memo``, each top-level key is emitted on its own and the items of :data:`ITEMIZED_KEYS` one by
    one: PyYAML emits a top-level mapping's entries and a block sequence's items independently of
    their neighbours (same column, same indent), unless an object occurs twice (an anchor and an
    alias); then the whole is emitted at once.
    """
    if memo is None or not fields or _shared(fields):
        text = _dump(dict(fields)).strip()
        return text, lambda: _safe_load(text)
    parts: list[str] = []
    loaded: dict[str, Any] = {}
    for key, value in fields.items():
        if key in ITEMIZED_KEYS and isinstance(value, list) and value:
            parts.append(f"{key}:\n")  # the keys are plain words: nothing to quote
            items: list[Any] = []
            for item in value:
                text, known = memo.text(item)
                parts.append(text)
                items.append(item if known else (_safe_load(text) or [None])[0])
            loaded[key] = items
        else:
            text = _dump({key: value})
            parts.append(text)
            loaded.update(_safe_load(text))
    front = "".join(parts).strip()
    return front, lambda: loaded


def _pyyaml() -> str:
    import yaml

    return str(yaml.__version__)


def _digest(texts: Mapping[str, str]) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def _dump(data: Any) -> str:
    import yaml

    text: str = yaml.dump(data, Dumper=yaml.Dumper, sort_keys=False, allow_unicode=True)
    return text


def _shared(data: Any) -> bool:
    """Whether an object PyYAML would anchor (anything but None, ``()``, str, bytes, bool, int, float) occurs twice."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if node is None or node == () or isinstance(node, (str, bytes, bool, int, float)):
            continue
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, Mapping):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)):
            stack.extend(node)
    return False


def _plain(item: Any) -> bool:
    """Whether ``item`` holds only dicts with str keys, lists, str, int, float, bool and None."""
    if item is None or type(item) in (str, int, float, bool):
        return True
    if type(item) is list:
        return all(_plain(v) for v in item)
    if type(item) is dict:
        return all(type(k) is str and _plain(v) for k, v in item.items())
    return False


def _safe_load(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
