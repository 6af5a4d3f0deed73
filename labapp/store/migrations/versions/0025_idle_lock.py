"""Idle lock of a workstation (issue 22): minutes without input before the window locks.

Revision ID: 0025_idle_lock
Revises: 0021_settlements
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_idle_lock"
down_revision = "0021_settlements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("laboratories") as batch:
        batch.add_column(sa.Column("idle_lock_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("laboratories") as batch:
        batch.drop_column("idle_lock_minutes")
