"""Migration 0004_workflow keeps signatures written before it: digest and comment renamed, the
manifestation columns filled from the account and the stored time."""

from alembic import command
from sqlalchemy import text

from labapp.store import migrate
from labapp.store.database import make_engine, resolve_url


def test_existing_signature_rows_are_carried_over(tmp_path):
    engine = make_engine(resolve_url(str(tmp_path / "old.sqlite")))
    with engine.execution_options(labapp_write=True).begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO users (id, username, full_name, roles, active, failed_attempts, created_at, "
                "version) VALUES (1, 'qa', 'Hana Sato', 'qa_manager', 1, 0, '2026-03-01 08:00:00', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO signatures (id, user_id, entity_type, entity_id, meaning, record_digest, "
                "comment, signed_at, version) VALUES "
                "(1, 1, 'instrument_run', 7, 'approved', :digest, 'QC fine', '2026-03-18 09:15:42.123456', 1)"
            ),
            {"digest": "ab" * 32},
        )
    with engine.execution_options(labapp_write=True).begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "workflow@head")
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT username, printed_name, action, meaning, content_sha256, reason, signed_at_utc, "
                "local_offset FROM signatures"
            )
        ).one()
    engine.dispose()
    assert tuple(row) == (
        "qa",
        "Hana Sato",
        "approved",
        "approved",
        "ab" * 32,
        "QC fine",
        "2026-03-18T09:15:42",
        "+00:00",
    )
