"""Central's Alembic migrations on the real PostgreSQL test database (issue 9).

Every test gets fresh schemas (``pg_schema_url``); ``upgrade head`` must give exactly what
``metadata.create_all`` gives, so the models and the migrations cannot drift apart.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from central import __main__ as central_cli
from central import models as m
from central.db import SchemaError, current_revision, head_revision, init_db, make_engine, migrate
from central.logs import JsonFormatter, log_config, redact
from tests.sync.support import pg_schema_url


def _shape(engine: Engine) -> dict[str, Any]:
    """Tables → columns (type, nullable), primary key, unique constraints and indexes, as PostgreSQL reports them."""
    insp = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
        out[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)],
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)),
        }
    # every index as PostgreSQL itself spells it (expression and partial indexes included: the
    # inspector and Alembic's autogenerate skip those)
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        for name, table, definition in conn.execute(text(
                "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()")):
            if table != "alembic_version":
                out[table].setdefault("index_defs", []).append((name, definition.replace(f"{schema}.", "")))
    for shape in out.values():
        shape.get("index_defs", []).sort()
    return out


@pytest.mark.postgres
def test_upgrade_head_equals_create_all() -> None:
    """The initial revision (and every later one) builds the schema the models describe, column for column."""
    with pg_schema_url() as migrated_url, pg_schema_url() as created_url:
        migrated, created = make_engine(migrated_url), make_engine(created_url)
        try:
            assert migrate(migrated) == head_revision()
            m.metadata.create_all(created)
            assert _shape(migrated) == _shape(created)
            assert set(_shape(migrated)) == set(m.metadata.tables)
            with migrated.connect() as conn:  # Alembic's own comparison finds nothing to generate
                assert compare_metadata(MigrationContext.configure(conn), m.metadata) == []
        finally:
            migrated.dispose()
            created.dispose()


@pytest.mark.postgres
def test_start_on_postgres_migrates_and_is_idempotent() -> None:
    """A fresh PostgreSQL database is migrated by the first start; a second start changes nothing."""
    with pg_schema_url() as url:
        engine = make_engine(url)
        try:
            server_id = init_db(engine)
            assert current_revision(engine) == head_revision()
            assert init_db(engine) == server_id  # same identity, no error on an up-to-date schema
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_pre_alembic_database_is_adopted() -> None:
    """A database made by create_all before issue 9 is stamped at the baseline and keeps its data."""
    with pg_schema_url() as url:
        engine = make_engine(url)
        try:
            m.metadata.create_all(engine)
            with engine.begin() as conn:
                conn.execute(m.server_state.insert().values(id=1, server_id="legacy", epoch=1, change_seq=7,
                                                            created_at="2026-11-01"))
            assert init_db(engine) == "legacy"
            assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_database_newer_than_the_code_is_refused() -> None:
    """A revision this central does not know (migrated by a newer release) stops the start: no guessing."""
    with pg_schema_url() as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
            with pytest.raises(SchemaError, match="newer"):
                init_db(engine)
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_migrate_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``doorstep-central migrate --db URL`` migrates and says to which revision; SQLite is refused with exit 2."""
    with pg_schema_url() as url:
        assert central_cli.main(["migrate", "--db", url]) == 0
        assert f"database at revision {head_revision()}" in capsys.readouterr().out
    assert central_cli.main(["migrate", "--db", "sqlite:///:memory:"]) == 2
    assert "SQLite" in capsys.readouterr().err


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["migrate"], ["after-restore"], [],
                                     ["create-user", "--username", "u", "--password", "0123456789", "--role",
                                      "grid_officer"]])
def test_an_unusable_database_is_one_line_of_reason_not_a_traceback(command: list[str]) -> None:
    """The README's PostgreSQL line run before the role exists (a new-user trial) ended in a traceback.
    Run as the command line is (a process of its own: no logging set up by other tests)."""
    import subprocess
    import sys

    url = "postgresql+psycopg://no_such_role_doorstep@127.0.0.1:5432/test"
    done = subprocess.run([sys.executable, "-m", "central", *command, "--db", url], capture_output=True, text=True,
                          timeout=60, check=False)
    err = done.stderr
    assert done.returncode == 2, err
    assert 'role "no_such_role_doorstep" does not exist' in err and "Traceback" not in err
    assert "docs/deploy.md" in err


def test_sqlite_start_still_uses_create_all(tmp_path: Any) -> None:
    """SQLite (demo, a district's test server) keeps create_all: no alembic_version table."""
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    try:
        init_db(engine)
        assert set(m.metadata.tables) <= set(inspect(engine).get_table_names())
        assert "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_json_log_lines_hide_tokens_and_personal_data() -> None:
    """DOORSTEP_CENTRAL_LOG_FORMAT=json: one parseable object per line; tokens, ID numbers, phones masked."""
    record = logging.LogRecord("central.test", logging.WARNING, __file__, 1,
                               "push %s: Bearer eyJhbGciOi.eyJzdWIi.sig id 33020419900101123X phone 13812345678",
                               ("d-1",), None)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["level"] == "WARNING" and data["logger"] == "central.test"
    assert "d-1" in data["msg"]
    for secret in ("eyJhbGciOi", "33020419900101123X", "13812345678"):
        assert secret not in line
    assert redact("device d-1, 20 mutations") == "device d-1, 20 mutations"
    assert log_config("info", "json")["formatters"]["default"]["()"] == "central.logs.JsonFormatter"
    with pytest.raises(ValueError):
        log_config("info", "xml")
