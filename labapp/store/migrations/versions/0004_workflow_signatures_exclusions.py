"""workflow: signature manifestation columns, exclusions, result overrides, workflow settings

Signature: record_digest -> content_sha256, comment -> reason; new username, printed_name, action,
signed_at_utc, local_offset (filled for existing rows from the user and signed_at).

Revision ID: 0004_workflow
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_workflow"
down_revision = "0001"
branch_labels = ("workflow",)
depends_on = None

_NEW_SIGNATURE_COLUMNS = (
    ("username", sa.String(length=80)),
    ("printed_name", sa.String(length=200)),
    ("action", sa.String(length=20)),
    ("signed_at_utc", sa.String(length=20)),
    ("local_offset", sa.String(length=6)),
)


def _audited(*columns: sa.Column, name: str, constraints: tuple = ()) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("version", sa.Integer(), nullable=False),
        *constraints,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )


def upgrade() -> None:
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.alter_column(
            "record_digest",
            new_column_name="content_sha256",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "comment", new_column_name="reason", existing_type=sa.Text(), existing_nullable=True
        )
        for name, type_ in _NEW_SIGNATURE_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.create_index(batch_op.f("ix_signatures_entity_id"), ["entity_id"], unique=False)
    op.execute(
        "UPDATE signatures SET "
        "username = (SELECT users.username FROM users WHERE users.id = signatures.user_id), "
        "printed_name = (SELECT users.full_name FROM users WHERE users.id = signatures.user_id), "
        "action = meaning, local_offset = '+00:00', "
        "signed_at_utc = substr(CAST(signed_at AS VARCHAR(40)), 1, 10) || 'T' || "
        "substr(CAST(signed_at AS VARCHAR(40)), 12, 8)"
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        for name, type_ in _NEW_SIGNATURE_COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)

    _audited(
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("element", sa.String(length=10), nullable=False),
        sa.Column("line", sa.String(length=20), nullable=True),
        sa.Column("sample_label", sa.String(length=200), nullable=True),
        sa.Column("replicate", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        name="exclusions",
        constraints=(
            sa.ForeignKeyConstraint(
                ["run_id"], ["instrument_runs.id"], name=op.f("fk_exclusions_run_id_instrument_runs")
            ),
        ),
    )
    with op.batch_alter_table("exclusions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exclusions_run_id"), ["run_id"], unique=False)

    _audited(
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("element", sa.String(length=10), nullable=False),
        sa.Column("original_value", sa.Float(), nullable=True),
        sa.Column("new_value", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        name="result_overrides",
        constraints=(
            sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_result_overrides_lot_id_lots")),
            sa.ForeignKeyConstraint(
                ["run_id"], ["instrument_runs.id"], name=op.f("fk_result_overrides_run_id_instrument_runs")
            ),
        ),
    )
    with op.batch_alter_table("result_overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_overrides_result_id"), ["result_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_result_overrides_run_id"), ["run_id"], unique=False)

    _audited(
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        name="workflow_settings",
        constraints=(sa.UniqueConstraint("name", name=op.f("uq_workflow_settings_name")),),
    )


def downgrade() -> None:
    op.drop_table("workflow_settings")
    with op.batch_alter_table("result_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_overrides_run_id"))
        batch_op.drop_index(batch_op.f("ix_result_overrides_result_id"))
    op.drop_table("result_overrides")
    with op.batch_alter_table("exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exclusions_run_id"))
    op.drop_table("exclusions")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatures_entity_id"))
        for name, _type in reversed(_NEW_SIGNATURE_COLUMNS):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "reason", new_column_name="comment", existing_type=sa.Text(), existing_nullable=True
        )
        batch_op.alter_column(
            "content_sha256",
            new_column_name="record_digest",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )
