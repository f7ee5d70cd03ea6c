"""``JuniperDataClient``: the old REST client's methods, answered in this process.

A create request is either a **recipe** (a generator and its parameters), made by
:func:`juniper_data.generate` with JuniperData 0.17.1's defaults
(:mod:`juniper_data.client.request`), or a **registry dataset**, read by
:func:`juniper_data.load` at a pinned version: ``"name@vX.Y.Z"``, ``"name@latest"``,
or a plain name at the client's ``rev``. Responses have the old shapes
(:mod:`juniper_data.client.response`).

Datasets created in this process are kept in one store shared by every client (as
the service's storage was), by dataset id. The id is content-derived (the same request
gives the same id and the same arrays); the ``artifact_url`` is a ``juniper-data:``
URI that says how to make the arrays again, so :meth:`JuniperDataClient.download_artifact_npz`
also takes it, in any process. Only the standard library is imported with this
module: numpy and the generators load on the first request, DVC and git only for a
registry dataset.
"""

from __future__ import annotations

import copy
import json
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from juniper_data.client.errors import (
    JuniperDataCompatibilityWarning,
    JuniperDataConfigurationError,
    JuniperDataContractError,
    JuniperDataNotFoundError,
    JuniperDataValidationError,
)
from juniper_data.client.request import (
    MENU_NAMES,
    REGISTRY_ENV,
    default_seed,
    effective_request,
    service_defaults,
    split_registry,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["JuniperDataClient"]

URI_SCHEME = "juniper-data:"
GENERATE_URI = URI_SCHEME + "generate/"
LOAD_URI = URI_SCHEME + "load/"
#: Datasets whose arrays the store keeps; older ones keep their metadata and are made again on demand.
KEEP_ARRAYS = 16
MIGRATION_GUIDE = "docs/migration.md"
#: Constructor arguments of the HTTP client that mean nothing in-process.
IGNORED_ARGUMENTS = ("base_url", "timeout", "retries", "backoff_factor", "api_key", "on_request")
_warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_once(argument: str, why: str) -> None:
    """One :class:`JuniperDataCompatibilityWarning` per ignored ``argument`` and process."""
    with _warned_lock:
        if argument in _warned:
            return
        _warned.add(argument)
    warnings.warn(
        f"JuniperDataClient: {argument} is ignored ({why}); see {MIGRATION_GUIDE}",
        JuniperDataCompatibilityWarning,
        stacklevel=3,
    )


@dataclass
class _Entry:
    meta: dict[str, Any]
    url: str
    arrays: dict[str, np.ndarray] | None


class _Store:
    """Datasets by id, in creation order; the arrays of the :data:`KEEP_ARRAYS` most recently used."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, dataset_id: str, entry: _Entry) -> None:
        with self._lock:
            self._entries[dataset_id] = entry
            self._touch(dataset_id)

    def get(self, dataset_id: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(dataset_id)
            if entry is not None and entry.arrays is not None:
                self._touch(dataset_id)
            return entry

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._entries)

    def _touch(self, dataset_id: str) -> None:
        self._recent[dataset_id] = None
        self._recent.move_to_end(dataset_id)
        while len(self._recent) > KEEP_ARRAYS:
            oldest, _ = self._recent.popitem(last=False)
            self._entries[oldest].arrays = None


_STORE = _Store()


class JuniperDataClient:
    """The ``juniper_data_client.JuniperDataClient`` API, without a service.

    Parameters
    ----------
    base_url, timeout, retries, backoff_factor, api_key, on_request
        Accepted for drop-in compatibility (positionally too, in the old order) and
        ignored: a :class:`~juniper_data.client.JuniperDataCompatibilityWarning` is
        issued once per process for each one given.
    registry : str or path, optional
        The registry that named datasets are read from: a checkout, a bare repository
        or a git URL, optionally ``"<registry>@<rev>"``. Default:
        ``$JUNIPER_DATA_REGISTRY`` (same spelling); unset: none (a versioned name is
        then read from the registry checkout around the current directory).
    rev : str, optional
        The git rev (tag, branch, commit) that plain dataset names are read at
        (default: the one in ``registry``, else ``HEAD``). A versioned name
        (``name@vX.Y.Z``, ``name@latest``) carries its own.

    Examples
    --------
    >>> from juniper_data.client import JuniperDataClient
    >>> client = JuniperDataClient()
    >>> created = client.create_dataset("spiral", {"n_points_per_spiral": 20, "sizing_mode": "carve"})
    >>> sorted(created)
    ['artifact_url', 'dataset_id', 'generator', 'meta']
    >>> arrays = client.download_artifact_npz(created["dataset_id"])
    >>> list(arrays), arrays["X_train"].shape, created["meta"]["n_test"]
    (['X_train', 'y_train', 'X_val', 'y_val', 'X_test', 'y_test'], (32, 2), 8)
    >>> created["meta"]["params"]["seed"], created["artifact_url"][:22]
    (42, 'juniper-data:generate/')
    """

    def __init__(
        self,
        base_url: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff_factor: float | None = None,
        api_key: str | None = None,
        on_request: Any = None,
        *,
        registry: str | os.PathLike[str] | None = None,
        rev: str | None = None,
    ) -> None:
        given = dict(zip(IGNORED_ARGUMENTS, (base_url, timeout, retries, backoff_factor, api_key, on_request),
                         strict=True))  # fmt: skip
        for argument, value in given.items():
            if value is not None:
                warn_once(argument, "the client answers in this process: no server, no network")
        self.base_url = base_url
        self.default_seed = default_seed()
        self.registry, self.rev = _registry_setting(registry, rev)

    def __repr__(self) -> str:
        where = f"registry={self.registry!r}, rev={self.rev!r}" if self.registry else "no registry"
        return f"JuniperDataClient(in-process, {where})"

    # -- health -------------------------------------------------------------------------------

    def health_check(self) -> dict[str, Any]:
        """``{"status": "ok", "version", "service", "mode", "registry", "rev", ...}``; always ok.

        There is no service to probe. A registry is reached only when a dataset is
        read from it; an unreachable one is then a :class:`JuniperDataNotFoundError`
        naming it.
        """
        import juniper_data

        return {
            "status": "ok",
            "version": juniper_data.__version__,
            "service": "juniper-data",
            "mode": "in-process",
            "registry": self.registry,
            "rev": self.rev,
            "git_sha": None,
            "build_date": None,
        }

    def is_ready(self) -> bool:
        """True: the client is ready as soon as it exists."""
        return True

    def wait_for_ready(self, timeout: float = 30.0, poll_interval: float = 0.5) -> bool:
        """True at once (nothing starts up); the arguments are accepted and unused."""
        return True

    # -- generators ---------------------------------------------------------------------------

    def list_generators(self) -> list[dict[str, Any]]:
        """Every generator: ``{name, version, description, available, install_hint, schema}``.

        ``schema`` is :meth:`get_generator_schema`'s, defaults as this client fills them in.
        """
        from juniper_data.generators import registry

        out = []
        for name in registry.available():
            spec = registry.get(name)
            available, hint = _availability(name)
            out.append({"name": name, "version": spec.version, "description": spec.summary,
                        "available": available, "install_hint": hint,
                        "schema": self._schema(name)})  # fmt: skip
        return out

    def get_generator_schema(self, name: str) -> dict[str, Any]:
        """JSON schema of a generator's parameters, plus ``available``.

        Raises
        ------
        JuniperDataNotFoundError
            For an unknown generator, listing the known ones.
        """
        from juniper_data.generators import registry

        if name not in registry.KNOWN:
            raise JuniperDataNotFoundError(
                f"generator {name!r} not found{_menu_hint(name)}; known generators: {', '.join(registry.available())}",
                status_code=404,
            )
        return {**self._schema(name), "available": _availability(name)[0]}

    def _schema(self, name: str) -> dict[str, Any]:
        from juniper_data.client.response import generator_schema

        return generator_schema(name, service_defaults(name, self.default_seed))

    # -- datasets -----------------------------------------------------------------------------

    def create_dataset(
        self,
        generator: str,
        params: Mapping[str, Any] | None = None,
        *,
        persist: bool = True,
        name: str | None = None,
        description: str | None = None,
        created_by: str | None = None,
        parent_dataset_id: str | None = None,
        tags: list[str] | None = None,
        ttl_seconds: int | None = None,
    ) -> dict[str, Any]:
        """Make a dataset from a recipe, or read one from the registry.

        Parameters
        ----------
        generator : str
            A generator name (``"spiral"``; then ``params``), or a registry dataset:
            ``"name@vX.Y.Z"`` / ``"name@latest"`` (a release), or a plain dataset name
            when the client has a registry (read at its ``rev``).
        params : mapping, optional
            The generator's parameters, as 0.17.1 took them. Missing ones take
            0.17.1's defaults (``sizing_mode`` additive, or carve 0.8/0.1/0.1 for
            real-data generators; ``seed`` 42, or ``$JUNIPER_DATA_DEFAULT_GENERATOR_SEED``
            for every generator but spiral). Unknown names are errors. None for a
            registry dataset (its recipe is the release's).
        persist : bool
            Ignored: every dataset is kept in this process's store; nothing outlives it.
        name, description, created_by, parent_dataset_id, tags : optional
            Copied into ``meta`` (``name`` as ``dataset_name``), as 0.17.1 did.
        ttl_seconds : int, optional
            Copied into ``meta``; nothing expires (a warning says so once).

        Returns
        -------
        dict
            ``{"dataset_id", "generator", "meta", "artifact_url"}``: ``meta`` in
            0.17.1's layout (counts per split, ``class_distribution`` over all splits,
            ``task_type``, ``dataset_name``, ``dataset_version``, ``truncation``,
            ``data_quality``, complete ``params`` ...) plus ``source``.

        Raises
        ------
        JuniperDataValidationError
            Unknown generator or parameter, a wrong type or an out-of-range value
            (the message names the parameter and what is allowed), or params for a
            registry dataset.
        JuniperDataNotFoundError
            A registry dataset, rev or release that cannot be loaded.
        JuniperDataContractError
            Fetched arrays that do not match their metadata.
        """
        annotations = _annotations(name, description, created_by, parent_dataset_id, tags, ttl_seconds)
        if not isinstance(generator, str) or not generator:
            raise JuniperDataValidationError(f"generator = {generator!r}; allowed: a generator or dataset name",
                                             status_code=400)  # fmt: skip
        if params is not None and (not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params)):
            raise JuniperDataValidationError(f"params = {params!r}; allowed: a mapping of parameter names to values",
                                             status_code=400)  # fmt: skip
        if self._is_registry_name(generator):
            if params:
                raise JuniperDataValidationError(
                    f"{generator!r} is a registry dataset: its recipe is fixed by the registry, so it takes no "
                    f"params (got {sorted(params)}); to change it, use the generator with params",
                    status_code=400,
                )
            entry = self._read_registry(generator)
        else:
            entry = self._generate(generator, dict(params or {}))
        entry.meta.update(annotations)
        dataset_id = entry.meta["dataset_id"]
        _STORE.put(dataset_id, entry)
        return {"dataset_id": dataset_id, "generator": entry.meta["generator"], "meta": copy.deepcopy(entry.meta),
                "artifact_url": entry.url}  # fmt: skip

    def download_artifact_npz(self, dataset_id: str) -> dict[str, np.ndarray]:
        """The dataset's arrays: ``X_train, y_train, X_val, y_val, X_test, y_test`` (float32, one-hot ``y``).

        ``dataset_id`` is an id :meth:`create_dataset` returned in this process, or
        its ``artifact_url`` (from any process). Each call returns fresh copies.

        Raises
        ------
        JuniperDataNotFoundError
            An id this process never created (say which, and what to do).
        """
        entry = self._entry(dataset_id)
        arrays = entry.arrays if entry.arrays is not None else self._materialize(entry.url).arrays
        assert arrays is not None
        return {key: value.copy() for key, value in arrays.items()}

    def download_artifact_bytes(self, dataset_id: str) -> bytes:
        """The NPZ file's bytes (``np.savez`` of the arrays, sorted keys; ``meta["checksum"]`` is their sha256)."""
        from juniper_data.client.response import npz_bytes

        return npz_bytes(self.download_artifact_npz(dataset_id))

    def get_dataset_metadata(self, dataset_id: str) -> dict[str, Any]:
        """The ``meta`` :meth:`create_dataset` returned for ``dataset_id`` (or its ``artifact_url``)."""
        return copy.deepcopy(self._entry(dataset_id).meta)

    def list_datasets(self, limit: int = 100, offset: int = 0) -> list[str]:
        """Ids of the datasets created in this process, oldest first (``offset``, at most ``limit``).

        Registry datasets are listed by ``juniper-data list --repo URL`` (no id is needed to read one).
        """
        return _STORE.ids()[offset : offset + limit]

    def close(self) -> None:
        """Nothing to close (no session); kept for ``with`` blocks and old code."""

    def __enter__(self) -> JuniperDataClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _is_registry_name(self, name: str) -> bool:
        from juniper_data.generators import registry

        return "@" in name or (self.registry is not None and name not in registry.KNOWN)

    def _entry(self, dataset_id: str) -> _Entry:
        if not isinstance(dataset_id, str):
            raise JuniperDataValidationError(f"dataset_id = {dataset_id!r}; allowed: a string", status_code=400)
        if dataset_id.startswith(URI_SCHEME):
            return self._materialize(dataset_id)
        entry = _STORE.get(dataset_id)
        if entry is None:
            raise JuniperDataNotFoundError(
                f"dataset {dataset_id!r} not found: ids name datasets created by this process (there is no "
                "server that keeps them); call create_dataset again (the same request gives the same id and "
                "arrays) or pass its artifact_url",
                status_code=404,
            )
        return entry

    def _materialize(self, url: str) -> _Entry:
        """Make the arrays an ``artifact_url`` names again, and store them."""
        if url.startswith(GENERATE_URI):
            path, _, query = url[len(GENERATE_URI) :].partition("?")
            fields = dict(parse_qsl(query, keep_blank_values=True))
            expected = fields.pop("id", None)
            try:
                params = {key: json.loads(value) for key, value in fields.items()}
            except ValueError:
                raise JuniperDataValidationError(f"artifact URL {url!r} is not one this client made",
                                                 status_code=400) from None  # fmt: skip
            entry = self._generate(unquote(path), params, add_defaults=False)
            if expected is not None and entry.meta["dataset_id"] != expected:
                raise JuniperDataNotFoundError(
                    f"artifact URL {url!r} names dataset {expected}, but this juniper-data makes "
                    f"{entry.meta['dataset_id']} from that recipe (another generator version)",
                    status_code=404,
                )
        elif url.startswith(LOAD_URI):
            path, _, query = url[len(LOAD_URI) :].partition("?")
            fields = dict(parse_qsl(query))
            entry = self._read_registry(unquote(path), repo=fields.get("repo"), rev=fields.get("commit"))
        else:
            raise JuniperDataValidationError(
                f"artifact URL {url!r}: allowed: {GENERATE_URI}... or {LOAD_URI}...", status_code=400
            )
        stored = _STORE.get(entry.meta["dataset_id"])
        if stored is not None:  # keep the metadata the create returned (its created_at, name ...)
            stored.arrays = entry.arrays
            _STORE.put(entry.meta["dataset_id"], stored)
            return stored
        _STORE.put(entry.meta["dataset_id"], entry)
        return entry

    def _generate(self, generator: str, params: dict[str, Any], add_defaults: bool = True) -> _Entry:
        from juniper_data.generators import registry
        from juniper_data.generators.params import ParameterError
        from juniper_data.generators.sources.inputs import SourceDataError

        if generator not in registry.KNOWN:
            raise JuniperDataValidationError(
                f"unknown generator {generator!r}{_menu_hint(generator)}; known generators: "
                f"{', '.join(registry.available())}"
                + ("" if self.registry else f" (a registry dataset needs registry= or ${REGISTRY_ENV}, "
                   "or a versioned name 'name@vX.Y.Z')"),
                status_code=400,
            )  # fmt: skip
        from juniper_data import generate
        from juniper_data.client.response import complete_params, now, service_arrays, service_meta

        request = effective_request(generator, params, self.default_seed) if add_defaults else params
        try:
            dataset = generate(generator, **request)
        except (ParameterError, SourceDataError) as error:
            raise JuniperDataValidationError(f"invalid parameters for generator {generator!r}: {error}",
                                             status_code=400) from error  # fmt: skip
        recipe = dataset.meta["recipe"]
        arrays = service_arrays(dataset)
        meta = service_meta(dataset, arrays, params=complete_params(generator, recipe["params"]), created_at=now(),
                            source={"kind": "generate"})  # fmt: skip
        return _Entry(meta, generate_uri(generator, recipe["params"], meta["dataset_id"]), arrays)

    def _read_registry(self, name: str, repo: str | None = None, rev: str | None = None) -> _Entry:
        from juniper_data.artifacts.reader import ArtifactError
        from juniper_data.client.response import complete_params, now, service_arrays, service_meta
        from juniper_data.consumer.load import LoadError, load
        from juniper_data.consumer.pins import split_version

        version = split_version(name)[1]
        repo = repo if repo is not None else self.registry
        rev = rev if rev is not None or version is not None else self.rev
        try:
            dataset = load(name, repo=repo, rev=rev)
        except LoadError as error:
            raise JuniperDataNotFoundError(str(error), status_code=404) from error
        except ArtifactError as error:
            raise JuniperDataContractError(str(error)) from error
        except ValueError as error:  # a dataset name that is not one
            raise JuniperDataValidationError(str(error), status_code=400) from error
        assert dataset.source is not None
        base = split_version(name)[0]
        recipe = dataset.meta["recipe"]
        arrays = service_arrays(dataset)
        source = {"kind": "registry", "name": base, **dataset.source}
        meta = service_meta(dataset, arrays, params=complete_params(recipe["generator"], recipe["params"]),
                            created_at=now(), source=source, dataset_name=dataset.meta.get("dataset_name") or base,
                            dataset_version=dataset.meta.get("dataset_version"))  # fmt: skip
        url = f"{LOAD_URI}{quote(base, safe='/=,')}?" + urlencode(
            {"repo": dataset.source["repo"], "commit": dataset.source["commit"]}
        )
        return _Entry(meta, url, arrays)


def generate_uri(generator: str, params: Mapping[str, Any], dataset_id: str) -> str:
    """``juniper-data:generate/<generator>?<param>=<json>&...&id=<dataset id>``: the recipe, as a URL.

    Examples
    --------
    >>> generate_uri("xor", {"seed": 1, "noise": 0.5}, "xor-abc")
    'juniper-data:generate/xor?noise=0.5&seed=1&id=xor-abc'
    """
    query = [(key, json.dumps(params[key], separators=(",", ":"))) for key in sorted(params)]
    return f"{GENERATE_URI}{quote(generator)}?" + urlencode([*query, ("id", dataset_id)], safe=",:")


def _registry_setting(registry: str | os.PathLike[str] | None, rev: str | None) -> tuple[str | None, str | None]:
    """``(registry, rev)`` from the arguments, else ``$JUNIPER_DATA_REGISTRY``."""
    if registry is None:
        registry = os.environ.get(REGISTRY_ENV, "").strip() or None
    if registry is None:
        return None, rev
    if isinstance(registry, os.PathLike):
        return os.fspath(registry), rev
    location, spelled = split_registry(registry)
    if spelled is not None and rev is not None and spelled != rev:
        raise JuniperDataConfigurationError(
            f"registry {registry!r} names rev {spelled!r} and rev={rev!r} names another; give one"
        )
    return location, rev if rev is not None else spelled


def _annotations(
    name: str | None,
    description: str | None,
    created_by: str | None,
    parent_dataset_id: str | None,
    tags: list[str] | None,
    ttl_seconds: int | None,
) -> dict[str, Any]:
    """The request's own fields, as 0.17.1 copied them into ``meta`` (only those given)."""
    if ttl_seconds is not None:
        if isinstance(ttl_seconds, bool) or not isinstance(ttl_seconds, int) or ttl_seconds < 1:
            raise JuniperDataValidationError(f"ttl_seconds = {ttl_seconds!r}; allowed: an integer >= 1",
                                             status_code=400)  # fmt: skip
        warn_once("ttl_seconds", "nothing expires: a dataset lives as long as this process")
    fields = {"dataset_name": name, "description": description, "created_by": created_by,
              "parent_dataset_id": parent_dataset_id, "ttl_seconds": ttl_seconds}  # fmt: skip
    out: dict[str, Any] = {key: value for key, value in fields.items() if value is not None}
    if tags is not None:
        out["tags"] = list(tags)
    return out


def _menu_hint(name: str) -> str:
    real = MENU_NAMES.get(name)
    return f"; did you mean {real!r}? (the dashboard's menu name; the trainer translated it)" if real else ""


def _availability(name: str) -> tuple[bool, str | None]:
    """Whether a generator's optional dependencies are installed, and what installs them."""
    import importlib.util

    if name == "mnist":
        try:
            found = importlib.util.find_spec("datasets") is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            return False, "pip install datasets (or the full juniper-data install)"
    if name == "kaggle":
        return True, "pip install 'juniper-data[kaggle]' to download (a local_path copy needs nothing)"
    return True, None
