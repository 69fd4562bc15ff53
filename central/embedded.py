"""Run central inside this process: uvicorn in a background thread on a free loopback port.

Used by the demo command and the tests::

    with start_embedded("sqlite:///tmp/central.sqlite") as server:
        SyncClient(server.url) ...
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Sequence
from types import TracebackType

import uvicorn

from central.auth import create_user
from central.main import create_app

logger = logging.getLogger(__name__)


class EmbeddedServer:
    """A running embedded central: ``url`` is its base URL (``http://127.0.0.1:PORT``), ``db_url`` its DB."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, sock: socket.socket,
                 db_url: str) -> None:
        self.db_url = db_url
        self._server = server
        self._thread = thread
        self._sock = sock
        host, port = sock.getsockname()[:2]
        self.host: str = str(host)
        self.port: int = int(port)
        self.url = f"http://{self.host}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to exit, wait for the thread (up to ``timeout`` seconds) and close the socket."""
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> EmbeddedServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_embedded(db_url: str, host: str = "127.0.0.1", port: int = 0, *,
                   startup_timeout: float = 15.0, users: Sequence[tuple[str, ...]] = (),
                   max_body_bytes: int | None = None) -> EmbeddedServer:
    """Start central on ``db_url`` in a daemon thread; return once it accepts connections.

    Args:
        db_url: SQLAlchemy URL of the central database (created if missing).
        host: interface; port: TCP port, 0 = any free port.
        startup_timeout: seconds to wait for uvicorn to start.
        users: ``(username, password, role)`` or ``(username, password, role, area)`` to create or
            reset first (the demo's user; the area is the user's scope, issue 7).
        max_body_bytes: request body limit (default :data:`central.config.MAX_BODY_BYTES`).

    Raises:
        RuntimeError: uvicorn did not start in time (the thread is stopped).
        OSError: the port cannot be bound.
    """
    app = create_app(db_url) if max_body_bytes is None else create_app(db_url, max_body_bytes=max_body_bytes)
    for username, password, role, *area in users:
        create_user(app.state.engine, username, password, role, area[0] if area else "", replace=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="central-embedded",
                              daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            sock.close()
            raise RuntimeError("embedded central did not start")
        time.sleep(0.01)
    embedded = EmbeddedServer(server, thread, sock, db_url)
    logger.info("embedded central at %s", embedded.url)
    return embedded
