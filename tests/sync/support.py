"""Helpers shared by the sync and central tests: real central servers and seeded local stores."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from central.embedded import EmbeddedServer, start_embedded
from desktop.domain.entities import ENTITIES
from desktop.domain.idnumber import compute_check_digit
from desktop.store import tables as t
from desktop.store.db import Store, open_store
from desktop.store.records import write_record
from desktop.sync.client import SyncClient

#: Every test central has these users (``central_server``); all share one password. Officers reach the
#: grids they create or are assigned (issue 7); supervisor1 the whole district (area 330212).
PASSWORD = "test-password-1"
TEST_USERS = (("officer1", PASSWORD, "grid_officer", ""), ("officer2", PASSWORD, "grid_officer", ""),
              ("u", PASSWORD, "grid_officer", ""), ("supervisor1", PASSWORD, "supervisor", "330212"))

PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


def pg_available() -> bool:
    """Return True when the test PostgreSQL answers."""
    try:
        with psycopg.connect(PG_DSN, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


@contextlib.contextmanager
def pg_schema_url() -> Iterator[str]:
    """Yield a SQLAlchemy URL on a fresh, uniquely named schema of the ``test`` database; drop it after."""
    if not pg_available():
        if os.environ.get("CI"):  # .ci/run starts PostgreSQL: in CI its absence is a failure, not a skip
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is not running")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not running")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextlib.contextmanager
def central_server(kind: str, tmp_path: Path, **kwargs: Any) -> Iterator[tuple[EmbeddedServer, str]]:
    """Yield (running embedded central with :data:`TEST_USERS`, its db URL) on SQLite (a tmp file)
    or PostgreSQL (a fresh schema); ``kwargs`` go to ``start_embedded``."""
    if kind == "postgres":
        with pg_schema_url() as url, start_embedded(url, **kwargs) as server:
            add_test_users(url)
            yield server, url
    else:
        url = f"sqlite:///{tmp_path / f'central-{uuid.uuid4().hex[:6]}.sqlite'}"
        with start_embedded(url, **kwargs) as server:
            add_test_users(url)
            yield server, url


_HASHES: dict[str, str] = {}


def add_test_users(db_url: str) -> None:
    """Create :data:`TEST_USERS` in central's database (argon2 hashed once per test session)."""
    from central.auth import create_user, hash_password
    from central.db import make_engine

    engine = make_engine(db_url)
    try:
        for name, password, role, area in TEST_USERS:
            if password not in _HASHES:
                _HASHES[password] = hash_password(password)
            create_user(engine, name, password, role, area, replace=True, password_hash=_HASHES[password])
    finally:
        engine.dispose()


def signed_in(store: Store, url: str, user: str = "officer1", **kwargs: Any) -> Any:
    """Return a ``SyncService`` for ``store`` at ``url`` with ``user`` signed in (without the sign-in's
    audit event, so tests count only their own mutations; it is tested in test_audit_transactions)."""
    from desktop.services.sync_service import SyncService

    service = SyncService(store, url, **kwargs)
    service.login(user, PASSWORD, audit_event=False)
    return service


def client_for(url: str, device_id: str, user: str = "officer1") -> SyncClient:
    """Return a ``SyncClient`` signed in as ``user`` on ``device_id`` (registering it)."""
    client = SyncClient(url)
    client.set_token(client.login(user, PASSWORD, device_id).access_token)
    return client


def assign_grid(url: str, folder: Path, grid_id: str, officer: str) -> None:
    """``supervisor1`` assigns ``grid_id`` to ``officer`` from its own device (a fresh store in ``folder``):
    the synced mutation of the grid's ``officer`` a supervisor makes (issue 7)."""
    store = open_store(folder / f"supervisor-{uuid.uuid4().hex[:6]}.db")
    try:
        service = signed_in(store, url, "supervisor1")
        service.sync()
        with store.write() as conn:
            write_record(conn, "area", grid_id, {"officer": officer}, user="supervisor1", device_id=store.device_id)
        report = service.sync()
        service.close()
    finally:
        store.close()
    assert (report.applied, report.rejected) == (1, 0), report


def id_number(region: str = "330212", birth: str = "19900307", seq: str = "123") -> str:
    """Return a valid 18-character resident ID number (check digit computed)."""
    first17 = region + birth + seq
    return first17 + compute_check_digit(first17)


def new_id() -> str:
    return str(uuid.uuid4())


def seed_district(store: Store, user: str = "officer1") -> dict[str, str]:
    """Write areas (district → town → community → grid), addresses, a household, a resident and
    a residence registration through ``write_record`` (one outbox entry each); return their ids."""
    ids = {name: new_id() for name in (
        "district", "town", "community", "grid", "road", "door", "room", "household", "resident",
        "registration",
    )}
    dev = store.device_id
    with store.write() as conn:
        def w(entity: str, key: str, fields: dict[str, Any]) -> None:
            write_record(conn, entity, ids[key], fields, user=user, device_id=dev)

        w("area", "district", {"level": "district", "code": "330212", "name": "鄞州区"})
        w("area", "town", {"level": "town", "code": "330212001", "name": "钟公庙街道",
                           "parent_id": ids["district"]})
        w("area", "community", {"level": "community", "name": "演示社区", "parent_id": ids["town"],
                                "invented": 1})
        w("area", "grid", {"level": "grid", "name": "第1网格", "parent_id": ids["community"], "invented": 1})
        w("standard_address", "road", {"grid_id": ids["grid"], "level": "road", "name": "天童南路"})
        w("standard_address", "door", {"grid_id": ids["grid"], "level": "door", "name": "588号",
                                       "parent_id": ids["road"]})
        w("standard_address", "room", {"grid_id": ids["grid"], "level": "room", "name": "101室",
                                       "parent_id": ids["door"], "is_leaf": 1,
                                       "full_text": "天童南路588号101室"})
        w("resident", "resident", {"id_type": "resident_id", "id_number": id_number(), "name": "张三",
                                   "sex": "1", "birth_date": "1990-03-07", "phone": "13812345678",
                                   "reason": "work"})
        w("household", "household", {"address_id": ids["room"], "type": "family",
                                     "head_resident_id": ids["resident"]})
        w("residence_registration", "registration", {
            "resident_id": ids["resident"], "address_id": ids["room"], "household_id": ids["household"],
            "relationship": "02", "registered_date": "2024-05-01", "status": "living"})
    return ids


def local_counts(store: Store) -> dict[str, int]:
    """Return {entity: non-deleted rows} of a local store."""
    out: dict[str, int] = {}
    with store.read() as conn:
        for entity in ENTITIES:
            table = t.SYNCED_TABLES[entity]
            out[entity] = int(conn.execute(select(func.count()).select_from(table)
                                           .where(table.c.deleted == 0)).scalar_one())
    return out


def outbox_statuses(store: Store) -> dict[str, int]:
    """Return {status: count} of the local outbox."""
    with store.read() as conn:
        return {str(s): int(n) for s, n in conn.execute(
            select(t.outbox.c.status, func.count()).group_by(t.outbox.c.status))}
