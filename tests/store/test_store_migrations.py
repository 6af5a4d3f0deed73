"""The checked-in migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from labapp.store import migrate
from labapp.store.database import make_engine
from labapp.store.models import Base


def test_fresh_database_upgrades_to_head(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    assert migrate.current_revision(engine) is None
    assert migrate.upgrade(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert migrate.upgrade(engine) == migrate.head_revision()  # idempotent
    engine.dispose()


def test_migrated_schema_matches_the_models(empty_db_url: str) -> None:
    """On both backends: the same revisions give exactly the models' schema."""
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_back(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    with engine.execution_options(labapp_write=True).begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert migrate.upgrade(engine) == migrate.head_revision()
    engine.dispose()


def test_versioned_tables_have_a_version_column() -> None:
    """Every audited (mutable) table carries the optimistic-locking column."""
    from labapp.store.models import audited_classes

    for cls in audited_classes():
        assert cls.__mapper__.version_id_col is cls.__table__.c.version, cls.__name__
