"""Issue 7 §3, scope: the derived scope columns of ``record`` with their indexes, ``resident_grid``,
``scope_grant``, and the indexes that find an officer's grids, a verifier's assignments and a sampled
address's rooms (``central/scope.py``). Existing rows get their scope columns here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DATA_INDEXES = (("ix_record_area_officer", "officer", "area"),
                 ("ix_record_assignment_verifier", "verifier", "verification_assignment"),
                 ("ix_record_address_parent", "parent_id", "standard_address"))
_ADDRESS_BOUND = ("rental_unit", "household", "visit", "residence_registration", "verification_assignment",
                  "verification_result", "rental_check")


def upgrade() -> None:
    """Add the columns, tables and indexes (IF NOT EXISTS: a database made by ``create_all`` from newer
    models and stamped at the baseline has them); derive the scope of every existing record (SQL, in bulk)."""
    for name in ("scope_grid", "scope_address", "scope_resident"):  # IF NOT EXISTS: see 0003
        op.execute(f"ALTER TABLE record ADD COLUMN IF NOT EXISTS {name} VARCHAR(36)")
    op.create_table('resident_grid',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('grid_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('resident_id', 'grid_id', name='pk_resident_grid'),
    if_not_exists=True,
    )
    op.create_index('ix_resident_grid_grid', 'resident_grid', ['grid_id', 'resident_id'], if_not_exists=True)
    op.create_table('scope_grant',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('granted_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('username', 'resident_id', name='pk_scope_grant'),
    if_not_exists=True,
    )
    op.execute("UPDATE record SET scope_grid = '*' WHERE entity IN ('area', 'verification_sample')")
    op.execute("UPDATE record SET scope_grid = data ->> 'grid_id', scope_address = id "
               "WHERE entity = 'standard_address'")
    op.execute("UPDATE record SET scope_resident = id WHERE entity = 'resident'")
    op.execute("UPDATE record SET scope_resident = data ->> 'resident_id' WHERE entity = 'residence_permit'")
    bound = ", ".join(f"'{e}'" for e in _ADDRESS_BOUND)
    op.execute(f"UPDATE record r SET scope_address = r.data ->> 'address_id', "
               f"scope_grid = a.data ->> 'grid_id', "
               f"scope_resident = CASE WHEN r.entity = 'residence_registration' THEN r.data ->> 'resident_id' END "
               f"FROM record a WHERE r.entity IN ({bound}) AND a.id = r.data ->> 'address_id'")
    op.execute("INSERT INTO resident_grid (resident_id, grid_id) SELECT DISTINCT scope_resident, scope_grid "
               "FROM record WHERE entity = 'residence_registration' AND NOT deleted "
               "AND scope_resident IS NOT NULL AND scope_grid IS NOT NULL ON CONFLICT DO NOTHING")
    op.create_index('ix_record_scope_grid', 'record', ['scope_grid', 'change_seq'], if_not_exists=True)
    op.create_index('ix_record_scope_address', 'record', ['scope_address'], if_not_exists=True)
    op.create_index('ix_record_scope_resident', 'record', ['scope_resident'], if_not_exists=True)
    for name, key, entity in _DATA_INDEXES:
        op.create_index(name, "record", [sa.text(f"(data ->> '{key}')")],
                        postgresql_where=sa.text(f"entity = '{entity}'"), if_not_exists=True)


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    for name, _key, _entity in _DATA_INDEXES:
        op.drop_index(name, table_name='record')
    for name in ('ix_record_scope_resident', 'ix_record_scope_address', 'ix_record_scope_grid'):
        op.drop_index(name, table_name='record')
    op.drop_table('scope_grant')
    op.drop_index('ix_resident_grid_grid', table_name='resident_grid')
    op.drop_table('resident_grid')
    for name in ('scope_resident', 'scope_address', 'scope_grid'):
        op.drop_column('record', name)
