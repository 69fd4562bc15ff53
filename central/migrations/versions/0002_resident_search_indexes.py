"""Search before create on central (issue 4): partial expression indexes on ``record.data``.

Residents by ID number, name and phone; a resident's registrations by ``resident_id``
(``central/api/routes/search.py``). Each index holds only its entity's rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index name, key in record.data, entity whose rows it holds)
_INDEXES = (
    ("ix_record_resident_id_number", "id_number", "resident"),
    ("ix_record_resident_name", "name", "resident"),
    ("ix_record_resident_phone", "phone", "resident"),
    ("ix_record_registration_resident", "resident_id", "residence_registration"),
)


def upgrade() -> None:
    """Create the four partial expression indexes (IF NOT EXISTS: a database made by ``create_all``
    from newer models and stamped at the baseline already has them)."""
    for name, key, entity in _INDEXES:
        op.create_index(name, "record", [sa.text(f"(data ->> '{key}')")],
                        postgresql_where=sa.text(f"entity = '{entity}'"), if_not_exists=True)


def downgrade() -> None:
    """Drop them."""
    for name, _key, _entity in _INDEXES:
        op.drop_index(name, table_name="record", if_exists=True)
