"""The floor for push: a bare FastAPI + psycopg endpoint that inserts a batch of records in one
transaction (executemany), no validation, no merge, no receipts. Run with uvicorn's factory:
``BARE_DSN=… uvicorn bench.bare_insert:create --factory``."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import psycopg
from fastapi import FastAPI, Request

DDL = "CREATE TABLE IF NOT EXISTS bare_record (id text PRIMARY KEY, entity text NOT NULL, data jsonb NOT NULL)"


def create() -> FastAPI:
    """The app: ``POST /push`` with ``{"mutations": [{record_id, entity, fields}, …]}`` → ``{"n": count}``."""
    dsn = os.environ["BARE_DSN"]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(DDL)
    conn = psycopg.connect(dsn)
    lock = threading.Lock()
    app = FastAPI()

    @app.post("/push")
    async def push(request: Request) -> dict[str, Any]:
        body = json.loads(await request.body())
        rows = [(m["record_id"], m["entity"], json.dumps(m["fields"], ensure_ascii=False))
                for m in body["mutations"]]
        with lock, conn.transaction(), conn.cursor() as cur:
            cur.executemany("INSERT INTO bare_record (id, entity, data) VALUES (%s, %s, %s)", rows)
        return {"n": len(rows)}

    return app
