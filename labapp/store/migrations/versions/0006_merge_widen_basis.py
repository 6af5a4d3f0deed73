"""Join the parallel branches (calc, grading, workflow, certificates) and widen results.basis.

"as_received" (moisture rows) is 11 characters; SQLite ignores VARCHAR lengths, PostgreSQL does not.

Revision ID: 0006_merge
Revises: 0002_calc, 0003_grading, 0004_workflow, 0005_certificates
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_merge"
down_revision = ("0002_calc", "0003_grading", "0004_workflow", "0005_certificates")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("results") as batch:
        batch.alter_column("basis", existing_type=sa.String(10), type_=sa.String(20), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("results") as batch:
        batch.alter_column("basis", existing_type=sa.String(20), type_=sa.String(10), existing_nullable=False)
