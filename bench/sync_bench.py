"""Push and pull against central on PostgreSQL over loopback (DESIGN §7), beside the floors
(:mod:`bench.bare_insert`): DESIGN §7's "bare FastAPI + psycopg" loop as feasibility.md §9 measured it
(pydantic per record, idempotent batches, upserts), and a barer plain-executemany loop, over the same records.

Both servers run as uvicorn subprocesses on 127.0.0.1 over fresh schemas of the ``test``
database; the client is the real sync engine (push: ``run_sync`` of a store holding ``n`` new
residents; pull: a fresh store pulling them all, rows and cursor committed per page).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests

from desktop.domain.idnumber import compute_check_digit
from desktop.services.sync_service import SyncService
from desktop.store.db import open_store
from desktop.store.records import bulk_create

PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
USER, PASSWORD = "bench-officer", "bench-password"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _schema() -> Iterator[str]:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@contextmanager
def _serve(args: list[str], env: dict[str, str], health: str) -> Iterator[str]:
    port = _port()
    proc = subprocess.Popen([sys.executable, *args, "--port", str(port)], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + health, timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{args} did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(15)


def _residents(n: int) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        first17 = f"3302121990{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"
        idn = first17 + compute_check_digit(first17)
        rows.append({"id": str(uuid.uuid4()), "id_type": "resident_id", "id_number": idn,
                     "name": f"测试{i % 100}", "sex": "1" if i % 2 else "2",
                     "birth_date": f"1990-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}", "phone": "13812345678",
                     "reason": "work"})
    return rows


def measure(n: int, add: Callable[..., None]) -> None:
    """Push and pull ``n`` residents; ``add(name, value, unit, target, floor, lower_is_better)``."""
    rows = _residents(n)
    work = Path(tempfile.mkdtemp(prefix="doorstep-sync-bench-"))
    with _schema() as schema:
        db = f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        subprocess.run([sys.executable, "-m", "central", "create-user", "--db", db, "--username", USER,
                        "--password", PASSWORD, "--role", "supervisor", "--area", "330212"],  # issue 7: reads all
                       check=True, capture_output=True)
        with _serve(["-m", "central", "--db", db, "--log-level", "warning"], {}, "/api/v1/health") as url:
            store = open_store(work / "push.sqlite")
            with store.write() as conn:
                bulk_create(conn, "resident", rows, user=USER, device_id=store.device_id)
            service = SyncService(store, url)
            service.login(USER, PASSWORD)
            marks: list[float] = []

            def progress(stage: str, done: int, total: int) -> None:
                if stage == "push" and done >= total and not marks:
                    marks.append(time.perf_counter())  # the last batch's receipts are stored

            t0 = time.perf_counter()
            report = service.sync(progress, batch_size=2000, page_size=5000)  # its pull is not timed
            push_s = marks[0] - t0
            assert report.applied >= n, report  # n residents (+ the sign-in's audit event)
            reader = open_store(work / "pull.sqlite")
            pull_service = SyncService(reader, url)
            pull_service.login(USER, PASSWORD)
            t0 = time.perf_counter()
            pulled = pull_service.sync(page_size=5000).pulled
            pull_s = time.perf_counter() - t0
            assert pulled >= n
            store.close()
            reader.close()
    with _schema() as schema:
        dsn = f"{PG_DSN} options=-csearch_path={schema}"
        with _serve(["-m", "uvicorn", "bench.bare_insert:create", "--factory", "--log-level", "warning"],
                    {"BARE_DSN": dsn}, "/docs") as url:
            session = requests.Session()
            json_headers = {"Content-Type": "application/json"}
            # DESIGN §7's floor, as feasibility.md §9 measured it (validated, idempotent batches, upserts)
            t0 = time.perf_counter()
            for i in range(0, n, 2000):
                records = [{"id": r["id"], "id_number": r["id_number"], "updated_at": "2026-11-29T00:00:00.000",
                            "fields": {k: v for k, v in r.items() if k != "id"}} for r in rows[i:i + 2000]]
                body = json.dumps({"batch_id": f"b{i}", "device_id": "bench", "records": records},
                                  ensure_ascii=False).encode("utf-8")
                session.post(f"{url}/batches", data=body, headers=json_headers).raise_for_status()
            floor_s = time.perf_counter() - t0
            # and the barest loop: plain executemany, nothing checked
            muts = [{"record_id": r["id"], "entity": "resident", "fields": {k: v for k, v in r.items() if k != "id"}}
                    for r in rows]
            t0 = time.perf_counter()
            for i in range(0, n, 2000):
                body = json.dumps({"mutations": muts[i:i + 2000]}, ensure_ascii=False).encode("utf-8")
                session.post(f"{url}/push", data=body, headers=json_headers).raise_for_status()
            bare_s = time.perf_counter() - t0
    add("push to central (PostgreSQL, loopback)", n / push_s, "mutations/s", 10_000.0, n / floor_s, False)
    add("push beside a bare executemany (no checks, no receipts)", n / push_s, "mutations/s", None, n / bare_s,
        False)
    add("pull from central (PostgreSQL, loopback)", pulled / pull_s, "rows/s", 20_000.0, None, False)
