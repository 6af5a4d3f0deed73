"""Alembic driven from Python: no alembic.ini is needed at run time.

The migration scripts live in labapp/store/migrations (installed with the package). The same
revisions serve SQLite and PostgreSQL; env.py enables batch mode so that later ALTERs work on SQLite.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from labapp.core.errors import LabappError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """Read once per process: the scripts are the installed package's own, and alembic loads and
    compiles every one of them each time (about 20 ms at every database opened)."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0] if len(heads) == 1 else ",".join(sorted(heads))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) if heads else None


def upgrade(engine: Engine, target: str = "heads") -> str | None:
    """Migrate to `target` inside one transaction; returns the revision afterwards."""
    try:
        with engine.execution_options(labapp_write=True).begin() as conn:
            command.upgrade(alembic_config(conn), target)
    except CommandError as exc:
        raise LabappError(
            f"cannot migrate the database: {exc} (was it written by a newer labapp version?)"
        ) from exc
    return current_revision(engine)
