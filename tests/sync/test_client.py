"""SyncClient against a real tiny HTTP server: every failure becomes a SyncError of the right kind."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import SyncError, SyncErrorKind
from desktop.sync.client import BatchTooLarge, SyncClient
from desktop.sync.protocol import Mutation, PushRequest


class _Scripted(http.server.BaseHTTPRequestHandler):
    """Answers ``/api/v1/handshake?device_id=<status>`` with that status; records requests."""

    hits: list[str] = []
    bodies: list[bytes] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        status = int(self.path.rsplit("=", 1)[-1]) if "=" in self.path else 200
        body = b'{"detail":"nope"}' if status != 200 else b'{"server_id": 1}'
        self._send(status, body)

    def do_POST(self) -> None:  # noqa: N802
        self.bodies.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self._send(413, b'{"detail":"too big"}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@pytest.fixture
def scripted() -> Iterator[str]:
    _Scripted.hits, _Scripted.bodies = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("status", "kind"), [
    (401, SyncErrorKind.AUTH), (403, SyncErrorKind.AUTH), (409, SyncErrorKind.WRONG_SERVER),
    (422, SyncErrorKind.VALIDATION), (426, SyncErrorKind.UPGRADE_REQUIRED), (500, SyncErrorKind.SERVER),
    (404, SyncErrorKind.SERVER), (200, SyncErrorKind.SERVER),  # 200 with a body of the wrong shape
])
def test_status_mapping(scripted: str, status: int, kind: SyncErrorKind) -> None:
    with pytest.raises(SyncError) as err:
        SyncClient(scripted).handshake(str(status))
    assert err.value.kind is kind


def test_gets_are_retried_on_503_then_fail_as_server(scripted: str) -> None:
    with pytest.raises(SyncError) as err:
        SyncClient(scripted, retries=2, backoff=0.01).handshake("503")
    assert err.value.kind is SyncErrorKind.SERVER
    assert len(_Scripted.hits) == 3


def test_push_413_and_utf8_body(scripted: str) -> None:
    req = PushRequest(device_id="d", server_id="", schema_version=SCHEMA_VERSION, mutations=[
        Mutation(mutation_no=1, entity="area", record_id="r", base_version=0, client_time="",
                 fields={"name": "鄞州区"})])
    with pytest.raises(BatchTooLarge):
        SyncClient(scripted).push(req)
    assert "鄞州区".encode() in _Scripted.bodies[0]
    assert len(_Scripted.bodies) == 1  # a push is never retried by the client


def test_every_refusal_keeps_centrals_http_status(tmp_path: Path) -> None:
    """A wrong password is told from a revoked device by central's status (401 vs 403 at /auth/login), not by
    the wording of its message (a review: the service compared the English detail text)."""
    from central.embedded import start_embedded

    with start_embedded(f"sqlite:///{tmp_path / 'central.sqlite'}") as server:
        client = SyncClient(server.url)
        with pytest.raises(SyncError) as err:
            client.login("nobody", "not-a-password", "dev-status")
        assert err.value.status == 401
        with pytest.raises(SyncError) as err:
            client.conflicts()  # no token
        assert err.value.status == 401
        client.close()
