"""The laboratory's verification address: where a recipient checks that a certificate is genuine
and current (printed on every certificate and in its JSON twin).

Revision ID: 0011_lab_verification_address
Revises: 0010_preparation_primary_sample
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_lab_verification_address"
down_revision = "0010_preparation_primary_sample"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("laboratories") as batch:
        batch.add_column(sa.Column("verification_address", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("laboratories") as batch:
        batch.drop_column("verification_address")
