"""Use case: synchronise this profile's store with central, journalled (DESIGN §5).

Wires the store's :class:`~desktop.store.records.SyncRepo`, a
:class:`~desktop.sync.client.SyncClient` and :func:`~desktop.sync.engine.run_sync`, and records
each run (start, finish, counts, error code) in the local ``sync_journal`` table.
Runs on the DB worker thread; must not touch Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from desktop.errors import AppError
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import SyncRepo, utc_now
from desktop.sync.client import SyncClient
from desktop.sync.engine import SyncReport, run_sync

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncJournalEntry:
    """One recorded sync run; ``finished_at`` is None while running (or after a crash)."""

    id: int
    started_at: str
    finished_at: str | None
    pushed: int
    applied: int
    duplicate: int
    conflict: int
    rejected: int
    pulled: int
    error: str | None

    @property
    def ok(self) -> bool:
        """True when the run finished without an error."""
        return self.finished_at is not None and self.error is None


class SyncService:
    """Sync the store with the central endpoint at ``base_url``.

    Args:
        store: the open local store.
        base_url: central's base URL, e.g. ``http://127.0.0.1:8765``.
        timeout: (connect, read) seconds for each HTTP request.
    """

    def __init__(self, store: Store, base_url: str, *, timeout: tuple[float, float] = (5, 30)) -> None:
        self.store = store
        self.base_url = base_url
        self.timeout = timeout
        self.repo = SyncRepo(store)
        #: The HTTP client (also for reading central's rates and counts); one thread at a time.
        self.client = SyncClient(base_url, timeout=timeout)

    def sync(
        self,
        progress: Callable[[str, int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        *,
        batch_size: int = 500,
        page_size: int = 2000,
    ) -> SyncReport:
        """Run one sync (handshake, push, pull) and journal it.

        Args:
            progress: ``progress(stage, done, total)``; stage is "push" or "pull".
            should_cancel: polled between batches and pages.
            batch_size: mutations per push; page_size: rows per pull page.

        Returns:
            The :class:`~desktop.sync.engine.SyncReport`.

        Raises:
            SyncError: the run failed (nothing queued was lost; the journal has the error code).
            Cancelled: the user cancelled.
        """
        journal_id = self._journal_start()
        try:
            report = run_sync(self.repo, self.client, batch_size=batch_size, page_size=page_size,
                              progress=progress, should_cancel=should_cancel)
        except AppError as exc:
            kind = getattr(exc, "kind", None)
            error = exc.code + (f".{kind}" if kind is not None else "")
            error += f": {exc.detail}" if exc.detail else ""
            self._journal_finish(journal_id, None, error)
            logger.warning("sync failed: %s", error)
            raise
        self._journal_finish(journal_id, report, None)
        return report

    def close(self) -> None:
        """Close the HTTP connections (the store stays open)."""
        self.client.close()

    def pending_count(self) -> int:
        """Return how many local mutations wait to be sent."""
        return self.repo.pending_count()

    def last_result(self) -> SyncJournalEntry | None:
        """Return the latest journalled run, or None if this store never synced."""
        j = t.sync_journal
        with self.store.read() as conn:
            row = conn.execute(select(j).order_by(j.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        return SyncJournalEntry(
            id=int(row.id), started_at=row.started_at, finished_at=row.finished_at, pushed=int(row.pushed),
            applied=int(row.applied), duplicate=int(row.duplicate), conflict=int(row.conflict),
            rejected=int(row.rejected), pulled=int(row.pulled), error=row.error,
        )

    def _journal_start(self) -> int:
        with self.store.write() as conn:
            result = conn.execute(insert(t.sync_journal).values(started_at=utc_now()))
        pk = result.inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def _journal_finish(self, journal_id: int, report: SyncReport | None, error: str | None) -> None:
        values: dict[str, object] = {"finished_at": utc_now(), "error": error}
        if report is not None:
            values.update(pushed=report.pushed, applied=report.applied, duplicate=report.duplicate,
                          conflict=report.conflict, rejected=report.rejected, pulled=report.pulled)
        with self.store.write() as conn:
            conn.execute(update(t.sync_journal).where(t.sync_journal.c.id == journal_id).values(**values))
