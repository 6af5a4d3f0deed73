"""signatures.acknowledgement and signatures.acknowledged_problems: signing over failed QC checks or
unmatched sample labels is acknowledged with a reason, stored with the signature (issue 16, item 4).

Both columns are nullable and left NULL on existing rows: their audit events never recorded them, so
NULL keeps `labapp audit verify` true; NULL means there was nothing to acknowledge.

Revision ID: 0008_signature_acknowledgement
Revises: 0007_must_change_password
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_signature_acknowledgement"
down_revision = "0007_must_change_password"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acknowledgement", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_problems", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_column("acknowledged_problems")
        batch_op.drop_column("acknowledgement")
