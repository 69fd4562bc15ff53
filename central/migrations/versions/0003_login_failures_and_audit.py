"""Issue 7: the login rate limit's ``login_failure`` table, central's own ``audit_log`` and an index
on devices' audit events (``record`` rows of entity ``audit_event``, newest first).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    """Create ``login_failure`` and ``audit_log`` with their indexes, and ``ix_record_audit_at`` (IF NOT
    EXISTS: a database made by ``create_all`` from newer models and stamped at the baseline has them)."""
    op.create_table('login_failure',
    sa.Column('id', _ID, autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_login_failure_key', 'login_failure', ['kind', 'key', 'at'], if_not_exists=True)
    op.create_index('ix_login_failure_at', 'login_failure', ['at'], if_not_exists=True)
    op.create_table('audit_log',
    sa.Column('id', _ID, autoincrement=True, nullable=False),
    sa.Column('district_code', sa.String(length=6), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('user', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'], if_not_exists=True)
    op.create_index('ix_audit_log_user', 'audit_log', ['user', 'at'], if_not_exists=True)
    op.create_index('ix_record_audit_at', 'record', [sa.text("(data ->> 'at')")],
                    postgresql_where=sa.text("entity = 'audit_event'"), if_not_exists=True)


def downgrade() -> None:
    """Drop them."""
    op.drop_index('ix_record_audit_at', table_name='record', if_exists=True)
    op.drop_table('audit_log')
    op.drop_table('login_failure')
