"""Fixtures: the central app on a fresh SQLite file (or PostgreSQL schema), through FastAPI's TestClient.

The ``api`` client signs in like a device would: each request carries the Bearer token of the
device it names (``device_id`` in the JSON body, the raw body or the query), got from
``/auth/login`` as ``supervisor1`` (:data:`API_USER`) on first use; requests naming no (valid) device use ``d-any``.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from central.main import create_app
from tests.sync.support import PASSWORD, add_test_users, pg_schema_url

#: The user the ``api`` client signs in as: a supervisor of the whole district, so these tests of the API's
#: mechanics are not limited by scope (issue 7; scope itself: tests/central/test_scope.py).
API_USER = "supervisor1"
_DEVICE_IN_TEXT = re.compile(r'"device_id"\s*:\s*"([^"]{1,64})"')


class SignedInClient(TestClient):
    """A TestClient that adds each named device's access token (see the module docstring)."""

    tokens: dict[str, str]

    def _device(self, kwargs: dict[str, Any]) -> str:
        body = kwargs.get("json")
        if isinstance(body, dict) and isinstance(body.get("device_id"), str):
            return str(body["device_id"])
        params = kwargs.get("params")
        if isinstance(params, dict) and isinstance(params.get("device_id"), str):
            return str(params["device_id"])
        content = kwargs.get("content")
        if isinstance(content, (str, bytes)):
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
            found = _DEVICE_IN_TEXT.search(text)
            if found:
                return found.group(1)
        return "d-any"

    def token(self, device: str) -> str:
        if device not in self.tokens:
            resp = super().request("POST", "/api/v1/auth/login", content=json.dumps(
                {"username": API_USER, "password": PASSWORD, "device_id": device}),
                headers={"Content-Type": "application/json"})
            if resp.status_code != 200:
                return self.token("d-any")
            self.tokens[device] = resp.json()["access_token"]
        return self.tokens[device]

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if "/auth/" not in str(url):
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("Authorization", f"Bearer {self.token(self._device(kwargs))}")
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh central database: a SQLite file, or a new schema of the PostgreSQL ``test`` database."""
    if request.param == "postgres":
        with pg_schema_url() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'central.sqlite'}"


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    """A signed-in TestClient whose server errors come back as responses (to check they leak nothing)."""
    app = create_app(db_url)
    add_test_users(db_url)
    with SignedInClient(app, raise_server_exceptions=False) as client:
        client.tokens = {}
        yield client
