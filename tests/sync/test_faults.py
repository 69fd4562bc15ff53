"""Issue 3's "done when" scenarios against a real central subprocess on 127.0.0.1 (SQLite and
PostgreSQL), with faults caused for real: the fault proxy (tests/sync/faultproxy.py) and SIGKILL
of a client subprocess at named points (desktop/killpoints.py). Row counts are compared on both
sides: central's ``record`` and ``mutation_log`` tables, and the device's tables and outbox."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlcipher3
from sqlalchemy import func, select

from central import models
from central.db import make_engine
from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import SyncError, SyncErrorKind, UnsentChanges
from desktop.services.sync_service import SyncService
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import bulk_create, write_record
from desktop.sync.client import SyncClient
from desktop.sync.protocol import Mutation, PushRequest, PushResponse, ReceiptStatus
from tests.sync.faultproxy import FaultProxy
from tests.sync.support import (
    add_test_users,
    client_for,
    new_id,
    outbox_statuses,
    pg_schema_url,
    signed_in,
)

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Central:
    """A central subprocess: its URL, database URL and port."""

    def __init__(self, url: str, db_url: str, port: int) -> None:
        self.url, self.db_url, self.port = url, db_url, port

    def proxy(self) -> FaultProxy:
        return FaultProxy(("127.0.0.1", self.port))

    def records(self, ids: list[str]) -> int:
        """Live central records among ``ids``."""
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                r = models.record
                return int(conn.execute(select(func.count()).select_from(r)
                                        .where(r.c.id.in_(ids), r.c.deleted.is_(False))).scalar_one())
        finally:
            engine.dispose()

    def logged(self, device_id: str) -> int:
        """Mutations central processed for ``device_id`` (its receipts)."""
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                log = models.mutation_log
                return int(conn.execute(select(func.count()).select_from(log)
                                        .where(log.c.device_id == device_id)).scalar_one())
        finally:
            engine.dispose()


def _serve(db_url: str) -> Iterator[Central]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "central", "--db", db_url, "--port", str(port),
                             "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("central did not start")
            time.sleep(0.05)
        add_test_users(db_url)
        yield Central(url, db_url, port)
    finally:
        proc.terminate()
        proc.wait(15)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    """One central subprocess per backend for this module (tests use their own devices and records)."""
    if request.param == "postgres":
        with pg_schema_url() as db_url:
            yield from _serve(db_url)
    else:
        yield from _serve(f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite'}")


def _areas(store: Store, n: int, *, user: str = "officer1", code: bool = False, size: int = 0) -> list[str]:
    ids = [new_id() for _ in range(n)]
    rows = [{"id": rid, "level": "grid", "name": f"网格{i}" + "x" * size, **({"code": f"C{i}"} if code else {})}
            for i, rid in enumerate(ids)]
    with store.write() as conn:
        bulk_create(conn, "area", rows, user=user, device_id=store.device_id)
    return ids


def _local(store: Store, ids: list[str], table: Any = t.area) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)
                                .where(table.c.id.in_(ids), table.c.deleted == 0)).scalar_one())


# ---- exactly once ----------------------------------------------------------------------------


def test_response_lost_three_times_gives_one_copy_and_duplicate_receipts(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 3)
    with central.proxy() as proxy:
        proxy.add("drop", times=3)
        service = signed_in(store_a, proxy.url)
        for _ in range(3):
            with pytest.raises(SyncError) as err:
                service.sync()
            assert err.value.kind is SyncErrorKind.NETWORK
            assert outbox_statuses(store_a) == {"pending": 3}
        report = service.sync()
    assert (report.applied, report.duplicate) == (0, 3)
    assert central.records(ids) == 3 == _local(store_a, ids)
    assert central.logged(store_a.device_id) == 3 and outbox_statuses(store_a) == {"sent": 3}


def test_identical_batch_five_times_in_parallel_fifty_times(central: Central) -> None:
    device = f"dev-par-{new_id()[:8]}"
    token = str(client_for(central.url, device).session.headers["Authorization"]).split()[1]
    ids: list[str] = []
    statuses: list[int] = []
    for rep in range(50):
        muts = [Mutation(mutation_no=rep * 4 + i, entity="area", record_id=new_id(), base_version=0,
                         fields={"level": "grid", "name": f"并发{rep}-{i}"}) for i in range(1, 5)]
        ids += [m.record_id for m in muts]
        batch = PushRequest(device_id=device, server_id="", schema_version=SCHEMA_VERSION, mutations=muts)
        answers: list[PushResponse | SyncError] = []

        def push(req: PushRequest = batch, answers: list[PushResponse | SyncError] = answers) -> None:
            try:
                answers.append(SyncClient(central.url, token=token).push(req))
            except SyncError as exc:  # asserted below: none expected
                answers.append(exc)

        threads = [threading.Thread(target=push) for _ in range(5)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        ok = [a for a in answers if isinstance(a, PushResponse)]
        assert len(ok) == 5, [a for a in answers if isinstance(a, SyncError)]
        assert len({tuple((r.mutation_no, r.record_id, r.version) for r in a.receipts) for a in ok}) == 1
        statuses.append(sum(1 for a in ok if a.receipts[0].status is ReceiptStatus.APPLIED))
    assert statuses == [1] * 50
    assert central.records(ids) == 200 and central.logged(device) == 200


def test_duplicated_request_on_the_wire_lands_once(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 5)
    with central.proxy() as proxy:
        proxy.add("duplicate")
        report = signed_in(store_a, proxy.url).sync()
    assert report.applied + report.duplicate == 5
    assert central.records(ids) == 5 and central.logged(store_a.device_id) == 5


# ---- SIGKILL at named points -------------------------------------------------------------------

_CLIENT = """
import sys
from pathlib import Path
from desktop.services.sync_service import SyncService
from desktop.store.db import open_store
store = open_store(Path(sys.argv[1]))
SyncService(store, sys.argv[2]).sync(batch_size=int(sys.argv[3]), page_size=int(sys.argv[4]))
"""


def _client_process(store: Store, url: str, kill_at: str, batch: int = 500, page: int = 2000) -> int:
    store.close()  # the subprocess owns the file while it runs
    env = {**os.environ, "DOORSTEP_KILL_AT": kill_at, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CLIENT, str(store.path), url, str(batch), str(page)],
                          env=env, capture_output=True, timeout=120, cwd=ROOT)
    return proc.returncode


def test_killed_after_batch_two_was_applied_but_not_recorded(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 15)
    signed_in(store_a, central.url)
    code = _client_process(store_a, central.url, "after_push_response_before_record:2", batch=5)
    assert code == -signal.SIGKILL
    assert central.records(ids) == 10  # batches 1 and 2 landed on central
    assert outbox_statuses(store_a) == {"sent": 5, "pending": 10}  # only batch 1 was recorded
    report = SyncService(store_a, central.url).sync(batch_size=5)
    assert (report.duplicate, report.applied) == (5, 5)
    assert central.records(ids) == 15 == _local(store_a, ids)
    assert central.logged(store_a.device_id) == 15 and outbox_statuses(store_a) == {"sent": 15}


def test_killed_mid_pull_keeps_the_cursor_behind_unstored_rows(central: Central, store_a: Store,
                                                                 store_b: Store) -> None:
    reader = signed_in(store_b, central.url, "officer2")
    reader.sync()  # B is up to date: its next page holds exactly A's next 100 rows
    cursor_before = int(store_b.state("cursor") or 0)
    ids = _areas(store_a, 40, code=True) + _areas(store_a, 60)
    assert signed_in(store_a, central.url).sync().applied == 100
    code = _client_process(store_b, central.url, "pull_mid_page:40", page=100)
    assert code == -signal.SIGKILL
    assert _local(store_b, ids) == 0 and int(store_b.state("cursor") or 0) == cursor_before
    report = SyncService(store_b, central.url).sync(page_size=100)
    assert report.pulled == 100
    assert _local(store_b, ids) == 100 == central.records(ids)
    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            top = conn.execute(select(func.max(models.record.c.change_seq))).scalar_one()
    finally:
        engine.dispose()
    assert int(store_b.state("cursor") or 0) == int(top)


# ---- failures pause, never discard -------------------------------------------------------------


def test_500_html_reset_and_partial_receipts_lose_nothing(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 10)
    with central.proxy() as proxy:
        service = signed_in(store_a, proxy.url)
        proxy.add("partial", keep=4).add("status", status=500)  # 4 receipts, then a 500 unforwarded
        with pytest.raises(SyncError) as err:
            service.sync(batch_size=10)
        assert err.value.kind is SyncErrorKind.SERVER
        assert outbox_statuses(store_a) == {"sent": 4, "pending": 6}  # only receipted ones cleared
        proxy.add("status", status=500, forward=True).add("html200", forward=True).add("reset")
        waits: list[float] = []
        report = service.sync_until_done(max_attempts=6, sleep=waits.append, base_delay=0.01)
        assert len(waits) == 3  # three automatic retries, no user action
        assert [s.action for s in proxy.seen if s.path.startswith("/api/v1/sync/push")] == [
            "partial", "status", "status", "html200", "reset", "pass"]
    assert (report.applied, report.duplicate) == (0, 6)  # the 500 after commit had applied them
    assert central.records(ids) == 10 == _local(store_a, ids)
    assert central.logged(store_a.device_id) == 10 and outbox_statuses(store_a) == {"sent": 10}


def test_one_rejected_among_twenty_flows_and_lands_once_when_fixed(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 19)
    household = new_id()
    with store_a.write() as conn:
        write_record(conn, "household", household, {"address_id": new_id(), "type": "family"},
                     user="officer1", device_id=store_a.device_id)
    service = signed_in(store_a, central.url)
    report = service.sync()
    assert (report.applied, report.rejected) == (19, 1)
    assert central.records(ids) == 19 and central.records([household]) == 0
    attention = service.needs_attention()
    assert [(a["record_id"], a["reasons"]) for a in attention] == [(household, ["missing_parent:address_id"])]
    assert _local(store_a, [household], t.household) == 1  # the officer's record stays as left
    grid = ids[0]
    room = new_id()
    with store_a.write() as conn:  # the officer fixes it: a real room, then the household's address
        write_record(conn, "standard_address", room, {"grid_id": grid, "level": "room", "name": "101室"},
                     user="officer1", device_id=store_a.device_id)
        write_record(conn, "household", household, {"address_id": room}, user="officer1",
                     device_id=store_a.device_id)
    assert service.needs_attention() == []
    report = service.sync()
    assert (report.applied, report.rejected) == (2, 0)
    assert central.records([household]) == 1 and central.logged(store_a.device_id) == 22
    assert outbox_statuses(store_a) == {"sent": 21, "superseded": 1}


# ---- conflicts by version --------------------------------------------------------------------


def test_two_devices_merge_conflict_and_a_supervisor_resolves_once(central: Central, store_a: Store,
                                                                   store_b: Store, tmp_path: Path) -> None:
    from desktop.store.db import open_store

    ids = _areas(store_a, 1)
    room, household = new_id(), new_id()
    with store_a.write() as conn:
        write_record(conn, "standard_address", room, {"grid_id": ids[0], "level": "room", "name": "1室"},
                     user="officer1", device_id=store_a.device_id)
        write_record(conn, "household", household, {"address_id": room, "type": "family"},
                     user="officer1", device_id=store_a.device_id)
    a, b = signed_in(store_a, central.url), signed_in(store_b, central.url, "supervisor1")
    a.sync()
    b.sync()

    def edit(store: Store, user: str, fields: dict[str, Any], delete: bool = False,
             record: str = household, entity: str = "household") -> None:
        with store.write() as conn:
            write_record(conn, entity, record, fields, user=user, device_id=store.device_id, delete=delete)

    def household_row(store: Store) -> Any:
        with store.read() as conn:
            return conn.execute(select(t.household).where(t.household.c.id == household)).mappings().one()

    head = new_id()
    edit(store_a, "officer1", {"head_resident_id": head})
    edit(store_b, "supervisor1", {"type": "collective"})
    assert a.sync().applied == 1 and b.sync().applied == 1 and a.sync().pulled >= 1
    for store in (store_a, store_b):  # different fields merged
        assert (household_row(store)["head_resident_id"], household_row(store)["type"]) == (head, "collective")

    edit(store_a, "officer1", {"type": "family"})
    edit(store_b, "supervisor1", {"type": "group_rental"})
    assert a.sync().applied == 1
    assert b.sync().conflict == 1
    a.sync()
    for service in (a, b):  # both values, who and which device, on both devices
        [conflict] = service.conflicts()
        assert conflict["record_id"] == household
        assert conflict["fields"] == [{"field": "type", "device_value": "group_rental", "server_value": "family"}]
        assert (conflict["user"], conflict["device_id"]) == ("supervisor1", store_b.device_id)
        assert (conflict["server_user"], conflict["server_device_id"]) == ("officer1", store_a.device_id)

    with pytest.raises(Exception, match="supervisor"):
        a.resolve_conflict(household, {"type": "group_rental"})
    store_s = open_store(tmp_path / "s.db")
    try:
        sup = signed_in(store_s, central.url, "supervisor1")
        sup.sync()
        sup.resolve_conflict(household, {"type": "group_rental"})
        assert sup.sync().applied == 2  # the resolution and its audit event (one transaction, issue 7)
        assert sup.sync().pushed == 0  # resolved once
    finally:
        store_s.close()
    for service, store in ((a, store_a), (b, store_b)):
        service.sync()
        assert service.conflicts() == [] and household_row(store)["type"] == "group_rental"
    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            c = models.conflict
            row = conn.execute(select(c).where(c.c.record_id == household)).mappings().one()
    finally:
        engine.dispose()
    assert row["resolved_by"] == "supervisor1" and row["resolution"]["fields"] == {"type": "group_rental"}

    edit(store_a, "officer1", {}, delete=True)  # a delete racing an edit is a conflict, not a silent win
    edit(store_b, "supervisor1", {"head_resident_id": new_id()})
    assert b.sync().applied == 1
    assert a.sync().conflict == 1
    b.sync()
    for service in (a, b):
        [conflict] = service.conflicts()
        assert conflict["op"] == "delete" and {"field": "deleted", "device_value": True,
                                               "server_value": None} in conflict["fields"]
    assert central.records([household]) == 1 and household_row(store_a)["deleted"] == 0


# ---- 10 MB, 413, 401, sign-out -------------------------------------------------------------------


def test_ten_mb_limit_splits_batches_and_413_halves_without_endless_retry(central: Central,
                                                                          store_a: Store) -> None:
    ids = _areas(store_a, 48, size=250_000)  # about 12 MB of fields
    with central.proxy() as proxy:
        service = signed_in(store_a, proxy.url)
        report = service.sync()
        assert report.applied == 48 and report.batches >= 2
        assert proxy.count() == report.batches and all(s.size < 10 * 1024 * 1024 for s in proxy.seen)
    assert central.records(ids) == 48

    ids = _areas(store_a, 16, size=100_000)
    with central.proxy() as proxy:
        proxy.add("too_large", limit=450_000)  # a reverse proxy with a smaller limit: 413 above 450 kB
        report = signed_in(store_a, proxy.url).sync()
        assert report.applied == 16 and proxy.count() > report.batches  # 413s, then halved batches
    with central.proxy() as proxy:
        _areas(store_a, 4, size=10)
        proxy.add("status", status=413, times=100)
        with pytest.raises(SyncError):
            signed_in(store_a, proxy.url).sync(batch_size=4)
        assert proxy.count() == 3  # 4 → 2 → 1, then it stops
    assert outbox_statuses(store_a)["pending"] == 4


def test_401_in_the_middle_pauses_until_sign_in(central: Central, store_a: Store) -> None:
    ids = _areas(store_a, 15)
    with central.proxy() as proxy:
        service = signed_in(store_a, proxy.url)
        proxy.add("pass").add("status", status=401)  # the second batch gets a 401
        with pytest.raises(SyncError) as err:
            service.sync(batch_size=5)
        assert err.value.kind is SyncErrorKind.AUTH
        assert outbox_statuses(store_a) == {"sent": 5, "pending": 10}
        assert service.signed_in_user() is None
        sent = proxy.count("/api/v1/")
        with pytest.raises(SyncError) as err:  # paused: nothing is sent until the officer signs in
            service.sync(batch_size=5)
        assert err.value.kind is SyncErrorKind.AUTH
        assert proxy.count("/api/v1/") == sent + 1  # only the unauthenticated identity check
        service.login("officer1", "test-password-1", audit_event=False)
        report = service.sync(batch_size=5)
    assert (report.applied, report.duplicate) == (10, 0)  # nothing re-applied
    assert central.records(ids) == 15 and central.logged(store_a.device_id) == 15


def test_sign_out_with_unsent_records_is_refused_or_exports_them(central: Central, store_a: Store,
                                                                  tmp_path: Path) -> None:
    _areas(store_a, 3)
    service = signed_in(store_a, central.url)
    with pytest.raises(UnsentChanges) as err:
        service.sign_out()
    assert err.value.params == {"count": 3}
    with pytest.raises(UnsentChanges):  # switching user is refused too
        service.login("officer2", "test-password-1")
    export = tmp_path / "outbox-export.db"
    assert service.sign_out(export_to=export, passphrase="导出口令") == 3
    assert service.signed_in_user() is None and outbox_statuses(store_a) == {"pending": 3}
    conn = sqlcipher3.connect(str(export))
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT count(*) FROM outbox").fetchone()  # unreadable without the passphrase
    conn.close()
    conn = sqlcipher3.connect(str(export))
    conn.execute("PRAGMA key = '导出口令'")
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 3
    conn.close()
    with pytest.raises(SyncError) as serr:
        service.sync()
    assert serr.value.kind is SyncErrorKind.AUTH
