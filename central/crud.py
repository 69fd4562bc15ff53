"""Central's HTTP-free logic: push (exactly once), pull, handshake, rates and counts (DESIGN §5, §6).

Every guarantee lives in the database (DESIGN §9): a push is ONE transaction that locks the
device row (``SELECT … FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite), checks each
mutation number against the device's high-water mark, applies the new ones, writes their
receipts into ``mutation_log`` (unique per device and number) and advances the high-water mark.
Before it reads any record, a batch that applies something locks the ``server_state`` row, and
holds that lock until it commits while it takes change sequence numbers from the row's counter:
commits therefore happen in change-sequence order and a pull cursor never skips a row. A unique
violation or deadlock (two identical batches racing) rolls back and re-runs the whole batch,
which then sees the other's work as duplicates.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, bindparam, false, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError

from central import models as m
from central.auth import Principal
from central.db import bulk_insert, one_of, read_tx, utc_now, write_tx
from central.merge import Merger, RecordState
from central.scope import Scope, WriteCheck, as_dict, literal_entity, load_scope, read_filter
from desktop.domain.codes import load_code_tables
from desktop.domain.entities import ENTITIES, PARENTS, SCHEMA_VERSION, YINZHOU_DISTRICT_CODE
from desktop.domain.rates_engine import RatesReport, figures_from_rows
from desktop.domain.survey import in_area, survey_rates
from desktop.sync.protocol import (
    ConflictField,
    ConflictOut,
    ConflictsResponse,
    Handshake,
    Mutation,
    Op,
    PulledRow,
    PullPage,
    PushRequest,
    PushResponse,
    RateOut,
    RatesResponse,
    Receipt,
    ReceiptStatus,
)

logger = logging.getLogger(__name__)

#: Oldest client schema version central accepts.
MIN_SCHEMA_VERSION = SCHEMA_VERSION
#: Times a batch is re-run after a unique violation, deadlock or lock timeout.
PUSH_ATTEMPTS = 6


class WrongServer(Exception):
    """The device is bound to another central instance (its ``server_id`` differs)."""


class SchemaRefused(Exception):
    """The client's schema version is outside what this server accepts."""


def handshake(engine: Engine, device_id: str, principal: Principal | None = None) -> Handshake:
    """Return this instance's identity, the device's high-water mark (0 for an unknown device) and
    the digest of the signed-in user's scope (issue 7: a change makes the device re-pull)."""
    with read_tx(engine) as conn:
        state = conn.execute(select(m.server_state).where(m.server_state.c.id == 1)).one()
        hw = conn.execute(select(m.device.c.high_water).where(m.device.c.device_id == device_id)).scalar()
        scope = "" if principal is None else user_scope(conn, principal).key()
    return Handshake(server_id=state.server_id, epoch=state.epoch, schema_version=SCHEMA_VERSION,
                     min_schema_version=MIN_SCHEMA_VERSION, device_high_water=int(hw or 0), scope=scope)


def user_scope(conn: Connection, principal: Principal) -> Scope:
    """The scope of the signed-in user, from the database (role and area as stored now, not as the
    token said: a changed role or area takes effect at once)."""
    u = m.app_user
    row = conn.execute(select(u.c.role, u.c.area).where(u.c.username == principal.username)).first()
    role, area = (principal.role, principal.area) if row is None else (str(row.role), str(row.area or ""))
    return load_scope(conn, principal.username, role, area)


def scope_of(engine: Engine, principal: Principal) -> Scope:
    """:func:`user_scope` in its own read transaction."""
    with read_tx(engine) as conn:
        return user_scope(conn, principal)


def server_id(engine: Engine) -> str:
    """Return this instance's server_id."""
    with read_tx(engine) as conn:
        return _server_id(conn)


def _server_id(conn: Connection) -> str:
    return str(conn.execute(select(m.server_state.c.server_id).where(m.server_state.c.id == 1)).scalar_one())


# ---- push ---------------------------------------------------------------------------------


def push(engine: Engine, req: PushRequest, principal: Principal | None = None) -> PushResponse:
    """Apply a batch exactly once; return one receipt per processed mutation.

    Mutations numbered ≤ the high-water mark get their stored receipt back with status
    ``duplicate``; the next number is applied; a gap stops the batch with
    ``expected_mutation_no``. Rejections go to quarantine and still advance the high-water mark.
    ``principal`` is the signed-in user (a supervisor's ``resolves`` mutations close conflicts);
    None: nobody may resolve.

    Raises:
        SchemaRefused: ``req.schema_version`` is outside [MIN_SCHEMA_VERSION, SCHEMA_VERSION].
        WrongServer: ``req.server_id`` is set and is not this instance's.
        sqlalchemy.exc.SQLAlchemyError: the database failed even after retries.
    """
    if not MIN_SCHEMA_VERSION <= req.schema_version <= SCHEMA_VERSION:
        raise SchemaRefused(f"schema {req.schema_version} not in [{MIN_SCHEMA_VERSION}, {SCHEMA_VERSION}]")
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            with write_tx(engine) as conn:
                return _push_tx(conn, req, principal)
        except (IntegrityError, OperationalError) as exc:
            if attempt == PUSH_ATTEMPTS:
                raise
            logger.info("push from %s re-run after %s (attempt %d)",
                        req.device_id, type(exc).__name__, attempt)
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")


def _lock_device(conn: Connection, device_id: str, now: str) -> int:
    ins = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(
        ins(m.device).values(device_id=device_id, high_water=0, first_seen=now, last_seen=now)
        .on_conflict_do_nothing(index_elements=[m.device.c.device_id])
    )
    hw = conn.execute(
        select(m.device.c.high_water).where(m.device.c.device_id == device_id).with_for_update()
    ).scalar_one()
    return int(hw)


def _push_tx(conn: Connection, req: PushRequest, principal: Principal | None) -> PushResponse:
    now = utc_now()
    if req.server_id:
        current = _server_id(conn)
        if req.server_id != current:
            raise WrongServer(f"device bound to {req.server_id}, this is {current}")
    start_hw = _lock_device(conn, req.device_id, now)
    # Plan: which mutations are duplicates, which are applied, where a gap stops the batch.
    hw, expected = start_hw, None
    plan: list[tuple[Mutation, bool]] = []  # (mutation, is_new)
    for mut in req.mutations:
        if mut.mutation_no <= hw:
            plan.append((mut, False))
        elif mut.mutation_no == hw + 1:
            plan.append((mut, True))
            hw += 1
        else:
            expected = hw + 1
            break
    stored = _stored_receipts(conn, req.device_id, [mt.mutation_no for mt, new in plan
                                                    if not new and mt.mutation_no <= start_hw])
    new_muts = [mt for mt, new in plan if new]
    fresh: dict[int, Receipt] = {}
    if new_muts:
        fresh = _apply(conn, req.device_id, new_muts, now, principal)
    receipts: list[Receipt] = []
    for mut, new in plan:
        if new:
            receipts.append(fresh[mut.mutation_no])
            continue
        original = stored.get(mut.mutation_no) or fresh.get(mut.mutation_no)
        if original is None:  # logged before receipts were kept: cannot happen in this schema
            original = Receipt(mutation_no=mut.mutation_no, record_id=mut.record_id,
                               status=ReceiptStatus.DUPLICATE, version=None, server_fields=None)
        receipts.append(original.model_copy(update={"status": ReceiptStatus.DUPLICATE}))
    if hw != start_hw:
        conn.execute(update(m.device).where(m.device.c.device_id == req.device_id)
                     .values(high_water=hw, last_seen=now))
    return PushResponse(receipts=receipts, high_water=hw, expected_mutation_no=expected)


def _stored_receipts(conn: Connection, device_id: str, numbers: Sequence[int]) -> dict[int, Receipt]:
    out: dict[int, Receipt] = {}
    log = m.mutation_log
    for cond in one_of(conn, log.c.mutation_no, numbers):
        for no, receipt in conn.execute(
            select(log.c.mutation_no, log.c.receipt).where(log.c.device_id == device_id, cond)
        ):
            out[int(no)] = Receipt.model_validate(receipt)
    return out


def _load_records(conn: Connection, ids: Iterable[str]) -> dict[str, RecordState]:
    r = m.record
    wanted = sorted(set(ids))
    out: dict[str, RecordState] = {}
    for cond in one_of(conn, r.c.id, wanted):
        for row in conn.execute(select(r).where(cond)):
            out[row.id] = RecordState(
                id=row.id, entity=row.entity, version=int(row.version), deleted=bool(row.deleted),
                data=dict(row.data), field_versions=dict(row.field_versions),
                field_devices=dict(row.field_devices), change_seq=int(row.change_seq),
                updated_at=row.updated_at, updated_by=row.updated_by, device_id=row.device_id,
                scope_grid=row.scope_grid, scope_address=row.scope_address, scope_resident=row.scope_resident,
            )
    return out


def _apply(conn: Connection, device_id: str, muts: list[Mutation], now: str,
           principal: Principal | None = None) -> dict[int, Receipt]:
    # Lock the change counter first: every later read sees all earlier pushes committed.
    seq = int(conn.execute(
        update(m.server_state).where(m.server_state.c.id == 1)
        .values(change_seq=m.server_state.c.change_seq).returning(m.server_state.c.change_seq)
    ).scalar_one())
    ids: set[str] = set()
    for mut in muts:
        ids.add(mut.record_id)
        if mut.op is Op.UPSERT:
            for name, _parent, _required in PARENTS.get(mut.entity, ()):
                value = mut.fields.get(name)
                if value:
                    ids.add(str(value))
    records = _load_records(conn, ids)
    residents = _named_residents(muts, records)
    # A resident looked up above and not found has no registration, so no resident_grid row: a batch of
    # new people (the bulk of a first sync) needs no query here.
    known = _resident_grids(conn, [rid for rid in residents if rid in records or rid not in ids])
    scope = user_scope(conn, principal) if principal is not None else None
    living: set[str] = set()
    if scope is not None and not scope.everything:
        living = _living_in(conn, residents, scope.grids)
    expected = _moving_in(muts, records) - living
    tables = load_code_tables()
    while True:
        # A write that needs the person to live in the user's grid may count on a living registration later
        # in the batch (the app's move closes the old registration first). If that registration did not
        # apply, the batch is run again (still in memory, nothing written yet) without counting on it.
        check = None
        if scope is not None and not scope.everything:
            check = WriteCheck.build(scope, known, living, expected)
        merger = Merger(records=records, device_id=device_id, now=now, next_seq=seq + 1, tables=tables,
                        can_resolve=principal is not None and principal.role == "supervisor", check=check)
        outcomes = [(mut, merger.apply(mut)) for mut in muts]
        unmet = check.unmet() if check is not None else set()
        if not unmet:
            break
        logger.info("device %s: batch re-run, %d moves in did not apply", device_id, len(unmet))
        expected -= unmet
        records = _load_records(conn, ids)  # the merger changed the loaded states in place
    receipts: dict[int, Receipt] = {}
    log_rows: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    resolutions: list[dict[str, Any]] = []
    for mut, outcome in outcomes:
        if outcome.resolves:
            resolutions.extend({"b_id": cid, "b_record": mut.record_id, "b_by": mut.user[:64] or device_id,
                                "b_res": {"mutation_no": mut.mutation_no, "device_id": device_id,
                                          "op": mut.op.value, "fields": mut.fields}}
                               for cid in outcome.resolves)
        receipts[mut.mutation_no] = outcome.receipt
        log_rows.append({"device_id": device_id, "mutation_no": mut.mutation_no, "record_id": mut.record_id,
                         "status": outcome.receipt.status.value,
                         "receipt": _receipt_json(outcome.receipt), "created_at": now})
        if outcome.quarantine is not None:
            quarantine.append(outcome.quarantine)
        if outcome.conflict is not None:
            conflicts.append(outcome.conflict)
    dirty = [rec for rec in merger.records.values() if rec.dirty]
    _write_records(conn, dirty)
    _track_resident_grids(conn, dirty, known)
    bulk_insert(conn, m.mutation_log, log_rows)
    if quarantine:
        conn.execute(insert(m.quarantine), quarantine)
    if conflicts:
        conn.execute(insert(m.conflict), conflicts)
    if resolutions:  # after the inserts: a batch may resolve a conflict it just raised
        c = m.conflict
        conn.execute(
            update(c).where(c.c.id == bindparam("b_id"), c.c.record_id == bindparam("b_record"),
                            c.c.resolved_at.is_(None))
            .values(resolved_at=now, resolved_by=bindparam("b_by"), resolution=bindparam("b_res")),
            resolutions,
        )
    if merger.next_seq != seq + 1:
        conn.execute(update(m.server_state).where(m.server_state.c.id == 1)
                     .values(change_seq=merger.next_seq - 1))
    logger.debug("device %s: %d mutations, %d quarantined, %d conflicts",
                 device_id, len(muts), len(quarantine), len(conflicts))
    return receipts


def _receipt_json(receipt: Receipt) -> dict[str, Any]:
    """``receipt.model_dump(mode="json")``; the plain applied receipt (nearly every one) built directly."""
    if receipt.status is ReceiptStatus.APPLIED and receipt.server_fields is None and not receipt.reasons:
        return {"mutation_no": receipt.mutation_no, "record_id": receipt.record_id, "status": "applied",
                "version": receipt.version, "server_fields": None, "reasons": []}
    return receipt.model_dump(mode="json")


def _record_values(rec: RecordState) -> dict[str, Any]:
    return {
        "entity": rec.entity, "district_code": str(rec.data.get("district_code") or YINZHOU_DISTRICT_CODE),
        "version": rec.version, "change_seq": rec.change_seq, "deleted": rec.deleted, "data": rec.data,
        "field_versions": rec.field_versions, "field_devices": rec.field_devices,
        "updated_at": rec.updated_at, "updated_by": rec.updated_by, "device_id": rec.device_id,
        "scope_grid": rec.scope_grid, "scope_address": rec.scope_address, "scope_resident": rec.scope_resident,
    }


# ---- scope upkeep on apply (issue 7 §3) -----------------------------------------------------------


def _named_residents(muts: Sequence[Mutation], records: dict[str, RecordState]) -> list[str]:
    """Residents a batch touches or names (itself, ``resident_id``, a loaded record's scope_resident)."""
    out: set[str] = set()
    for mut in muts:
        if mut.entity == "resident":
            out.add(mut.record_id)
        named = mut.fields.get("resident_id")
        if named:
            out.add(str(named))
        rec = records.get(mut.record_id)
        if rec is not None and rec.scope_resident:
            out.add(rec.scope_resident)
    return sorted(out)


def _resident_grids(conn: Connection, residents: Sequence[str]) -> dict[str, set[str]]:
    """resident id → the grids it was ever registered in (one indexed query per 900 residents)."""
    rg = m.resident_grid
    out: dict[str, set[str]] = {}
    for cond in one_of(conn, rg.c.resident_id, residents):
        for rid, grid in conn.execute(select(rg.c.resident_id, rg.c.grid_id).where(cond)):
            out.setdefault(str(rid), set()).add(str(grid))
    return out


def _living_in(conn: Connection, residents: Sequence[str], grids: Iterable[str]) -> set[str]:
    """The residents of ``residents`` with a living registration in one of ``grids`` (stored rows)."""
    r = m.record
    grid_list = sorted(grids)
    out: set[str] = set()
    if not grid_list:
        return out
    for cond in one_of(conn, r.c.scope_resident, residents):
        out.update(str(rid) for (rid,) in conn.execute(
            select(r.c.scope_resident).where(
                r.c.entity == literal_entity("residence_registration"), cond, r.c.scope_grid.in_(grid_list),
                m.DataText("status") == "living", r.c.deleted == false())))
    return out


def _moving_in(muts: Sequence[Mutation], records: dict[str, RecordState]) -> set[str]:
    """Residents a living registration in the batch names (whether it is in the user's grid is known
    only when it applies: :meth:`central.scope.WriteCheck.unmet`)."""
    out: set[str] = set()
    for mut in muts:
        if mut.entity != "residence_registration" or mut.op is not Op.UPSERT or mut.fields.get("status") != "living":
            continue
        rec = records.get(mut.record_id)
        resident = mut.fields.get("resident_id") or (rec.scope_resident if rec is not None else None)
        if resident:
            out.add(str(resident))
    return out


def _track_resident_grids(conn: Connection, dirty: Sequence[RecordState], known: dict[str, set[str]]) -> None:
    """Record the new (resident, grid) pairs of the batch's registrations (one bulk insert). The person's
    own rows are not rewritten: a pull that sends a registration adds its person when the device's
    cursor is already past them (:func:`pull`), which keeps the push path cheap."""
    new: set[tuple[str, str]] = set()
    for rec in dirty:
        if (rec.entity == "residence_registration" and not rec.deleted and rec.scope_grid and rec.scope_resident
                and rec.scope_grid not in known.get(rec.scope_resident, ())):
            new.add((rec.scope_resident, rec.scope_grid))
    if not new:
        return
    bulk_insert(conn, m.resident_grid, [{"resident_id": rid, "grid_id": grid} for rid, grid in sorted(new)])


def resequence(conn: Connection, merger: Merger | None, residents: Sequence[str],
               skip: set[str] | frozenset[str] = frozenset()) -> int:
    """Give every record of ``residents`` (the person, its registrations and permits) a new change
    sequence number, except ``skip``; return how many. With ``merger`` the numbers come from the batch
    (its lock on ``server_state`` is held); without, this takes that lock itself."""
    r = m.record
    ids: list[str] = []
    for cond in one_of(conn, r.c.scope_resident, residents):
        ids.extend(str(rid) for (rid,) in conn.execute(
            select(r.c.id).where(cond).order_by(r.c.change_seq)))
    ids = [rid for rid in ids if rid not in skip]
    if not ids:
        return 0
    if merger is not None:
        first = merger.next_seq
        merger.next_seq += len(ids)
    else:
        first = int(conn.execute(
            update(m.server_state).where(m.server_state.c.id == 1)
            .values(change_seq=m.server_state.c.change_seq + len(ids)).returning(m.server_state.c.change_seq)
        ).scalar_one()) - len(ids) + 1
    conn.execute(update(r).where(r.c.id == bindparam("b_id")).values(change_seq=bindparam("b_seq")),
                 [{"b_id": rid, "b_seq": first + i} for i, rid in enumerate(ids)])
    return len(ids)


def _write_records(conn: Connection, recs: list[RecordState]) -> None:
    new = [{"id": rec.id, **_record_values(rec)} for rec in recs if not rec.existed]
    changed = [{"b_id": rec.id, **_record_values(rec)} for rec in recs if rec.existed]
    bulk_insert(conn, m.record, new)
    if changed:
        r = m.record
        stmt = update(r).where(r.c.id == bindparam("b_id")).values(
            {name: bindparam(name) for name in changed[0] if name != "b_id"}
        )
        conn.execute(stmt, changed)


# ---- pull, rates, counts -------------------------------------------------------------------


#: Entities no device pulls (issue 7 §5): devices push their own audit events, and supervisors read
#: everyone's through ``GET /audit`` on central; a district supervisor's device would otherwise pull
#: every device's events (who viewed whom on every laptop). ``/stats/counts`` leaves them out too.
NOT_PULLED: tuple[str, ...] = ("audit_event",)


def pull(engine: Engine, cursor: int, limit: int, *, scope: Scope | None = None, since: int | None = None) -> PullPage:
    """Return up to ``limit`` records with ``change_seq > cursor`` that ``scope`` may read (None: all),
    in change-sequence order (:func:`central.scope.read_filter`; verification assignments and results
    only to their verifier; :data:`NOT_PULLED` entities to nobody). ``next_cursor`` is the last row
    sent (the rows left out are skipped).

    ``since``: the cursor the device's pull run started from (default ``cursor``): the persons of the
    page's registrations whose rows are at or before it are added after the page's rows (the device
    pulled past them while they were outside its scope).
    """
    r = m.record
    cond = [r.c.change_seq > cursor, r.c.entity.notin_(NOT_PULLED)]
    if scope is not None and not scope.everything:
        cond.append(read_filter(scope))
    cols = (r.c.entity, r.c.id, r.c.version, r.c.change_seq, r.c.deleted, r.c.device_id,
            r.c.updated_by, r.c.updated_at, r.c.data)
    with read_tx(engine) as conn:
        rows = list(conn.execute(select(*cols).where(*cond).order_by(r.c.change_seq).limit(limit + 1)))
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = int(rows[-1].change_seq) if rows else cursor
        if scope is not None and not scope.everything:
            rows.extend(_people_behind(conn, cols, rows, cursor if since is None else min(since, cursor)))
    out = [
        PulledRow.model_construct(
            entity=row.entity, id=row.id, version=int(row.version), change_seq=int(row.change_seq),
            deleted=bool(row.deleted), device_id=row.device_id, updated_by=row.updated_by,
            updated_at=row.updated_at, data=row.data,
        )
        for row in rows
    ]
    return PullPage.model_construct(rows=out, next_cursor=next_cursor, has_more=has_more)


def _people_behind(conn: Connection, cols: Any, rows: Sequence[Any], cursor: int) -> list[Any]:
    """The persons (and their permits) of the page's registrations whose rows are at or before ``cursor``:
    a person registered in a grid after a device of that grid pulled past them arrives with the
    registration (one indexed query per page; the push never rewrites the person's rows for this)."""
    r = m.record
    people = sorted({str(as_dict(row.data).get("resident_id")) for row in rows
                     if row.entity == "residence_registration" and as_dict(row.data).get("resident_id")})
    if not people or cursor <= 0:
        return []
    sent = {row.id for row in rows}
    out: list[Any] = []
    for cond in one_of(conn, r.c.scope_resident, people):
        out.extend(row for row in conn.execute(
            select(*cols).where(cond, r.c.change_seq <= cursor,
                                r.c.entity.in_(("resident", "residence_permit"))).order_by(r.c.change_seq))
            if row.id not in sent)
    return out


def open_conflicts(engine: Engine, limit: int = 5000, *, scope: Scope | None = None) -> ConflictsResponse:
    """Return up to ``limit`` unresolved conflicts of records ``scope`` may read (None: all), oldest
    first, with both sides' provenance."""
    c, r = m.conflict, m.record
    cond = [c.c.resolved_at.is_(None)]
    if scope is not None and not scope.everything:
        cond.append(c.c.record_id.in_(select(r.c.id).where(read_filter(scope))))
    with read_tx(engine) as conn:
        rows = conn.execute(select(c).where(*cond).order_by(c.c.id).limit(limit)).all()
    out = []
    for row in rows:
        device_fields, server_fields = dict(row.device_fields), dict(row.server_fields)
        names = list(dict.fromkeys([*device_fields, *server_fields]))
        out.append(ConflictOut(
            id=int(row.id), entity=row.entity, record_id=row.record_id, op=row.op,
            fields=[ConflictField(field=n, device_value=device_fields.get(n), server_value=server_fields.get(n))
                    for n in names],
            device_id=row.device_id, user=row.user, client_time=row.client_time or "", created_at=row.created_at,
            server_version=int(row.server_version), server_device_id=row.server_device_id or "",
            server_user=row.server_user or "", server_time=row.server_time or "",
        ))
    return ConflictsResponse(conflicts=out)


def counts(engine: Engine, *, scope: Scope | None = None) -> dict[str, int]:
    """Return {entity: number of non-deleted records ``scope`` may pull} for every synced entity (0 included;
    always 0 for the :data:`NOT_PULLED` entities)."""
    r = m.record
    result = dict.fromkeys(ENTITIES, 0)
    cond: list[ColumnElement[bool]] = [r.c.deleted.is_(False), r.c.entity.notin_(NOT_PULLED)]
    if scope is not None and not scope.everything:
        cond.append(read_filter(scope))
    with read_tx(engine) as conn:
        for entity, n in conn.execute(
            select(r.c.entity, func.count()).where(*cond).group_by(r.c.entity)
        ):
            result[str(entity)] = int(n)
    return result


def may_read_area(engine: Engine, scope: Scope, area: str) -> bool:
    """Whether ``scope`` may read the rates of ``area`` (a code or an area id): a whole-district
    supervisor any; another supervisor the areas of its subtree; an officer its own grids; nobody else."""
    if scope.everything:
        return True
    if scope.role == "grid_officer":
        return area in scope.grids
    if scope.role != "supervisor":
        return False
    if area in scope.areas:
        return True
    r = m.record
    with read_tx(engine) as conn:
        ids = {str(rid) for (rid,) in conn.execute(
            select(r.c.id).where(r.c.entity == "area", m.DataText("code") == area, r.c.deleted.is_(False)))}
    return bool(ids) and ids <= scope.areas


def rates(engine: Engine, area: str, target: float = 0.95) -> RatesResponse:
    """Compute the three rates for ``area`` (a code or area id found in ``area_path``).

    ``residents`` counts every non-deleted resident of the district: a per-area count needs the
    address tree and comes with sync scope (DESIGN §5.9).
    """
    r = m.record
    with read_tx(engine) as conn:
        rows = [data for (data,) in conn.execute(
            select(r.c.data).where(r.c.entity == "verification_result", r.c.deleted.is_(False))
        )]
        residents = conn.execute(
            select(func.count()).where(r.c.entity == "resident", r.c.deleted.is_(False))
        ).scalar_one()
    selected = [row for row in rows if in_area(str(row.get("area_path") or ""), area)]
    est = survey_rates(selected, target=target)
    return RatesResponse(
        area=area,
        registration_rate=RateOut.model_validate(est["registration_rate"].to_dict()),
        accuracy_rate=RateOut.model_validate(est["accuracy_rate"].to_dict()),
        rental_registration_rate=RateOut.model_validate(est["rental_registration_rate"].to_dict()),
        residents=int(residents),
        figures=figures(engine, area, target).to_dict(),
    )


def figures(engine: Engine, area: str, target: float = 0.95) -> RatesReport:
    """Every figure of issue 5 §4 over all devices' synced data, by the same engine as the app
    (:func:`desktop.domain.rates_engine.figures_from_rows` on the same kind of rows)."""
    r = m.record
    wanted = ("verification_result", "verification_sample", "area", "standard_address", "visit",
              "residence_registration")
    by: dict[str, list[dict[str, Any]]] = {e: [] for e in wanted}
    with read_tx(engine) as conn:
        for entity, rid, data in conn.execute(
            select(r.c.entity, r.c.id, r.c.data).where(r.c.entity.in_(wanted), r.c.deleted.is_(False))
        ):
            by[str(entity)].append({**dict(data), "id": rid})
    rows = {
        "results": [{"found": 1, "registered": 0, "exempt": 0, **v} for v in by["verification_result"]],
        "designs": {s["id"]: s.get("design") or "{}" for s in by["verification_sample"]},
        "areas": by["area"],
        "addresses": [a for a in by["standard_address"] if int(a.get("is_leaf") or 0) == 1 and not a.get("valid_to")],
        # visited = a visit record or someone registered as living there (same definition as the device)
        "visited": sorted({str(v.get("address_id")) for v in by["visit"]}
                          | {str(g.get("address_id")) for g in by["residence_registration"]
                             if (g.get("status") or "living") == "living"}),
        "registrations": [{"status": "living", **g} for g in by["residence_registration"]],
    }
    return figures_from_rows(rows, area, target)
