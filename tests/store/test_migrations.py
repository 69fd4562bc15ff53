"""A store made with an older schema and migrated equals a fresh store (tables, columns, indexes)."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from desktop.store.db import LOCAL_SCHEMA_VERSION, open_store

V1 = Path(__file__).with_name("schema_v1.sql")


def _shape(path: Path) -> dict[str, object]:
    conn = sqlcipher3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        shape: dict[str, object] = {
            t: [(r[1], r[2].upper(), r[3], r[4]) for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
        shape["indexes"] = sorted(
            (r[0], r[1]) for r in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index' "
                                               "AND name NOT LIKE 'sqlite_%'"))
        shape["user_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        return shape
    finally:
        conn.close()


def test_v1_store_migrates_to_the_fresh_schema_and_keeps_its_rows(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlcipher3.connect(str(old))
    conn.executescript(V1.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO sync_state(key, value) VALUES ('device_id', 'dev-1')")
    conn.execute("INSERT INTO area(id, level, name) VALUES ('a1', 'town', '下应街道')")
    conn.commit()
    conn.close()

    migrated = open_store(old)
    assert migrated.device_id == "dev-1"
    with migrated.read() as c:
        assert c.exec_driver_sql("SELECT name FROM area WHERE id = 'a1'").scalar() == "下应街道"
    migrated.close()
    fresh = open_store(tmp_path / "fresh.sqlite")
    fresh.close()
    assert _shape(old) == _shape(tmp_path / "fresh.sqlite")
    assert _shape(old)["user_version"] == LOCAL_SCHEMA_VERSION
    if LOCAL_SCHEMA_VERSION > 1:
        assert old.with_name(f"old.sqlite.before-v{LOCAL_SCHEMA_VERSION}.bak").exists()
