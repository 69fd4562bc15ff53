"""The local store: schema file, pragmas, outbox in the same transaction, encryption."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import WrongPassphrase
from desktop.paths import schema_path
from desktop.store import tables as t
from desktop.store.db import LOCAL_SCHEMA_VERSION, Store, open_store
from desktop.store.records import write_record
from desktop.store.schema import render_schema


def test_schema_sql_is_what_the_metadata_renders() -> None:
    assert schema_path().read_text(encoding="utf-8") == render_schema(), "run `make schema`"


def test_fresh_store_has_exactly_the_metadata_columns(store: Store) -> None:
    with store.read() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table' "
                                                    "AND name NOT LIKE 'sqlite_%'")}
        search = {n for n in names if any(n == s or n.startswith(s + "_") for s in t.SEARCH_TABLES)}
        assert names - search - set(t.STATS_TABLES) == set(t.metadata.tables)
        assert set(t.SEARCH_TABLES) <= search  # FTS5 search structures (0007), not metadata
        assert set(t.STATS_TABLES) <= names  # statistics aggregates (0009), not metadata
        for table in t.metadata.sorted_tables:
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table.name})")]
            assert cols == [c.name for c in table.columns], table.name
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index' "
                                                      "AND name LIKE 'ix_%'")}
        assert indexes == {str(i.name) for tb in t.metadata.sorted_tables for i in tb.indexes}
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == LOCAL_SCHEMA_VERSION


def test_pragmas(store: Store) -> None:
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _count(store: Store, table: t.Table) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_edit_and_outbox_entry_commit_together(store: Store) -> None:
    with store.write() as conn:
        no = write_record(conn, "resident", "r-1", {"name": "王芳", "id_number": "110101199003071233"},
                          user="u", device_id=store.device_id)
    assert no == 1
    with store.read() as conn:
        entry = conn.execute(select(t.outbox)).mappings().one()
    assert entry["record_id"] == "r-1" and entry["status"] == "pending" and entry["base_version"] == 0
    assert json.loads(entry["fields"])["name"] == "王芳"

    with pytest.raises(RuntimeError), store.write() as conn:
        write_record(conn, "resident", "r-2", {"name": "李四"}, user="u", device_id=store.device_id)
        raise RuntimeError("crash between the edit and the commit")
    assert _count(store, t.resident) == 1
    assert _count(store, t.outbox) == 1


def test_unknown_field_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown fields"), store.write() as conn:
        write_record(conn, "resident", "r-1", {"nmae": "x"}, user="u", device_id=store.device_id)
    assert _count(store, t.outbox) == 0


def test_device_id_is_stable_across_reopen(tmp_path: Path) -> None:
    a = open_store(tmp_path / "s.sqlite")
    device = a.device_id
    a.close()
    b = open_store(tmp_path / "s.sqlite")
    assert b.device_id == device
    b.close()


def test_encrypted_store_hides_personal_data_and_refuses_a_wrong_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "secret.sqlite"
    s = open_store(path, passphrase="正确的口令 correct horse")
    with s.write() as conn:
        write_record(conn, "resident", "r-1", {"name": "欧阳娜娜", "id_number": "11010519491231002X",
                                               "phone": "13812345678"}, user="u", device_id=s.device_id)
    s.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in ("欧阳娜娜".encode(), b"11010519491231002X", b"13812345678", b"SQLite format 3"):
        assert secret not in raw
    with pytest.raises(WrongPassphrase):
        open_store(path, passphrase="wrong")
    again = open_store(path, passphrase="正确的口令 correct horse")
    assert _count(again, t.resident) == 1
    again.close()
