"""certificates: the table of reserved certificate numbers (a number is never reused)

Revision ID: 0005_certificates
Revises: 0001
Create Date: 2026-11-22 04:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_certificates"
down_revision = "0001"
branch_labels = ("certificates",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reserved_by", sa.String(length=80), nullable=False),
        sa.Column("reserved_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_certificate_numbers_lot_id_lots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_numbers")),
        sa.UniqueConstraint("number", name=op.f("uq_certificate_numbers_number")),
        sa.UniqueConstraint("year", "serial", name=op.f("uq_certificate_numbers_year_serial")),
    )
    with op.batch_alter_table("certificate_numbers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_numbers_lot_id"), ["lot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_numbers_lot_id"))
    op.drop_table("certificate_numbers")
