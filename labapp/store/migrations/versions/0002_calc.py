"""calculation: reference materials, calculation records, result flags/technique/QC state

Revision ID: 0002_calc
Revises: 0001
Create Date: 2026-11-22 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_calc"
down_revision = "0001"
branch_labels = ("calc",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=100), nullable=False),
        sa.Column("analyte", sa.String(length=20), nullable=False),
        sa.Column("certified", sa.Float(), nullable=False),
        sa.Column("expanded_uncertainty", sa.Float(), nullable=False),
        sa.Column("coverage_factor", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("registered_by", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_values")),
        sa.UniqueConstraint("material", "analyte", name=op.f("uq_reference_values_material_analyte")),
    )
    with op.batch_alter_table("reference_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_values_material"), ["material"], unique=False)
    op.create_table(
        "reference_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("technique", sa.String(length=20), nullable=False),
        sa.Column("sample_mass_g", sa.Float(), nullable=True),
        sa.Column("digest_volume_ml", sa.Float(), nullable=True),
        sa.Column("dilution_factor", sa.Float(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_digests")),
        sa.UniqueConstraint("label", "technique", name=op.f("uq_reference_digests_label_technique")),
    )
    with op.batch_alter_table("reference_digests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_digests_material"), ["material"], unique=False)
    op.create_table(
        "calculations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=100), nullable=False),
        sa.Column("method_version", sa.String(length=40), nullable=False),
        sa.Column("method_sha256", sa.String(length=64), nullable=False),
        sa.Column("inputs_json", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("calculated_by", sa.String(length=80), nullable=False),
        sa.Column("calculated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["instrument_runs.id"], name=op.f("fk_calculations_run_id_instrument_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calculations")),
    )
    with op.batch_alter_table("calculations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calculations_run_id"), ["run_id"], unique=False)
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("technique", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("flags", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("qc_state", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("text", sa.String(length=40), nullable=True))
    with op.batch_alter_table("qc_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("qc_outcomes", schema=None) as batch_op:
        batch_op.drop_column("outcome")
        batch_op.drop_column("line")
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_column("text")
        batch_op.drop_column("qc_state")
        batch_op.drop_column("flags")
        batch_op.drop_column("technique")
    with op.batch_alter_table("calculations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calculations_run_id"))
    op.drop_table("calculations")
    with op.batch_alter_table("reference_digests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_digests_material"))
    op.drop_table("reference_digests")
    with op.batch_alter_table("reference_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_values_material"))
    op.drop_table("reference_values")
