"""results and qc_outcomes never reuse an id on SQLite (AUTOINCREMENT).

A recalculation deletes the run's result rows and writes new ones. Without AUTOINCREMENT SQLite
gives a new row the highest id in use plus one, so the new rows took the deleted rows' ids: a
grading that lists the result ids it used then matched results it never saw, and the audit trail
named two different rows `results:1`. PostgreSQL sequences never reuse an id; there this revision
changes nothing. The tables are rebuilt with their rows, ids and indexes as they are.

Revision ID: 0009_ids_never_reused
Revises: 0008_signature_acknowledgement
"""

from __future__ import annotations

from alembic import op

revision = "0009_ids_never_reused"
down_revision = "0008_signature_acknowledgement"
branch_labels = None
depends_on = None

TABLES = ("results", "qc_outcomes")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
