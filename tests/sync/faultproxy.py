"""A fault-injecting HTTP proxy on 127.0.0.1 (real sockets, no mocks) for the sync fault tests.

Each client connection carries one request (the proxy answers ``Connection: close``). Rules are
consumed in order: the first rule whose method and path prefix match, and that has uses left,
decides what happens to that request; unmatched requests pass through unchanged.

Actions:

* ``pass``          forward, answer the server's response
* ``delay``         wait ``seconds``, then forward
* ``drop``          forward (the server commits), then close without answering
* ``duplicate``     forward the request twice at once, answer the second response
* ``truncate``      forward, answer the first half of the response bytes, close
* ``reset``         forward, answer the headers and half the body, then a TCP reset
* ``html200``       (``forward=True``: after forwarding) answer an HTML login page with status 200
* ``status``        (optionally after forwarding) answer ``status`` with a JSON ``detail``
* ``partial``       forward, answer the JSON response with only the first ``keep`` receipts
* ``too_large``     answer 413 when the body exceeds ``limit`` bytes, else forward
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


@dataclass
class Rule:
    """One fault: ``action`` for the next ``times`` requests matching ``method`` and ``path``."""

    action: str
    path: str = "/api/v1/sync/push"
    method: str = "POST"
    times: int = 1
    forward: bool = False
    seconds: float = 0.0
    status: int = 500
    keep: int = 1
    limit: int = 0


@dataclass
class Seen:
    """A request the proxy handled: method, path, body size and the action taken."""

    method: str
    path: str
    size: int
    action: str


@dataclass
class FaultProxy:
    """Listen on 127.0.0.1 (a free port) and forward to ``upstream`` (``host``, ``port``)."""

    upstream: tuple[str, int]
    rules: list[Rule] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True, name="faultproxy")
        self._thread.start()

    def add(self, action: str, **kwargs: Any) -> FaultProxy:
        """Queue a rule (see :class:`Rule`); return self."""
        with self._lock:
            self.rules.append(Rule(action, **kwargs))
        return self

    def count(self, path: str = "/api/v1/sync/push") -> int:
        """Return how many requests to ``path`` (a prefix) the proxy handled."""
        return sum(1 for s in self.seen if s.path.startswith(path))

    def close(self) -> None:
        self._closed = True
        self._sock.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # ---- plumbing ------------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _rule_for(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.times > 0 and rule.method == method and path.startswith(rule.path):
                    rule.times -= 1
                    return rule
        return None

    def _handle(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
            if request is None:
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            rule = self._rule_for(method.decode(), path.decode())
            action = rule.action if rule else "pass"
            self.seen.append(Seen(method.decode(), path.decode(), len(body), action))
            raw = _close_header(head) + body
            self._act(conn, rule, raw, body)
        except OSError:
            pass
        finally:
            conn.close()

    def _forward(self, raw: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as up:
            up.sendall(raw)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _act(self, conn: socket.socket, rule: Rule | None, raw: bytes, body: bytes) -> None:
        if rule is None or rule.action == "pass":
            conn.sendall(self._forward(raw))
        elif rule.action == "delay":
            time.sleep(rule.seconds)
            conn.sendall(self._forward(raw))
        elif rule.action == "drop":
            self._forward(raw)
        elif rule.action == "duplicate":
            answers: list[bytes] = []
            threads = [threading.Thread(target=lambda: answers.append(self._forward(raw))) for _ in range(2)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            conn.sendall(answers[-1])
        elif rule.action == "truncate":
            response = self._forward(raw)
            conn.sendall(response[: len(response) // 2])
        elif rule.action == "reset":
            response = self._forward(raw)
            split = response.find(b"\r\n\r\n") + 4
            conn.sendall(response[: split + (len(response) - split) // 2])
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif rule.action == "html200":
            if rule.forward:
                self._forward(raw)
            conn.sendall(_response(200, "<html><body>请先登录无线网络</body></html>".encode(),
                                   "text/html; charset=utf-8"))
        elif rule.action == "status":
            if rule.forward:
                self._forward(raw)
            conn.sendall(_response(rule.status, json.dumps({"detail": f"injected {rule.status}"}).encode(),
                                   "application/json"))
        elif rule.action == "partial":
            response = self._forward(raw)
            split = response.find(b"\r\n\r\n") + 4
            data = json.loads(response[split:])
            data["receipts"] = data["receipts"][: rule.keep]
            conn.sendall(_response(200, json.dumps(data).encode(), "application/json"))
        elif rule.action == "too_large":
            if len(body) > rule.limit:
                conn.sendall(_response(413, b'{"detail":"request body too large"}', "application/json"))
            else:
                conn.sendall(self._forward(raw))
                with self._lock:
                    rule.times += 1  # a rule that passes stays armed
        else:
            raise ValueError(f"unknown action {rule.action}")


def _read_request(conn: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(max(65536, length - len(rest)))
        if not chunk:
            break
        rest += chunk
    return head, rest


def _close_header(head: bytes) -> bytes:
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _response(status: int, body: bytes, ctype: str) -> bytes:
    reason = {200: "OK", 401: "Unauthorized", 413: "Payload Too Large", 500: "Internal Server Error"}.get(status, "X")
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n").encode() + body
