"""Open the local store: one SQLite file per profile through the ``sqlcipher3`` driver (DESIGN §4).

Every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and a busy
timeout. A new file gets ``schema.sql`` and ``PRAGMA user_version = SCHEMA_VERSION``; an existing
file is upgraded by the ordered migrations in :mod:`desktop.store.migrations` after an online
backup. With a key the file is encrypted (SQLCipher 4); without one it is plain SQLite.

Keys (issue 7, docs/decisions.md): the app derives a 32-byte key from the passphrase once
(:mod:`desktop.services.privacy`) and keys every pooled connection with it as a raw key
(``PRAGMA key = "x'…'"``), so SQLCipher's own PBKDF2 (256,000 iterations) does not run on every
connection open. A text ``passphrase`` is still accepted (SQLCipher derives the key itself) for
the self-check and older callers. Backups made here are encrypted with the store's key.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


#: The first 16 bytes of every plain (unencrypted) SQLite file.
PLAIN_HEADER = b"SQLite format 3\x00"


class _Key:
    """The store's key, held in memory only; a rekey swaps it for new pooled connections."""

    def __init__(self, raw: bytes | None, passphrase: str | None) -> None:
        if raw is not None and len(raw) != 32:
            raise ValueError("a raw SQLCipher key is 32 bytes")
        self.raw = raw
        self.passphrase = passphrase

    @property
    def encrypted(self) -> bool:
        return self.raw is not None or self.passphrase is not None

    def __repr__(self) -> str:  # never print the key
        return f"_Key(encrypted={self.encrypted})"


def key_pragma(raw: bytes) -> str:
    """Return the ``"x'<64 hex>'"`` literal that keys SQLCipher with a raw 32-byte key."""
    return f"\"x'{raw.hex()}'\""


def _apply_key(conn: Any, key: _Key, schema: str = "") -> None:
    prefix = f"{schema}." if schema else ""
    if key.encrypted:
        # before the key (the level is process-wide): a wrong key must not print SQLCipher's
        # "hmac check failed" lines on stderr; the caller reports WrongPassphrase itself
        conn.execute("PRAGMA cipher_log_level = NONE")
    if key.raw is not None:
        conn.execute(f"PRAGMA {prefix}key = {key_pragma(key.raw)}")
    elif key.passphrase is not None:
        escaped = key.passphrase.replace("'", "''")
        conn.execute(f"PRAGMA {prefix}key = '{escaped}'")


def make_private(path: Path) -> None:
    """Create ``path`` (empty) if missing and make it readable by its owner only (0600; POSIX only).

    SQLite creates a database's ``-wal``, ``-shm`` and ``-journal`` files with the database file's
    mode, so a store or backup made private before its first connection keeps its side files private.
    """
    if os.name != "posix":
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    for side in _sidecars(path):
        if side.exists():
            os.chmod(side, 0o600)


def _connect_factory(path: Path, key: _Key) -> Any:
    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), timeout=30.0, check_same_thread=False, isolation_level=None)
        _apply_key(conn, key)
        return conn

    return connect


def is_plaintext(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (SQLCipher files start with random salt)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == PLAIN_HEADER
    except OSError:
        return False


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush it to disk and unlink it (missing: nothing happens).

    On SSDs and copy-on-write or journalling file systems the old blocks may survive elsewhere
    (wear levelling, snapshots); docs/security.md says so. The overwrite still keeps the plain
    bytes out of the file's own blocks and out of any later undelete of the file.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        chunk = b"\0" * 1_048_576
        left = size
        while left > 0:
            handle.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _sidecars(path: Path) -> list[Path]:
    return [Path(str(path) + suffix) for suffix in ("-wal", "-shm", "-journal")]


def encrypt_plaintext(path: Path, raw_key: bytes) -> None:
    """Encrypt the plain SQLite store at ``path`` in place with ``raw_key`` (32 bytes).

    ``sqlcipher_export`` writes an encrypted copy beside it; the copy is checked (opens with the
    key, same ``user_version``, ``quick_check`` ok), then swapped in. The plain file is kept as
    ``<store>.plain-backup`` until the swap succeeded, then shredded (:func:`shred`) with its WAL
    and every plain migration backup (``<store>.before-v*.bak``) beside it.

    Raises:
        StoreError: the file is not a plain SQLite store, or the copy failed its checks (the plain
            file is left untouched).
    """
    if not is_plaintext(path):
        raise StoreError(f"{path.name} is not an unencrypted store")
    work = path.with_name(path.name + ".encrypting")
    backup = path.with_name(path.name + ".plain-backup")
    for leftover in (work, *_sidecars(work)):
        leftover.unlink(missing_ok=True)
    key = _Key(raw_key, None)
    make_private(work)
    plain = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        plain.execute(f"ATTACH DATABASE '{work.as_posix()}' AS encrypted KEY {key_pragma(raw_key)}")
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = sqlcipher3.connect(str(work), isolation_level=None)
    try:
        _apply_key(check, key)
        ok = (int(check.execute("PRAGMA user_version").fetchone()[0]) == version
              and check.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        check.execute("PRAGMA journal_mode = WAL")
    except sqlcipher3.DatabaseError as exc:
        ok = False
        logger.error("encrypted copy unreadable: %s", type(exc).__name__)
    finally:
        check.close()
    if not ok:
        work.unlink(missing_ok=True)
        raise StoreError("the encrypted copy of the store failed its checks; the store is unchanged")
    os.replace(path, backup)
    for side in _sidecars(path):
        if side.exists():
            shred(side)
    os.replace(work, path)
    shred(backup)
    for old in path.parent.glob(path.name + ".before-v*.bak"):
        if is_plaintext(old):
            shred(old)
    logger.info("store %s encrypted", path.name)


#: Page cache per pooled connection, KiB (issue 8: 64 MiB; measured in docs/decisions.md).
CACHE_KIB = 65_536


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # natural_key(text): "2幢" before "10幢" in ORDER BY (task lists; desktop.domain.address)
    dbapi_conn.create_function("natural_key", 1, natural_key, deterministic=True)
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never touch the disk
        # issue 8 (docs/decisions.md): encrypted pages are decrypted and HMAC-checked on every read
        # from the file, so each connection keeps CACHE_KIB of decrypted pages (the driver's default is
        # 8 MB); zeroing freed memory (cipher_memory_security) would cost every page too.
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.execute("PRAGMA cipher_memory_security = OFF")
    finally:
        cur.close()


def _on_begin(conn: Connection) -> None:
    # pysqlite-style drivers do not emit BEGIN themselves in autocommit mode; take the write
    # lock up front so two writers never deadlock on lock upgrade. Reads (Store.read) begin
    # deferred: a snapshot that neither waits for the writer nor blocks it (issue 8: a GUI page
    # read waited for a whole import's transaction).
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("doorstep_read") else "BEGIN IMMEDIATE")


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
    key: _Key = field(default_factory=lambda: _Key(None, None), repr=False)

    @property
    def encrypted(self) -> bool:
        """True when the file is SQLCipher-encrypted."""
        return self.key.encrypted

    def matches_key(self, raw: bytes) -> bool:
        """True when ``raw`` is this store's raw key (constant-time compare; unlocking after a lock)."""
        import hmac

        return self.key.raw is not None and hmac.compare_digest(self.key.raw, raw)

    def backup(self, target: Path) -> None:
        """Copy the store to ``target`` with SQLite's online backup API, encrypted with the same key
        (a plain store gives a plain copy). ``target`` must not exist."""
        if target.exists():
            raise StoreError(f"{target.name} exists")
        raw = self.engine.raw_connection()
        try:
            make_private(target)
            dest = sqlcipher3.connect(str(target))
            try:
                _apply_key(dest, self.key)
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            finally:
                dest.close()
        finally:
            raw.close()

    def rekey(self, new_raw: bytes) -> None:
        """Re-encrypt the file with ``new_raw`` (32 bytes; SQLCipher ``PRAGMA rekey``); the data stays.

        Call with no other connection checked out (on the DB worker, between tasks). A plain store
        cannot be rekeyed (use :func:`encrypt_plaintext`).
        """
        if not self.key.encrypted:
            raise StoreError("a plain store has no key to change")
        self.engine.dispose()
        conn = sqlcipher3.connect(str(self.path), isolation_level=None)
        try:
            _apply_key(conn, self.key)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # rekey rewrites every page; not in WAL
            conn.execute(f"PRAGMA rekey = {key_pragma(new_raw)}")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        self.key.raw, self.key.passphrase = new_raw, None
        self.engine.dispose()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction (``BEGIN IMMEDIATE``), committed on exit."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Yield a connection for reads (a deferred transaction; WAL: never blocked by the writer)."""
        with self.engine.connect() as conn:
            conn.execution_options(doorstep_read=True)
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


def open_store(path: Path, passphrase: str | None = None, *, key: bytes | None = None) -> Store:
    """Open (creating if needed) the store at ``path``.

    Args:
        path: the SQLite file; its folder is created.
        passphrase: SQLCipher passphrase (SQLCipher derives the key on every connection), or None.
        key: a raw 32-byte key (the app's way: derived once, :mod:`desktop.services.privacy`);
            with neither, the file is unencrypted.

    Raises:
        WrongPassphrase: the file exists but the passphrase does not open it.
        StoreError: the file is newer than this app or otherwise unusable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    is_new = not path.exists() or path.stat().st_size == 0
    make_private(path)  # 0600 (POSIX); its -wal/-shm follow
    holder = _Key(key, None if key is not None else passphrase)
    if holder.encrypted and not is_new and is_plaintext(path):
        raise WrongPassphrase(f"{path.name} is not encrypted")
    engine = create_engine(
        "sqlite://",
        # the driver the creator connects with: SQLAlchemy wraps only its own DBAPI module's errors, so with the
        # default (the standard library's sqlite3) a failing statement escaped as a raw sqlcipher3 error past
        # every ``except SQLAlchemyError`` (an import's rollback report, for one)
        module=sqlcipher3,
        creator=_connect_factory(path, holder),
        poolclass=QueuePool,
        # issue 8: two idle connections kept (the GUI's page reads, the DB worker), most recently used
        # first, so their page caches stay warm; more threads get short-lived overflow connections.
        pool_size=2,
        max_overflow=6,
        pool_use_lifo=True,
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
        _migrate(engine, path, version, holder)
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
    return Store(path=path, engine=engine, device_id=str(device_id), key=holder)


def _migrate(engine: Engine, path: Path, version: int, key: _Key) -> None:
    """Back the file up (SQLite online backup, encrypted with the store's key), then apply every
    newer migration in one transaction."""
    backup_path = path.with_name(f"{path.name}.before-v{LOCAL_SCHEMA_VERSION}.bak")
    raw = engine.raw_connection()
    try:
        if is_plaintext(backup_path):
            shred(backup_path)
        backup_path.unlink(missing_ok=True)
        make_private(backup_path)
        target = sqlcipher3.connect(str(backup_path))
        try:
            _apply_key(target, key)
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
