"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 03:11:37.029478
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_entity_type"), ["entity_type"], unique=False)

    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("name", name=op.f("uq_clients_name")),
    )
    op.create_table(
        "instrument_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("raw_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("profile", sa.String(length=100), nullable=False),
        sa.Column("instrument", sa.String(length=200), nullable=True),
        sa.Column("technique", sa.String(length=20), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("acquired_at", sa.String(length=40), nullable=True),
        sa.Column("metadata_json", sa.Text(), nullable=True),
        sa.Column("warnings", sa.Text(), nullable=True),
        sa.Column("measurement_count", sa.Integer(), nullable=False),
        sa.Column("measurements_digest", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_runs")),
    )
    with op.batch_alter_table("instrument_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instrument_runs_sha256"), ["sha256"], unique=False)

    op.create_table(
        "laboratories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("accreditation", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_laboratories")),
        sa.UniqueConstraint("name", name=op.f("uq_laboratories_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("shipment_id", sa.String(length=100), nullable=True),
        sa.Column("container_id", sa.String(length=100), nullable=True),
        sa.Column("bag_id", sa.String(length=100), nullable=True),
        sa.Column("seal_ids", sa.Text(), nullable=True),
        sa.Column("declared_chemistry", sa.String(length=10), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("waste_code", sa.String(length=20), nullable=True),
        sa.Column("customs_code", sa.String(length=20), nullable=True),
        sa.Column("gross_mass_kg", sa.Float(), nullable=True),
        sa.Column("net_wet_mass_kg", sa.Float(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("registered_by", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"], name=op.f("fk_lots_client_id_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("code", name=op.f("uq_lots_code")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lots_client_id"), ["client_id"], unique=False)

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_row", sa.String(length=40), nullable=True),
        sa.Column("sample_label", sa.String(length=200), nullable=True),
        sa.Column("sample_type", sa.String(length=20), nullable=True),
        sa.Column("element", sa.String(length=10), nullable=True),
        sa.Column("species", sa.String(length=20), nullable=True),
        sa.Column("line", sa.String(length=20), nullable=True),
        sa.Column("view", sa.String(length=10), nullable=True),
        sa.Column("replicate", sa.Integer(), nullable=True),
        sa.Column("intensity", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=True),
        sa.Column("censored", sa.String(length=1), nullable=True),
        sa.Column("detection_limit", sa.Float(), nullable=True),
        sa.Column("flags", sa.String(length=200), nullable=True),
        sa.Column("acquired_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["instrument_runs.id"], name=op.f("fk_measurements_run_id_instrument_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
        sa.UniqueConstraint("run_id", "position", name=op.f("uq_measurements_run_id_position")),
    )
    op.create_table(
        "qc_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=40), nullable=False),
        sa.Column("sample_label", sa.String(length=200), nullable=True),
        sa.Column("element", sa.String(length=10), nullable=True),
        sa.Column("measured", sa.Float(), nullable=True),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("statistic", sa.Float(), nullable=True),
        sa.Column("lower_limit", sa.Float(), nullable=True),
        sa.Column("upper_limit", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["instrument_runs.id"], name=op.f("fk_qc_outcomes_run_id_instrument_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_outcomes")),
    )
    with op.batch_alter_table("qc_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qc_outcomes_run_id"), ["run_id"], unique=False)

    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("meaning", sa.String(length=40), nullable=False),
        sa.Column("record_digest", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_signatures_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signatures_user_id"), ["user_id"], unique=False)

    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("issued_by", sa.String(length=80), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("pdf_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("json_twin", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_certificates_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["certificates.id"], name=op.f("fk_certificates_supersedes_id_certificates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("number", "revision", name=op.f("uq_certificates_number_revision")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_lot_id"), ["lot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificates_number"), ["number"], unique=False)

    op.create_table(
        "samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("sampled_on", sa.Date(), nullable=True),
        sa.Column("sampled_by", sa.String(length=200), nullable=True),
        sa.Column("sampling_method", sa.String(length=200), nullable=True),
        sa.Column("moisture_pct", sa.Float(), nullable=True),
        sa.Column("moisture_method", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_samples_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_samples")),
    )
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_samples_lot_id"), ["lot_id"], unique=False)

    op.create_table(
        "preparations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("technique", sa.String(length=20), nullable=False),
        sa.Column("sample_mass_g", sa.Float(), nullable=True),
        sa.Column("digest_volume_ml", sa.Float(), nullable=True),
        sa.Column("dilution_factor", sa.Float(), nullable=True),
        sa.Column("spike_added_mg_per_l", sa.Float(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sample_id"], ["samples.id"], name=op.f("fk_preparations_sample_id_samples")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preparations")),
        sa.UniqueConstraint("label", "technique", name=op.f("uq_preparations_label_technique")),
    )
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_preparations_sample_id"), ["sample_id"], unique=False)

    op.create_table(
        "results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("preparation_id", sa.Integer(), nullable=True),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("element", sa.String(length=10), nullable=False),
        sa.Column("species", sa.String(length=20), nullable=True),
        sa.Column("line", sa.String(length=20), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("censored", sa.String(length=1), nullable=True),
        sa.Column("standard_uncertainty", sa.Float(), nullable=True),
        sa.Column("expanded_uncertainty", sa.Float(), nullable=True),
        sa.Column("coverage_factor", sa.Float(), nullable=True),
        sa.Column("effective_dof", sa.Float(), nullable=True),
        sa.Column("lod", sa.Float(), nullable=True),
        sa.Column("loq", sa.Float(), nullable=True),
        sa.Column("method", sa.String(length=100), nullable=True),
        sa.Column("budget_json", sa.Text(), nullable=True),
        sa.Column("reportable", sa.Boolean(), nullable=False),
        sa.Column("calculated_by", sa.String(length=80), nullable=False),
        sa.Column("calculated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_results_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["preparation_id"], ["preparations.id"], name=op.f("fk_results_preparation_id_preparations")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["instrument_runs.id"], name=op.f("fk_results_run_id_instrument_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results")),
    )
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_results_lot_id"), ["lot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_results_preparation_id"), ["preparation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_results_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_results_run_id"))
        batch_op.drop_index(batch_op.f("ix_results_preparation_id"))
        batch_op.drop_index(batch_op.f("ix_results_lot_id"))

    op.drop_table("results")
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_preparations_sample_id"))

    op.drop_table("preparations")
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_samples_lot_id"))

    op.drop_table("samples")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_number"))
        batch_op.drop_index(batch_op.f("ix_certificates_lot_id"))

    op.drop_table("certificates")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatures_user_id"))

    op.drop_table("signatures")
    with op.batch_alter_table("qc_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qc_outcomes_run_id"))

    op.drop_table("qc_outcomes")
    op.drop_table("measurements")
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lots_client_id"))

    op.drop_table("lots")
    op.drop_table("users")
    op.drop_table("laboratories")
    with op.batch_alter_table("instrument_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instrument_runs_sha256"))

    op.drop_table("instrument_runs")
    op.drop_table("clients")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_entity_type"))

    op.drop_table("audit_events")
