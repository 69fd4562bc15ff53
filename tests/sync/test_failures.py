"""Failures pause, never discard (DESIGN §5.3, §5.7, §5.8): gaps, restores, bad servers, 413, cancel."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from central.embedded import EmbeddedServer, start_embedded
from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import Cancelled, SyncError, SyncErrorKind
from desktop.services.sync_service import SyncService
from desktop.store.db import Store
from desktop.store.records import SyncRepo, bulk_create
from desktop.sync.client import SyncClient
from desktop.sync.engine import run_sync
from desktop.sync.protocol import Mutation, PushRequest, ReceiptStatus
from tests.sync.support import (
    add_test_users,
    client_for,
    local_counts,
    new_id,
    outbox_statuses,
    seed_district,
    signed_in,
)


def _area(no: int, record_id: str | None = None) -> Mutation:
    return Mutation(mutation_no=no, entity="area", record_id=record_id or new_id(), base_version=0,
                    client_time="", fields={"level": "grid", "name": f"网格{no}"})


def test_gap_is_refused_with_the_expected_number(central: EmbeddedServer) -> None:
    client = client_for(central.url, "dev-gap")
    resp = client.push(PushRequest(device_id="dev-gap", server_id="", schema_version=SCHEMA_VERSION,
                                   mutations=[_area(1), _area(3)]))
    assert [r.status for r in resp.receipts] == [ReceiptStatus.APPLIED]
    assert (resp.high_water, resp.expected_mutation_no) == (1, 2)
    assert client.handshake("dev-gap").device_high_water == 1


def test_identical_batches_in_parallel_land_once(central: EmbeddedServer) -> None:
    batch = PushRequest(device_id="dev-par", server_id="", schema_version=SCHEMA_VERSION,
                        mutations=[_area(i) for i in range(1, 201)])
    results: list[object] = []
    token = client_for(central.url, "dev-par").session.headers["Authorization"].split()[1]

    def push() -> None:
        try:
            results.append(SyncClient(central.url, token=str(token)).push(batch))
        except SyncError as exc:  # collected and asserted below
            results.append(exc)

    threads = [threading.Thread(target=push) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(not isinstance(r, SyncError) for r in results), results
    versions = {tuple((rc.mutation_no, rc.version) for rc in r.receipts) for r in results}  # type: ignore[attr-defined]
    assert len(versions) == 1
    statuses = sorted(tuple(sorted({rc.status for rc in r.receipts})) for r in results)  # type: ignore[attr-defined]
    assert statuses.count((ReceiptStatus.APPLIED,)) == 1
    assert statuses.count((ReceiptStatus.DUPLICATE,)) == 5
    assert client_for(central.url, "dev-par").counts()["area"] == 200


def test_restored_server_gets_the_retained_mutations_again(tmp_path: Path, store_a: Store) -> None:
    db = tmp_path / "central.sqlite"
    url = f"sqlite:///{db}"
    seed_district(store_a)
    with start_embedded(url) as server:
        add_test_users(url)
        signed_in(store_a, server.url).sync()
    backup = tmp_path / "backup.sqlite"
    shutil.copy(db, backup)
    with start_embedded(url) as server:
        with store_a.write() as conn:
            bulk_create(conn, "area", [{"id": new_id(), "level": "grid", "name": f"网格{i}"}
                                       for i in range(5)],
                        user="officer1", device_id=store_a.device_id)
        assert SyncService(store_a, server.url).sync().applied == 5
    shutil.copy(backup, db)  # the district restores last night's backup
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with start_embedded(url) as server:
        client = client_for(server.url, store_a.device_id)
        assert client.handshake(store_a.device_id).device_high_water == 10
        report = SyncService(store_a, server.url).sync()
        assert (report.applied, report.duplicate) == (5, 0)
        assert client.counts() == local_counts(store_a)


def test_wrong_server_stops_and_deletes_nothing(tmp_path: Path, store_a: Store) -> None:
    seed_district(store_a)
    with start_embedded(f"sqlite:///{tmp_path / 'one.sqlite'}") as one:
        add_test_users(one.db_url)
        signed_in(store_a, one.url).sync()
    with store_a.write() as conn:
        bulk_create(conn, "area", [{"id": new_id(), "level": "grid", "name": "x"}], user="officer1",
                    device_id=store_a.device_id)
    with start_embedded(f"sqlite:///{tmp_path / 'two.sqlite'}") as two:
        add_test_users(two.db_url)
        service = SyncService(store_a, two.url)
        with pytest.raises(SyncError) as err:
            service.sync()
        assert err.value.kind is SyncErrorKind.WRONG_SERVER
        assert client_for(two.url, "counter").counts()["area"] == 0
    assert service.pending_count() == 1 and local_counts(store_a)["area"] == 5
    last = service.last_result()
    assert last is not None and not last.ok and last.error is not None and "wrong_server" in last.error


class _Portal(http.server.BaseHTTPRequestHandler):
    """A captive portal: a valid handshake, then an HTML login page with status 200 for everything."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/api/v1/handshake"):
            self._send(b'{"server_id":"portal","epoch":1,"schema_version":1,"min_schema_version":1,'
                       b'"device_high_water":0}', "application/json")
        else:
            self._send("<html><body>请登录 Wi-Fi</body></html>".encode(), "text/html; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._send("<html><body>请登录 Wi-Fi</body></html>".encode(), "text/html; charset=utf-8")

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence the test log
        return


@pytest.fixture
def portal() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_html_page_with_status_200_leaves_the_outbox_queued(portal: str, store_a: Store) -> None:
    seed_district(store_a)
    service = SyncService(store_a, portal)
    with pytest.raises(SyncError) as err:
        service.sync()
    assert err.value.kind is SyncErrorKind.SERVER
    assert outbox_statuses(store_a) == {"pending": 10}
    with pytest.raises(SyncError) as err2:
        SyncClient(portal).pull(0, 10)
    assert err2.value.kind is SyncErrorKind.SERVER


def test_unreachable_server_is_a_network_error(store_a: Store) -> None:
    seed_district(store_a)
    client = SyncClient("http://127.0.0.1:9", timeout=(0.5, 0.5), retries=1, backoff=0.01)
    with pytest.raises(SyncError) as err:
        run_sync(SyncRepo(store_a), client)
    assert err.value.kind is SyncErrorKind.NETWORK
    assert outbox_statuses(store_a) == {"pending": 10}


def test_413_halves_the_batch(central: EmbeddedServer, store_a: Store) -> None:
    with store_a.write() as conn:
        bulk_create(conn, "area", [{"id": new_id(), "level": "grid", "name": f"网格{i}"}
                                   for i in range(2100)],
                    user="officer1", device_id=store_a.device_id)
    report = run_sync(SyncRepo(store_a), client_for(central.url, store_a.device_id), batch_size=4200)
    assert report.applied == 2100 and outbox_statuses(store_a) == {"sent": 2100}


def test_cancel_between_batches_keeps_what_was_done(central: EmbeddedServer, store_a: Store) -> None:
    seed_district(store_a)
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        run_sync(SyncRepo(store_a), client_for(central.url, store_a.device_id), batch_size=4, should_cancel=cancel)
    assert outbox_statuses(store_a) == {"sent": 8, "pending": 2}
    client = client_for(central.url, store_a.device_id)
    report = run_sync(SyncRepo(store_a), client)
    assert report.applied == 2 and client.counts() == local_counts(store_a)


def test_engine_resends_from_the_expected_number(central: EmbeddedServer, store_a: Store) -> None:
    from sqlalchemy import update

    from desktop.store import tables as t

    seed_district(store_a)
    repo = SyncRepo(store_a)
    first = [Mutation.model_validate(m) for m in repo.pending_mutations(3)]
    client = client_for(central.url, store_a.device_id)
    client.push(PushRequest(device_id=store_a.device_id, server_id="", schema_version=SCHEMA_VERSION,
                            mutations=first))
    with store_a.write() as conn:  # 1..5 look sent locally, but central only ever got 1..3
        conn.execute(update(t.outbox).where(t.outbox.c.mutation_no <= 5).values(status="sent"))
    report = run_sync(repo, client)
    assert (report.applied, report.duplicate) == (7, 0)
    assert outbox_statuses(store_a) == {"sent": 10}
    assert client.counts() == local_counts(store_a)
