"""criteria sets as used, and lot gradings (issue 6)

Revision ID: 0003_grading
Revises: 0001
Create Date: 2026-11-22 03:46:18.296574
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_grading"
down_revision = "0001"
branch_labels = ("grading",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "criteria_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.String(length=100), nullable=False),
        sa.Column("set_version", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("first_used_at", sa.DateTime(), nullable=True),
        sa.Column("registered_by", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_sets")),
        sa.UniqueConstraint("set_id", "set_version", name=op.f("uq_criteria_sets_set_id_set_version")),
    )
    op.create_table(
        "lot_gradings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("criteria_set_id", sa.Integer(), nullable=False),
        sa.Column("rule_kind", sa.String(length=20), nullable=False),
        sa.Column("guard_factor", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("tier", sa.String(length=40), nullable=True),
        sa.Column("family", sa.String(length=10), nullable=True),
        sa.Column("family_mismatch", sa.Boolean(), nullable=False),
        sa.Column("limiting", sa.Text(), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("screens_json", sa.Text(), nullable=False),
        sa.Column("commercial_json", sa.Text(), nullable=False),
        sa.Column("result_ids", sa.Text(), nullable=True),
        sa.Column("graded_on", sa.String(length=10), nullable=False),
        sa.Column("graded_by", sa.String(length=80), nullable=False),
        sa.Column("graded_at", sa.DateTime(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criteria_set_id"],
            ["criteria_sets.id"],
            name=op.f("fk_lot_gradings_criteria_set_id_criteria_sets"),
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_lot_gradings_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_gradings")),
    )
    with op.batch_alter_table("lot_gradings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lot_gradings_criteria_set_id"), ["criteria_set_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lot_gradings_lot_id"), ["lot_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lot_gradings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_gradings_lot_id"))
        batch_op.drop_index(batch_op.f("ix_lot_gradings_criteria_set_id"))

    op.drop_table("lot_gradings")
    op.drop_table("criteria_sets")
