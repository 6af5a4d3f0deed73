"""Alembic environment, run programmatically by labapp.store.migrate (or by the alembic tool).

The connection comes from ``config.attributes["connection"]``; when absent (developer use of
the alembic command), the database named by sqlalchemy.url, LABAPP_DB or the default is used.
"""

from __future__ import annotations

from alembic import context

from labapp.store import models  # noqa: F401 - registers every table on Base.metadata
from labapp.store.base import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write labapp's UTCDateTime as a plain DateTime so that revisions do not import labapp code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _run(connection) -> None:  # noqa: ANN001 - alembic hands over a Connection
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from labapp.store.database import make_engine, resolve_url

    engine = make_engine(resolve_url(config.get_main_option("sqlalchemy.url") or None))
    with engine.connect() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("labapp migrations run online only (they need a connection)")
run_migrations_online()
