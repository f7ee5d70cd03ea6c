"""A storage choice as a DVC remote: validate it, then write it into a repository's DVC config.

``conf/storage/<choice>.yaml`` (schema :class:`~juniper_data.config.StorageConfig`) names the
DVC remote, its URL and its non-secret options. :func:`remote_spec` checks them and
:func:`configure_remote` writes them with ``dvc remote add/modify``. Secrets never pass through
a storage choice: :func:`set_credentials` writes them to the uncommitted ``.dvc/config.local``,
or DVC reads them from the environment.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from juniper_data.adapters.dvc import run_dvc
from juniper_data.config import StorageConfig

# scheme -> (importable module, pip package): DVC needs a plugin per remote type.
PLUGINS = {
    "s3": ("dvc_s3", "juniper-data[s3]"),
    "gs": ("dvc_gs", "dvc-gs"),
    "azure": ("dvc_azure", "dvc-azure"),
    "ssh": ("dvc_ssh", "dvc-ssh"),
    "http": ("dvc_http", "dvc-http"),
    "https": ("dvc_http", "dvc-http"),
}
SCHEMES = ("local", *PLUGINS)

# Remote options that are secrets or machine-specific: only ever in .dvc/config.local.
LOCAL_ONLY_OPTIONS = frozenset(
    {
        "access_key_id",
        "secret_access_key",
        "session_token",
        "password",
        "account_key",
        "sas_token",
        "connection_string",
        "client_secret",
        "credentialpath",
        "keyfile",
        "key_passphrase",
        "custom_auth_header",
    }
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class StorageError(ValueError):
    """A storage choice that cannot become a DVC remote (names the field, value and what is allowed)."""


@dataclass(frozen=True)
class RemoteSpec:
    """One DVC remote as a storage choice describes it.

    Attributes
    ----------
    name : str
        DVC remote name (``dvc push -r <name>``).
    url : str or None
        ``s3://bucket/prefix``, ``/abs/path``, ``~/path``, ``https://...``; None keeps what the
        repository's DVC config already says.
    options : mapping of str to str
        Non-secret ``dvc remote modify`` options (``endpointurl``, ``region``, ...).
    read_only : bool
        Pull only (a static HTTP mirror): pushing is refused.
    """

    name: str
    url: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    read_only: bool = False

    @property
    def scheme(self) -> str:
        """``local``, ``s3``, ``gs``, ``azure``, ``ssh``, ``http`` or ``https`` (``local`` when no URL)."""
        return url_scheme(self.url) if self.url else "local"

    @property
    def location(self) -> str:
        """Where the data lives, for messages: the URL, plus the endpoint of an S3-compatible server."""
        where = self.url or f"remote {self.name!r}"
        endpoint = self.options.get("endpointurl")
        return f"{where} at {endpoint}" if endpoint else where


def url_scheme(url: str) -> str:
    """The remote type of ``url``: ``local`` for paths (and ``file://``), else its URL scheme.

    Examples
    --------
    >>> url_scheme("s3://bucket/prefix"), url_scheme("~/.cache/x"), url_scheme("https://h/p")
    ('s3', 'local', 'https')
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("", "file") or (len(scheme) == 1 and url[1:2] == ":"):  # C:\... on Windows
        return "local"
    return scheme


def load_storage(choice: str = "local", overrides: Sequence[str] = ()) -> StorageConfig:
    """Compose ``conf/storage/<choice>.yaml`` with Hydra, plus ``storage.<key>=<value>`` overrides.

    Parameters
    ----------
    choice : str
        A file name in ``conf/storage/`` (``local``, ``s3``, ``gs``, ``azure``, ``ssh``, ``http``).
    overrides : sequence of str
        Hydra overrides, e.g. ``["storage.url=s3://b/p", "storage.endpointurl=http://127.0.0.1:9000"]``.

    Returns
    -------
    StorageConfig
        Validated: known formats, and a remote part :func:`remote_spec` accepts.

    Raises
    ------
    StorageError
        Unknown choice, bad override, unknown format, or an invalid remote part.

    Examples
    --------
    >>> load_storage("s3", ["storage.url=s3://my-bucket/reg"]).url
    's3://my-bucket/reg'
    """
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.errors import HydraException
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    from juniper_data.config import conf_dir, register_schemas

    folder = conf_dir() / "storage"
    available = sorted(p.stem for p in folder.glob("*.yaml"))
    if choice not in available:
        raise StorageError(f"storage = {choice!r}: no {folder / (choice + '.yaml')}; allowed: {', '.join(available)}")
    register_schemas()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(conf_dir()), version_base="1.3"):
            cfg = compose(overrides=[f"+storage={choice}", *overrides])
        storage = OmegaConf.to_object(cfg.storage)
    except (HydraException, OmegaConfBaseException) as error:
        raise StorageError(f"storage = {choice!r} with overrides {list(overrides)}: {error}") from error
    finally:
        GlobalHydra.instance().clear()
    assert isinstance(storage, StorageConfig)
    from juniper_data.artifacts.writer import check_formats

    try:
        check_formats(storage.formats)
    except ValueError as error:
        raise StorageError(f"storage = {choice!r}: {error}") from error
    remote_spec(storage)  # the remote part must be valid too (no secrets, a resolvable URL)
    return storage


def remote_spec(storage: StorageConfig) -> RemoteSpec:
    """Validate a storage choice's remote part and return it as a :class:`RemoteSpec`.

    Raises
    ------
    StorageError
        Bad remote name, unknown scheme, a relative local path (clones and consumers could not
        resolve it), or a secret among the options.

    Examples
    --------
    >>> spec = remote_spec(StorageConfig(remote="s3", url="s3://b/reg", endpointurl="http://127.0.0.1:9000"))
    >>> spec.scheme, dict(spec.options)
    ('s3', {'endpointurl': 'http://127.0.0.1:9000', 'verify': 'true'})
    """
    if not _NAME.match(storage.remote or ""):
        raise StorageError(f"storage.remote = {storage.remote!r}: a DVC remote name is letters, digits, '_.-'")
    url = storage.url
    if url is not None:
        scheme = url_scheme(url)
        if scheme not in SCHEMES:
            raise StorageError(f"storage.url = {url!r}: unknown scheme {scheme!r}; allowed: {', '.join(SCHEMES)}")
        if scheme == "local" and not (url.startswith("~") or Path(urlsplit(url).path or url).is_absolute()):
            raise StorageError(
                f"storage.url = {url!r}: a local remote must be an absolute path or start with '~' "
                "(a relative one does not resolve from clones and consumers)"
            )
    options: dict[str, str] = {}
    for key, value in [
        ("endpointurl", storage.endpointurl),
        ("region", storage.region),
        *storage.options.items(),
    ]:
        if value is None:
            continue
        if key in LOCAL_ONLY_OPTIONS:
            raise StorageError(
                f"storage.options.{key}: secrets and machine paths never go in committed config; "
                f"set it per machine with `dvc remote modify --local {storage.remote} {key} ...` "
                "or use the environment"
            )
        options[key] = _option_text(value)
    # DVC trusts downloads unless the remote says `verify`: every remote of a registry verifies.
    options.setdefault("verify", "true")
    return RemoteSpec(name=storage.remote, url=url, options=options, read_only=storage.read_only)


def _option_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def require_plugin(scheme: str) -> None:
    """Raise :class:`StorageError` with an install hint when DVC's plugin for ``scheme`` is missing."""
    module, package = PLUGINS.get(scheme, (None, None))
    if module is not None and importlib.util.find_spec(module) is None:
        raise StorageError(f"a {scheme!r} remote needs the {module} package: pip install '{package}'")


def configure_remote(
    repo: str | os.PathLike[str],
    spec: RemoteSpec,
    *,
    default: bool = False,
    local: bool = False,
) -> None:
    """Add (or update) ``spec`` as a DVC remote of ``repo``.

    Parameters
    ----------
    repo : path
        A DVC repository.
    spec : RemoteSpec
    default : bool
        Also make it ``core.remote`` (what a bare ``dvc push``/``pull``/``import`` uses).
    local : bool
        Write to ``.dvc/config.local`` (this machine only) instead of the committed ``.dvc/config``;
        e.g. a private endpoint. Consumers read the committed config, so a registry's shared remote
        belongs there.

    Examples
    --------
    >>> import subprocess, tempfile
    >>> repo = tempfile.mkdtemp()
    >>> _ = subprocess.run(["git", "init", "-q", repo]); _ = run_dvc(["init", "-q"], repo)
    >>> configure_remote(repo, RemoteSpec("backup", "/srv/juniper-data"), default=True)
    >>> run_dvc(["remote", "list"], repo).stdout.split()
    ['backup', '/srv/juniper-data', '(default)']
    """
    require_plugin(spec.scheme)
    level = ["--local"] if local else []
    if spec.url is not None:
        add = ["remote", "add", "--force", *level, *(["--default"] if default else []), spec.name, spec.url]
        _check(run_dvc(add, repo), spec.name)
    elif default:
        _check(run_dvc(["remote", "default", *level, spec.name], repo), spec.name)
    for key, value in spec.options.items():
        _check(run_dvc(["remote", "modify", *level, spec.name, key, value], repo), spec.name)


def set_credentials(repo: str | os.PathLike[str], remote: str, credentials: Mapping[str, str]) -> None:
    """Write credentials for ``remote`` to ``.dvc/config.local`` (git-ignored by DVC), never ``.dvc/config``.

    Parameters
    ----------
    repo : path
    remote : str
        DVC remote name.
    credentials : mapping
        e.g. ``{"access_key_id": ..., "secret_access_key": ...}``.
    """
    for key, value in credentials.items():
        _check(run_dvc(["remote", "modify", "--local", remote, key, value], repo), remote)


def _check(result: Any, remote: str) -> None:
    if result.returncode != 0:
        detail = " ".join(line for line in result.stderr.splitlines() if line.startswith("ERROR"))
        raise StorageError(f"configuring DVC remote {remote!r} failed: {detail or result.stderr.strip()}")
