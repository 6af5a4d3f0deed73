"""One place where services open the database: `ServiceContext(db)` and its unit of work.

Opening migrates an embedded SQLite database to the newest schema (a new file is created);
a server database (PostgreSQL) is only checked, because several workstations share it and its
upgrade is an administrator's decision (`labapp db upgrade`).

Several workstations: a save that finds its record changed since it was read (the `version` column,
SQLAlchemy's StaleDataError) becomes a `ConflictError` with a message a user can act on, and the whole
unit of work is rolled back. Waiting for the write lock (SQLite BEGIN IMMEDIATE, PostgreSQL advisory
lock of the audit chain) is handled in labapp.store.database and labapp.store.audit.

Tamper evidence (docs/storage.md, "Insiders"): every session can reach the laboratory's record key
(`session.info`, labapp.security.signatures.record_key_of) to seal or check signatures, and the
signers' certificates in the keys folder (labapp.security.key_signatures.signer_lookup_of) to check
personal-key signatures; after a unit of work commits, an audit checkpoint is written when the work
asked for one (a signature, a certificate, a refused sign-in) or when it is the first write of the day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, Protocol

from sqlalchemy import Engine
from sqlalchemy import event as event_module
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.security.access import require_current
from labapp.security.checkpoints import REQUEST_KEY
from labapp.security.key_signatures import SIGNER_KEYS_LOADER, SignerLookup
from labapp.security.record_key import RecordKey
from labapp.security.roles import Action
from labapp.security.signatures import RECORD_KEY_LOADER
from labapp.services.changes import changes_of_tables, publish
from labapp.store import migrate
from labapp.store.audit import bind_actor
from labapp.store.audit_bulk import BULK_TABLES_KEY
from labapp.store.database import (
    WRITE_OPTION,
    connection_error,
    display_url,
    make_engine,
    named_database,
    require_existing,
    resolve_url,
    sqlite_path,
)

MigratePolicy = Literal["auto", "upgrade", "check", "never"]
_TABLE_IN_MESSAGE = re.compile(r"table '([^']+)'")
_EDITED_KEY = "labapp.conflict.edited"
_TABLES_KEY = "labapp.changes.tables"


class Principal(Protocol):
    """Who acts: an authenticated user (labapp.services.administration.authentication.AuthenticatedUser)."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...


class ConflictError(LabappError):
    """Someone else saved the same record first; nothing of this unit of work was stored."""


def _remember_edits(session: Session, flush_context: Any, instances: Any) -> None:
    """Before each flush: which records it updates or deletes (a failed flush forgets them)."""
    edited = session.info.setdefault(_EDITED_KEY, set())
    for obj in (*session.dirty, *session.deleted):
        table, record_id = getattr(obj, "__tablename__", None), getattr(obj, "id", None)
        if table is not None and record_id is not None:
            edited.add((table, record_id))


def _remember_tables(session: Session, flush_context: Any, instances: Any) -> None:
    """Before each flush: which tables it writes, announced as changes after the commit."""
    tables = session.info.setdefault(_TABLES_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is not None:
            tables.add(table)


def conflict_error(session: Session, exc: StaleDataError) -> ConflictError:
    """Name the record(s) that changed under us: SQLAlchemy's message names the table, the flush
    listener knows which records of that table this unit of work edited."""
    match = _TABLE_IN_MESSAGE.search(str(exc))
    table = match.group(1) if match else None
    ids = sorted(i for t, i in session.info.get(_EDITED_KEY, ()) if t == table)
    if table is None:
        what = "a record"
    elif len(ids) == 1:
        what = f"record {table} #{ids[0]}"
    else:
        what = f"a record in {table}" + (f" (one of #{', #'.join(map(str, ids))})" if ids else "")
    return ConflictError(f"{what} was changed by someone else since you opened it; reload and try again")


class ServiceContext:
    """The database a service works on. Cheap to create; `close()` releases connections."""

    def __init__(
        self, db: str | None = None, *, migrate_policy: MigratePolicy = "auto", existing: bool = False
    ) -> None:
        """`existing`: a database named by `db` or LABAPP_DB must exist already (the CLI and the
        desktop); only the default database, `labapp db init` and the demo create one."""
        self.url = resolve_url(db)
        if existing and named_database(db):
            require_existing(self.url)
        self.engine: Engine = make_engine(self.url)
        self._writer = sessionmaker(
            bind=self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._record_key: RecordKey | None = None
        self.checkpoint_day: str | None = None  # the UTC day of this database's latest checkpoint seen
        self._prepare_schema(migrate_policy)
        self.startup_notes: list[str] = []
        if migrate_policy in ("auto", "upgrade"):  # a context that may write: settle interrupted issues
            self.startup_notes = self._settle_interrupted_issues()

    def _settle_interrupted_issues(self) -> list[str]:
        """The start-up check of labapp.services.certification.recovery: one line per settled issue."""
        from labapp.services.certification.recovery import recover_interrupted_issues

        return [item.message for item in recover_interrupted_issues(self)]

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def is_embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def _prepare_schema(self, policy: MigratePolicy) -> None:
        if policy == "never":
            return
        try:
            current = migrate.current_revision(self.engine)
        except DBAPIError as exc:
            raise connection_error(self.url, exc) from exc
        head = migrate.head_revision()
        if current == head:
            return
        if policy == "upgrade" or (policy == "auto" and self.is_embedded):
            migrate.upgrade(self.engine)
            if current is None:  # a new database: its checkpoints start here, not an old one's
                from labapp.services.administration.checkpoint_log import mark_new_database  # imports us

                mark_new_database(self)
        else:
            raise LabappError(
                f"database {self.display_url} is at schema {current or 'none'}, this version needs {head}: "
                f"{Remedy.UPGRADE_DATABASE.label()}",
                remedy=Remedy.UPGRADE_DATABASE,
            )

    @contextmanager
    def unit_of_work(
        self, user: Principal, action: Action, reason: str | None = None, event: str | None = None
    ) -> Iterator[Session]:
        """A session whose records and audit events commit together, or not at all; the gate of
        every write: it takes the authenticated user, checks that the account as stored now (active,
        own password, current roles) may do `action`, and records who on every audit event.

        `event` names updates in the audit trail (e.g. "approve"). A concurrent change of a record
        saved here raises ConflictError (nothing is stored).
        """
        if isinstance(user, str) or not isinstance(getattr(user, "id", None), int):
            raise TypeError("a unit of work needs the authenticated user, not a name")
        with self._writing(user.username, reason, event) as session:
            require_current(session, user.id, user.username, action)
            yield session

    @contextmanager
    def account_unit_of_work(
        self, name: str, reason: str | None = None, event: str | None = None
    ) -> Iterator[Session]:
        """For the account services only (log-in attempts, the first administrator, a password changed
        by its owner): there the password itself is the proof, or there is no user yet."""
        with self._writing(name, reason, event) as session:
            yield session

    def record_key(self) -> RecordKey:
        """The laboratory's record key (labapp.services.administration.checkpoint_log), loaded once."""
        if self._record_key is None:
            from labapp.services.administration.checkpoint_log import open_record_key  # it imports us

            self._record_key = open_record_key(self)
        return self._record_key

    def signer_certificates(self) -> SignerLookup:
        """The signers' certificates in the keys folder (labapp.services.administration.signer_keys),
        read afresh for each check: a key issued or revoked meanwhile counts at once."""
        from labapp.services.administration.signer_keys import signer_certificates  # it imports us

        return signer_certificates(self)

    @contextmanager
    def _writing(self, actor: str, reason: str | None, event: str | None) -> Iterator[Session]:
        session = self._writer()
        bind_actor(session, actor, reason, event)
        session.info[RECORD_KEY_LOADER] = self.record_key
        session.info[SIGNER_KEYS_LOADER] = self.signer_certificates
        event_module.listen(session, "before_flush", _remember_edits)
        event_module.listen(session, "before_flush", _remember_tables)
        try:
            yield session
            session.commit()
            requested = session.info.get(REQUEST_KEY)
        except StaleDataError as exc:
            error = conflict_error(session, exc)
            session.rollback()
            raise error from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            written = session.info.get(_TABLES_KEY, set()) | session.info.get(BULK_TABLES_KEY, set())
            session.close()
        self._checkpoint(requested)
        publish(changes_of_tables(written))

    def _checkpoint(self, requested: object) -> None:
        from labapp.services.administration.checkpoint_log import after_commit  # it imports us

        after_commit(self, requested)  # type: ignore[arg-type]

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for queries; it has no actor, so any attempt to change audited records fails."""
        session = self._reader()
        session.info[RECORD_KEY_LOADER] = self.record_key
        session.info[SIGNER_KEYS_LOADER] = self.signer_certificates
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
