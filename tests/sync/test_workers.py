"""``doorstep-central --workers 2``: several processes give the same answers as one (DESIGN §9)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desktop.domain.entities import SCHEMA_VERSION
from desktop.errors import SyncError
from desktop.sync.client import SyncClient
from desktop.sync.protocol import Mutation, PushRequest, PushResponse, ReceiptStatus
from tests.sync.support import add_test_users, client_for, new_id, pg_schema_url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db_url: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "central", "--db", db_url, "--port", str(port), "--workers", "2",
         "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
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
                raise RuntimeError(f"central did not start: {proc.stderr.read() if proc.stderr else ''!r}")
            time.sleep(0.1)
        add_test_users(db_url)
        yield url
    finally:
        proc.terminate()
        proc.wait(15)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def workers_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        with pg_schema_url() as db_url:
            yield from _serve(db_url)
    else:
        yield from _serve(f"sqlite:///{tmp_path / 'central.sqlite'}")


def test_two_workers_race_identical_batches(workers_url: str) -> None:
    devices = ["dev-w1", "dev-w2"]
    batches = {d: PushRequest(device_id=d, server_id="", schema_version=SCHEMA_VERSION, mutations=[
        Mutation(mutation_no=i, entity="area", record_id=new_id(), base_version=0, client_time="",
                 fields={"level": "community", "name": f"{d}-{i}"}) for i in range(1, 301)]) for d in devices}
    results: list[tuple[str, PushResponse | SyncError]] = []
    tokens = {d: str(client_for(workers_url, d).session.headers["Authorization"]).split()[1] for d in devices}

    def push(device: str) -> None:
        try:
            results.append((device, SyncClient(workers_url, token=tokens[device]).push(batches[device])))
        except SyncError as exc:  # asserted below
            results.append((device, exc))

    threads = [threading.Thread(target=push, args=(d,)) for d in devices for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 8 and not [r for _, r in results if isinstance(r, SyncError)]
    for device in devices:
        answers = [r for d, r in results if d == device and isinstance(r, PushResponse)]
        assert len({tuple((rc.mutation_no, rc.version) for rc in a.receipts) for a in answers}) == 1
        firsts = [a for a in answers if a.receipts[0].status is ReceiptStatus.APPLIED]
        assert len(firsts) == 1 and all(a.high_water == 300 for a in answers)
    client = client_for(workers_url, "counter")
    assert client.counts()["area"] == 600
    page = client.pull(0, 5000)
    assert [row.change_seq for row in page.rows] == list(range(1, 601))
