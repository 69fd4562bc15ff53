"""The FTS5 search structures (0007) follow every write path: insert, update, delete, pulled upserts,
bulk_create, and a store migrated from an older schema gets them filled."""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlcipher3

from desktop.store.db import Store, open_store
from desktop.store.records import SyncRepo, bulk_create, write_record
from desktop.store.tables import spaced

V1 = Path(__file__).with_name("schema_v1.sql")


def _names(store: Store, query: str) -> set[str]:
    with store.read() as conn:
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT r.name FROM resident_name_fts f JOIN resident r ON r.rowid = f.rowid "
            "WHERE resident_name_fts MATCH ?", ('"' + spaced(query) + '"',))}


def _addresses(store: Store, fragment: str) -> set[str]:
    with store.read() as conn:
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT a.full_text FROM address_fts f JOIN standard_address a ON a.rowid = f.rowid "
            "WHERE address_fts MATCH ?", ('"' + fragment + '"',))}


def test_spaced_form() -> None:
    assert spaced("王芳") == " 王 芳 "
    assert spaced("芳") == " 芳 "


def test_name_index_follows_insert_update_delete(store: Store) -> None:
    rid = str(uuid.uuid4())
    with store.write() as conn:
        write_record(conn, "resident", rid, {"name": "张三丰"}, user="u", device_id=store.device_id)
        bulk_create(conn, "resident", [{"id": str(uuid.uuid4()), "name": "李芳"}], user="u",
                    device_id=store.device_id)
    assert _names(store, "三丰") == {"张三丰"}
    assert _names(store, "丰") == {"张三丰"}
    assert _names(store, "芳") == {"李芳"}
    with store.write() as conn:
        write_record(conn, "resident", rid, {"name": "张无忌"}, user="u", device_id=store.device_id)
    assert _names(store, "丰") == set()
    assert _names(store, "无忌") == {"张无忌"}
    with store.write() as conn:
        conn.exec_driver_sql("DELETE FROM resident WHERE id = ?", (rid,))
    assert _names(store, "张") == set()


def test_pulled_upsert_updates_the_indexes(store: Store) -> None:
    rid, aid = str(uuid.uuid4()), str(uuid.uuid4())
    repo = SyncRepo(store)
    repo.apply_pulled([{"entity": "resident", "id": rid, "version": 1, "deleted": False, "data": {"name": "王芳"}},
                       {"entity": "standard_address", "id": aid, "version": 1, "deleted": False,
                        "data": {"grid_id": "g", "level": "door", "name": "8号", "full_text": "学府路8号"}}], 1)
    assert _names(store, "王芳") == {"王芳"} and _addresses(store, "学府路") == {"学府路8号"}
    repo.apply_pulled([{"entity": "resident", "id": rid, "version": 2, "deleted": False, "data": {"name": "王小芳"}},
                       {"entity": "standard_address", "id": aid, "version": 2, "deleted": False,
                        "data": {"grid_id": "g", "level": "door", "name": "8号", "full_text": "天童南路8号"}}], 2)
    assert _names(store, "小芳") == {"王小芳"} and _names(store, "王芳") == set()
    assert _addresses(store, "学府路") == set() and _addresses(store, "天童南") == {"天童南路8号"}


def test_migration_fills_the_search_indexes(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlcipher3.connect(str(old))
    conn.executescript(V1.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO resident(id, name) VALUES ('r1', '欧阳娜娜')")
    conn.execute("INSERT INTO standard_address(id, grid_id, level, name, full_text) "
                 "VALUES ('a1', 'g', 'door', '8号', '钱湖北路8号')")
    conn.commit()
    conn.close()
    store = open_store(old)
    try:
        assert _names(store, "娜娜") == {"欧阳娜娜"}
        assert _addresses(store, "湖北路") == {"钱湖北路8号"}
        with store.read() as c:
            triggers = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"resident_name_fts_ai", "resident_name_fts_au", "address_fts_ai", "address_fts_au"} <= triggers
    finally:
        store.close()
