"""Fixtures: the central app on a fresh SQLite file, through FastAPI's TestClient."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from central.main import create_app
from tests.sync.support import pg_schema_url


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
    """A TestClient whose server errors come back as responses (to check they leak nothing)."""
    with TestClient(create_app(db_url), raise_server_exceptions=False) as client:
        yield client
