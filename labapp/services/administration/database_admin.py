"""Administrator use cases: bring the schema to the newest revision and describe the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select

from labapp.services.context import ServiceContext
from labapp.store import migrate
from labapp.store.database import display_url, resolve_url, sqlite_path
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


def upgrade_database(db: str | None) -> DatabaseInfo:
    """Create or migrate the database to the newest schema (idempotent)."""
    with ServiceContext(db, migrate_policy="upgrade") as ctx:
        return _describe(ctx)


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
    with ServiceContext(db, migrate_policy="never") as ctx:
        return _describe(ctx)


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
