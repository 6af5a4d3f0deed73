"""users.must_change_password: a password an administrator set must be changed at the next log-in.

The column is nullable and left NULL on existing rows: their audit events never recorded it, so
NULL keeps `labapp audit verify` true for them; the application reads NULL as False.

Revision ID: 0007_must_change_password
Revises: 0006_merge
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_must_change_password"
down_revision = "0006_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
