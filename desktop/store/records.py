"""Write synced records: the data row and its outbox entry in one transaction (DESIGN §4).

Also the local side of sync (:class:`SyncRepo`): pending mutations out, receipts in, pulled
rows merged without clobbering unsent local edits. Mutations and rows are plain dicts here;
:mod:`desktop.sync.engine` turns them into wire models (store and sync do not import each other).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection, Table, delete, func, insert, select, update

from desktop.domain.entities import SYNC_COLUMNS
from desktop.killpoints import kill_point
from desktop.store import tables as t
from desktop.store.db import Store, set_state

#: Days acknowledged mutations stay on the device, to be re-sent to a server restored from backup.
RETENTION_DAYS = 30


def utc_now() -> str:
    """Return the current UTC time as ISO-8601 text with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _table(entity: str) -> Table:
    try:
        return t.SYNCED_TABLES[entity]
    except KeyError as exc:
        raise ValueError(f"unknown entity {entity!r}") from exc


def _own_fields(table: Table, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(table.c.keys())
    if unknown:
        raise ValueError(f"{table.name}: unknown fields {sorted(unknown)}")
    return {k: v for k, v in fields.items() if k not in SYNC_COLUMNS}


def write_record(
    conn: Connection,
    entity: str,
    record_id: str,
    fields: Mapping[str, Any],
    *,
    user: str,
    device_id: str,
    delete: bool = False,
) -> int:
    """Create or update one record and queue its mutation, inside the caller's transaction.

    Args:
        conn: a connection inside ``Store.write()``.
        entity: a name from :data:`desktop.domain.entities.ENTITIES`.
        record_id: the record's UUID (made on the device for new records).
        fields: changed columns (sync columns are ignored); for a new record, all of them.
        user: who made the edit; device_id: this device.
        delete: write a tombstone instead (``deleted = 1``).

    Returns:
        The mutation number of the outbox entry.

    Raises:
        ValueError: unknown entity or field.
    """
    table = _table(entity)
    data = _own_fields(table, fields)
    now = utc_now()
    current = conn.execute(select(table.c.version).where(table.c.id == record_id)).first()
    base_version = int(current[0]) if current is not None else 0
    meta = {"updated_at": now, "updated_by": user, "device_id": device_id}
    if delete:
        conn.execute(update(table).where(table.c.id == record_id).values(deleted=1, **meta))
    elif current is None:
        conn.execute(insert(table).values(id=record_id, **data, **meta))
    elif data:
        conn.execute(update(table).where(table.c.id == record_id).values(**data, **meta))
    if current is not None and _supersede_rejected(conn, record_id) and base_version == 0 and not delete:
        # central refused this record's creation: the fixed record travels whole, as a create
        data = _full_row(conn, table, record_id)
    result = conn.execute(
        insert(t.outbox).values(
            entity=entity,
            record_id=record_id,
            op="delete" if delete else "upsert",
            base_version=base_version,
            fields=json.dumps(data, ensure_ascii=False, default=str),
            user=user,
            created_at=now,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _supersede_rejected(conn: Connection, record_id: str) -> bool:
    """Mark the record's rejected mutations fixed (they leave the needs-attention list); return
    True if there were any."""
    o = t.outbox
    result = conn.execute(update(o).where(o.c.record_id == record_id, o.c.status == "rejected")
                          .values(status="superseded"))
    return bool(result.rowcount)


def _full_row(conn: Connection, table: Table, record_id: str) -> dict[str, Any]:
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().one()
    return {k: v for k, v in row.items() if k not in SYNC_COLUMNS}


#: Rows per multi-row INSERT (and at most :data:`_MAX_PARAMS` bound values per statement).
_ROWS_PER_INSERT = 500
_MAX_PARAMS = 30_000


def _insert_many(conn: Connection, head: str, width: int, rows: Sequence[tuple[Any, ...]], tail: str = "") -> int:
    """Run ``head VALUES (?, …), (?, …) … tail`` over ``rows`` (tuples of ``width`` values) in
    multi-row statements; return the rows the statements changed (``sqlite3_changes``).

    One statement per chunk instead of one per row: FTS5 (the 0007 search triggers) flushes its
    pending index data at the end of every statement, so a row-at-a-time executemany into a table
    with a search trigger was 5-7× slower than the same rows in one statement.
    """
    per = max(1, min(_ROWS_PER_INSERT, _MAX_PARAMS // max(1, width)))
    one = "(" + ", ".join("?" * width) + ")"
    changed = 0
    full_sql = ""
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        if len(chunk) == per and full_sql:
            sql = full_sql
        else:
            sql = f"{head} VALUES {', '.join([one] * len(chunk))} {tail}"
            if len(chunk) == per:
                full_sql = sql
        params = [value for row in chunk for value in row]
        changed += max(conn.exec_driver_sql(sql, tuple(params)).rowcount or 0, 0)
    return changed


def bulk_create(
    conn: Connection,
    entity: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    user: str,
    device_id: str,
) -> None:
    """Create many new records (each row has an ``id``) and queue one mutation each, via Core.

    The fast path for import and the demo generator (DESIGN §8: ORM ``add_all`` is ~13× slower).
    """
    if not rows:
        return
    table = _table(entity)
    now = utc_now()
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:  # executemany needs the same keys in every row
        groups.setdefault(tuple(row), []).append(row)
    # Plain DB-API executemany with positional tuples: SQLAlchemy's per-row parameter processing
    # was most of the time of a 20,000-row ledger import (the rows are already column values).
    meta_keys = ("updated_at", "updated_by", "device_id")
    meta = (now, user, device_id)
    own_of: dict[tuple[str, ...], list[str]] = {}
    for keys, group in groups.items():
        _own_fields(table, dict.fromkeys(keys))  # unknown fields raise, as for one record
        own_of[keys] = [k for k in keys if k not in SYNC_COLUMNS]
        data_keys = [k for k in keys if k not in meta_keys]
        columns = ", ".join(f'"{c}"' for c in (*data_keys, *meta_keys))
        values = _getter(data_keys)
        _insert_many(conn, f'INSERT INTO "{table.name}" ({columns})', len(data_keys) + 3,
                     [values(row) + meta for row in group])
    # pydantic-core's encoder (~5× the stdlib's; this ran on the import's writer thread holding the GIL):
    # compact UTF-8 JSON of the row's column values (text, numbers, null); anything else as str().
    _insert_many(
        conn, 'INSERT INTO outbox (entity, record_id, op, base_version, fields, "user", created_at)', 7,
        [
            (entity, row["id"], "upsert", 0,
             to_json({k: row[k] for k in own_of[tuple(row)]}, fallback=str).decode("utf-8"), user, now)
            for row in rows
        ],
    )


def _getter(keys: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function returning a row's values for ``keys`` as a tuple (``operator.itemgetter``, which returns
    a bare value for a single key)."""
    get = itemgetter(*keys)
    if len(keys) == 1:
        return lambda row: (get(row),)
    return get


_dumps_receipt = json.JSONEncoder(ensure_ascii=False).encode


class SyncRepo:
    """The local store as the sync engine sees it (satisfies ``desktop.sync.engine.LocalChanges``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def device_id(self) -> str:
        """This device's UUID."""
        return self.store.device_id

    def get_state(self, key: str) -> str | None:
        """Return a persisted sync value (``server_id``, ``epoch``, ``cursor``, ``acked_high_water``)."""
        return self.store.state(key)

    def set_states(self, values: Mapping[str, str]) -> None:
        """Persist several sync values in one transaction."""
        with self.store.write() as conn:
            for key, value in values.items():
                set_state(conn, key, value)

    def pending_count(self) -> int:
        """Return how many mutations wait to be sent."""
        with self.store.read() as conn:
            n = conn.execute(select(func.count()).where(t.outbox.c.status == "pending")).scalar()
        return int(n or 0)

    def pending_mutations(self, limit: int, after: int = 0) -> list[dict[str, Any]]:
        """Return up to ``limit`` pending mutations with number > ``after``, oldest first."""
        o = t.outbox
        with self.store.read() as conn:
            rows = conn.execute(
                select(o.c.mutation_no, o.c.entity, o.c.record_id, o.c.op, o.c.base_version, o.c.fields,
                       o.c.user, o.c.created_at, o.c.resolves)
                .where(o.c.status == "pending", o.c.mutation_no > after)
                .order_by(o.c.mutation_no)
                .limit(limit)
            ).all()
        return [
            {
                "mutation_no": r.mutation_no,
                "entity": r.entity,
                "record_id": r.record_id,
                "op": r.op,
                "base_version": r.base_version,
                "fields": json.loads(r.fields),
                "user": r.user,
                "client_time": r.created_at,
                "resolves": json.loads(r.resolves) if r.resolves else [],
            }
            for r in rows
        ]

    def retained_mutations(self, after: int, limit: int) -> list[dict[str, Any]]:
        """Return every mutation after ``after`` (sent, rejected or pending), oldest first, for re-sending.

        Rejected ones are included: central numbers a device's mutations without gaps, so leaving
        one out would stop the re-send at it (central rejects it again, or applies it now).
        """
        o = t.outbox
        with self.store.read() as conn:
            rows = conn.execute(
                select(o).where(o.c.mutation_no > after).order_by(o.c.mutation_no)
                .limit(limit)
            ).all()
        return [
            {
                "mutation_no": r.mutation_no, "entity": r.entity, "record_id": r.record_id, "op": r.op,
                "base_version": r.base_version, "fields": json.loads(r.fields), "user": r.user,
                "client_time": r.created_at, "resolves": json.loads(r.resolves) if r.resolves else [],
            }
            for r in rows
        ]

    def record_receipts(self, receipts: Iterable[Mapping[str, Any]], states: Mapping[str, str] | None = None) -> None:
        """Mark receipted mutations sent (or rejected) and adopt the server's versions, in one transaction
        with ``states`` (sync values such as ``acked_high_water``, persisted as :meth:`set_states` does).

        Only mutations named in a receipt change state: everything else stays queued. Bulk: one
        lookup per 500 receipts and executemany updates (a 2,000-receipt batch takes milliseconds).
        """
        now = utc_now()
        o = t.outbox
        receipts = [dict(rc) for rc in receipts]
        with self.store.write() as conn:
            for key, value in (states or {}).items():
                set_state(conn, key, value)
            known: dict[int, Any] = {}
            numbers = [int(rc["mutation_no"]) for rc in receipts]
            for i in range(0, len(numbers), 500):
                for row in conn.execute(
                    select(o.c.mutation_no, o.c.entity, o.c.record_id, o.c.base_version)
                    .where(o.c.mutation_no.in_(numbers[i:i + 500]))
                ):
                    known[int(row.mutation_no)] = row
            outbox_rows: list[dict[str, Any]] = []
            versions: dict[str, list[dict[str, Any]]] = {}
            for rc in receipts:
                found = known.get(int(rc["mutation_no"]))
                if found is None:
                    continue
                row = found
                status = str(rc["status"])
                outbox_rows.append({
                    "b_no": row.mutation_no, "b_status": "rejected" if status == "rejected" else "sent",
                    "b_receipt": _dumps_receipt(rc),
                })
                version = rc.get("version")
                # Adopt the server's version only when it is this edit right on top of the base the
                # device had; otherwise another device changed the record too, and the next pull
                # must bring those changes (a higher local version would make it skip the row).
                if (version is not None and status in ("applied", "duplicate")
                        and int(version) == int(row.base_version) + 1):
                    versions.setdefault(row.entity, []).append(
                        {"b_id": row.record_id, "b_version": int(version)})
            # DB-API executemany with tuples: SQLAlchemy's per-row parameter processing was most of
            # the time of recording a 2,000-receipt batch.
            if outbox_rows:
                conn.exec_driver_sql(
                    "UPDATE outbox SET status = ?, sent_at = ?, receipt = ? WHERE mutation_no = ?",
                    [(r["b_status"], now, r["b_receipt"], r["b_no"]) for r in outbox_rows],
                )
            for entity, params in versions.items():
                table = _table(entity)
                conn.exec_driver_sql(
                    f'UPDATE "{table.name}" SET version = ? WHERE id = ? AND version < ?',
                    [(p["b_version"], p["b_id"], p["b_version"]) for p in params],
                )

    def apply_pulled(self, rows: Sequence[Mapping[str, Any]], next_cursor: int) -> int:
        """Store pulled rows and the new cursor in one transaction; return how many rows changed.

        A row with unsent local edits is rebased: the server's values are taken for every field
        the officer has not changed locally; locally changed fields keep the officer's value.
        """
        changed = written = 0
        with self.store.write() as conn:
            pending_fields: dict[str, set[str]] = {}
            ids = [str(r["id"]) for r in rows]
            for chunk_start in range(0, len(ids), 500):
                chunk = ids[chunk_start:chunk_start + 500]
                for rid, fields in conn.execute(
                    select(t.outbox.c.record_id, t.outbox.c.fields).where(
                        t.outbox.c.status == "pending", t.outbox.c.record_id.in_(chunk)
                    )
                ):
                    pending_fields.setdefault(rid, set()).update(json.loads(fields))
            by_entity: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                table = _table(str(row["entity"]))
                data = {k: v for k, v in dict(row["data"]).items() if k in table.c and k not in SYNC_COLUMNS}
                local = pending_fields.get(str(row["id"]))
                if local is not None:
                    data = {k: v for k, v in data.items() if k not in local}
                values = {
                    **data,
                    "id": row["id"],
                    "version": row["version"],
                    "deleted": 1 if row["deleted"] else 0,
                    "updated_at": row.get("updated_at", ""),
                    "updated_by": row.get("updated_by", ""),
                    "device_id": row.get("device_id", ""),
                }
                by_entity.setdefault(table.name, []).append(values)
            for name in t.SYNCED_TABLES:
                batch = by_entity.get(name)
                if not batch:
                    continue
                table = t.SYNCED_TABLES[name]
                by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
                for values in batch:  # rows of one shape share one executemany statement
                    by_keys.setdefault(tuple(values), []).append(values)
                for keys, group in by_keys.items():
                    # Multi-row upserts (see _insert_many): the rows of one shape in a few statements.
                    columns = ", ".join(f'"{k}"' for k in keys)
                    updates = ", ".join(f'"{k}" = excluded."{k}"' for k in keys if k != "id")
                    tail = (f'ON CONFLICT ("id") DO UPDATE SET {updates} '
                            f'WHERE "{table.name}"."version" < excluded."version"')
                    tuples = [tuple(v[k] for k in keys) for v in group]
                    per = max(1, min(_ROWS_PER_INSERT, _MAX_PARAMS // len(keys)))
                    for start in range(0, len(tuples), per):
                        part = tuples[start:start + per]
                        changed += _insert_many(conn, f'INSERT INTO "{table.name}" ({columns})', len(keys), part,
                                                tail)
                        written += len(part)
                        kill_point("pull_mid_page", written)  # test-only; inert unless DOORSTEP_KILL_AT
            set_state(conn, "cursor", str(next_cursor))
        return changed

    # ---- needs attention, conflicts, retention, sign-out ------------------------------------

    def needs_attention(self) -> list[dict[str, Any]]:
        """Return the mutations central rejected and nobody fixed yet, oldest first.

        Each: ``{mutation_no, entity, record_id, op, fields, user, created_at, reasons}``
        (``reasons`` from the stored receipt, e.g. ``["missing_parent:resident_id"]``).
        """
        o = t.outbox
        with self.store.read() as conn:
            rows = conn.execute(select(o).where(o.c.status == "rejected").order_by(o.c.mutation_no)).all()
        out = []
        for r in rows:
            receipt = json.loads(r.receipt) if r.receipt else {}
            out.append({"mutation_no": int(r.mutation_no), "entity": r.entity, "record_id": r.record_id,
                        "op": r.op, "fields": json.loads(r.fields), "user": r.user, "created_at": r.created_at,
                        "reasons": list(receipt.get("reasons") or [])})
        return out

    def requeue(self, record_id: str, user: str) -> int | None:
        """Queue the record's current row again (e.g. after its missing parent was created) and
        take its rejected mutations off the needs-attention list; return the new mutation number,
        or None when the record has no rejected mutation."""
        o = t.outbox
        with self.store.write() as conn:
            row = conn.execute(select(o.c.entity).where(o.c.record_id == record_id, o.c.status == "rejected")
                               .limit(1)).first()
            if row is None:
                return None
            table = _table(str(row.entity))
            current = conn.execute(select(table.c.version).where(table.c.id == record_id)).scalar_one()
            _supersede_rejected(conn, record_id)
            fields = _full_row(conn, table, record_id)
            result = conn.execute(insert(o).values(
                entity=row.entity, record_id=record_id, op="upsert", base_version=int(current),
                fields=json.dumps(fields, ensure_ascii=False, default=str), user=user, created_at=utc_now()))
            pk = result.inserted_primary_key
            assert pk is not None
            return int(pk[0])

    def replace_conflicts(self, conflicts: Sequence[Mapping[str, Any]]) -> None:
        """Replace the local list of open conflicts with central's, in one transaction.

        Each conflict has the :class:`~desktop.sync.protocol.ConflictOut` fields (``fields`` a list).
        """
        c = t.sync_conflict
        rows = [{
            "id": int(x["id"]), "entity": x["entity"], "record_id": x["record_id"], "op": x["op"],
            "fields": json.dumps(list(x["fields"]), ensure_ascii=False, default=str),
            "device_id": x["device_id"], "user": x.get("user", ""), "client_time": x.get("client_time", ""),
            "created_at": x["created_at"], "server_version": int(x["server_version"]),
            "server_device_id": x.get("server_device_id", ""), "server_user": x.get("server_user", ""),
            "server_time": x.get("server_time", ""),
        } for x in conflicts]
        with self.store.write() as conn:
            conn.execute(delete(c))
            if rows:
                conn.execute(insert(c), rows)

    def conflicts(self) -> list[dict[str, Any]]:
        """Return the open conflicts (``fields`` decoded), oldest first."""
        c = t.sync_conflict
        with self.store.read() as conn:
            rows = conn.execute(select(c).order_by(c.c.id)).mappings().all()
        return [{**dict(r), "fields": json.loads(r["fields"])} for r in rows]

    def queue_resolution(self, entity: str, record_id: str, chosen: Mapping[str, Any], conflict_ids: Sequence[int],
                         *, user: str, delete_record: bool = False,
                         also: Callable[[Connection], object] | None = None) -> int:
        """Write a supervisor's resolution: the chosen values on the local row and one outbox entry
        that carries them with the ``resolves`` marker; return its mutation number.

        ``delete_record``: the supervisor keeps the delete (a tombstone); otherwise the record
        is kept (undeleted) with ``chosen`` values. ``also(conn)`` runs last in the same
        transaction (the resolution's audit event, issue 7).

        Raises:
            ValueError: unknown entity or field.
        """
        table = _table(entity)
        data = _own_fields(table, chosen)
        now = utc_now()
        with self.store.write() as conn:
            current = conn.execute(select(table.c.version).where(table.c.id == record_id)).scalar()
            meta = {"updated_at": now, "updated_by": user, "device_id": self.device_id}
            conn.execute(update(table).where(table.c.id == record_id)
                         .values(deleted=1 if delete_record else 0, **({} if delete_record else data), **meta))
            result = conn.execute(insert(t.outbox).values(
                entity=entity, record_id=record_id, op="delete" if delete_record else "upsert",
                base_version=int(current or 0), fields=json.dumps({} if delete_record else data,
                                                                   ensure_ascii=False, default=str),
                user=user, created_at=now, resolves=json.dumps([int(i) for i in conflict_ids])))
            conn.execute(delete(t.sync_conflict).where(t.sync_conflict.c.id.in_([int(i) for i in conflict_ids])))
            if also is not None:
                also(conn)
        pk = result.inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def prune_sent(self, retention_days: int = RETENTION_DAYS, now: datetime | None = None) -> int:
        """Delete acknowledged mutations older than the retention window; return how many.

        Only ``sent`` and ``superseded`` rows at or below the acknowledged high-water mark go:
        pending and rejected ones stay whatever their age.
        """
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=retention_days)).isoformat(timespec="milliseconds")
        acked = int(self.get_state("acked_high_water") or 0)
        o = t.outbox
        with self.store.write() as conn:
            result = conn.execute(delete(o).where(o.c.status.in_(("sent", "superseded")), o.c.sent_at.is_not(None),
                                                  o.c.sent_at < cutoff, o.c.mutation_no <= acked))
        return int(result.rowcount or 0)

    def unsent_count(self) -> int:
        """Return mutations not yet acknowledged or still needing attention (pending + rejected)."""
        o = t.outbox
        with self.store.read() as conn:
            n = conn.execute(select(func.count()).where(o.c.status.in_(("pending", "rejected")))).scalar()
        return int(n or 0)

    def unsent_rows(self) -> list[dict[str, Any]]:
        """Return every pending or rejected outbox row as stored (for an export before sign-out)."""
        o = t.outbox
        with self.store.read() as conn:
            return [dict(r) for r in conn.execute(
                select(o).where(o.c.status.in_(("pending", "rejected"))).order_by(o.c.mutation_no)).mappings()]


def change_token(conn: Connection) -> tuple[int, str]:
    """A value that changes whenever a synced table may have changed (issue 8: memoised dashboards).

    Every local edit writes an outbox row (``write_record`` / ``bulk_create``: the outbox's AUTOINCREMENT
    sequence moves, even if rows are later pruned) and every pulled page moves the ``cursor`` in the same
    transaction (``apply_pulled``), so ``(outbox sequence, pull cursor)`` changes with any
    write the engineering rules allow. Returns ``(sequence, cursor)``.
    """
    seq = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").scalar()
    cursor = conn.execute(select(t.sync_state.c.value).where(t.sync_state.c.key == "cursor")).scalar()
    return int(seq or 0), str(cursor or "")
