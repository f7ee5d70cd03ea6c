"""A read-only HTTP remote: a static file server over the local remote's folder serves `dvc pull` and `load()`."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from juniper_data import LoadError, load
from juniper_data.artifacts.reader import read_dataset
from juniper_data.storage.remotes import RemoteSpec, configure_remote, load_storage, remote_spec
from juniper_data.storage.sync import RemoteError, pull, push

from .repos import assert_same_arrays, bare_clone, clone, commit, copy_repo, digests, file_md5, git, object_id


class LoggingHandler(SimpleHTTPRequestHandler):
    """``http.server``'s handler; logs ``(method, path, status)`` on its server instead of stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append((self.command, self.path, int(code)))  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass


class StaticServer:
    """``python -m http.server --directory FOLDER`` on 127.0.0.1; ``stop()`` then ``start()`` keeps the port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.requests: list[tuple[str, str, int]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        handler = functools.partial(LoggingHandler, directory=str(self.folder))
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.requests = self.requests  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None


@dataclass
class Published:
    registry: Path
    server: StaticServer
    mirror: RemoteSpec


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, template_registry: Path) -> Iterator[Published]:
    """The registry pushed to a local remote folder that a static HTTP server publishes; tagged v1.

    The registry's committed DVC config names both: ``local`` (its default, where it pushes) and
    the read-only ``http`` mirror, so consumers of a bare clone can choose ``remote="http"``.
    """
    base = tmp_path_factory.mktemp("http-remote")
    server = StaticServer(base / "public-remote")
    server.folder.mkdir()
    server.start()
    registry = copy_repo(template_registry, base / "registry")
    configure_remote(registry, RemoteSpec("local", str(server.folder)), default=True)  # the served folder
    mirror = remote_spec(load_storage("http", [f"storage.url={server.url}"]))
    configure_remote(registry, mirror)
    commit(registry, "remotes: local folder, published read-only over HTTP")
    git(registry, "tag", "v1")
    push(registry)
    yield Published(registry, server, mirror)
    server.stop()


def test_clone_pulls_identical_bytes_from_a_static_http_mirror_of_the_local_remote_and_cannot_push_to_it(
    published: Published, tmp_path: Path
) -> None:
    registry, mirror = published.registry, published.mirror
    fresh = clone(bare_clone(registry, tmp_path / "registry.git"), tmp_path / "fresh")
    assert mirror.read_only and mirror.name == "http"
    configure_remote(fresh, mirror, default=True, local=True)

    pull(fresh)

    assert digests(fresh / "data") == digests(registry / "data")
    with pytest.raises(RemoteError) as failure:
        push(fresh, mirror)
    assert failure.value.kind == "read-only" and published.server.url in str(failure.value)


def test_load_through_the_http_mirror_returns_the_registrys_arrays_and_a_second_load_needs_no_server(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, server = published.registry, published.server
    origin = bare_clone(registry, tmp_path / "registry.git")  # git history only: the data must come over HTTP
    monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "jd-cache"))  # a fresh load cache
    names = ["xor_small", "xor_fam/noise=0.0"]
    server.requests.clear()

    first = {name: load(name, repo=origin, rev="v1", remote="http") for name in names}

    fetched = {
        object_id(path)
        for method, path, status in server.requests
        if method == "GET" and status == 200 and "/files/md5/" in path
    }
    for name, dataset in first.items():
        folder = registry / "data" / name
        assert_same_arrays(dataset, read_dataset(folder))
        assert {file_md5(folder / "meta.json"), file_md5(folder / dataset.meta["artifacts"]["npz"])} <= fetched
    server.stop()
    try:
        again = {name: load(name, repo=origin, rev="v1", remote="http") for name in names}
        with pytest.raises(LoadError) as down:  # not in the load cache: needs the server
            load("spiral_small", repo=origin, rev="v1", remote="http")
        monkeypatch.setenv("JUNIPER_DATA_CACHE", str(tmp_path / "cold"))
        with pytest.raises(LoadError) as down_known:  # a file DVC has indexed, but cannot fetch
            load("xor_small", repo=origin, rev="v1", remote="http")
    finally:
        server.start()  # same port: the module's other tests keep their mirror
    for name in names:
        assert_same_arrays(again[name], first[name])
        assert again[name].source == first[name].source
    for failure in (down, down_known):  # DVC says "no storage files" for both; a probe of the server tells
        message = str(failure.value)
        assert f"could not reach DVC remote 'http' (http://127.0.0.1:{server.port}" in message
        assert "check that the server is up" in message
        assert "no such file is tracked" not in message and "was the data pushed" not in message
