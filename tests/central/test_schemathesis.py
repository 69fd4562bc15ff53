"""A bounded schemathesis run against central's OpenAPI spec (issue 7 §6), part of ``make test``.

Every operation of ``/api/v1/openapi.json`` gets generated requests (valid and invalid ones) through
the ASGI app on a fresh SQLite database, signed in as a supervisor. Schemathesis's default checks
must all pass: no 500, every status code, content type, header and body as documented, invalid
input refused, auth not ignored. Derandomized (the same examples every run) and bounded by
:data:`MAX_EXAMPLES` per operation, so it adds seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.parameters import ParameterLocation

from central.main import create_app
from desktop.sync.protocol import API_PREFIX
from tests.sync.support import PASSWORD, add_test_users

#: Generated examples per operation (and per generation mode).
MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def central_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    """The app on a fresh SQLite file and a supervisor's access token."""
    db = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'central.sqlite'}"
    app = create_app(db)
    add_test_users(db)
    with TestClient(app) as client:
        resp = client.post(f"{API_PREFIX}/auth/login", json={
            "username": "supervisor1", "password": PASSWORD, "device_id": "schemathesis-supervisor"})
        assert resp.status_code == 200, resp.text
        yield app, str(resp.json()["access_token"])
    app.state.engine.dispose()


def _operations(app: FastAPI) -> list[Any]:
    loaded = schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", app)
    return [result.ok() for result in loaded.get_all_operations()]


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda mode: mode.value)
def test_every_operation_conforms_to_the_spec(central_app: tuple[FastAPI, str],
                                              mode: schemathesis.GenerationMode) -> None:
    app, token = central_app
    operations = _operations(app)
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            header = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
            if header is not None and header.mode.is_negative:  # the case is about the headers: send them as made
                case.call_and_validate()
            else:
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        try:
            run()
        except Unsatisfiable:  # no invalid request exists (no parameters, no body): nothing to test
            assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
