"""Text the database cannot store (lone surrogates, NUL) is a per-mutation rejection, never a 500 (trial, issue 7).

A real embedded central on SQLite and PostgreSQL, pushed to over HTTP with a raw JSON body (a lone
surrogate is valid JSON: ``"\\ud800"``). Field values are free JSON; the wire model's constrained strings
(record ids, user, field names) refuse such text with a 422 before central sees it. The bad mutations
come back ``rejected`` with ``text.invalid:…``, the good ones in the same batch apply, the quarantine
keeps the bad values with U+FFFD, and nothing personal reaches the log (engines hide SQL parameters).
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from central import models as m
from central.db import make_engine
from desktop.domain.entities import SCHEMA_VERSION
from tests.sync.support import central_server, client_for

SECRET_NAME = "欧阳秘密"
SECRET_ADDRESS = "北京市朝阳区秘密路8号"


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_unstorable_text_is_rejected_per_mutation_and_never_logged(
        kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with central_server(kind, tmp_path) as (server, url):
        client = client_for(server.url, "dev-text", "supervisor1")
        ids = [str(uuid.uuid4()) for _ in range(5)]

        def person(record_id: str, no: int, **fields: str) -> dict[str, object]:
            return {"mutation_no": no, "entity": "resident", "record_id": record_id, "base_version": 0,
                    "fields": {"name": "张三", "id_type": "passport", "id_number": f"E{no:07d}", **fields},
                    "user": "supervisor1"}

        mutations = [
            person(ids[0], 1),
            person(ids[1], 2, name=SECRET_NAME, hukou_address=SECRET_ADDRESS, employer_name="x\ud800"),
            person(ids[2], 3, name=SECRET_NAME + "\x00"),
            person(ids[3], 4, occupation="\udc80"),
            person(ids[4], 5),
        ]
        body = json.dumps({"device_id": "dev-text", "schema_version": SCHEMA_VERSION, "mutations": mutations})
        resp = requests.post(f"{server.url}/api/v1/sync/push", data=body.encode("ascii"), timeout=30,
                             headers={"Authorization": client.session.headers["Authorization"],
                                      "Content-Type": "application/json"})
        assert resp.status_code == 200, resp.text
        receipts = resp.json()["receipts"]
        assert [r["status"] for r in receipts] == ["applied", "rejected", "rejected", "rejected", "applied"]
        assert receipts[1]["reasons"] == ["text.invalid:employer_name"]
        assert receipts[2]["reasons"] == ["text.invalid:name"]
        assert receipts[3]["reasons"] == ["text.invalid:occupation"]
        assert resp.json()["high_water"] == 5  # the queue flows on

        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                stored = {str(i) for (i,) in conn.execute(select(m.record.c.id).where(m.record.c.entity == "resident"))}
                kept = {int(no): dict(f) for no, f in conn.execute(
                    select(m.quarantine.c.mutation_no, m.quarantine.c.fields))}
        finally:
            engine.dispose()
        assert stored == {ids[0], ids[4]}
        assert kept[2]["employer_name"] == "x\ufffd" and kept[2]["name"] == SECRET_NAME
        assert kept[3]["name"] == SECRET_NAME + "\ufffd"
        assert set(kept) == {2, 3, 4} and kept[4]["occupation"] == "\ufffd"

        again = requests.post(f"{server.url}/api/v1/sync/push", data=body.encode("ascii"), timeout=30,
                              headers={"Authorization": client.session.headers["Authorization"],
                                       "Content-Type": "application/json"})  # a retry: duplicates, no 500
        assert again.status_code == 200 and {r["status"] for r in again.json()["receipts"]} == {"duplicate"}
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (SECRET_NAME, SECRET_ADDRESS, "朝阳区"):
        assert secret not in logged


def test_every_engine_hides_sql_parameters(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path / 'c.sqlite'}", "postgresql+psycopg://postgres@127.0.0.1:5432/test"):
        engine = make_engine(url)
        try:
            assert engine.hide_parameters
        finally:
            engine.dispose()
