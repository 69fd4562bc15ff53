"""Undo of the officer's last edits, in the core (style guide: Anki keeps undo in the collection).

An edit made through :class:`ChangeLog` remembers, per record, the values it replaced (or that it
created the record) and the record's ``updated_at`` right after the edit. :meth:`UndoStack.undo`
writes *compensating edits* through ``write_record`` in one transaction — new outbox mutations,
never removing queued ones, so central sees the edit and its reversal in order:

* a changed record gets its previous values back;
* a created record gets a tombstone (``delete=True``), except a standard address, which is closed
  (``valid_to`` = today): addresses are never deleted (DESIGN §3).

An operation whose records were changed again since (another local edit, or a pull from central)
is not undone: :class:`~desktop.errors.UndoConflict`, and nothing is written. Runs on the DB
thread; the stack itself is thread-safe so the GUI can read the label of the next undo.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from desktop.errors import UndoConflict, UndoUnavailable
from desktop.store import tables as t
from desktop.store.db import Store
from desktop.store.records import bulk_create, write_record

_CHUNK = 500


@dataclass(frozen=True)
class Change:
    """One record an operation wrote: its values before (None: the operation created it)."""

    entity: str
    record_id: str
    before: Mapping[str, Any] | None
    stamp: str = ""  # the record's updated_at right after the operation


@dataclass(frozen=True)
class Operation:
    """A user operation that can be undone.

    Attributes:
        kind: a stable code the UI names (``visit``, ``building``, ``copy_unit``, ``rename``,
            ``close``, ``address``).
        subject: what it was done to, as the officer reads it (e.g. a room's full text).
        changes: the records written, in write order.
    """

    kind: str
    subject: str
    changes: tuple[Change, ...]


@dataclass
class ChangeLog:
    """Write records inside one transaction and remember how to undo them."""

    conn: Connection
    user: str
    device_id: str
    changes: list[Change] = field(default_factory=list)

    def write(self, entity: str, record_id: str, fields: Mapping[str, Any]) -> int:
        """Create or update one record via ``write_record``, remembering the values it replaces."""
        table = t.SYNCED_TABLES[entity]
        cols = [table.c[k] for k in fields if k in table.c]
        row = self.conn.execute(select(table.c.id, *cols).where(table.c.id == record_id)).mappings().first()
        before = None if row is None else {k: v for k, v in row.items() if k != "id"}
        number = write_record(self.conn, entity, record_id, fields, user=self.user, device_id=self.device_id)
        self.changes.append(Change(entity, record_id, before))
        return number

    def create_many(self, entity: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Create many new records via ``bulk_create`` (each row has an ``id``)."""
        bulk_create(self.conn, entity, rows, user=self.user, device_id=self.device_id)
        self.changes.extend(Change(entity, str(r["id"]), None) for r in rows)

    def operation(self, kind: str, subject: str) -> Operation:
        """Return the operation written so far, each change stamped with its record's updated_at."""
        stamps = _stamps(self.conn, [(c.entity, c.record_id) for c in self.changes])
        return Operation(kind, subject, tuple(
            Change(c.entity, c.record_id, c.before, stamps.get((c.entity, c.record_id), ""))
            for c in self.changes))


def _stamps(conn: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    by_entity: dict[str, list[str]] = {}
    for entity, rid in keys:
        by_entity.setdefault(entity, []).append(rid)
    out: dict[tuple[str, str], str] = {}
    for entity, ids in by_entity.items():
        table = t.SYNCED_TABLES[entity]
        for i in range(0, len(ids), _CHUNK):
            for rid, stamp, deleted in conn.execute(
                select(table.c.id, table.c.updated_at, table.c.deleted).where(table.c.id.in_(ids[i:i + _CHUNK]))
            ):
                out[(entity, rid)] = f"{stamp}|{deleted}"
    return out


class UndoStack:
    """The officer's recent operations, newest last (at most ``limit``), kept for this session."""

    def __init__(self, store: Store, user: str, limit: int = 50) -> None:
        self.store = store
        self.user = user
        self.limit = limit
        self._ops: list[Operation] = []
        self._lock = threading.Lock()

    def push(self, op: Operation) -> None:
        """Remember ``op`` as the newest undoable operation (an empty one is ignored)."""
        if not op.changes:
            return
        with self._lock:
            self._ops.append(op)
            del self._ops[:-self.limit]

    def peek(self) -> Operation | None:
        """Return the operation :meth:`undo` would reverse, or None."""
        with self._lock:
            return self._ops[-1] if self._ops else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._ops)

    def undo(self, today: date | None = None) -> Operation:
        """Reverse the newest operation with compensating edits in one transaction; return it.

        Raises:
            UndoUnavailable: nothing to undo.
            UndoConflict: a record was changed since the operation; nothing was written and the
                operation is dropped from the stack (it can no longer be undone safely).
        """
        op = self.peek()
        if op is None:
            raise UndoUnavailable("nothing to undo")
        today = today or date.today()
        try:
            stamps = self._compensate(op, today)
        except UndoConflict:
            self._drop(op)
            raise
        self._drop(op)
        with self._lock:  # the records are back as the earlier operations left them: restamp
            self._ops = [Operation(o.kind, o.subject, tuple(
                Change(c.entity, c.record_id, c.before, stamps.get((c.entity, c.record_id), c.stamp))
                for c in o.changes)) for o in self._ops]
        return op

    def _drop(self, op: Operation) -> None:
        with self._lock:
            if self._ops and self._ops[-1] is op:
                self._ops.pop()

    def _compensate(self, op: Operation, today: date) -> dict[tuple[str, str], str]:
        with self.store.write() as conn:
            now = _stamps(conn, [(c.entity, c.record_id) for c in op.changes])
            changed = [c for c in op.changes if now.get((c.entity, c.record_id)) != c.stamp]
            if changed:
                raise UndoConflict(f"{changed[0].entity} {changed[0].record_id} changed since")
            device = self.store.device_id
            for change in reversed(op.changes):
                if change.before is not None:
                    write_record(conn, change.entity, change.record_id, change.before,
                                 user=self.user, device_id=device)
                elif change.entity == "standard_address":
                    write_record(conn, change.entity, change.record_id, {"valid_to": today.isoformat()},
                                 user=self.user, device_id=device)
                else:
                    write_record(conn, change.entity, change.record_id, {}, user=self.user,
                                 device_id=device, delete=True)
            return _stamps(conn, [(c.entity, c.record_id) for c in op.changes])
