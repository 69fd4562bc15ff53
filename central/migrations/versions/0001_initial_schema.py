"""Initial schema: central's tables as in central/models.py when Alembic took over (issue 9).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

#: JSON on SQLite, JSONB on PostgreSQL (central.models.JsonType).
JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table of central.models."""
    op.create_table('app_user',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('area', sa.String(length=64), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('username')
    )
    op.create_table('conflict',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('mutation_no', sa.BigInteger(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('base_version', sa.BigInteger(), nullable=False),
    sa.Column('server_version', sa.BigInteger(), nullable=False),
    sa.Column('device_fields', JSON_TYPE, nullable=False),
    sa.Column('server_fields', JSON_TYPE, nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('client_time', sa.String(length=40), nullable=False),
    sa.Column('server_device_id', sa.String(length=64), nullable=False),
    sa.Column('server_user', sa.String(length=64), nullable=False),
    sa.Column('server_time', sa.String(length=32), nullable=False),
    sa.Column('resolution', JSON_TYPE, nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'mutation_no', name='uq_conflict_mutation')
    )
    op.create_index('ix_conflict_record', 'conflict', ['record_id'], unique=False)
    op.create_table('device',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('high_water', sa.BigInteger(), nullable=False),
    sa.Column('first_seen', sa.String(length=32), nullable=False),
    sa.Column('last_seen', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('device_credential',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('registered_by', sa.String(length=64), nullable=False),
    sa.Column('signed_in_user', sa.String(length=64), nullable=False),
    sa.Column('registered_at', sa.String(length=32), nullable=False),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('mutation_log',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('mutation_no', sa.BigInteger(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('receipt', JSON_TYPE, nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'mutation_no', name='pk_mutation_log')
    )
    op.create_table('quarantine',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('mutation_no', sa.BigInteger(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('base_version', sa.BigInteger(), nullable=False),
    sa.Column('fields', JSON_TYPE, nullable=False),
    sa.Column('reasons', JSON_TYPE, nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'mutation_no', name='uq_quarantine_mutation')
    )
    op.create_table('record',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('district_code', sa.String(length=6), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('data', JSON_TYPE, nullable=False),
    sa.Column('field_versions', JSON_TYPE, nullable=False),
    sa.Column('field_devices', JSON_TYPE, nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('change_seq', name='uq_record_change_seq')
    )
    op.create_index('ix_record_entity_deleted', 'record', ['entity', 'deleted'], unique=False)
    op.create_table('server_secret',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('server_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('server_id', sa.String(length=36), nullable=False),
    sa.Column('epoch', sa.Integer(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    """Drop every table (an empty database)."""
    op.drop_table('server_state')
    op.drop_table('server_secret')
    op.drop_index('ix_record_entity_deleted', table_name='record')
    op.drop_table('record')
    op.drop_table('quarantine')
    op.drop_table('mutation_log')
    op.drop_table('device_credential')
    op.drop_table('device')
    op.drop_index('ix_conflict_record', table_name='conflict')
    op.drop_table('conflict')
    op.drop_table('app_user')
