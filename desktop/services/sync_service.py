"""Use case: synchronise this profile's store with central, journalled (DESIGN §5).

Wires the store's :class:`~desktop.store.records.SyncRepo`, a
:class:`~desktop.sync.client.SyncClient` and :func:`~desktop.sync.engine.run_sync`, and records
each run (start, finish, counts, error code) in the local ``sync_journal`` table.

Sign-in (issue 3 §8): :meth:`SyncService.login` stores the access token, its expiry, the signed-in
user and role and (first time only) the device credential in ``sync_state`` (issue 7 encrypts the
store). A sync refreshes an access token about to expire with the device credential; a 401 or 403
during a sync clears the access token, so the queue pauses until the officer signs in again.
Signing out or switching user is refused while edits are unsent, unless the outbox is first
exported to an encrypted file (:meth:`SyncService.export_outbox`). Tokens are never logged.
Runs on the DB worker thread; must not touch Qt.

Scope (issue 7): when central's handshake says the user's scope changed (a grid reassigned, a new
verification sample), the run first pushes everything, then :meth:`SyncService.rescope` removes every
synced row without unsent edits and pulls the new scope from cursor 0 (docs/decisions.md).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, insert, select, update

from desktop.domain.masking import mask_id_number
from desktop.errors import AppError, NotSupervisor, SyncError, SyncErrorKind, UnsentChanges
from desktop.services import audit
from desktop.store import tables as t
from desktop.store.db import Store, set_state
from desktop.store.records import SyncRepo, utc_now
from desktop.sync.client import SyncClient
from desktop.sync.engine import SyncReport, run_sync
from desktop.sync.retry import retry_delay

#: Synced entities a scope change removes from the device (then pulls again); the audit log stays.
RESCOPED_ENTITIES = ("area", "standard_address", "rental_unit", "household", "resident", "residence_registration",
                     "residence_permit", "visit", "verification_sample", "verification_assignment",
                     "verification_result", "rental_check")
#: Refresh an access token that expires within this many seconds.
REFRESH_MARGIN_S = 60
_AUTH_KEYS = ("access_token", "access_expires", "auth_user", "auth_role", "auth_area")

logger = logging.getLogger(__name__)


class WrongCredentials(SyncError):
    """Sign-in refused: wrong user name or password (not a revoked device or a lapsed token)."""

    code = "sync.wrong_credentials"

    def __init__(self, detail: str = "wrong user name or password") -> None:
        super().__init__(SyncErrorKind.AUTH, detail, 401)


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
        self.client = SyncClient(base_url, timeout=timeout, token=store.state("access_token") or None)

    # ---- sign-in ---------------------------------------------------------------------------

    def signed_in_user(self) -> str | None:
        """Return the signed-in user name, or None (signed out or the sign-in lapsed)."""
        return self.store.state("auth_user") if self.store.state("access_token") else None

    def role(self) -> str:
        """Return the signed-in user's role ('' when signed out)."""
        return (self.store.state("auth_role") or "") if self.signed_in_user() else ""

    def login(self, username: str, password: str, *, audit_event: bool = True) -> str:
        """Sign ``username`` in against central; return their role.

        Registers this device on its first sign-in (the credential is kept in ``sync_state``). The
        token state and the ``sign_in`` audit event are stored in one transaction (issue 7);
        ``audit_event=False`` only for tests of the sync machinery that count queued mutations.

        Raises:
            UnsentChanges: another user's edits are still unsent on this device (params count).
            WrongCredentials: wrong user name or password (a SyncError of kind AUTH).
            SyncError: AUTH (revoked device), NETWORK, SERVER …
        """
        previous = self.store.state("auth_user")
        unsent = self.repo.unsent_count()
        if previous and previous != username and unsent:
            raise UnsentChanges(f"{unsent} records of {previous} are waiting", {"count": unsent})
        try:
            resp = self.client.login(username, password, self.store.device_id)
        except SyncError as exc:
            if exc.kind is SyncErrorKind.AUTH and exc.status == 401:  # /auth/login: 401 = wrong user/password
                raise WrongCredentials(exc.detail) from exc
            raise
        values = {"access_token": resp.access_token, "access_expires": str(int(time.time()) + resp.expires_in),
                  "auth_user": resp.username, "auth_role": resp.role, "auth_area": resp.area}
        if resp.device_token:
            values["device_token"] = resp.device_token
        with self.store.write() as conn:  # the signed-in state and its audit event commit together (issue 7)
            for key, value in values.items():
                set_state(conn, key, value)
            if audit_event:
                audit.record(conn, user=resp.username, device_id=self.store.device_id, action="sign_in",
                             role=resp.role)
        self.client.set_token(resp.access_token)
        logger.info("signed in as %s (%s)", resp.username, resp.role)
        return resp.role

    def sign_out(self, export_to: Path | None = None, passphrase: str | None = None) -> int:
        """Sign out (the device credential stays); return how many unsent rows were exported.

        Raises:
            UnsentChanges: edits are unsent and no ``export_to`` was given (params count).
            ValueError: ``export_to`` without a passphrase.
        """
        unsent = self.repo.unsent_count()
        exported = 0
        if unsent:
            if export_to is None:
                raise UnsentChanges(f"{unsent} records are waiting to be sent", {"count": unsent})
            exported = self.export_outbox(export_to, passphrase or "")
        self._clear_access()
        logger.info("signed out (%d unsent rows exported)", exported)
        return exported

    def export_outbox(self, path: Path, passphrase: str) -> int:
        """Write every pending or rejected outbox row to a new SQLCipher file encrypted with
        ``passphrase`` (table ``outbox``, the local columns); return the row count.

        Raises:
            ValueError: empty passphrase, or ``path`` exists.
        """
        if not passphrase:
            raise ValueError("an export needs a passphrase")
        if path.exists():
            raise ValueError(f"{path} exists")
        rows = self.repo.unsent_rows()
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlcipher3.connect(str(path))
        try:
            conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
            columns = [c.name for c in t.outbox.columns]
            conn.execute("CREATE TABLE outbox (" + ", ".join(f'"{c}"' for c in columns) + ")")
            conn.execute("CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT)")
            conn.executemany("INSERT INTO export_info VALUES (?, ?)",
                             [("device_id", self.store.device_id), ("exported_at", utc_now()),
                              ("user", self.store.state("auth_user") or "")])
            conn.executemany(f"INSERT INTO outbox VALUES ({', '.join('?' * len(columns))})",
                             [tuple(r[c] for c in columns) for r in rows])
            conn.commit()
        finally:
            conn.close()
        return len(rows)

    def _clear_access(self) -> None:
        with self.store.write() as conn:
            conn.execute(t.sync_state.delete().where(t.sync_state.c.key.in_(_AUTH_KEYS)))
        self.client.set_token(None)

    def _ensure_token(self) -> None:
        token = self.store.state("access_token")
        if not token:
            raise SyncError(SyncErrorKind.AUTH, "sign in first")
        expires = int(self.store.state("access_expires") or 0)
        if expires - time.time() > REFRESH_MARGIN_S:
            self.client.set_token(token)
            return
        device_token = self.store.state("device_token")
        if not device_token:
            self._clear_access()
            raise SyncError(SyncErrorKind.AUTH, "sign in again")
        try:
            resp = self.client.refresh(self.store.device_id, device_token)
        except SyncError as exc:
            if exc.kind is SyncErrorKind.AUTH:
                self._clear_access()
            raise
        self.repo.set_states({"access_token": resp.access_token,
                              "access_expires": str(int(time.time()) + resp.expires_in)})
        self.client.set_token(resp.access_token)

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
            SyncError: the run failed (nothing queued was lost; the journal has the error code);
                AUTH also when nobody is signed in.
            Cancelled: the user cancelled.
        """
        journal_id = self._journal_start()
        try:
            report = run_sync(self.repo, self.client, batch_size=batch_size, page_size=page_size,
                              progress=progress, should_cancel=should_cancel, authorize=self._ensure_token,
                              rescope=self.rescope)
        except AppError as exc:
            if isinstance(exc, SyncError) and exc.kind is SyncErrorKind.AUTH:
                self._clear_access()  # pause the queue until the officer signs in again
            kind = getattr(exc, "kind", None)
            error = exc.code + (f".{kind}" if kind is not None else "")
            error += f": {exc.detail}" if exc.detail else ""
            self._journal_finish(journal_id, None, error)
            logger.warning("sync failed: %s", error)
            raise
        self._journal_finish(journal_id, report, None)
        return report

    def rescope(self, scope: str) -> int:
        """Remove every synced row that has no unsent outbox entry (pending or rejected) and store
        ``scope`` and pull cursor 0, in one transaction; return how many rows went.

        Called by the sync engine after a complete push when the user's scope changed: the next pull
        brings back what the user may still hold. Rows with unsent edits always stay (DESIGN §4:
        nothing unsynced is ever deleted). Entities that are append-only on the device (the audit
        log) are never removed.
        """
        o = t.outbox
        unsent = select(o.c.record_id).where(o.c.status.in_(("pending", "rejected")))
        removed = 0
        with self.store.write() as conn:
            for entity in RESCOPED_ENTITIES:
                table = t.SYNCED_TABLES[entity]
                removed += int(conn.execute(table.delete().where(table.c.id.notin_(unsent))).rowcount or 0)
            set_state(conn, "scope", scope)
            set_state(conn, "cursor", "0")
        logger.info("scope changed: %d rows without unsent edits removed; pulling again", removed)
        return removed

    def sync_until_done(self, max_attempts: int = 8, *, sleep: Callable[[float], None] = time.sleep,
                        rng: random.Random | None = None, base_delay: float = 2.0,
                        **kwargs: Any) -> SyncReport:
        """Sync, and after a NETWORK or SERVER failure wait (backoff with jitter,
        :func:`desktop.sync.retry.retry_delay`) and sync again, up to ``max_attempts`` runs.

        Raises:
            SyncError: a failure that needs a person (sign-in, wrong server, upgrade), or the
                last transient failure after ``max_attempts`` runs.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return self.sync(**kwargs)
            except SyncError as exc:
                delay = retry_delay(exc.kind, attempt, rng, base=base_delay)
                if delay is None or attempt >= max_attempts:
                    raise
                logger.info("sync attempt %d failed (%s); retrying in %.2f s", attempt, exc.kind, delay)
                sleep(delay)

    # ---- what the officer sees ---------------------------------------------------------------

    def needs_attention(self) -> list[dict[str, Any]]:
        """Return the mutations central refused (with its reasons) that nobody fixed yet.

        Each item is :meth:`SyncRepo.needs_attention`'s (``mutation_no, entity, record_id, op, fields,
        user, created_at, reasons``) plus ``label``: what the record is for a person, from the local
        store (a resident's name and masked ID number, an address's text, a registration's person and
        address; the refused fields when the row is gone); "" when nothing tells.
        """
        items = self.repo.needs_attention()
        with self.store.read() as conn:
            for item in items:
                item["label"] = _record_label(conn, str(item["entity"]), str(item["record_id"]),
                                              item.get("fields") or {})
        return items

    def resend(self, record_id: str) -> int | None:
        """Queue a refused record again as it is now (after the officer fixed it or its parent);
        return the new mutation number, or None when it had no refused mutation."""
        return self.repo.requeue(record_id, self.store.state("auth_user") or "")

    def conflicts(self) -> list[dict[str, Any]]:
        """Return the open conflicts as of the last sync (both values, who, when, which device)."""
        return self.repo.conflicts()

    def resolve_conflict(self, record_id: str, chosen: Mapping[str, Any], *, delete_record: bool = False) -> int:
        """Resolve every open conflict of a record with the supervisor's chosen values; the
        resolution is queued as a normal mutation and closes the conflicts on central at the
        next sync. Return its mutation number.

        The ``resolve`` audit event (entity, record, the chosen field names — never their values) is
        written in the resolution's own transaction (issue 7).

        Raises:
            NotSupervisor: the signed-in user is not a supervisor.
            ValueError: no open conflict for ``record_id``.
        """
        if self.role() != "supervisor":
            raise NotSupervisor("only a supervisor resolves conflicts")
        mine = [c for c in self.repo.conflicts() if c["record_id"] == record_id]
        if not mine:
            raise ValueError(f"no open conflict for {record_id}")
        user, entity = self.store.state("auth_user") or "", str(mine[0]["entity"])
        detail = "deleted the record" if delete_record else f"fields: {', '.join(sorted(chosen))}"

        def audit_event(conn: Connection) -> None:
            audit.record(conn, user=user, device_id=self.store.device_id, action="resolve", entity=entity,
                         record_id=record_id, detail=detail)

        return self.repo.queue_resolution(entity, record_id, dict(chosen), [int(c["id"]) for c in mine],
                                          user=user, delete_record=delete_record, also=audit_event)

    def journal(self, limit: int = 50) -> list[SyncJournalEntry]:
        """Return the latest journalled runs, newest first."""
        j = t.sync_journal
        with self.store.read() as conn:
            rows = conn.execute(select(j).order_by(j.c.id.desc()).limit(limit)).all()
        return [_entry(row) for row in rows]

    def last_success(self) -> SyncJournalEntry | None:
        """Return the latest run that finished without an error, or None."""
        j = t.sync_journal
        with self.store.read() as conn:
            row = conn.execute(select(j).where(j.c.finished_at.is_not(None), j.c.error.is_(None))
                               .order_by(j.c.id.desc()).limit(1)).first()
        return None if row is None else _entry(row)

    def unsent_count(self) -> int:
        """Return edits not yet acknowledged or still needing attention (what sign-out protects)."""
        return self.repo.unsent_count()

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
        return _entry(row)

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


def _row(conn: Connection, entity: str, record_id: str | None) -> dict[str, Any]:
    table = t.SYNCED_TABLES.get(entity)
    if table is None or not record_id:
        return {}
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return dict(row) if row is not None else {}


def _person(data: Mapping[str, Any]) -> str:
    name, number = str(data.get("name") or ""), mask_id_number(str(data.get("id_number") or ""))
    return " ".join(part for part in (name, number) if part)


def _address(conn: Connection, address_id: Any) -> str:
    row = _row(conn, "standard_address", str(address_id) if address_id else None)
    return str(row.get("full_text") or row.get("name") or "")


def _record_label(conn: Connection, entity: str, record_id: str, fields: Mapping[str, Any]) -> str:
    """A person-readable label of a synced record: the local row, else the refused mutation's fields."""
    data = {**fields, **{k: v for k, v in _row(conn, entity, record_id).items() if v is not None}}
    if entity == "resident":
        return _person(data)
    if entity in ("area", "verification_sample"):
        return str(data.get("name") or "")
    if entity == "standard_address":
        return str(data.get("full_text") or data.get("name") or "")
    if entity == "audit_event":
        return str(data.get("action") or "")
    parts = []
    if data.get("resident_id"):
        parts.append(_person(_row(conn, "resident", str(data["resident_id"]))))
    if data.get("address_id"):
        parts.append(_address(conn, data["address_id"]))
    elif data.get("household_id"):
        parts.append(_address(conn, _row(conn, "household", str(data["household_id"])).get("address_id")))
    return " · ".join(part for part in parts if part)


def _entry(row: Any) -> SyncJournalEntry:
    return SyncJournalEntry(
        id=int(row.id), started_at=row.started_at, finished_at=row.finished_at, pushed=int(row.pushed),
        applied=int(row.applied), duplicate=int(row.duplicate), conflict=int(row.conflict),
        rejected=int(row.rejected), pulled=int(row.pulled), error=row.error,
    )
