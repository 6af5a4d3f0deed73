"""One place where services open the database: `ServiceContext(db)` and its unit of work.

Opening migrates an embedded SQLite database to the newest schema (a new file is created);
a server database (PostgreSQL) is only checked, because several workstations share it and its
upgrade is an administrator's decision (`labapp db upgrade`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from labapp.core.errors import LabappError
from labapp.store import migrate
from labapp.store.audit import bind_actor
from labapp.store.database import WRITE_OPTION, display_url, make_engine, resolve_url, sqlite_path

MigratePolicy = Literal["auto", "upgrade", "check", "never"]


class ServiceContext:
    """The database a service works on. Cheap to create; `close()` releases connections."""

    def __init__(self, db: str | None = None, *, migrate_policy: MigratePolicy = "auto") -> None:
        self.url = resolve_url(db)
        self.engine: Engine = make_engine(self.url)
        self._writer = sessionmaker(bind=self.engine.execution_options(**{WRITE_OPTION: True}),
                                    expire_on_commit=False)
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._prepare_schema(migrate_policy)

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def is_embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def _prepare_schema(self, policy: MigratePolicy) -> None:
        if policy == "never":
            return
        if policy == "upgrade" or (policy == "auto" and self.is_embedded):
            migrate.upgrade(self.engine)
            return
        current, head = migrate.current_revision(self.engine), migrate.head_revision()
        if current != head:
            raise LabappError(
                f"database {self.display_url} is at schema {current or 'none'}, this version needs {head}: "
                "run `labapp db upgrade`"
            )

    @contextmanager
    def unit_of_work(self, actor: str, reason: str | None = None, action: str | None = None) -> Iterator[Session]:
        """A session whose records and audit events commit together, or not at all.

        `actor` is recorded on every audit event; `action` names updates (e.g. "approve").
        """
        session = self._writer()
        bind_actor(session, actor, reason, action)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for queries; it has no actor, so any attempt to change audited records fails."""
        session = self._reader()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded objects stay readable (detached)

    def sqlite_file(self) -> str | None:
        path = sqlite_path(self.url)
        return None if path is None else str(path)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ServiceContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
