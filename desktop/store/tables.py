"""Tables of the local store (DESIGN §3, §4), as SQLAlchemy Core metadata.

Dates are ISO-8601 text (``YYYY-MM-DD``), timestamps ISO-8601 UTC text, flags 0/1 integers and
structured fields JSON text, so that a row's fields travel unchanged as sync mutation fields.
``schema.sql`` is the DDL a fresh store gets from this metadata (a test compares them).

Synced tables carry no FOREIGN KEY constraints: pulled pages arrive in change order, so a
child can land before a parent that changed later (docs/decisions.md). References are checked
by the services on the device and by central on every mutation (``entities.PARENTS``).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    literal_column,
)

from desktop.domain.entities import YINZHOU_DISTRICT_CODE

metadata = MetaData()


def _sync_columns() -> list[Column[object]]:
    """Columns every synced table carries (DESIGN §3)."""
    return [
        Column("id", String(36), primary_key=True),
        Column("version", Integer, nullable=False, server_default="0"),
        Column("updated_at", String(32), nullable=False, server_default=""),
        Column("updated_by", String(64), nullable=False, server_default=""),
        Column("device_id", String(36), nullable=False, server_default=""),
        Column("deleted", Integer, nullable=False, server_default="0"),
        Column("district_code", String(6), nullable=False, server_default=YINZHOU_DISTRICT_CODE),
    ]


area = Table(
    "area",
    metadata,
    *_sync_columns(),
    Column("parent_id", String(36), nullable=True),
    Column("level", String(16), nullable=False),  # district / town / community / grid
    Column("code", String(16), nullable=True),  # NBS code where one exists; grids have none
    Column("name", Text, nullable=False),
    Column("invented", Integer, nullable=False, server_default="0"),
    Column("officer", String(64), nullable=False, server_default=""),
    # registered local (户籍) population entered by the supervisor, for 人口倒挂 (issue 5 §5, 0006)
    Column("local_population", Integer, nullable=True),
    Index("ix_area_parent", "parent_id"),
)

standard_address = Table(
    "standard_address",
    metadata,
    *_sync_columns(),
    Column("parent_id", String(36), nullable=True),
    Column("grid_id", String(36), nullable=False),
    Column("level", String(16), nullable=False),  # AddressLevel
    Column("name", Text, nullable=False),  # this node's own segment, e.g. "3幢" or "101室"
    Column("full_text", Text, nullable=False, server_default=""),
    Column("code", String(32), nullable=True),
    Column("is_leaf", Integer, nullable=False, server_default="0"),
    Column("housing_type", String(16), nullable=False, server_default="ordinary"),
    Column("plate_code", String(16), nullable=True),
    Column("valid_from", String(10), nullable=False, server_default=""),
    Column("valid_to", String(10), nullable=True),
    Column("invented", Integer, nullable=False, server_default="0"),
    Index("ix_address_parent", "parent_id"),
    Index("ix_address_grid_leaf", "grid_id", "is_leaf"),
    Index("ix_address_plate", "plate_code"),  # door-plate scans and reuse checks (0005)
)

rental_unit = Table(
    "rental_unit",
    metadata,
    *_sync_columns(),
    Column("address_id", String(36), nullable=False),
    Column("landlord_type", String(8), nullable=False, server_default="person"),  # person / org
    Column("landlord_name", Text, nullable=False, server_default=""),
    Column("landlord_id_number", String(18), nullable=False, server_default=""),
    Column("landlord_uscc", String(18), nullable=False, server_default=""),
    Column("landlord_phone", String(20), nullable=False, server_default=""),
    Column("use", String(16), nullable=False, server_default="residential"),
    Column("area_m2", Float, nullable=True),
    Column("rooms_let", Integer, nullable=True),
    Column("occupancy_limit", Integer, nullable=True),
    Column("lease_start", String(10), nullable=True),
    Column("lease_end", String(10), nullable=True),
    Column("rent", Float, nullable=True),
    Column("pledge_signed_date", String(10), nullable=True),
    Column("safety", Text, nullable=False, server_default="{}"),
    Column("hazard_level", String(16), nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="let"),
    Index("ix_rental_unit_address", "address_id"),
)

household = Table(
    "household",
    metadata,
    *_sync_columns(),
    Column("address_id", String(36), nullable=False),
    Column("type", String(16), nullable=False, server_default="family"),
    Column("head_resident_id", String(36), nullable=True),
    Index("ix_household_address", "address_id"),
)

resident = Table(
    "resident",
    metadata,
    *_sync_columns(),
    Column("id_type", String(24), nullable=False, server_default="resident_id"),
    Column("id_number", String(32), nullable=False, server_default=""),
    Column("name", Text, nullable=False),
    Column("name_initials", String(32), nullable=False, server_default=""),
    Column("sex", String(1), nullable=False, server_default="0"),
    Column("birth_date", String(10), nullable=True),
    Column("ethnicity", String(2), nullable=False, server_default=""),
    Column("hukou_code", String(6), nullable=False, server_default=""),
    Column("hukou_address", Text, nullable=False, server_default=""),
    Column("phone", String(20), nullable=False, server_default=""),
    Column("education", String(2), nullable=False, server_default=""),
    Column("marital_status", String(2), nullable=False, server_default=""),
    Column("political_status", String(2), nullable=False, server_default=""),
    Column("employer_name", Text, nullable=False, server_default=""),
    Column("employer_uscc", String(18), nullable=False, server_default=""),
    Column("occupation", Text, nullable=False, server_default=""),
    Column("social_insurance", Integer, nullable=False, server_default="0"),
    Column("arrival_date", String(10), nullable=True),
    Column("reason", String(16), nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    # issue 7 item 7 (0008): when the personal fields were removed after moving out ('' = not archived)
    Column("archived_at", String(32), nullable=False, server_default=""),
    Index("ix_resident_id_number", "id_number"),
    Index("ix_resident_name", "name"),
    # initials then name (0009): the list's initials search reads its ORDER BY straight from the index
    Index("ix_resident_initials", "name_initials", "name"),
    Index("ix_resident_phone", "phone"),
    Index("ix_resident_birth_date", "birth_date"),  # search before create (0005)
)
# Phone-tail search (last 4+ digits) before create: queries use the same expression (0005).
Index("ix_resident_phone_tail", func.substr(resident.c.phone, literal_column("-4")))

residence_registration = Table(
    "residence_registration",
    metadata,
    *_sync_columns(),
    Column("resident_id", String(36), nullable=False),
    Column("address_id", String(36), nullable=False),
    Column("household_id", String(36), nullable=True),
    Column("relationship", String(2), nullable=False, server_default=""),
    Column("declared_date", String(10), nullable=True),
    Column("registered_date", String(10), nullable=False, server_default=""),
    Column("moved_out_date", String(10), nullable=True),
    Column("moved_out_reason", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="living"),
    Column("registered_by", String(64), nullable=False, server_default=""),
    Index("ix_registration_resident", "resident_id"),
    Index("ix_registration_address", "address_id", "status"),
    Index("ix_registration_household", "household_id"),
)

residence_permit = Table(
    "residence_permit",
    metadata,
    *_sync_columns(),
    Column("resident_id", String(36), nullable=False),
    Column("number", String(32), nullable=False, server_default=""),
    Column("issue_date", String(10), nullable=False),
    Column("endorsements", Text, nullable=False, server_default="[]"),
    Column("status", String(16), nullable=False, server_default="valid"),
    Index("ix_permit_resident", "resident_id"),
)

visit = Table(
    "visit",
    metadata,
    *_sync_columns(),
    Column("address_id", String(36), nullable=False),
    Column("officer", String(64), nullable=False, server_default=""),
    Column("visited_at", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("revisit_due", String(10), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Index("ix_visit_address", "address_id", "visited_at"),
)

verification_sample = Table(
    "verification_sample",
    metadata,
    *_sync_columns(),
    Column("area_id", String(36), nullable=True),
    Column("name", Text, nullable=False, server_default=""),
    Column("seed", Integer, nullable=False),
    Column("design", Text, nullable=False, server_default="{}"),
    Column("created_by", String(64), nullable=False, server_default=""),
    Column("created_at", String(32), nullable=False, server_default=""),
)

verification_assignment = Table(
    "verification_assignment",
    metadata,
    *_sync_columns(),
    Column("sample_id", String(36), nullable=False),
    Column("address_id", String(36), nullable=False),
    Column("stratum", String(64), nullable=False, server_default=""),
    Column("verifier", String(64), nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="assigned"),
    Index("ix_assignment_sample", "sample_id"),
)

verification_result = Table(
    "verification_result",
    metadata,
    *_sync_columns(),
    Column("sample_id", String(36), nullable=False),
    Column("address_id", String(36), nullable=False),
    # "/"-joined area ids from the district down to the grid, for figures by area
    Column("area_path", Text, nullable=False, server_default=""),
    Column("stratum", String(64), nullable=False, server_default=""),
    Column("verifier", String(64), nullable=False, server_default=""),
    Column("kind", String(16), nullable=False),  # person / registration / rental_unit
    Column("resident_id", String(36), nullable=True),
    Column("registration_id", String(36), nullable=True),
    Column("rental_unit_id", String(36), nullable=True),
    # person: living there; registration: person still living there; rental_unit: found let
    Column("found", Integer, nullable=False, server_default="1"),
    Column("registered", Integer, nullable=False, server_default="0"),
    Column("exempt", Integer, nullable=False, server_default="0"),
    Column("all_correct", Integer, nullable=True),
    Column("field_checks", Text, nullable=False, server_default="{}"),
    Column("verified_at", String(32), nullable=False, server_default=""),
    # issue 5 (0006): who the verifier found (kind "person": omissions are listed by these) and how a
    # registration was matched ("id_number" / "name_birth"; "" when not matched)
    Column("person_name", Text, nullable=False, server_default=""),
    Column("person_id_number", String(32), nullable=False, server_default=""),
    Column("person_birth_date", String(10), nullable=True),
    Column("match_method", String(16), nullable=False, server_default=""),
    Index("ix_result_sample", "sample_id"),
)

rental_check = Table(
    # 出租房屋核验 (issue 5 §3, 0006): one police assistant's check of one rental unit; 需整改/有隐患
    # go to the grid officer (status open → fixed) and back to the verifier (→ closed by a new check)
    "rental_check",
    metadata,
    *_sync_columns(),
    Column("rental_unit_id", String(36), nullable=True),  # None: a let room found without a registration
    Column("address_id", String(36), nullable=False),
    Column("grid_id", String(36), nullable=False, server_default=""),
    Column("area_path", Text, nullable=False, server_default=""),
    Column("checker", String(64), nullable=False, server_default=""),
    Column("checked_at", String(32), nullable=False, server_default=""),
    Column("landlord_ok", Integer, nullable=False, server_default="0"),
    Column("tenants_ok", Integer, nullable=False, server_default="0"),
    Column("lease_ok", Integer, nullable=False, server_default="0"),
    Column("pledge_ok", Integer, nullable=False, server_default="0"),  # 治安责任书 signed and on file
    Column("safety", Text, nullable=False, server_default="{}"),
    Column("outcome", String(16), nullable=False),  # verified / needs_fix / hazard
    Column("items", Text, nullable=False, server_default="[]"),  # JSON list of items to fix
    Column("reason", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="closed"),  # open / fixed / closed
    Column("fixed_by", String(64), nullable=False, server_default=""),
    Column("fixed_at", String(32), nullable=False, server_default=""),
    Column("fix_note", Text, nullable=False, server_default=""),
    Index("ix_rental_check_unit", "rental_unit_id"),
    Index("ix_rental_check_status", "status", "grid_id"),
)

audit_event = Table(
    # 审计日志 (issue 7 item 5, 0008): who did what and when; written in the same transaction as the
    # action, synced to central, never changed or deleted on the device (triggers in AUDIT_DDL).
    # ``detail`` is short text without personal data; ``count`` is how many records the action touched.
    "audit_event",
    metadata,
    *_sync_columns(),
    Column("at", String(32), nullable=False),  # ISO-8601 UTC
    Column("user", String(64), nullable=False),
    Column("role", String(32), nullable=False, server_default=""),
    Column("action", String(16), nullable=False),  # desktop.services.audit.ACTIONS
    Column("entity", String(32), nullable=False, server_default=""),
    Column("record_id", String(36), nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default=""),
    Column("count", Integer, nullable=False, server_default="0"),
    Index("ix_audit_event_at", "at"),
)

# ---- local-only tables -------------------------------------------------------------------

outbox = Table(
    "outbox",
    metadata,
    Column("mutation_no", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(32), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(8), nullable=False),  # upsert / delete
    Column("base_version", Integer, nullable=False),
    Column("fields", Text, nullable=False),  # JSON object of the changed fields
    Column("user", String(64), nullable=False, server_default=""),
    Column("created_at", String(32), nullable=False),
    # pending -> sent (receipt kept) | rejected (needs attention) -> superseded (fixed and queued
    # again); sent rows are retained for the retention window (re-sent to a restored server)
    Column("status", String(12), nullable=False, server_default="pending"),
    Column("sent_at", String(32), nullable=True),
    Column("receipt", Text, nullable=True),
    # JSON list of central conflict ids a supervisor's resolution closes (NULL: an ordinary edit)
    Column("resolves", Text, nullable=True),
    Index("ix_outbox_status", "status", "mutation_no"),
    Index("ix_outbox_record", "record_id", "status"),
    sqlite_autoincrement=True,
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sync_journal = Table(
    "sync_journal",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("pushed", Integer, nullable=False, server_default="0"),
    Column("applied", Integer, nullable=False, server_default="0"),
    Column("duplicate", Integer, nullable=False, server_default="0"),
    Column("conflict", Integer, nullable=False, server_default="0"),
    Column("rejected", Integer, nullable=False, server_default="0"),
    Column("pulled", Integer, nullable=False, server_default="0"),
    Column("error", Text, nullable=True),
)

sync_conflict = Table(
    # open conflicts as central last reported them (replaced on every sync); flags the record
    "sync_conflict",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # central's conflict id
    Column("entity", String(32), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(8), nullable=False),
    Column("fields", Text, nullable=False),  # JSON list of {field, device_value, server_value}
    Column("device_id", String(64), nullable=False),
    Column("user", String(64), nullable=False, server_default=""),
    Column("client_time", String(40), nullable=False, server_default=""),
    Column("created_at", String(32), nullable=False),
    Column("server_version", Integer, nullable=False),
    Column("server_device_id", String(64), nullable=False, server_default=""),
    Column("server_user", String(64), nullable=False, server_default=""),
    Column("server_time", String(32), nullable=False, server_default=""),
    Index("ix_sync_conflict_record", "record_id"),
)

SYNCED_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        area,
        standard_address,
        rental_unit,
        household,
        resident,
        residence_registration,
        residence_permit,
        visit,
        verification_sample,
        verification_assignment,
        verification_result,
        rental_check,
        audit_event,
    )
}

# ---- search structures (issue 8, migration 0007) -------------------------------------------
# FTS5 trigram indexes, kept in step with their tables by triggers (so every write path —
# write_record, bulk_create, pull upserts, migrations, raw SQL — stays honest). Not SQLAlchemy
# metadata: ``schema.sql`` appends :data:`SEARCH_DDL` after the tables and indexes.
#
# * ``resident_name_fts``: contentless (``contentless_delete``), rowid = ``resident.rowid``, over
#   the name *spaced out* (王芳 → " 王 芳 "): a query of 1 or 2 characters becomes a phrase of 3+
#   (" 芳 "), which the trigram tokenizer can match, so "contains" works for 2-character names too
#   (DESIGN §8). Costs the index only (no copy of the names).
# * ``address_fts``: external content over ``standard_address.full_text`` (rowid), 3+ characters.
# Both rely on the rowid of their table staying put: VACUUM keeps rowids of tables that have an
# index (every synced table has its primary-key index), and nothing else renumbers them.

#: Table names (with their FTS5 shadow tables ``<name>_*``) that are not in :data:`metadata`.
SEARCH_TABLES = ("resident_name_fts", "address_fts")
#: Characters of a name that ``resident_name_fts`` indexes.
NAME_FTS_CHARS = 16


def spaced(text: str) -> str:
    """The form ``resident_name_fts`` indexes and is queried with: ``"王芳" → " 王 芳 "``."""
    return " " + " ".join(text[:NAME_FTS_CHARS].rstrip()) + " "


def _spaced_sql(expr: str) -> str:
    chars = " || ' ' || ".join(f"substr({expr}, {i}, 1)" for i in range(1, NAME_FTS_CHARS + 1))
    return f"rtrim(' ' || {chars}) || ' '"


SEARCH_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE resident_name_fts USING fts5(spaced, content='', contentless_delete=1, "
    "tokenize='trigram')",
    "CREATE TRIGGER resident_name_fts_ai AFTER INSERT ON resident BEGIN "
    f"INSERT INTO resident_name_fts(rowid, spaced) VALUES (new.rowid, {_spaced_sql('new.name')}); END",
    "CREATE TRIGGER resident_name_fts_ad AFTER DELETE ON resident BEGIN "
    "DELETE FROM resident_name_fts WHERE rowid = old.rowid; END",
    "CREATE TRIGGER resident_name_fts_au AFTER UPDATE OF name ON resident BEGIN "
    "DELETE FROM resident_name_fts WHERE rowid = old.rowid; "
    f"INSERT INTO resident_name_fts(rowid, spaced) VALUES (new.rowid, {_spaced_sql('new.name')}); END",
    "CREATE VIRTUAL TABLE address_fts USING fts5(full_text, content='standard_address', content_rowid='rowid', "
    "tokenize='trigram')",
    "CREATE TRIGGER address_fts_ai AFTER INSERT ON standard_address BEGIN "
    "INSERT INTO address_fts(rowid, full_text) VALUES (new.rowid, new.full_text); END",
    "CREATE TRIGGER address_fts_ad AFTER DELETE ON standard_address BEGIN "
    "INSERT INTO address_fts(address_fts, rowid, full_text) VALUES ('delete', old.rowid, old.full_text); END",
    "CREATE TRIGGER address_fts_au AFTER UPDATE OF full_text ON standard_address BEGIN "
    "INSERT INTO address_fts(address_fts, rowid, full_text) VALUES ('delete', old.rowid, old.full_text); "
    "INSERT INTO address_fts(rowid, full_text) VALUES (new.rowid, new.full_text); END",
)

#: Audit events are not editable by the user (issue 7 item 5): any change of a data column or the
#: tombstone, and any DELETE, aborts. Only the sync columns a receipt or a pull sets (version,
#: updated_at, updated_by, device_id) may change, so sync keeps working.
AUDIT_DDL: tuple[str, ...] = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN "
    + " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in (
        "deleted", "district_code", "at", "user", "role", "action", "entity", "record_id", "detail", "count"))
    + " BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN "
    "SELECT RAISE(ABORT, 'audit events cannot be deleted'); END",
)

# ---- statistics aggregates (issue 8, migration 0009) ------------------------------------------
# Per-grid counts behind the dashboard's statistics and figures, so a district of 1,000,000 people is
# not re-read on every change (desktop.store.aggregates keeps them; docs/decisions.md). Local and
# derived, never synced; not SQLAlchemy metadata (``schema.sql`` appends :data:`STATS_DDL`).
#
# Writes only *mark* grids dirty (triggers below: every write path, pulls and raw SQL included, costs one
# indexed lookup and a row in ``stats_dirty``); ``aggregates.refresh`` recomputes the dirty grids from the
# data in one pass, and moves the age cells from the day they were computed for to today by the people
# whose birthday fell in between.
#
# * ``stats_cell``: (grid, raw dimension, raw value) → people (``population_stats.RAW_DIMENSIONS``; ``age``
#   and ``school_age`` as of ``sync_state['stats_day']``);
# * ``stats_address``: 同籍同业 at a building, (grid, county, trade, building) → people, groups of 2+ only (all
#   groups in a grid that is no live area);
# * ``stats_employer_grid`` / ``stats_employer``: 同籍同业 at an employer per grid, and added up per
#   community (the grid's parent area, or ``'#' || grid`` when that is no live area);
# * ``stats_figure``: per grid the open leaf addresses, those visited, the living registrations at them.
# * ``stats_grid``: per grid the refresh ("version") that last changed its cells, so a reader holding the
#   cells of an earlier version re-reads only the grids changed since.

#: Tables of the statistics aggregates (not in :data:`metadata`).
STATS_TABLES = ("stats_dirty", "stats_cell", "stats_address", "stats_employer_grid", "stats_employer",
                "stats_figure", "stats_grid")


def _mark(select: str) -> str:
    # not INSERT OR IGNORE: an UPSERT (pulls) that fires the trigger imposes its own conflict policy (ABORT)
    return (f"INSERT INTO stats_dirty(grid) SELECT DISTINCT grid FROM ({select}) "
            "WHERE grid IS NOT NULL AND grid NOT IN (SELECT grid FROM stats_dirty);")


def _mark_grids_of_resident(resident: str) -> str:
    return _mark("SELECT sa.grid_id AS grid FROM residence_registration r "
                 "JOIN standard_address sa ON sa.id = r.address_id "
                 f"WHERE r.resident_id = {resident} AND r.status = 'living' AND r.deleted = 0")


def _mark_grid_of_address(address: str) -> str:
    return _mark(f"SELECT grid_id AS grid FROM standard_address WHERE id = {address}")


def _mark_area(area: str) -> str:
    return _mark(f"SELECT {area} AS grid UNION SELECT id FROM area WHERE parent_id = {area}")


_LIVING_NEW = "new.status = 'living' AND new.deleted = 0"
_LIVING_OLD = "old.status = 'living' AND old.deleted = 0"
_RESIDENT_STATS_COLUMNS = ("hukou_code, sex, birth_date, education, employer_name, occupation, social_insurance, "
                           "reason, deleted")

STATS_DDL: tuple[str, ...] = (
    "CREATE TABLE stats_dirty (grid TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE stats_cell (grid TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (grid, dim, value)) WITHOUT ROWID",
    "CREATE TABLE stats_address (grid TEXT NOT NULL, county TEXT NOT NULL, trade TEXT NOT NULL, "
    "building TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (grid, county, trade, building)) WITHOUT ROWID",
    # partial: the groups that can reach a threshold (a WITHOUT ROWID index carries the whole key; most groups
    # hold one person)
    "CREATE INDEX stats_address_n ON stats_address (n) WHERE n >= 2",
    "CREATE TABLE stats_employer_grid (grid TEXT NOT NULL, county TEXT NOT NULL, trade TEXT NOT NULL, "
    "employer TEXT NOT NULL, community TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (grid, county, trade, employer)) WITHOUT ROWID",
    "CREATE TABLE stats_employer (county TEXT NOT NULL, trade TEXT NOT NULL, employer TEXT NOT NULL, "
    "community TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (county, trade, employer, community)) WITHOUT ROWID",
    "CREATE INDEX stats_employer_n ON stats_employer (n) WHERE n >= 2",
    "CREATE TABLE stats_figure (grid TEXT NOT NULL PRIMARY KEY, leaves INTEGER NOT NULL, visited INTEGER NOT NULL, "
    "living INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE stats_grid (grid TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID",
    # registrations: the grid of the address before and after
    f"CREATE TRIGGER stats_registration_ai AFTER INSERT ON residence_registration WHEN {_LIVING_NEW} BEGIN "
    f"{_mark_grid_of_address('new.address_id')} END",
    "CREATE TRIGGER stats_registration_au AFTER UPDATE OF status, deleted, address_id, resident_id "
    f"ON residence_registration WHEN ({_LIVING_NEW}) OR ({_LIVING_OLD}) BEGIN "
    f"{_mark_grid_of_address('old.address_id')} {_mark_grid_of_address('new.address_id')} END",
    f"CREATE TRIGGER stats_registration_ad AFTER DELETE ON residence_registration WHEN {_LIVING_OLD} BEGIN "
    f"{_mark_grid_of_address('old.address_id')} END",
    # residents: the grids they live in (a resident may arrive after their registration in a pull)
    f"CREATE TRIGGER stats_resident_ai AFTER INSERT ON resident BEGIN {_mark_grids_of_resident('new.id')} END",
    f"CREATE TRIGGER stats_resident_au AFTER UPDATE OF {_RESIDENT_STATS_COLUMNS} ON resident BEGIN "
    f"{_mark_grids_of_resident('new.id')} END",
    f"CREATE TRIGGER stats_resident_ad AFTER DELETE ON resident BEGIN {_mark_grids_of_resident('old.id')} END",
    # permits: the holder's grids
    "CREATE TRIGGER stats_permit_ai AFTER INSERT ON residence_permit BEGIN "
    f"{_mark_grids_of_resident('new.resident_id')} END",
    "CREATE TRIGGER stats_permit_au AFTER UPDATE OF status, deleted, resident_id ON residence_permit BEGIN "
    f"{_mark_grids_of_resident('old.resident_id')} {_mark_grids_of_resident('new.resident_id')} END",
    "CREATE TRIGGER stats_permit_ad AFTER DELETE ON residence_permit BEGIN "
    f"{_mark_grids_of_resident('old.resident_id')} END",
    # addresses: their grid before and after (people, housing type, building, open leaves)
    f"CREATE TRIGGER stats_address_ai AFTER INSERT ON standard_address BEGIN {_mark('SELECT new.grid_id AS grid')} END",
    "CREATE TRIGGER stats_address_au AFTER UPDATE OF grid_id, parent_id, housing_type, is_leaf, valid_to, deleted "
    f"ON standard_address BEGIN {_mark('SELECT old.grid_id AS grid UNION SELECT new.grid_id')} END",
    f"CREATE TRIGGER stats_address_ad AFTER DELETE ON standard_address BEGIN {_mark('SELECT old.grid_id AS grid')} END",
    # visits: the visited addresses of the figures
    f"CREATE TRIGGER stats_visit_ai AFTER INSERT ON visit BEGIN {_mark_grid_of_address('new.address_id')} END",
    "CREATE TRIGGER stats_visit_au AFTER UPDATE OF address_id, deleted ON visit BEGIN "
    f"{_mark_grid_of_address('old.address_id')} {_mark_grid_of_address('new.address_id')} END",
    f"CREATE TRIGGER stats_visit_ad AFTER DELETE ON visit BEGIN {_mark_grid_of_address('old.address_id')} END",
    # areas: a grid's own row and the grids below a community (the employer groups' community)
    f"CREATE TRIGGER stats_area_ai AFTER INSERT ON area BEGIN {_mark_area('new.id')} END",
    f"CREATE TRIGGER stats_area_au AFTER UPDATE OF parent_id, deleted ON area BEGIN {_mark_area('new.id')} END",
    f"CREATE TRIGGER stats_area_ad AFTER DELETE ON area BEGIN {_mark_area('old.id')} END",
)
