"""A central restored from backup, then ``doorstep-central after-restore`` (issue 9, docs/deploy.md §Backups).

Without the new epoch a device whose pull cursor points past the restored change sequence would
skip the records that get those sequence numbers again; with it every device pulls everything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from central import __main__ as central_cli
from central.embedded import start_embedded
from desktop.services.sync_service import SyncService
from desktop.store.db import Store
from desktop.store.records import bulk_create
from tests.sync.support import add_test_users, local_counts, new_id, seed_district, signed_in


def _areas(store: Store, names: list[str], user: str) -> None:
    with store.write() as conn:
        bulk_create(conn, "area", [{"id": new_id(), "level": "grid", "name": n} for n in names],
                    user=user, device_id=store.device_id)


def test_after_restore_every_device_pulls_everything(tmp_path: Path, store_a: Store, store_b: Store) -> None:
    db = tmp_path / "central.sqlite"
    url = f"sqlite:///{db}"
    seed_district(store_a)
    with start_embedded(url) as server:
        add_test_users(url)
        signed_in(store_a, server.url).sync()
        signed_in(store_b, server.url, user="supervisor1").sync()
    shutil.copy(db, tmp_path / "backup.sqlite")
    with start_embedded(url) as server:
        _areas(store_a, [f"甲{i}" for i in range(5)], "officer1")
        SyncService(store_a, server.url).sync()
        SyncService(store_b, server.url).sync()  # b's cursor is now past what the backup holds
    shutil.copy(tmp_path / "backup.sqlite", db)  # the district restores last night's backup
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert central_cli.main(["after-restore", "--db", url]) == 0
    with start_embedded(url) as server:
        _areas(store_b, ["乙1", "乙2"], "supervisor1")  # new records take the restored sequence numbers
        SyncService(store_b, server.url).sync()
        assert SyncService(store_a, server.url).sync().applied == 5  # a's lost mutations re-sent
        SyncService(store_b, server.url).sync()
        assert local_counts(store_a) == local_counts(store_b)
        assert local_counts(store_a)["area"] == local_counts(store_b)["area"]
