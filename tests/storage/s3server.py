"""A real S3-compatible server on loopback for the tests: moto's ThreadedMotoServer, stoppable hard.

moto's own ``stop()`` only ends the accept loop: the listening socket and keep-alive
connections stay open, so a client would hang instead of seeing a dead server. This
subclass closes both, like a crashed process, and can start again on the same port.
The S3 state (buckets, objects) lives in moto's process-wide backends, so it survives
a restart the way a disk-backed server's (MinIO, Ceph) would.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

import requests
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import WSGIRequestHandler, make_server

logging.getLogger("werkzeug").setLevel(logging.ERROR)


class _TrackingHandler(WSGIRequestHandler):
    """Remembers its connection on the server so :meth:`S3Server.stop` can cut it."""

    def setup(self) -> None:
        super().setup()
        self.server.open_connections.add(self.connection)  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.server.open_connections.discard(self.connection)  # type: ignore[attr-defined]
        super().finish()

    def log_request(self, *args: Any) -> None:  # keep test output clean
        pass


class S3Server(ThreadedMotoServer):
    """moto S3 on ``127.0.0.1``; ``stop()`` drops every connection; ``start()`` reuses the port.

    ``stop_after_puts(n)`` makes the server stop itself (from another thread) once it has
    stored ``n`` more objects: a deterministic "server died in the middle of a push".
    ``requests`` logs ``(method, path)`` of every request served, to show what a client fetched.
    """

    def __init__(self, port: int = 0) -> None:
        super().__init__(ip_address="127.0.0.1", port=port, verbose=False)
        self._puts_left: int | None = None
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.stopped_by_itself = threading.Event()

    @property
    def endpoint(self) -> str:
        return f"http://{self._ip_address}:{self._port}"

    def _server_entry(self) -> None:
        app = self._counting(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, threaded=True, request_handler=_TrackingHandler)
        self._server.open_connections = set()  # type: ignore[attr-defined]
        self._port = self._server.server_address[1]  # a restart binds the same port
        self._server_ready_event.set()
        self._server.serve_forever()

    def _counting(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            body = app(environ, start_response)
            self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
            is_object_put = environ["REQUEST_METHOD"] == "PUT" and environ["PATH_INFO"].strip("/").count("/") >= 1
            if is_object_put:
                with self._lock:
                    if self._puts_left is not None:
                        self._puts_left -= 1
                        if self._puts_left == 0:
                            self._puts_left = None
                            threading.Thread(target=self._die, daemon=True).start()
            return body

        return wrapped

    def _die(self) -> None:
        self.stop()
        self.stopped_by_itself.set()

    def stop_after_puts(self, count: int) -> None:
        with self._lock:
            self._puts_left = count
        self.stopped_by_itself.clear()

    def stop(self) -> None:
        # moto's start() waits on this event: left set, a restart would return before the new bind.
        self._server_ready_event.clear()
        server = self._server
        if server is None:
            return
        server.shutdown()
        server.server_close()
        for connection in list(server.open_connections):  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server = None
        if self._thread is not None:
            self._thread.join()

    def set_auth(self, enforced: bool) -> None:
        """Make moto check credentials (IAM) on every request, or accept any (its default)."""
        requests.post(f"{self.endpoint}/moto-api/reset-auth", data=b"0" if enforced else b"inf", timeout=10)
