"""ISO/IEC 17025 items of a lot: the laboratory sample id (unique, assigned at registration), the
condition on receipt, which information the customer supplied, the sampling plan and location, and
deviations from the method (one per line; changed like any lot field, with a reason, audited).

Existing lots get a laboratory sample id from their registration year and record id, the rule new
lots follow (labapp.services.importing.registration), so every lot has one and none repeats.

Revision ID: 0014_lot_17025_fields
Revises: 0013_lab_phrases
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_lot_17025_fields"
down_revision = "0013_lab_phrases"
branch_labels = None
depends_on = None

COLUMNS = (
    ("lab_sample_id", sa.String(40)),
    ("condition_on_receipt", sa.Text()),
    ("customer_supplied", sa.Text()),
    ("sampling_plan", sa.String(300)),
    ("sampling_location", sa.String(300)),
    ("method_deviations", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("lots") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    lots = sa.table(
        "lots",
        sa.column("id", sa.Integer),
        sa.column("registered_at", sa.DateTime),
        sa.column("lab_sample_id", sa.String),
    )
    bind = op.get_bind()
    for lot_id, registered_at in bind.execute(sa.select(lots.c.id, lots.c.registered_at)).all():
        year = str(registered_at)[:4]
        bind.execute(lots.update().where(lots.c.id == lot_id).values(lab_sample_id=f"LS-{year}-{lot_id:06d}"))
    # a unique index: a unique constraint would rebuild the lots table on SQLite, which the tables that
    # reference lots (foreign keys on) refuse
    op.create_index("uq_lots_lab_sample_id", "lots", ["lab_sample_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_lots_lab_sample_id", table_name="lots")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): rebuilding lots would break the foreign keys to it
    with op.batch_alter_table("lots", recreate="never") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
