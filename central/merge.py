"""Decide what one mutation does to one record: validation, parents, field-level merge (DESIGN §5.4-§5.6).

Pure: works on in-memory :class:`RecordState` values loaded by :mod:`central.crud` and tells it
what to write. Versions, never clocks, decide conflicts: a changed field conflicts when another
device set it at a version above the mutation's ``base_version`` (and to a different value);
edits of different fields merge. A delete conflicts with any field another device changed since
its base version, and an edit conflicts with a delete another device made since.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from central.scope import (
    CLOSURE_FIELDS,
    FORBIDDEN,
    VERIFIER_SCOPED,
    VERIFIER_WRITES,
    WriteCheck,
    record_scope,
    scoped_entity,
)
from desktop.domain.codes import CodeTables, IdType, ResidenceReason
from desktop.domain.entities import PARENTS, YINZHOU_DISTRICT_CODE
from desktop.domain.entity_fields import ENTITY_FIELDS, NULLABLE_FIELDS, REQUIRED_FIELDS
from desktop.domain.problems import Severity
from desktop.domain.resident import ResidentInput, validate_resident
from desktop.sync.protocol import Mutation, Op, Receipt, ReceiptStatus

logger = logging.getLogger(__name__)

#: Pseudo-field in ``field_versions`` recording the version (and device) of a delete.
DELETED_KEY = "_deleted"
#: Fields whose change moves a record to another scope (central.scope.record_scope).
_SCOPE_FIELDS = frozenset({"grid_id", "address_id", "resident_id"})


@dataclass
class RecordState:
    """A record as central holds it, while a batch is being applied."""

    id: str
    entity: str
    version: int
    deleted: bool
    data: dict[str, Any]
    field_versions: dict[str, int]
    field_devices: dict[str, str]
    change_seq: int = 0
    updated_at: str = ""
    updated_by: str = ""
    device_id: str = ""
    existed: bool = True  # in the database when the batch started
    dirty: bool = False  # must be written at the end of the batch
    # issue 7 scope columns (central.scope.record_scope), kept up to date by Merger._touch
    scope_grid: str | None = None
    scope_address: str | None = None
    scope_resident: str | None = None


@dataclass
class Outcome:
    """What applying one mutation produced: its receipt and rows for quarantine/conflict, if any."""

    receipt: Receipt
    quarantine: dict[str, Any] | None = None
    conflict: dict[str, Any] | None = None
    resolves: list[int] = field(default_factory=list)


#: Text no database of central's can hold: NUL (PostgreSQL text and jsonb refuse it) and lone UTF-16
#: surrogates (not encodable as UTF-8: psycopg, sqlite3 and the JSON serializer all fail). Every other code
#: point is valid UTF-8 and stored by both (checked: U+FFFE, U+FFFF, U+10FFFF on PostgreSQL, UTF8 database).
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
#: Reason key of a mutation with such text (``text.invalid:<field>``), shown in 需处理.
TEXT_INVALID = "text.invalid"


def storable_text(text: str) -> bool:
    """True when ``text`` can be stored by SQLite and PostgreSQL (no NUL, no lone surrogate)."""
    return _UNSTORABLE_TEXT.search(text) is None


def safe_text(text: str) -> str:
    """``text`` with every unstorable character replaced by U+FFFD (for quarantine rows and receipts)."""
    return _UNSTORABLE_TEXT.sub("\ufffd", text)


def _storable(value: Any) -> bool:
    """A field value must be a scalar every store can hold: a finite number, a bool or null
    (structured fields travel as JSON text, as in the local tables); text is checked by
    :func:`storable_text` (reason ``text.invalid``)."""
    if value is None or isinstance(value, (bool, int, str)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return False


def _kept(value: Any) -> Any:
    """A field value as the quarantine keeps it (storable, unstorable characters replaced)."""
    if isinstance(value, str):
        return safe_text(value)
    return value if _storable(value) else safe_text(repr(value)[:200])


def _latest_today() -> date:
    """The latest calendar date anywhere (UTC+14): a device's 'today' is never in the future."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def resident_problems(data: dict[str, Any], tables: CodeTables, today: date | None = None) -> list[str]:
    """Validate a merged resident record; return the keys of its ERROR problems (empty = valid).

    Builds a :class:`ResidentInput` from the stored columns and runs
    :func:`desktop.domain.resident.validate_resident`; warnings are ignored. Never raises:
    an unknown ``id_type``/``reason`` or a malformed date is itself a problem key.
    """
    keys: list[str] = []
    if data.get("archived_at"):  # issue 7 item 7: personal fields removed after moving out, on purpose
        return keys

    def text(name: str) -> str:
        value = data.get(name)
        return "" if value is None else str(value)

    try:
        id_type = IdType(text("id_type") or IdType.RESIDENT_ID.value)
    except ValueError:
        keys.append("id_type.invalid")
        id_type = IdType.RESIDENT_ID
    reason: ResidenceReason | None = None
    if text("reason"):
        try:
            reason = ResidenceReason(text("reason"))
        except ValueError:
            keys.append("reason.invalid")
    dates: dict[str, date | None] = {}
    for name in ("birth_date", "arrival_date"):
        try:
            dates[name] = _parse_date(data.get(name))
        except ValueError:
            keys.append(f"{name}.invalid")
            dates[name] = None
    inp = ResidentInput(
        id_type=id_type, id_number=text("id_number"), name=text("name"), sex=text("sex"),
        birth_date=dates["birth_date"], ethnicity=text("ethnicity"), hukou_code=text("hukou_code"),
        hukou_address=text("hukou_address"), phone=text("phone"), education=text("education"),
        marital_status=text("marital_status"), political_status=text("political_status"),
        employer_name=text("employer_name"), employer_uscc=text("employer_uscc"),
        occupation=text("occupation"), arrival_date=dates["arrival_date"], reason=reason,
    )
    checked = validate_resident(inp, today=today or _latest_today(), tables=tables)
    for problem in checked.problems:
        if problem.severity is Severity.ERROR and problem.key not in keys:
            keys.append(problem.key)
    return keys


@dataclass
class Merger:
    """Apply one device's mutations, in order, to the records loaded for the batch.

    Attributes:
        records: record id → state; must hold every record the batch touches or references
            (absent = not on the server). Updated in place; ``dirty`` ones are to be written.
        device_id: the pushing device; now: the timestamp written as ``updated_at``.
        next_seq: the next global change sequence number to hand out (advanced in place).
    """

    records: dict[str, RecordState]
    device_id: str
    now: str
    next_seq: int
    tables: CodeTables
    today: date = field(default_factory=_latest_today)
    #: The signed-in user may resolve conflicts (supervisor): mutations with ``resolves``.
    can_resolve: bool = False
    #: Issue 7: the signed-in user's write scope (None: no limit, a whole-district supervisor or an
    #: internal caller). A mutation outside it is rejected with reason ``scope.forbidden``.
    check: WriteCheck | None = None

    def apply(self, mut: Mutation) -> Outcome:
        """Apply one mutation; return its receipt (applied / conflict / rejected).

        A mutation with ``resolves`` is a supervisor's resolution: its values are taken as they
        are (no conflict check; a delete resolution deletes, an upsert undeletes) and the outcome
        names the conflicts to close. From anyone else it is rejected (``forbidden:resolve``).
        """
        reasons = self._static_reasons(mut)
        rec = self.records.get(mut.record_id)
        if not reasons and rec is not None and rec.entity != mut.entity:
            reasons = [f"entity_mismatch:{rec.entity}"]
        if not reasons and mut.entity == "audit_event" and (  # issue 7: append-only; a re-sent create passes
                mut.op is Op.DELETE or (rec is not None and any(rec.data.get(k) != v for k, v in mut.fields.items()))):
            reasons = ["audit.immutable"]
        if not reasons and not mut.resolves and mut.op is Op.UPSERT:
            reasons = self._upsert_reasons(mut, rec)
        if not reasons and self.check is not None and (rec is not None or mut.op is Op.UPSERT):
            reasons = self._scope_reasons(mut, rec)
        if reasons:
            return self._reject(mut, reasons)
        if mut.resolves:
            return self._resolve(mut, rec)
        if mut.op is Op.DELETE:
            return self._delete(mut, rec)
        outcome = self._upsert(mut, rec)
        if self.check is not None and outcome.receipt.status is ReceiptStatus.APPLIED:
            self._scope_grew(mut, rec is None)
        return outcome

    # ---- scope (issue 7 §3, central/scope.py) ----------------------------------------------

    def _grid_of(self, address_id: str, fallback: str | None) -> str | None:
        address = self.records.get(address_id)
        if address is None or address.entity != "standard_address":
            return fallback
        grid = address.data.get("grid_id")
        return str(grid) if grid else None

    def _scope_after(self, entity: str, record_id: str, data: dict[str, Any],
                     rec: RecordState | None) -> tuple[str | None, str | None, str | None]:
        address = str(data.get("address_id") or "")
        fallback = rec.scope_grid if rec is not None else None
        return record_scope(entity, record_id, data, {address: self._grid_of(address, fallback)})

    def _scope_reasons(self, mut: Mutation, rec: RecordState | None) -> list[str]:
        """``[scope.forbidden]`` when the signed-in user may not make this change (else [])."""
        chk = self.check
        assert chk is not None
        scope, entity = chk.scope, mut.entity
        if scope.everything or not scoped_entity(entity):
            return []  # entities without a scope (audit events) follow their own rules
        merged = {**(rec.data if rec is not None else {}), **mut.fields}
        ok: bool
        if entity == "area":
            if scope.role == "supervisor":
                parent = merged.get("parent_id")
                ok = (rec is None or rec.id in chk.areas) and (
                    parent in chk.areas if (rec is None or "parent_id" in mut.fields) else True)
            else:  # an officer may add areas (a ledger's import grid), never change them or assign others
                ok = (scope.role == "grid_officer" and rec is None
                      and merged.get("officer") in (None, "", scope.username))
        elif entity == "verification_sample":
            area = merged.get("area_id")
            ok = scope.role == "supervisor" and (area is None or area in chk.areas)
        else:
            after = self._scope_after(entity, mut.record_id, merged, rec)
            before = None if rec is None else (rec.scope_grid, rec.scope_address, rec.scope_resident)
            verifier = str(merged.get("verifier") or "")
            ok = self._may_write(entity, after, verifier, rec is None) and (
                before is None or self._may_write(entity, before, verifier, False))
            if not ok and rec is not None and before == after and entity == "residence_registration" \
                    and mut.op is Op.UPSERT and scope.role != "police_assistant" \
                    and set(mut.fields) <= CLOSURE_FIELDS | {"district_code"} and chk.lives_here(after[2]):
                ok = True  # closing a registration elsewhere once the person lives in this user's grid
        return [] if ok else [FORBIDDEN]

    def _may_write(self, entity: str, scope: tuple[str | None, str | None, str | None], verifier: str,
                   new: bool) -> bool:
        chk = self.check
        assert chk is not None
        grid, address, resident = scope
        if chk.scope.role == "police_assistant":
            return (entity in VERIFIER_WRITES and address is not None and address in chk.scope.addresses
                    and (entity not in VERIFIER_SCOPED or verifier == chk.scope.username))
        if chk.scope.role not in ("grid_officer", "supervisor"):
            return False
        if entity in VERIFIER_SCOPED and chk.scope.role == "grid_officer":
            return False  # verification is independent of the registering officer
        if grid is not None:
            return grid in chk.grids
        if entity == "resident" and new:
            return True  # a new person: in scope once registered in the user's grid
        return resident is not None and (resident in chk.residents or chk.lives_here(resident))

    def _scope_grew(self, mut: Mutation, created: bool) -> None:
        """After an applied mutation: what the rest of the batch may write grows (a new area or grid,
        a person created or registered here); a grid an officer added unassigned becomes theirs."""
        chk = self.check
        assert chk is not None
        rec = self.records[mut.record_id]
        if mut.entity == "area" and created:
            chk.areas.add(rec.id)
            if rec.data.get("level") == "grid":
                chk.grids.add(rec.id)
                if chk.scope.role == "grid_officer" and not rec.data.get("officer"):
                    rec.data["officer"] = chk.scope.username  # a second version: the device pulls it
                    self._touch(rec, mut, ["officer"])
        elif mut.entity == "resident" and created:
            chk.residents.add(rec.id)
        elif mut.entity == "residence_registration" and rec.scope_grid in chk.grids and rec.scope_resident:
            chk.residents.add(rec.scope_resident)
            if rec.data.get("status") == "living" and not rec.deleted:
                chk.living.add(rec.scope_resident)

    # ---- checks --------------------------------------------------------------------------

    @staticmethod
    def _static_reasons(mut: Mutation) -> list[str]:
        allowed = ENTITY_FIELDS.get(mut.entity)
        if allowed is None:
            return ["unknown_entity"]
        unknown: list[str] = []
        invalid: list[str] = []
        text_invalid: list[str] = []
        for name, value in mut.fields.items():  # one pass (this runs for every pushed mutation)
            if name not in allowed:
                unknown.append(f"unknown_field:{safe_text(name)}")
            elif isinstance(value, str):
                if _UNSTORABLE_TEXT.search(value) is not None:
                    text_invalid.append(f"{TEXT_INVALID}:{name}")
            elif not _storable(value):
                invalid.append(f"invalid_value:{name}")
        reasons = unknown + invalid + text_invalid
        reasons += [f"{TEXT_INVALID}:{name}" for name in ("entity", "record_id", "user", "client_time")
                    if not storable_text(getattr(mut, name))]
        return reasons

    def _upsert_reasons(self, mut: Mutation, rec: RecordState | None) -> list[str]:
        merged = {**(rec.data if rec is not None else {}), **mut.fields}
        nullable = NULLABLE_FIELDS[mut.entity]
        reasons = [f"null_field:{name}" for name, value in mut.fields.items()
                   if value is None and name not in nullable]
        if rec is None:
            reasons += [f"missing_field:{name}" for name in sorted(REQUIRED_FIELDS[mut.entity])
                        if name not in mut.fields]
        if reasons:
            return reasons
        if mut.entity == "resident":
            reasons.extend(resident_problems(merged, self.tables, self.today))
        for name, parent_entity, required in PARENTS.get(mut.entity, ()):
            if not required or (rec is not None and name not in mut.fields):
                continue
            parent = self.records.get(str(merged.get(name) or ""))
            if parent is None or parent.deleted or parent.entity != parent_entity:
                reasons.append(f"missing_parent:{name}")
        return reasons

    def _changed_by_others(self, rec: RecordState, base_version: int, names: Any) -> list[str]:
        return [
            name for name in names
            if rec.field_versions.get(name, 0) > base_version
            and rec.field_devices.get(name, "") != self.device_id
        ]

    # ---- outcomes ------------------------------------------------------------------------

    def _reject(self, mut: Mutation, reasons: list[str]) -> Outcome:
        # Everything kept is storable (issue 7 trial): a refusal must never fail the batch it is part of.
        receipt = Receipt(mutation_no=mut.mutation_no, record_id=safe_text(mut.record_id),
                          status=ReceiptStatus.REJECTED, version=None, server_fields=None, reasons=reasons)
        row = {
            "device_id": self.device_id, "mutation_no": mut.mutation_no, "entity": safe_text(mut.entity[:32]),
            "record_id": safe_text(mut.record_id), "op": mut.op.value, "base_version": mut.base_version,
            "fields": {safe_text(k): _kept(v) for k, v in mut.fields.items()},
            "reasons": reasons, "user": safe_text(mut.user[:64]), "created_at": self.now,
        }
        return Outcome(receipt, quarantine=row)

    def _conflict(self, mut: Mutation, rec: RecordState, server_fields: dict[str, Any],
                  server_side: tuple[str, str] | None = None) -> Outcome:
        receipt = Receipt(mutation_no=mut.mutation_no, record_id=mut.record_id, status=ReceiptStatus.CONFLICT,
                          version=rec.version, server_fields=server_fields)
        device_fields = {k: v for k, v in mut.fields.items() if k in server_fields}
        if mut.op is Op.DELETE:
            device_fields = {"deleted": True}
        elif "deleted" in server_fields:  # an edit racing a delete: keep the whole edit beside it
            device_fields = {**mut.fields, "deleted": False}
        server_user, server_time = server_side or (rec.updated_by, rec.updated_at)
        row = {
            "device_id": self.device_id, "mutation_no": mut.mutation_no, "entity": mut.entity,
            "record_id": mut.record_id, "op": mut.op.value, "base_version": mut.base_version,
            "server_version": rec.version, "device_fields": device_fields, "server_fields": server_fields,
            "user": mut.user[:64], "created_at": self.now, "client_time": mut.client_time[:40],
            "server_device_id": next((rec.field_devices.get(k, "") for k in server_fields
                                      if rec.field_devices.get(k)), rec.device_id)[:64],
            "server_user": server_user[:64], "server_time": server_time[:32],
        }
        return Outcome(receipt, conflict=row)

    def _resolve(self, mut: Mutation, rec: RecordState | None) -> Outcome:
        if not self.can_resolve:
            return self._reject(mut, ["forbidden:resolve"])
        if rec is None:
            return self._reject(mut, ["not_found"])
        if mut.op is Op.DELETE:
            if not rec.deleted:
                rec.deleted = True
                self._touch(rec, mut, [DELETED_KEY])
            outcome = self._applied(mut, rec)
            outcome.resolves = list(mut.resolves)
            return outcome
        reasons = self._upsert_reasons(mut, rec)
        if reasons:
            return self._reject(mut, reasons)
        changed = {k: v for k, v in mut.fields.items() if rec.data.get(k) != v}
        names = list(changed)
        if rec.deleted:
            rec.deleted = False
            names.append(DELETED_KEY)
        if names:
            rec.data.update(changed)
            self._touch(rec, mut, names)
        outcome = self._applied(mut, rec)
        outcome.resolves = list(mut.resolves)
        return outcome

    def _touch(self, rec: RecordState, mut: Mutation, names: list[str]) -> None:
        rec.version += 1
        for name in names:
            rec.field_versions[name] = rec.version
            rec.field_devices[name] = self.device_id
        rec.change_seq = self.next_seq
        self.next_seq += 1
        rec.updated_at, rec.updated_by, rec.device_id = self.now, mut.user[:64], self.device_id
        rec.dirty = True
        if (not rec.existed and rec.version == 1) or _SCOPE_FIELDS.intersection(names):
            rec.scope_grid, rec.scope_address, rec.scope_resident = self._scope_after(
                rec.entity, rec.id, rec.data, rec)

    def _applied(self, mut: Mutation, rec: RecordState) -> Outcome:
        return Outcome(Receipt(mutation_no=mut.mutation_no, record_id=mut.record_id,
                               status=ReceiptStatus.APPLIED, version=rec.version, server_fields=None))

    def _delete(self, mut: Mutation, rec: RecordState | None) -> Outcome:
        if rec is None:
            return self._reject(mut, ["not_found"])
        if rec.deleted:
            return self._applied(mut, rec)
        changed = self._changed_by_others(rec, mut.base_version, list(rec.data))
        if changed:
            return self._conflict(mut, rec, {name: rec.data.get(name) for name in changed})
        rec.deleted = True
        self._touch(rec, mut, [DELETED_KEY])
        return self._applied(mut, rec)

    def _upsert(self, mut: Mutation, rec: RecordState | None) -> Outcome:
        if rec is None:
            data = {"district_code": YINZHOU_DISTRICT_CODE, **mut.fields}
            rec = RecordState(id=mut.record_id, entity=mut.entity, version=0, deleted=False, data=data,
                              field_versions={}, field_devices={}, existed=False)
            self.records[rec.id] = rec
            self._touch(rec, mut, list(mut.fields))
            return self._applied(mut, rec)
        if rec.deleted and self._changed_by_others(rec, mut.base_version, [DELETED_KEY]):
            return self._conflict(mut, rec, {"deleted": True})
        changed = {k: v for k, v in mut.fields.items() if rec.data.get(k) != v}
        conflicting = self._changed_by_others(rec, mut.base_version, list(changed))
        to_apply = {k: v for k, v in changed.items() if k not in conflicting}
        server_side = (rec.updated_by, rec.updated_at)  # who set the kept values, before this edit
        if to_apply:
            rec.data.update(to_apply)
            self._touch(rec, mut, list(to_apply))
        if conflicting:
            return self._conflict(mut, rec, {name: rec.data.get(name) for name in conflicting}, server_side)
        return self._applied(mut, rec)
