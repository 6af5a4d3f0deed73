"""Tamper evidence against insiders: sealed signatures, append-only tables and a workstation role.

- signatures.seal: the HMAC seal under the laboratory's record key (NULL on older rows).
- PostgreSQL only (SQLite has no users; its file and folder permissions do that job, see
  docs/storage.md): triggers that refuse UPDATE, DELETE and TRUNCATE of audit_events and
  signatures for every role except the tables' owner (the role that runs migrations), and the
  group role `labapp_workstation` with grants per table: read everything, insert into the two
  append-only tables, insert/update/delete elsewhere, never alter the schema. Each workstation user
  is a login role that is a member of it (docs/multi-workstation.md).

Revision ID: 0015_tamper_evidence
Revises: 0014_lot_17025_fields
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_tamper_evidence"
down_revision = "0014_lot_17025_fields"
branch_labels = None
depends_on = None

WORKSTATION_ROLE = "labapp_workstation"
APPEND_ONLY = ("audit_events", "signatures")
READ_ONLY = ("alembic_version",)

_FUNCTION = """
CREATE OR REPLACE FUNCTION labapp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION 'labapp: % is append-only: % refused for role %', TG_TABLE_NAME, TG_OP, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RETURN NULL;
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$
"""

_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{WORKSTATION_ROLE}') THEN
        CREATE ROLE {WORKSTATION_ROLE} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$
"""


def upgrade() -> None:
    with op.batch_alter_table("signatures") as batch:
        batch.add_column(sa.Column("seal", sa.String(100), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_FUNCTION)
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION labapp_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION labapp_append_only()"
        )
    op.execute(_ROLE)
    grant_workstation_role(op.get_bind())


def grant_workstation_role(conn: sa.Connection) -> None:
    """Grants per table to the workstation role (run again by a later migration that adds a table)."""
    tables = conn.execute(
        sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    ).scalars()
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {_schema(conn)} TO {WORKSTATION_ROLE}")
    for table in tables:
        conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM PUBLIC, {WORKSTATION_ROLE}")
        if table in READ_ONLY:
            privileges = "SELECT"
        elif table in APPEND_ONLY:
            privileges = "SELECT, INSERT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        conn.exec_driver_sql(f"GRANT {privileges} ON {table} TO {WORKSTATION_ROLE}")
    conn.exec_driver_sql(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_schema(conn)} TO {WORKSTATION_ROLE}"
    )


def _schema(conn: sa.Connection) -> str:
    return str(conn.execute(sa.text("SELECT current_schema()")).scalar_one())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS labapp_append_only()")
    with op.batch_alter_table("signatures") as batch:
        batch.drop_column("seal")
