"""The floors for push: bare FastAPI + psycopg endpoints over the same records. Run with uvicorn's factory:
``BARE_DSN=… uvicorn bench.bare_insert:create --factory``.

* ``POST /batches`` — the loop DESIGN §7 names as the floor ("20,900 records/s bare FastAPI + psycopg"),
  built as ``../shared/reference/feasibility.md`` §9 measured it: pydantic validates each record (the ID
  number exactly 18 characters), the batch is idempotent by its ``batch_id`` (a batch row inserted or
  ignored; a repeat answers ``duplicate``), and the records are upserted by uuid, last writer wins on
  ``updated_at``; one transaction per batch, ``executemany``.
* ``POST /push`` — barer still: a plain ``executemany`` INSERT of the batch, no validation, no idempotency,
  no merge, no receipts (what the database and the web stack alone cost).
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field

DDL = (
    "CREATE TABLE IF NOT EXISTS bare_record (id text PRIMARY KEY, entity text NOT NULL, data jsonb NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bare_batch (batch_id text PRIMARY KEY, device_id text NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bare_upsert (id text PRIMARY KEY, id_number text NOT NULL, data jsonb NOT NULL, "
    "updated_at text NOT NULL)",
)


class BareRecord(BaseModel):
    """One record of feasibility.md §9's batch: a uuid, an 18-character ID number, its fields and a time."""

    id: str = Field(min_length=1, max_length=36)
    id_number: str = Field(min_length=18, max_length=18)
    updated_at: str
    fields: dict[str, Any]


class BareBatch(BaseModel):
    """feasibility.md §9's request: ``{batch_id, device_id, records}``."""

    batch_id: str
    device_id: str
    records: list[BareRecord]


def create() -> FastAPI:
    """The app (``BARE_DSN`` names the PostgreSQL database): ``POST /batches`` → ``{"accepted": n, "duplicate":
    bool}``; ``POST /push`` with ``{"mutations": [{record_id, entity, fields}, …]}`` → ``{"n": count}``."""
    dsn = os.environ["BARE_DSN"]
    with psycopg.connect(dsn, autocommit=True) as conn:
        for ddl in DDL:
            conn.execute(ddl)
    conn = psycopg.connect(dsn)
    lock = threading.Lock()
    app = FastAPI()

    @app.post("/batches")
    def batches(batch: BareBatch) -> dict[str, Any]:
        rows = [(r.id, r.id_number, json.dumps(r.fields, ensure_ascii=False), r.updated_at) for r in batch.records]
        with lock, conn.transaction(), conn.cursor() as cur:
            cur.execute("INSERT INTO bare_batch (batch_id, device_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (batch.batch_id, batch.device_id))
            if cur.rowcount == 0:
                return {"accepted": 0, "duplicate": True}
            cur.executemany(
                "INSERT INTO bare_upsert (id, id_number, data, updated_at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET id_number = excluded.id_number, data = excluded.data, "
                "updated_at = excluded.updated_at WHERE bare_upsert.updated_at < excluded.updated_at", rows)
        return {"accepted": len(rows), "duplicate": False}

    @app.post("/push")
    async def push(request: Request) -> dict[str, Any]:
        body = json.loads(await request.body())
        rows = [(m["record_id"], m["entity"], json.dumps(m["fields"], ensure_ascii=False))
                for m in body["mutations"]]
        with lock, conn.transaction(), conn.cursor() as cur:
            cur.executemany("INSERT INTO bare_record (id, entity, data) VALUES (%s, %s, %s)", rows)
        return {"n": len(rows)}

    return app
