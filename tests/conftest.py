"""Shared fixtures: a fresh local store per test (a real SQLite file through sqlcipher3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store.db import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty local store in the test's temporary folder."""
    s = open_store(tmp_path / "doorstep.sqlite")
    yield s
    s.close()
