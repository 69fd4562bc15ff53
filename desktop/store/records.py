"""Write synced records: the data row and its outbox entry in one transaction (DESIGN §4).

Also the local side of sync (:class:`SyncRepo`): pending mutations out, receipts in, pulled
rows merged without clobbering unsent local edits. Mutations and rows are plain dicts here;
:mod:`desktop.sync.engine` turns them into wire models (store and sync do not import each other).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.domain.entities import SYNC_COLUMNS
from desktop.store import tables as t
from desktop.store.db import Store, set_state


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
    meta = {"updated_at": now, "updated_by": user, "device_id": device_id}
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # executemany needs the same keys in every row
        groups.setdefault(tuple(sorted(row)), []).append({**row, **meta})
    for group in groups.values():
        conn.execute(insert(table), group)
    conn.execute(
        insert(t.outbox),
        [
            {
                "entity": entity,
                "record_id": row["id"],
                "op": "upsert",
                "base_version": 0,
                "fields": json.dumps(_own_fields(table, row), ensure_ascii=False, default=str),
                "user": user,
                "created_at": now,
            }
            for row in rows
        ],
    )


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
                       o.c.user, o.c.created_at)
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
                "client_time": r.created_at,
            }
            for r in rows
        ]

    def record_receipts(self, receipts: Iterable[Mapping[str, Any]]) -> None:
        """Mark receipted mutations sent (or rejected) and adopt the server's versions, in one transaction.

        Only mutations named in a receipt change state: everything else stays queued. Bulk: one
        lookup per 500 receipts and executemany updates (a 2,000-receipt batch takes milliseconds).
        """
        now = utc_now()
        o = t.outbox
        receipts = [dict(rc) for rc in receipts]
        with self.store.write() as conn:
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
                    "b_receipt": json.dumps(rc, ensure_ascii=False),
                })
                version = rc.get("version")
                # Adopt the server's version only when it is this edit right on top of the base the
                # device had; otherwise another device changed the record too, and the next pull
                # must bring those changes (a higher local version would make it skip the row).
                if (version is not None and status in ("applied", "duplicate")
                        and int(version) == int(row.base_version) + 1):
                    versions.setdefault(row.entity, []).append(
                        {"b_id": row.record_id, "b_version": int(version)})
            if outbox_rows:
                conn.execute(
                    update(o).where(o.c.mutation_no == bindparam("b_no"))
                    .values(status=bindparam("b_status"), sent_at=now, receipt=bindparam("b_receipt")),
                    outbox_rows,
                )
            for entity, params in versions.items():
                table = _table(entity)
                conn.execute(
                    update(table)
                    .where(table.c.id == bindparam("b_id"), table.c.version < bindparam("b_version"))
                    .values(version=bindparam("b_version")),
                    params,
                )

    def apply_pulled(self, rows: Sequence[Mapping[str, Any]], next_cursor: int) -> int:
        """Store pulled rows and the new cursor in one transaction; return how many rows changed.

        A row with unsent local edits is rebased: the server's values are taken for every field
        the officer has not changed locally; locally changed fields keep the officer's value.
        """
        changed = 0
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
                    stmt = sqlite_insert(table)
                    stmt = stmt.on_conflict_do_update(
                        index_elements=[table.c.id],
                        set_={k: stmt.excluded[k] for k in keys if k != "id"},
                        where=table.c.version < stmt.excluded.version,
                    )
                    changed += max(conn.execute(stmt, group).rowcount or 0, 0)
            set_state(conn, "cursor", str(next_cursor))
        return changed
