"""Signed documents about certificates (retraction notices, status lists) and the journal of files
being written, so an interrupted issue is found and finished or voided at the next start.

Revision ID: 0012_status_and_crash_safe_files
Revises: 0011_lab_verification_address
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_status_and_crash_safe_files"
down_revision = "0011_lab_verification_address"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("issued_by", sa.String(length=80), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("pdf_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("json_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_certificate_documents_certificate_id_certificates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_documents")),
    )
    with op.batch_alter_table("certificate_documents") as batch:
        batch.create_index(
            batch.f("ix_certificate_documents_certificate_id"), ["certificate_id"], unique=False
        )
    op.create_table(
        "pending_certificate_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("started_by", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_certificate_files")),
    )
    with op.batch_alter_table("pending_certificate_files") as batch:
        batch.create_index(batch.f("ix_pending_certificate_files_number"), ["number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_certificate_files") as batch:
        batch.drop_index(batch.f("ix_pending_certificate_files_number"))
    op.drop_table("pending_certificate_files")
    with op.batch_alter_table("certificate_documents") as batch:
        batch.drop_index(batch.f("ix_certificate_documents_certificate_id"))
    op.drop_table("certificate_documents")
