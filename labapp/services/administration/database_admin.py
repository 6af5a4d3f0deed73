"""Administrator use cases: create a database, bring its schema to the newest revision, describe it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import DBAPIError

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.services.context import ServiceContext
from labapp.store import migrate
from labapp.store.database import connection_error, display_url, require_existing, resolve_url, sqlite_path
from labapp.store.models import Base


@dataclass(frozen=True)
class DatabaseInfo:
    url: str
    backend: str
    file: str | None
    revision: str | None
    head: str
    exists: bool = True
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def create_database(db: str | None) -> DatabaseInfo:
    """Create a new database at the newest schema; an existing labapp database is left alone."""
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and path.exists():
        raise LabappError(
            f"database {path} already exists: nothing created; to bring it to this version, "
            f"{Remedy.UPGRADE_DATABASE.label()}",
            remedy=Remedy.UPGRADE_DATABASE,
        )
    with ServiceContext(db, migrate_policy="never") as ctx:
        revision = _current(ctx)
        if revision is not None:
            raise LabappError(
                f"database {ctx.display_url} already holds a labapp schema ({revision}): nothing created"
            )
    with ServiceContext(db, migrate_policy="upgrade") as ctx:
        return _describe(ctx)


def upgrade_database(db: str | None) -> DatabaseInfo:
    """Migrate an existing database to the newest schema (idempotent)."""
    with ServiceContext(db, migrate_policy="upgrade", existing=True) as ctx:
        return _describe(ctx)


def _current(ctx: ServiceContext) -> str | None:
    try:
        return migrate.current_revision(ctx.engine)
    except DBAPIError as exc:
        raise connection_error(ctx.url, exc) from exc


def database_info(db: str | None) -> DatabaseInfo:
    """Where the database is, its schema revision and row counts; changes nothing."""
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return DatabaseInfo(
            url=display_url(url),
            backend="sqlite",
            file=str(path),
            revision=None,
            head=migrate.head_revision(),
            exists=False,
        )
    require_existing(url)  # a folder given as the database
    with ServiceContext(db, migrate_policy="never") as ctx:
        try:
            return _describe(ctx)
        except DBAPIError as exc:
            raise connection_error(url, exc) from exc


def _describe(ctx: ServiceContext) -> DatabaseInfo:
    revision = migrate.current_revision(ctx.engine)
    counts: dict[str, int] = {}
    with ctx.engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name in present:
                counts[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return DatabaseInfo(
        url=ctx.display_url,
        backend=ctx.engine.dialect.name,
        file=ctx.sqlite_file(),
        revision=revision,
        head=migrate.head_revision(),
        row_counts=counts,
    )
