"""Open the local store: one SQLite file per profile through the ``sqlcipher3`` driver (DESIGN §4).

Every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and a busy
timeout. A new file gets ``schema.sql`` and ``PRAGMA user_version = SCHEMA_VERSION``; an existing
file is upgraded by the ordered migrations in :mod:`desktop.store.migrations` after an online
backup. With a passphrase the file is encrypted (SQLCipher 4); without one it is plain SQLite.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.pool import QueuePool

from desktop.domain.address import natural_key
from desktop.errors import StoreError, WrongPassphrase
from desktop.paths import schema_path
from desktop.store import tables as t

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _migrations() -> list[tuple[int, Path]]:
    """Return the ordered ``(version, file)`` list of ``migrations/NNNN_*.sql``."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path))
    return found


#: Version of the local schema; ``PRAGMA user_version`` of a current store.
LOCAL_SCHEMA_VERSION = max([1, *(v for v, _ in _migrations())])


def _connect_factory(path: Path, passphrase: str | None) -> Any:
    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), timeout=30.0, check_same_thread=False, isolation_level=None)
        if passphrase is not None:
            escaped = passphrase.replace("'", "''")
            conn.execute(f"PRAGMA key = '{escaped}'")
        conn.execute("PRAGMA cipher_log_level = NONE") if passphrase is not None else None
        return conn

    return connect


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # natural_key(text): "2幢" before "10幢" in ORDER BY (task lists; desktop.domain.address)
    dbapi_conn.create_function("natural_key", 1, natural_key, deterministic=True)
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def _on_begin(conn: Connection) -> None:
    # pysqlite-style drivers do not emit BEGIN themselves in autocommit mode; take the write
    # lock up front so two writers never deadlock on lock upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Store:
    """An open local store.

    Attributes:
        path: the SQLite file.
        engine: SQLAlchemy engine; use :meth:`write` for edits and :meth:`read` for queries.
        device_id: this device's UUID, made when the store was created.
    """

    path: Path
    engine: Engine
    device_id: str

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction (``BEGIN IMMEDIATE``), committed on exit."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Yield a connection for reads (WAL: never blocked by the writer)."""
        with self.engine.connect() as conn:
            yield conn

    def state(self, key: str, default: str | None = None) -> str | None:
        """Return a ``sync_state`` value, or ``default``."""
        with self.read() as conn:
            value = conn.execute(select(t.sync_state.c.value).where(t.sync_state.c.key == key)).scalar()
        return default if value is None else str(value)

    def close(self) -> None:
        """Dispose of every pooled connection (checkpoints the WAL)."""
        self.engine.dispose()


def set_state(conn: Connection, key: str, value: str) -> None:
    """Insert or replace one ``sync_state`` value inside the caller's transaction."""
    conn.execute(
        text("INSERT INTO sync_state(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
        {"k": key, "v": value},
    )


def open_store(path: Path, passphrase: str | None = None) -> Store:
    """Open (creating if needed) the store at ``path``.

    Args:
        path: the SQLite file; its folder is created.
        passphrase: SQLCipher passphrase, or None for an unencrypted file.

    Raises:
        WrongPassphrase: the file exists but the passphrase does not open it.
        StoreError: the file is newer than this app or otherwise unusable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    is_new = not path.exists() or path.stat().st_size == 0
    engine = create_engine(
        "sqlite://",
        creator=_connect_factory(path, passphrase),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        with engine.connect() as conn:
            version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    except Exception as exc:  # noqa: BLE001 - driver errors vary; re-raised as ours
        engine.dispose()
        if "not a database" in str(exc):
            raise WrongPassphrase(str(path)) from exc
        raise StoreError(str(exc)) from exc
    if version == 0:
        _create_schema(engine)
    elif version < LOCAL_SCHEMA_VERSION:
        _migrate(engine, path, version)
    elif version > LOCAL_SCHEMA_VERSION:
        engine.dispose()
        raise StoreError(f"store schema {version} is newer than this app ({LOCAL_SCHEMA_VERSION})")
    with engine.begin() as conn:
        device_id = conn.execute(select(t.sync_state.c.value).where(t.sync_state.c.key == "device_id")).scalar()
        if device_id is None:
            device_id = str(uuid.uuid4())
            set_state(conn, "device_id", device_id)
    if is_new:
        logger.info("created store %s", path)
    return Store(path=path, engine=engine, device_id=str(device_id))


def _migrate(engine: Engine, path: Path, version: int) -> None:
    """Back the file up (SQLite online backup), then apply every newer migration in one transaction."""
    backup_path = path.with_name(f"{path.name}.before-v{LOCAL_SCHEMA_VERSION}.bak")
    raw = engine.raw_connection()
    try:
        target = sqlcipher3.connect(str(backup_path))
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for number, migration in _migrations():
                if number > version:
                    logger.info("migrating %s to schema %d", path.name, number)
                    for statement in _statements(migration.read_text(encoding="utf-8")):
                        cur.execute(statement)
            cur.execute(f"PRAGMA user_version = {LOCAL_SCHEMA_VERSION}")
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()
    finally:
        raw.close()


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements (a trigger body's ``;`` does not end its CREATE TRIGGER)."""
    out: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlcipher3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                out.append(pending)
            pending = ""
    return out


def _create_schema(engine: Engine) -> None:
    ddl = schema_path().read_text(encoding="utf-8")
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executescript(ddl)
        cur.execute(f"PRAGMA user_version = {LOCAL_SCHEMA_VERSION}")
        cur.close()
    finally:
        raw.close()
