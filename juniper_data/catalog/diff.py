"""``juniper-data diff A B``: what changed between two versions of a dataset (or family).

A side is written ``NAME``, ``NAME@vX.Y.Z``, ``NAME@latest`` or ``NAME@REV``:

* ``NAME`` alone is read as the registry is by default (a checkout's workspace, else
  ``HEAD``), or at ``--rev-a``/``--rev-b`` when given;
* ``@vX.Y.Z`` is the release tag ``NAME@vX.Y.Z`` (a family variant: its family's tag);
* ``@latest`` is the highest release of NAME (or its family);
* ``@REV`` anything else is a git rev: a tag such as ``v2``, a branch, a commit.

The name is what precedes the *last* ``@``. Two different names compare two datasets
(a rename, or two recipes). The report (:func:`diff_versions`) compares recipe
parameters, generator and contract versions, dataset id, each array's hash and
shape, split sizes and class balance from the catalog entries (git only, no data),
and, when both versions' arrays can be read, their rows by content
(:func:`compare_rows`).

Rows are compared as multisets, so order (shuffling) does not matter. A row is its
feature bytes (float32, C order) plus its class *name*:

* identical: present in both, counted with multiplicity;
* changed: of the rest, a row of A whose feature bytes equal those of a remaining row
  of B: the same point with another label;
* removed / added: what remains of A / of B.

So identical + changed + removed = rows of A and identical + changed + added = rows of B.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from juniper_data.adapters import git
from juniper_data.catalog.view import CatalogError, RegistryView
from juniper_data.split_names import FULL, HF_NAMES, TEST, TRAIN, VAL

#: Row comparison loads both versions into memory; larger ones are skipped (``max_rows``).
MAX_ROWS = 5_000_000
#: Feature rows wider than this many bytes are compared by a 16-byte BLAKE2b digest.
RAW_KEY_BYTES = 16
LATEST = "latest"
#: Splits in display order: the array splits (``full`` last, below) and, for older metas, HF's ``validation``.
_SPLIT_ORDER = (TRAIN, VAL, HF_NAMES[VAL], TEST)


@dataclass(frozen=True)
class Version:
    """One side of a diff: a dataset, variant or family name in a registry at one version.

    Attributes
    ----------
    spec : str
        As the user wrote it.
    name : str
    view : RegistryView
    how : str
        How the version was chosen, e.g. ``release tag xor@v1.0.0``.
    """

    spec: str
    name: str
    view: RegistryView
    how: str

    def describe(self) -> dict[str, Any]:
        return {"spec": self.spec, "name": self.name, "commit": self.view.commit, "how": self.how}


def resolve(spec: str, base: RegistryView, rev: str | None = None) -> Version:
    """The :class:`Version` a side names, in the registry of ``base`` (see the module docstring).

    Raises
    ------
    CatalogError
        Empty name, both ``@REV`` and a rev option, an unknown release or rev.
    """
    name, sep, at = spec.rpartition("@")
    if not sep:
        name, at = spec, ""
    if not name:
        raise CatalogError(f"{spec!r}: expected NAME, NAME@vX.Y.Z, NAME@latest or NAME@REV")
    if at and rev is not None:
        raise CatalogError(f"{spec!r} names a version and --rev {rev!r} another; give one of them")
    registry = base.registry
    owners = [name, name.split("/", 1)[0]] if "/" in name else [name]
    try:
        if not at and rev is None:
            return Version(spec, name, base, base.label)
        if at == LATEST or git.parse_version(at) is not None:
            for owner in owners:
                found = git.releases(registry, owner)
                match = found[-1:] if at == LATEST else [r for r in found if r.version == at]
                if match:
                    release = match[0]
                    return Version(spec, name, RegistryView(registry, release.commit), f"release tag {release.tag}")
            known = [r.tag for owner in owners for r in git.releases(registry, owner)]
            raise CatalogError(
                f"{spec!r}: no release {at!r} of {' or '.join(map(repr, owners))} in {registry.location}; "
                f"known: {', '.join(known) or 'none'}"
            )
        target = at or str(rev)
        commit = git.resolve_commit(registry, target)
    except (git.RevisionNotFoundError, git.GitError) as error:
        raise CatalogError(f"{spec!r}: {error}") from None
    return Version(spec, name, RegistryView(registry, commit), f"rev {target} = {commit[:12]}")


def find(version: Version) -> tuple[str, dict[str, Any]]:
    """``("dataset", meta)`` of a dataset or variant, or ``("family", entry)`` of a family."""
    entries = version.view.entries()
    for entry in entries:
        if entry["name"] == version.name:
            return ("dataset", entry["meta"]) if entry["kind"] == "dataset" else ("family", entry)
        for variant in entry.get("variants") or []:
            if variant["meta"]["name"] == version.name:
                return "dataset", variant["meta"]
    # The same error, with close matches, as every other catalog command.
    version.view.row(version.name)
    raise AssertionError("unreachable")  # pragma: no cover


def split_names(meta: dict[str, Any]) -> list[str]:
    """The splits a dataset has, from its arrays: train, val, test first, ``full`` last.

    Examples
    --------
    >>> split_names({"shapes": {"X_full": [3, 2], "X_test": [1, 2], "X_val": [1, 2], "X_train": [1, 2]}})
    ['train', 'val', 'test', 'full']
    """
    found = {key[2:] for key in meta.get("shapes", {}) if key.startswith("X_")}
    head = [s for s in _SPLIT_ORDER if s in found]
    rest = sorted(found - set(head) - {FULL})
    return head + rest + ([FULL] if FULL in found else [])


def array_order(meta: dict[str, Any]) -> list[str]:
    """Array keys by split (train, val, test, full, then extras), ``X`` before ``y``.

    Examples
    --------
    >>> array_order({"shapes": {"y_test": [1], "X_full": [1], "X_test": [1], "X_train": [1], "task_id_full": [1]}})
    ['X_train', 'X_test', 'X_full', 'y_test', 'task_id_full']
    """
    splits = split_names(meta)
    keys = list(meta.get("hashes") or meta.get("shapes") or {})

    def key(name: str) -> tuple[int, int, str]:
        prefix, _, split = name.rpartition("_")
        kind = {"X": 0, "y": 1}.get(prefix, 2)
        return (kind, splits.index(split) if split in splits else len(splits), name)

    return sorted(keys, key=key)


def split_size(meta: dict[str, Any], split: str) -> int:
    """Rows of ``split``: ``n_<split>`` when the meta records it, else the first axis of ``X_<split>``."""
    value = meta.get(f"n_{split}")
    return int(value) if value is not None else int(meta["shapes"][f"X_{split}"][0])


def class_balance(meta: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``{split: {class: rows}}``; a flat ``{class: rows}`` distribution becomes ``{"all": ...}``."""
    dist = meta.get("class_distribution") or {}
    if dist and all(isinstance(v, int) for v in dist.values()):
        return {"all": {str(k): int(v) for k, v in dist.items()}}
    return {str(s): {str(c): int(n) for c, n in counts.items()} for s, counts in dist.items()}


def _pair(a: Any, b: Any) -> dict[str, Any]:
    return {"a": a, "b": b, "changed": a != b}


def diff_meta(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Field-by-field comparison of two dataset metas (no arrays read)."""
    ra, rb = a["recipe"], b["recipe"]
    pa, pb = ra.get("params") or {}, rb.get("params") or {}
    params = {
        "added": {k: pb[k] for k in sorted(set(pb) - set(pa))},
        "removed": {k: pa[k] for k in sorted(set(pa) - set(pb))},
        "changed": {k: {"a": pa[k], "b": pb[k]} for k in sorted(set(pa) & set(pb)) if pa[k] != pb[k]},
    }
    other = sorted((set(ra) | set(rb)) - {"generator", "version", "params"})  # e.g. chunking
    arrays = {}
    keys = {**dict.fromkeys(a.get("hashes", {})), **dict.fromkeys(b.get("hashes", {}))}
    shapes = {**b.get("shapes", {}), **a.get("shapes", {})}
    for key in array_order({"hashes": keys, "shapes": shapes}):
        ha, hb = a.get("hashes", {}).get(key), b.get("hashes", {}).get(key)
        status = "added" if ha is None else "removed" if hb is None else "same" if ha == hb else "changed"
        arrays[key] = {
            "status": status,
            "hash_a": ha,
            "hash_b": hb,
            "shape_a": a.get("shapes", {}).get(key),
            "shape_b": b.get("shapes", {}).get(key),
        }
    splits = {
        s: _pair(split_size(a, s) if s in split_names(a) else None, split_size(b, s) if s in split_names(b) else None)
        for s in _ordered_splits(split_names(a), split_names(b))  # a validation split only one side has: in place
    }
    ca, cb = class_balance(a), class_balance(b)
    balance = {
        s: {
            c: _pair(ca.get(s, {}).get(c), cb.get(s, {}).get(c))
            for c in _merged(list(ca.get(s, {})), list(cb.get(s, {})))
        }
        for s in _ordered_splits(list(ca), list(cb))
    }
    result: dict[str, Any] = {
        "name": _pair(a["name"], b["name"]),
        "generator": _pair(ra["generator"], rb["generator"]),
        "generator_version": _pair(ra.get("version"), rb.get("version")),
        "contract_version": _pair(a.get("contract_version"), b.get("contract_version")),
        "dataset_id": _pair(a["dataset_id"], b["dataset_id"]),
        "params": params,
        "recipe_other": {k: _pair(ra.get(k), rb.get(k)) for k in other},
        "arrays": arrays,
        "splits": splits,
        "class_distribution": balance,
    }
    result["same_content"] = all(v["status"] == "same" for v in arrays.values())
    return result


def _family_meta(entry: dict[str, Any]) -> dict[str, Any]:
    """A family entry's shared recipe in the shape :func:`diff_meta` reads."""
    recipe = {"generator": entry["generator"], "version": entry.get("version"), "params": entry["params"]}
    return {"name": entry["name"], "recipe": recipe, "dataset_id": "", "shapes": {}}


def _ordered_splits(a: list[str], b: list[str]) -> list[str]:
    names = _merged(a, b)
    return split_names({"shapes": {f"X_{n}": [] for n in names}})


def _merged(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def row_keys(X: np.ndarray, labels: np.ndarray, *, with_label: bool = True) -> np.ndarray:
    """One opaque, comparable key per row: its feature bytes (or their digest) and label.

    Parameters
    ----------
    X : ndarray, shape (n, ...)
    labels : ndarray of int, shape (n,)
        Class indices into one class list shared by both sides.

    Returns
    -------
    ndarray of void, shape (n,)

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [0.0, 1.0]], dtype=np.float32)
    >>> bool(row_keys(X, np.array([0, 1]))[0] == row_keys(X, np.array([0, 1]))[1])
    False
    >>> keys = row_keys(X, np.array([0, 1]), with_label=False)
    >>> bool(keys[0] == keys[1]), keys.dtype.itemsize
    (True, 8)
    """
    width = int(np.prod(X.shape[1:], dtype=np.int64)) * X.dtype.itemsize
    raw = np.ascontiguousarray(X).view(np.uint8).reshape(len(X), width)
    if raw.shape[1] > RAW_KEY_BYTES:
        raw = np.frombuffer(
            b"".join(hashlib.blake2b(row.tobytes(), digest_size=RAW_KEY_BYTES).digest() for row in raw), np.uint8
        ).reshape(len(X), RAW_KEY_BYTES)
    if with_label:
        raw = np.concatenate([raw, np.asarray(labels, dtype="<i4").reshape(-1, 1).view(np.uint8)], axis=1)
    raw = np.ascontiguousarray(raw)
    return raw.view(np.dtype((np.void, raw.shape[1]))).reshape(-1)


def _common(a: np.ndarray, b: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Multiset intersection size, and a boolean mask per side of the rows left over."""
    ua, inv_a, ca = np.unique(a, return_inverse=True, return_counts=True)
    ub, inv_b, cb = np.unique(b, return_inverse=True, return_counts=True)
    _, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    keep_a, keep_b = np.zeros(len(ua), np.int64), np.zeros(len(ub), np.int64)
    shared = np.minimum(ca[ia], cb[ib])
    keep_a[ia], keep_b[ib] = shared, shared
    return int(shared.sum()), _leftover(inv_a.reshape(-1), keep_a), _leftover(inv_b.reshape(-1), keep_b)


def _leftover(inverse: np.ndarray, matched: np.ndarray) -> np.ndarray:
    """Mark all but the first ``matched[k]`` occurrences of each unique key ``k`` as left over."""
    order = np.argsort(inverse, kind="stable")
    ranks = np.empty(len(inverse), np.int64)
    sorted_inv = inverse[order]
    starts = np.searchsorted(sorted_inv, sorted_inv, side="left")
    ranks[order] = np.arange(len(inverse)) - starts
    return ranks >= matched[inverse]


def compare_rows(Xa: np.ndarray, la: np.ndarray, Xb: np.ndarray, lb: np.ndarray) -> dict[str, int]:
    """Rows identical / changed / added / removed between two splits (module docstring).

    Parameters
    ----------
    Xa, Xb : ndarray, shape (n_a, ...), (n_b, ...)
    la, lb : ndarray of int, shape (n_a,), (n_b,)
        Labels as indices into one shared class list.

    Examples
    --------
    >>> X = np.array([[0, 0], [1, 1], [2, 2]], dtype=np.float32)
    >>> compare_rows(X, np.array([0, 0, 1]), X[[2, 1, 0]], np.array([0, 0, 0]))
    {'identical': 2, 'changed': 1, 'added': 0, 'removed': 0}
    """
    if int(np.prod(Xa.shape[1:])) != int(np.prod(Xb.shape[1:])) or Xa.dtype != Xb.dtype:
        return {"identical": 0, "changed": 0, "added": len(Xb), "removed": len(Xa)}
    identical, left_a, left_b = _common(row_keys(Xa, la), row_keys(Xb, lb))
    changed, _, _ = _common(
        row_keys(Xa[left_a], la[left_a], with_label=False), row_keys(Xb[left_b], lb[left_b], with_label=False)
    )
    return {
        "identical": identical,
        "changed": changed,
        "added": len(Xb) - identical - changed,
        "removed": len(Xa) - identical - changed,
    }


def diff_datasets(a: Any, b: Any) -> dict[str, dict[str, int]]:
    """:func:`compare_rows` for every split both :class:`~juniper_data.dataset.Dataset` s have."""
    classes = sorted(set(a.class_names) | set(b.class_names))
    index = {c: i for i, c in enumerate(classes)}
    out = {}
    for split in _ordered_splits(split_names(a.meta), split_names(b.meta)):
        if f"X_{split}" in a and f"X_{split}" in b:
            la, lb = (
                np.array([index[c] for c in ds.class_names])[np.argmax(ds[f"y_{split}"], axis=1)] for ds in (a, b)
            )
            out[split] = compare_rows(a[f"X_{split}"], la, b[f"X_{split}"], lb)
    return out


def _rows(a: Version, b: Version, meta_a: dict[str, Any], meta_b: dict[str, Any], max_rows: int) -> dict[str, Any]:
    from juniper_data.adapters.dvc import DataUnavailableError
    from juniper_data.artifacts.reader import ArtifactError
    from juniper_data.consumer.load import LoadError

    big = max(split_size(m, "full") if "full" in split_names(m) else 0 for m in (meta_a, meta_b))
    if big > max_rows:
        return {"compared": False, "reason": f"{big} rows > max_rows {max_rows}"}
    if meta_a["hashes"] == meta_b["hashes"] and meta_a.get("class_names") == meta_b.get("class_names"):
        sizes = {s: split_size(meta_a, s) for s in split_names(meta_a)}
        return {
            "compared": True,
            "from": "hashes",
            "splits": {s: {"identical": n, "changed": 0, "added": 0, "removed": 0} for s, n in sizes.items()},
        }
    try:
        da, db = a.view.dataset(meta_a["name"]), b.view.dataset(meta_b["name"])
    except (CatalogError, LoadError, ArtifactError, DataUnavailableError, git.GitError) as error:
        return {"compared": False, "reason": str(error)}
    return {"compared": True, "from": "arrays", "splits": diff_datasets(da, db)}


def diff_versions(a: Version, b: Version, *, rows: bool = True, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    """The report of ``juniper-data diff`` (``--json`` prints it as is).

    Returns
    -------
    dict
        ``kind`` ('dataset' or 'family'), ``a``/``b`` (how each side was chosen),
        for a dataset the fields of :func:`diff_meta` plus ``rows``; for a family
        ``params``/``sweep`` of the recipe and ``variants``: ``added``, ``removed``
        and a dataset report per variant present in both.

    Raises
    ------
    CatalogError
        A name unknown at its version, or a family compared with a dataset.
    """
    kind_a, obj_a = find(a)
    kind_b, obj_b = find(b)
    if kind_a != kind_b:
        raise CatalogError(f"{a.spec!r} is a {kind_a} and {b.spec!r} a {kind_b}; compare like with like")
    head = {"kind": kind_a, "a": a.describe(), "b": b.describe()}
    if kind_a == "dataset":
        report = diff_meta(obj_a, obj_b)
        report["rows"] = _rows(a, b, obj_a, obj_b, max_rows) if rows else {"compared": False, "reason": "not asked"}
        return {**head, **report}
    variants_a = {v["variant"]: v["meta"] for v in obj_a["variants"]}
    variants_b = {v["variant"]: v["meta"] for v in obj_b["variants"]}
    per_variant = {}
    for key in sorted(set(variants_a) & set(variants_b)):
        report = diff_meta(variants_a[key], variants_b[key])
        va, vb = (Version(x.spec, m["name"], x.view, x.how) for x, m in ((a, variants_a[key]), (b, variants_b[key])))
        report["rows"] = (
            _rows(va, vb, variants_a[key], variants_b[key], max_rows)
            if rows
            else {"compared": False, "reason": "not asked"}
        )
        per_variant[key] = report
    base = diff_meta(_family_meta(obj_a), _family_meta(obj_b))
    return {
        **head,
        "name": base["name"],
        "generator": base["generator"],
        "generator_version": base["generator_version"],
        "params": base["params"],
        "sweep": _pair(obj_a.get("sweep"), obj_b.get("sweep")),
        "variants": {
            "added": sorted(set(variants_b) - set(variants_a)),
            "removed": sorted(set(variants_a) - set(variants_b)),
            "compared": per_variant,
        },
        "same_content": set(variants_a) == set(variants_b) and all(r["same_content"] for r in per_variant.values()),
    }
