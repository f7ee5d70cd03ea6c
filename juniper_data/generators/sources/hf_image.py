"""Image classification from Hugging Face ``datasets``: MNIST, Fashion-MNIST, or any dataset
with one image column and one ``ClassLabel`` column. Registered as ``mnist`` (its 0.4 name).

Input, one of:

* ``dataset`` + ``revision``: a hub dataset pinned to a 40-hex commit, read
  from the local ``datasets`` cache (downloaded once when online; see
  :mod:`juniper_data.generators.sources.hf_source`). ``mnist`` and ``fashion_mnist``
  mean the hub repositories ``ylecun/mnist`` and ``zalando-datasets/fashion_mnist``.
* ``local_path`` (relative to the import root): a ``save_to_disk`` folder, a
  Parquet file or a folder of Parquet files; its files' sha256 enters the
  recipe as ``local_sha256``. ``dataset`` then only names it.

Rows: ``split`` of the source; with ``n_samples`` the first ``n_samples`` of
``rng.permutation(len(split))``, in that order, else the whole split permuted
the same way (JuniperData 0.4's ``ds.shuffle(seed).select(range(n))`` chose
these rows in this order, since ``Dataset.shuffle`` draws
``default_rng(seed).permutation``). A recipe without a seed took the split's
rows in order in 0.4 (no shuffle: the first ``n_samples``); resolution records
that as ``subsample: first`` (the default ``seeded`` stays out of the recipe;
with a seed, ``subsample: first`` also takes the first rows).
Pixels become float32, divided by 255 when ``normalize``. An image that does
not decode, or a label outside the ``ClassLabel`` names, is an error naming
the source row.

``flatten``: the artifact contract stores ``X`` 2-D, one flattened image per
row, in both cases (the pixel values are identical). ``flatten: false`` records
the image shape in ``meta.json`` ``feature_shape`` (``[28, 28]``, or
``[h, w, 3]`` for colour) so ``X.reshape(-1, *ds.feature_shape)`` gives the
images back; ``flatten: true`` records ``[784]``, a plain vector.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import numpy as np

from juniper_data.generators.params import (
    ParameterError,
    SourceParams,
    described,
    interval,
    omitted_at_default,
    one_of,
)
from juniper_data.generators.registry import GeneratorSpec, RawData
from juniper_data.generators.sources import hf_source
from juniper_data.generators.sources.inputs import (
    SourceDataError,
    check_tree,
    confine,
    files_under,
    pin,
    sha256_file,
    sha256_tree,
)

VERSION = "1.0.0"
HUB_NAMES = {"mnist": "ylecun/mnist", "fashion_mnist": "zalando-datasets/fashion_mnist"}


@dataclass
class HfImageParams(SourceParams):
    """Parameters of the image-classification source (JuniperData 0.4's mnist, generalized)."""

    dataset: str = field(default="mnist", metadata=described("mnist, fashion_mnist or a hub id owner/name"))
    revision: str | None = field(default=None, metadata=described("hub commit sha (40 hex); required for the hub"))
    config: str | None = field(default=None, metadata=described("hub configuration; null: the only one cached"))
    local_path: str | None = field(
        default=None, metadata=described("local copy relative to the import root, instead of the hub")
    )
    local_sha256: str | None = field(
        default=None, metadata=described("sha256 over local_path's files; null: filled in at resolution")
    )
    split: str = field(default="train", metadata=described("source split, or splits joined by '+'"))
    n_samples: int | None = field(default=None, metadata=interval(1, doc="rows drawn without replacement"))
    flatten: bool = field(default=True, metadata=described("false: record the image shape (X stays 2-D)"))
    normalize: bool = field(default=True, metadata=described("divide pixel values by 255"))
    one_hot_labels: bool = field(default=True, metadata=described("kept for 0.4 recipes; y is always one-hot"))
    image_column: str | None = field(default=None, metadata=described("null: the only Image column"))
    label_column: str | None = field(default=None, metadata=described("null: the only ClassLabel column"))
    subsample: str = field(
        default="seeded",
        metadata=omitted_at_default(
            one_of("seeded", "first", doc="rows: a seeded permutation, or the split's first n_samples in order")
        ),
    )

    @classmethod
    def unseeded(cls, resolved: dict[str, Any], given: Mapping[str, Any]) -> None:
        """Without a seed, JuniperData 0.4 took the split's rows in order: record ``subsample: first``.

        Whatever ``subsample`` says (Hydra passes every default): a draw needs a seed.
        """
        resolved["subsample"] = "first"

    def check(self) -> None:
        super().check()
        if not self.one_hot_labels:
            raise ParameterError(
                "parameter 'one_hot_labels' = False; allowed: true (the artifact contract always stores y one-hot)"
            )
        if not self.dataset:
            raise ParameterError("parameter 'dataset' = ''; allowed: mnist, fashion_mnist or a hub id")
        hf_source.check_split(self.split)
        if self.local_path:
            if self.revision is not None:
                raise ParameterError(
                    f"parameter 'revision' = {self.revision!r} with local_path {self.local_path!r}; "
                    "allowed: null (a local copy is pinned by local_sha256)"
                )
            self.local_path = PurePosixPath(os.path.normpath(self.local_path)).as_posix()
            self.local_sha256 = pin("local_sha256", self.local_sha256, local_hash(self.local_path), self.local_path)
        else:
            if self.local_sha256 is not None:
                raise ParameterError("parameter 'local_sha256' is set without local_path; allowed: null")
            hf_source.check_revision(self.revision, self.dataset)


def local_hash(local_path: str) -> str:
    """sha256 of a local copy: the file's, or :func:`sha256_tree` over a folder's files."""
    path = confine("local_path", local_path, kind="path")
    if not path.is_dir():
        return sha256_file(path)
    check_tree("local_path", local_path, path)  # `datasets` reads what it finds there, symlinks included
    return sha256_tree(path, files_under(path))


def load_source(params: HfImageParams) -> Any:
    """The ``datasets.Dataset`` of the chosen split, from the local copy or the pinned hub commit."""
    if params.local_path:
        actual = local_hash(params.local_path)
        if actual != params.local_sha256:
            raise ParameterError(
                f"{params.local_path} changed since the recipe was resolved (sha256 {actual}, "
                f"recipe {params.local_sha256}); resolve the recipe again"
            )
        path = confine("local_path", params.local_path, kind="path")
        return hf_source.load_local(path, params.split, params.local_path)
    assert params.revision is not None
    name = HUB_NAMES.get(params.dataset, params.dataset)
    return hf_source.load_hub(name, params.revision, params.split, params.config)


def pick_column(features: Any, given: str | None, kind: str, param: str, what: str) -> str:
    """The column named ``given``, else the only column whose feature type is ``kind``."""
    types = {name: type(feature).__name__ for name, feature in features.items()}
    listing = ", ".join(f"{n} ({t})" for n, t in types.items())
    if given is not None:
        if types.get(given) != kind:
            raise SourceDataError(f"{what}: parameter '{param}' = {given!r} is not a {kind} column; columns: {listing}")
        return given
    found = [n for n, t in types.items() if t == kind]
    if len(found) != 1:
        raise SourceDataError(
            f"{what}: {'no' if not found else 'several'} {kind} columns; set parameter '{param}'. Columns: {listing}"
        )
    return found[0]


def generate(params: HfImageParams, rng: np.random.Generator) -> RawData:
    """Subsample, decode and scale the images of one split.

    Returns
    -------
    RawData
        ``X`` (n, h*w[*c]) float32, ``labels`` (n,) int64 (the ClassLabel
        indices), ``class_names`` (the ClassLabel names), ``feature_shape``.

    Examples
    --------
    >>> import os, pathlib, tempfile, numpy as np, datasets
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> feats = datasets.Features({"image": datasets.Image(), "label": datasets.ClassLabel(names=["a", "b"])})
    >>> images = [np.full((4, 4), 17 * i, dtype=np.uint8) for i in range(6)]
    >>> data = datasets.Dataset.from_dict({"image": images, "label": [0, 1] * 3}, features=feats)
    >>> data.save_to_disk(str(root / "tiny"))  # doctest: +ELLIPSIS
    ...
    >>> os.environ["JUNIPER_DATA_IMPORT_DIR"] = str(root)
    >>> raw = SPEC.run(SPEC.resolve({"local_path": "tiny", "n_samples": 4, "flatten": False, "seed": 0}))
    >>> del os.environ["JUNIPER_DATA_IMPORT_DIR"]
    >>> raw.X.shape, raw.feature_shape, raw.class_names
    ((4, 16), (4, 4), ('a', 'b'))
    """
    what = params.local_path or f"{params.dataset}@{params.revision}"
    source = load_source(params)
    image_col = pick_column(source.features, params.image_column, "Image", "image_column", what)
    label_col = pick_column(source.features, params.label_column, "ClassLabel", "label_column", what)
    total = len(source)
    n = total if params.n_samples is None else params.n_samples
    if total == 0 or n > total:
        raise ParameterError(f"parameter 'n_samples' = {n}; split {params.split!r} of {what} has {total} rows")
    rows = np.arange(n) if params.subsample == "first" else rng.permutation(total)[:n]
    chosen = source.select(rows).with_format("numpy", columns=[image_col, label_col])
    try:
        batch = chosen[:]
    except (OSError, ValueError, SyntaxError):  # PIL: unidentified or truncated image data
        raise _undecodable(chosen, rows, image_col, what, params.split) from None
    names = source.features[label_col].names
    labels = np.asarray(batch[label_col], dtype=np.int64)
    check_labels(labels, rows, len(names), what, label_col)
    images = decode(batch[image_col], what)
    X = images.astype(np.float32) / 255.0 if params.normalize else images.astype(np.float32)
    shape = tuple(int(d) for d in images.shape[1:])
    return RawData(
        X.reshape(n, -1),
        labels,
        tuple(str(c) for c in names),
        feature_shape=None if params.flatten else shape,
    )


def check_labels(labels: np.ndarray, rows: np.ndarray, n_classes: int, what: str, column: str) -> None:
    """Every label indexes the ``ClassLabel`` names; else an error naming the source row and value."""
    bad = np.flatnonzero((labels < 0) | (labels >= n_classes))
    if bad.size:
        i = int(bad[0])
        value = int(labels[i])
        reason = "no label (-1)" if value == -1 else f"label {value} out of range"
        raise SourceDataError(
            f"{what}: source row {int(rows[i])}, column {column!r}: {reason}; allowed: 0..{n_classes - 1} "
            f"(the column's {n_classes} ClassLabel names)"
        )


def _undecodable(chosen: Any, rows: np.ndarray, column: str, what: str, split: str) -> SourceDataError:
    """The error for the first chosen row whose image does not decode (found one row at a time)."""
    for i, row in enumerate(rows):
        try:
            chosen[i]
        except (OSError, ValueError, SyntaxError) as error:
            return SourceDataError(
                f"{what}: source row {int(row)} of split {split!r}, column {column!r}: not a decodable image "
                f"({type(error).__name__}: {error})"
            )
    return SourceDataError(f"{what}: split {split!r}, column {column!r}: the images do not decode")


def decode(images: Any, what: str) -> np.ndarray:
    """Stack decoded images into (n, h, w[, c]); differing sizes or modes are an error."""
    if isinstance(images, np.ndarray) and images.dtype != object:
        return images
    shapes = sorted({np.shape(im) for im in images})
    raise SourceDataError(f"{what}: images differ in shape {shapes[:3]}; allowed: one size and colour mode")


def input_paths(params: HfImageParams) -> list[str]:
    """The local copy, when used (a hub commit is pinned by ``revision`` instead)."""
    return [params.local_path] if params.local_path else []


SPEC = GeneratorSpec(
    name="mnist",
    version=VERSION,
    params=HfImageParams,
    generate=generate,
    summary="images of a Hugging Face image-classification dataset (MNIST, Fashion-MNIST, ...)",
    inputs=input_paths,
)
