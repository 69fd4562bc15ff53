"""Fixtures: a real central (embedded uvicorn thread) on SQLite and on PostgreSQL, and local stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from central.embedded import EmbeddedServer
from desktop.store.db import Store, open_store
from tests.sync.support import central_server

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmbeddedServer]:
    """A running central on a fresh database (SQLite file or PostgreSQL schema)."""
    with central_server(str(request.param), tmp_path) as (server, _url):
        yield server


@pytest.fixture
def store_a(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "a.db")
    yield store
    store.close()


@pytest.fixture
def store_b(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "b.db")
    yield store
    store.close()
