"""Central's tables, as SQLAlchemy Core metadata (one module, so Alembic can take over later).

* ``record``: every synced record of every entity, generically: its fields in ``data`` (JSON),
  the version that last set each field in ``field_versions`` and the device that set it in
  ``field_devices`` (so a device's own later edits never conflict with its earlier ones).
  ``change_seq`` is the record's position in the global change sequence (pull cursor).
  ``district_code`` is kept on every row for province-scale partitioning (DESIGN §9).
* ``server_state``: one row (id 1): this instance's ``server_id``, ``epoch`` and the
  ``change_seq`` counter, advanced under its row lock (never a database sequence, so commits
  happen in sequence order and a pull cursor cannot skip a row committed later).
* ``device``: each device's high-water mark (last mutation number processed).
* ``mutation_log``: the receipt of each processed mutation; unique (device_id, mutation_no).
* ``quarantine``: rejected mutations with their reasons (DESIGN §5.4).
* ``conflict``: same-field conflicts with both values, until a supervisor resolves them (§5.6).
* ``app_user``: who may sign in (argon2 hash, role, area scope); ``device_credential``: each
  registered device's revocable credential (hash only); ``server_secret``: the token signing key.
* issue 7 scope (``central/scope.py``): ``record.scope_grid``/``scope_address``/``scope_resident``, derived on
  apply; ``resident_grid``: every grid a resident was registered in; ``scope_grant``: residents a user found
  by exact ID number (to move them in).
* ``login_failure`` (issue 7): recent failed sign-ins per user name and per client address, for
  the login rate limit (in the database so every worker agrees, DESIGN §9); ``audit_log``: the
  audit events central records itself (sign-ins, device revocations); devices' own audit events
  are ``audit_event`` records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement

metadata = MetaData()

#: JSON on SQLite, JSONB on PostgreSQL.
JsonType = JSON().with_variant(JSONB(), "postgresql")



class DataText(ColumnElement[str]):
    """The text value of one top-level key of ``record.data``, spelled the same in an index and a query.

    PostgreSQL: ``(data ->> 'key')``; SQLite: ``json_extract(data, '$.key')``. The key is a literal
    (never a bound parameter) so that both planners match the expression indexes below
    (issue 4: central's search before create, ``central/api/routes/search.py``).
    """

    inherit_cache = True
    type = String()

    def __init__(self, key: str) -> None:
        if not key.isidentifier():
            raise ValueError(key)
        self.key = key


@compiles(DataText, "postgresql")
def _data_text_pg(element: DataText, compiler: Any, **kw: Any) -> str:
    return f"(data ->> '{element.key}')"


@compiles(DataText)
def _data_text_sqlite(element: DataText, compiler: Any, **kw: Any) -> str:
    return f"json_extract(data, '$.{element.key}')"


def _partial(entity: str) -> dict[str, Any]:
    """Dialect options of an index on one entity's rows only (a literal predicate both planners prove)."""
    where = text(f"entity = '{entity}'")
    return {"postgresql_where": where, "sqlite_where": where}


record = Table(
    "record",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("entity", String(32), nullable=False),
    Column("district_code", String(6), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("change_seq", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", JsonType, nullable=False),
    Column("field_versions", JsonType, nullable=False),
    Column("field_devices", JsonType, nullable=False),
    Column("updated_at", String(32), nullable=False, default=""),
    Column("updated_by", String(64), nullable=False, default=""),
    Column("device_id", String(64), nullable=False, default=""),
    # issue 7, scope (central/scope.py): derived on apply from the record and the addresses it names
    Column("scope_grid", String(36), nullable=True),  # grid id, "*" for public rows (areas, samples)
    Column("scope_address", String(36), nullable=True),  # the address it is at (an address: itself)
    Column("scope_resident", String(36), nullable=True),  # the person it belongs to
    UniqueConstraint("change_seq", name="uq_record_change_seq"),
    Index("ix_record_scope_grid", "scope_grid", "change_seq"),
    Index("ix_record_scope_address", "scope_address"),
    Index("ix_record_scope_resident", "scope_resident"),
    # who is assigned a grid (area.officer), a verifier's assignments, a sampled address's rooms
    Index("ix_record_area_officer", DataText("officer"), **_partial("area")),
    Index("ix_record_assignment_verifier", DataText("verifier"), **_partial("verification_assignment")),
    Index("ix_record_address_parent", DataText("parent_id"), **_partial("standard_address")),
    Index("ix_record_entity_deleted", "entity", "deleted"),
    # issue 4, search before create: residents by ID number, name, phone; a person's registrations
    Index("ix_record_resident_id_number", DataText("id_number"), **_partial("resident")),
    Index("ix_record_resident_name", DataText("name"), **_partial("resident")),
    Index("ix_record_resident_phone", DataText("phone"), **_partial("resident")),
    Index("ix_record_registration_resident", DataText("resident_id"), **_partial("residence_registration")),
)

server_state = Table(
    "server_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("server_id", String(36), nullable=False),
    Column("epoch", Integer, nullable=False),
    Column("change_seq", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
)

device = Table(
    "device",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("high_water", BigInteger, nullable=False, default=0),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
)

mutation_log = Table(
    "mutation_log",
    metadata,
    Column("device_id", String(64), nullable=False),
    Column("mutation_no", BigInteger, nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("status", String(12), nullable=False),
    Column("receipt", JsonType, nullable=False),
    Column("created_at", String(32), nullable=False),
    PrimaryKeyConstraint("device_id", "mutation_no", name="pk_mutation_log"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("mutation_no", BigInteger, nullable=False),
    Column("entity", String(32), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(8), nullable=False),
    Column("base_version", BigInteger, nullable=False),
    Column("fields", JsonType, nullable=False),
    Column("reasons", JsonType, nullable=False),
    Column("user", String(64), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint("device_id", "mutation_no", name="uq_quarantine_mutation"),
)

conflict = Table(
    "conflict",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("mutation_no", BigInteger, nullable=False),
    Column("entity", String(32), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(8), nullable=False),
    Column("base_version", BigInteger, nullable=False),
    Column("server_version", BigInteger, nullable=False),
    Column("device_fields", JsonType, nullable=False),
    Column("server_fields", JsonType, nullable=False),
    Column("user", String(64), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32), nullable=True),
    Column("resolved_by", String(64), nullable=True),
    # provenance shown side by side (clocks recorded, never used to decide)
    Column("client_time", String(40), nullable=False, default=""),
    Column("server_device_id", String(64), nullable=False, default=""),
    Column("server_user", String(64), nullable=False, default=""),
    Column("server_time", String(32), nullable=False, default=""),
    Column("resolution", JsonType, nullable=True),
    UniqueConstraint("device_id", "mutation_no", name="uq_conflict_mutation"),
    Index("ix_conflict_record", "record_id"),
)

#: Roles a user can have (the supervisor resolves conflicts and revokes devices).
ROLES = ("grid_officer", "police_assistant", "supervisor")

app_user = Table(
    "app_user",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(32), nullable=False),
    Column("area", String(64), nullable=False, default=""),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

device_credential = Table(
    "device_credential",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("signed_in_user", String(64), nullable=False),
    Column("registered_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
    Column("revoked_by", String(64), nullable=True),
)

server_secret = Table(
    "server_secret",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("secret", String(128), nullable=False),
)


# ---- issue 7: login rate limit and central's own audit events ------------------------------------

login_failure = Table(
    "login_failure",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # "user" or "ip"
    Column("key", String(128), nullable=False),
    Column("at", Float, nullable=False),  # Unix time, seconds
    Index("ix_login_failure_key", "kind", "key", "at"),
    Index("ix_login_failure_at", "at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("district_code", String(6), nullable=False),
    Column("at", String(32), nullable=False),
    Column("user", String(64), nullable=False),
    Column("role", String(32), nullable=False, default=""),
    Column("action", String(16), nullable=False),
    Column("entity", String(32), nullable=False, default=""),
    Column("record_id", String(64), nullable=False, default=""),
    Column("detail", String(200), nullable=False, default=""),
    Column("count", Integer, nullable=False, default=0),
    Column("device_id", String(64), nullable=False, default=""),
    Index("ix_audit_log_at", "at"),
    Index("ix_audit_log_user", "user", "at"),
)

# devices' audit events (entity audit_event), newest first for GET /audit
record.append_constraint(Index("ix_record_audit_at", DataText("at"), **_partial("audit_event")))


# ---- issue 7 §3: scope (central/scope.py) ------------------------------------------------------------

#: Every grid a resident was ever registered in (added when a registration is applied, never removed:
#: a person's history stays readable where they lived). Officers of those grids read the resident.
resident_grid = Table(
    "resident_grid",
    metadata,
    Column("resident_id", String(36), nullable=False),
    Column("grid_id", String(36), nullable=False),
    PrimaryKeyConstraint("resident_id", "grid_id", name="pk_resident_grid"),
    Index("ix_resident_grid_grid", "grid_id", "resident_id"),
)

#: Residents a user found by their exact ID number in central search outside the user's grids: the
#: user's device may pull them (with their registrations and permits) to move them in (issue 4 moves).
scope_grant = Table(
    "scope_grant",
    metadata,
    Column("username", String(64), nullable=False),
    Column("resident_id", String(36), nullable=False),
    Column("granted_at", String(32), nullable=False),
    PrimaryKeyConstraint("username", "resident_id", name="pk_scope_grant"),
)
