"""The central database engine: SQLite (a file, for a district or a demo) or PostgreSQL (production).

SQLite: the ``sqlcipher3`` driver (SQLite 3.53; the system SQLite 3.40 has the WAL-reset bug,
DESIGN §8), ``journal_mode=WAL``, ``busy_timeout``, and ``BEGIN IMMEDIATE`` for write
transactions so that concurrent pushes (several uvicorn workers) serialize instead of failing on
a lock upgrade. PostgreSQL: psycopg 3, READ COMMITTED; pushes serialize on row locks (crud).

Schema: on PostgreSQL the Alembic migrations in ``central/migrations`` (:func:`migrate`, run by every
start under an advisory lock and by ``doorstep-central migrate``); on SQLite (a district's test
server or the demo) ``metadata.create_all`` (docs/decisions.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic_core import to_json
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import StaticPool

from central import models as m

logger = logging.getLogger(__name__)

_WRITE_OPTION = "doorstep_write"
#: Milliseconds a SQLite connection waits for the write lock before failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Alembic's configuration and scripts (shipped inside the ``central`` package).
ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: The revision a database made by ``create_all`` before Alembic took over (issue 9) is at.
BASELINE_REVISION = "0001"
#: Key of the PostgreSQL advisory lock held while migrating ("Door"), so workers starting together queue.
MIGRATION_LOCK_KEY = 0x446F6F72


class SchemaError(RuntimeError):
    """The database cannot be used by this central: its schema is newer than the code, or not migratable."""


def utc_now() -> str:
    """Return the current UTC time as ISO-8601 text with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def json_dumps(value: Any) -> str:
    """Serialise a JSON column value (UTF-8 text, compact)."""
    return _json_dumps(value)


def _json_dumps(value: Any) -> str:
    # pydantic-core's serializer: the same compact UTF-8 text as json.dumps(ensure_ascii=False,
    # separators=(",", ":")) for the values stored here (text, numbers, bools, null), ~5-10× faster
    # (four JSON values per pushed mutation: data, field versions, field devices, receipt).
    return to_json(value).decode("utf-8")


def normalize_url(db_url: str) -> str:
    """Return ``db_url`` with the psycopg 3 driver for PostgreSQL (``postgresql://`` → ``+psycopg``)."""
    url = make_url(db_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` inside the caller's transaction.

    PostgreSQL: ``COPY … FROM STDIN`` through psycopg (several times faster than executemany);
    elsewhere a Core executemany.
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    raw = conn.connection.driver_connection
    assert raw is not None
    cols = ", ".join(f'"{name}"' for name in names)
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_json_dumps(row[n]) if n in json_cols else row[n] for n in names])


#: Values per ``IN (…)`` list on SQLite (below the 999 host parameters of older builds).
IN_CHUNK = 900


def one_of(conn: Connection, column: ColumnElement[Any], values: Sequence[Any]) -> Iterator[ColumnElement[bool]]:
    """Yield conditions "``column`` is one of ``values``" that together cover ``values`` (none when empty).

    PostgreSQL: one ``column = ANY(:array)`` (a single bound array: no per-value compiling, ~3× faster than an
    expanded ``IN`` list of 2,000 ids, measured in docs/decisions.md); SQLite: ``IN`` lists of
    :data:`IN_CHUNK` values.
    """
    if not values:
        return
    if conn.dialect.name == "postgresql":
        yield column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
        return
    for i in range(0, len(values), IN_CHUNK):
        yield column.in_(list(values[i:i + IN_CHUNK]))


def is_sqlite(engine: Engine) -> bool:
    """Return True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def make_engine(db_url: str) -> Engine:
    """Create the engine for ``db_url`` (SQLite or PostgreSQL URL), with the settings above.

    Every engine has ``hide_parameters=True``: a failing statement's error (logged with the 500's
    error id) never carries the SQL parameters, which are people's names, ID numbers and addresses.

    Raises:
        sqlalchemy.exc.ArgumentError: the URL is not a database URL.
    """
    url = make_url(normalize_url(db_url))
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url, pool_size=10, max_overflow=10, pool_pre_ping=True, json_serializer=_json_dumps,
            hide_parameters=True,
        )
    import sqlcipher3  # the bundled SQLite 3.53 (DESIGN §8)

    memory = url.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"module": sqlcipher3, "json_serializer": _json_dumps, "hide_parameters": True}
    kwargs["connect_args"] = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL" if memory else "PRAGMA synchronous = FULL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = bool(conn.get_execution_options().get(_WRITE_OPTION))
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """Yield a connection inside one write transaction (``BEGIN IMMEDIATE`` on SQLite); commit on exit."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """Yield a connection inside one read transaction (a consistent snapshot on SQLite WAL)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["configure_logger"] = False  # keep the process's own logging (JSON lines etc.)
    return cfg


def head_revision() -> str:
    """Return the newest revision of ``central/migrations``."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    """Return the database's Alembic revision (None: not under Alembic)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> str:
    """Bring a PostgreSQL database to ``revision`` with Alembic; return the revision it is at after.

    Runs in one transaction (PostgreSQL DDL is transactional: a failed migration leaves the old
    schema) holding an advisory lock, so several workers or hosts starting at once migrate once.
    A database that has central's tables but no ``alembic_version`` (made by ``create_all`` before
    issue 9) is stamped :data:`BASELINE_REVISION` first.

    Raises:
        SchemaError: SQLite (its schema comes from ``create_all``), or the database is at a
            revision this code does not know (it was migrated by a newer central).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    if is_sqlite(engine):
        raise SchemaError("SQLite databases are created from the models at start; migrations are for PostgreSQL")
    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    with engine.begin() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None and current not in known:
            raise SchemaError(f"database schema {current} is newer than this central ({script.get_current_head()}); "
                              "upgrade doorstep-central")
        cfg.attributes["connection"] = conn
        if current is None and inspect(conn).has_table("server_state"):
            logger.warning("central tables without a migration version: stamping %s", BASELINE_REVISION)
            command.stamp(cfg, BASELINE_REVISION)
        command.upgrade(cfg, revision)
        after = MigrationContext.configure(conn).get_current_revision()
    if after != current:
        logger.info("central database migrated from %s to %s", current or "empty", after)
    return str(after)


def init_db(engine: Engine) -> str:
    """Create or migrate the schema and the ``server_state`` row on first start; return the server_id.

    SQLite: ``create_all``; PostgreSQL: :func:`migrate` to head.

    Safe to call from several processes at once (a lost creation race is retried).
    """
    for attempt in range(3):
        try:
            if is_sqlite(engine):
                m.metadata.create_all(engine)
            else:
                migrate(engine)
            with write_tx(engine) as conn:
                server_id = conn.execute(
                    select(m.server_state.c.server_id).where(m.server_state.c.id == 1)
                ).scalar()
                if server_id is None:
                    server_id = str(uuid.uuid4())
                    conn.execute(
                        m.server_state.insert().values(
                            id=1, server_id=server_id, epoch=1, change_seq=0, created_at=utc_now()
                        )
                    )
                    logger.info("initialised central database: server_id %s", server_id)
            return str(server_id)
        except (IntegrityError, ProgrammingError, OperationalError) as exc:
            if attempt == 2:
                raise
            logger.warning("database initialisation raced (%s); retrying", type(exc).__name__)
    raise AssertionError("unreachable")


def bump_epoch(engine: Engine) -> int:
    """Start a new epoch after a restore from backup; return it.

    Devices see the new epoch in their next handshake and pull everything again from cursor 0
    (their cursors may point past the restored change sequence). Their acknowledged mutations
    that the restored database lacks are re-sent by the high-water check, independent of this.
    """
    with write_tx(engine) as conn:
        epoch = int(conn.execute(select(m.server_state.c.epoch).where(m.server_state.c.id == 1)
                                 .with_for_update()).scalar_one()) + 1
        conn.execute(m.server_state.update().where(m.server_state.c.id == 1).values(epoch=epoch))
    logger.warning("central epoch is now %d: every device pulls everything again", epoch)
    return epoch
