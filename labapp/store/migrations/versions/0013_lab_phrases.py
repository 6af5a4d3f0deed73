"""The laboratory's phrase list: remarks and recurring texts in English and Japanese, so a Japanese
certificate prints a chosen remark in Japanese (issue 19, item 5).

Revision ID: 0013_lab_phrases
Revises: 0012_status_and_crash_safe_files
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_lab_phrases"
down_revision = "0012_status_and_crash_safe_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lab_phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("en", sa.Text(), nullable=False),
        sa.Column("ja", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_phrases")),
        sa.UniqueConstraint("code", name=op.f("uq_lab_phrases_code")),
    )


def downgrade() -> None:
    op.drop_table("lab_phrases")
