"""preparations.primary_sample: which primary sample of a lot a preparation was made from, for the
duplicate method of sampling uncertainty (issue 17, item 8; docs/calculations.md).

Nullable and NULL on existing rows (one primary sample, as before): their audit events never
recorded it, so NULL keeps `labapp audit verify` true.

Revision ID: 0010_preparation_primary_sample
Revises: 0009_ids_never_reused
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_preparation_primary_sample"
down_revision = "0009_ids_never_reused"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("primary_sample", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.drop_column("primary_sample")
