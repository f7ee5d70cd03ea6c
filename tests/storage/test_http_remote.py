"""A read-only HTTP remote: a plain static file server over the local remote's folder serves ``dvc pull``."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from juniper_data.storage.remotes import RemoteSpec, configure_remote, load_storage, remote_spec
from juniper_data.storage.sync import RemoteError, pull, push

from .repos import bare_clone, clone, commit, copy_repo, digests


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``python -m http.server`` equivalent on 127.0.0.1 over a folder; yields (folder, url)."""
    folder = tmp_path / "public-remote"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_clone_pulls_identical_bytes_from_a_static_http_mirror_of_the_local_remote_and_cannot_push_to_it(
    template_registry: Path, static_server: tuple[Path, str], tmp_path: Path
) -> None:
    folder, url = static_server
    registry = copy_repo(template_registry, tmp_path / "registry")
    configure_remote(registry, RemoteSpec("local", str(folder)), default=True)  # the served folder
    commit(registry, "remote: local folder, published over HTTP")
    push(registry)
    fresh = clone(bare_clone(registry, tmp_path / "registry.git"), tmp_path / "fresh")
    mirror = remote_spec(load_storage("http", [f"storage.url={url}"]))
    assert mirror.read_only and mirror.name == "http"
    configure_remote(fresh, mirror, default=True, local=True)

    pull(fresh)

    assert digests(fresh / "data") == digests(registry / "data")
    with pytest.raises(RemoteError) as failure:
        push(fresh, mirror)
    assert failure.value.kind == "read-only" and url in str(failure.value)
