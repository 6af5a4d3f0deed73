"""Settlement of a lot (issue 23): assays exchanged with the counter-party and the umpire, and the signed
settlement statements.

Revision ID: 0021_settlements
Revises: 0015_tamper_evidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_settlements"
down_revision = "0019_measurement_uncertainty"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settlement_assays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("element", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("value_pct", sa.Float(), nullable=False),
        sa.Column("laboratory", sa.String(length=200), nullable=False),
        sa.Column("report_reference", sa.String(length=120), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=80), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_settlement_assays_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_assays")),
    )
    with op.batch_alter_table("settlement_assays") as batch:
        batch.create_index(batch.f("ix_settlement_assays_lot_id"), ["lot_id"], unique=False)
    op.create_table(
        "settlement_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("contract_reference", sa.String(length=120), nullable=False),
        sa.Column("terms_file", sa.String(length=260), nullable=False),
        sa.Column("terms_text", sa.Text(), nullable=False),
        sa.Column("terms_sha256", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("final_value", sa.Float(), nullable=True),
        sa.Column("statement_json", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("issued_by", sa.String(length=80), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("pdf_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_settlement_statements_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_statements")),
    )
    with op.batch_alter_table("settlement_statements") as batch:
        batch.create_index(batch.f("ix_settlement_statements_lot_id"), ["lot_id"], unique=False)


def downgrade() -> None:
    op.drop_table("settlement_statements")
    op.drop_table("settlement_assays")
