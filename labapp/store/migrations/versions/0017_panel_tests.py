"""Panel tests: moisture, LOI, acid-insoluble matter, F_ws, carbon and particle size entered or imported.

- panel_tests: one test of a lot by a method (id and version), its batch inputs, state and people;
- panel_entries: every value as entered (text, number, unit, resolution, who, when);
- results.run_id becomes nullable: a panel test's reportable results come from no instrument run.
On PostgreSQL the workstation role is granted the new tables (as 0015 does for every table).

Revision ID: 0017_panel_tests
Revises: 0015_tamper_evidence
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0017_panel_tests"
down_revision = "0016_personal_key_signatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panel_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("sample_label", sa.String(200), nullable=True),
        sa.Column("method_id", sa.String(100), nullable=False),
        sa.Column("method_version", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("standards_json", sa.Text(), nullable=True),
        sa.Column("crm_json", sa.Text(), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("verified_by", sa.String(80), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(80), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name="fk_panel_tests_lot_id_lots"),
        sa.PrimaryKeyConstraint("id", name="pk_panel_tests"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_panel_tests_lot_id", "panel_tests", ["lot_id"])
    op.create_table(
        "panel_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("determination", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("text", sa.String(400), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("resolution", sa.Float(), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["test_id"], ["panel_tests.id"], name="fk_panel_entries_test_id_panel_tests"),
        sa.PrimaryKeyConstraint("id", name="pk_panel_entries"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_panel_entries_test_id", "panel_entries", ["test_id"])
    with op.batch_alter_table("results", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("run_id", existing_type=sa.Integer(), nullable=True)
    _grant()


def _grant() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    tamper = importlib.import_module("labapp.store.migrations.versions.0015_tamper_evidence")
    tamper.grant_workstation_role(bind)


def downgrade() -> None:
    op.execute("DELETE FROM results WHERE run_id IS NULL")
    with op.batch_alter_table("results", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("run_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_panel_entries_test_id", table_name="panel_entries")
    op.drop_table("panel_entries")
    op.drop_index("ix_panel_tests_lot_id", table_name="panel_tests")
    op.drop_table("panel_tests")
