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


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings and window layouts go to a per-test folder, never the developer's own (style guide §10)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DOORSTEP_CONFIG_DIR", str(folder))
    return folder
