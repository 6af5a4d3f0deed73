"""Declarative base, UTC timestamps and the mixin that marks a table as audited and versioned.

Constraint names follow a fixed convention so that Alembic migrations name them the same way on
SQLite and PostgreSQL, and so that autogenerate comparisons stay quiet.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from sqlalchemy import DateTime, Integer, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from labapp.core.vocabulary import Vocabulary

V = TypeVar("V", bound=Vocabulary)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the only kind the store accepts)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (portable across SQLite and PostgreSQL) and returns aware UTC datetimes.

    Naive datetimes are refused on the way in: a local wall-clock time silently stored as UTC is
    exactly the kind of error an audit trail must not contain.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: give a timezone-aware value")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class VocabularyText(TypeDecorator[V]):
    """A word of a vocabulary (labapp.core.vocabulary, labapp.store.states) stored as its value text.

    A member or its value is accepted on the way in (anything else is refused, naming the allowed
    values); rows read back as the member, so no layer compares the stored text. The column stays a
    VARCHAR of `length`: the schema, and every stored value, is what it was before the type existed.
    """

    impl = String
    cache_ok = True

    def __init__(self, vocabulary: type[V], length: int = 20) -> None:
        super().__init__(length)
        self.vocabulary = vocabulary

    def process_bind_param(self, value: V | str | None, dialect: Any) -> str | None:
        return None if value is None else self.vocabulary.parse(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> V | None:
        return None if value is None else self.vocabulary(value)

    def copy(self, **kw: Any) -> VocabularyText[V]:
        return VocabularyText(self.vocabulary, self.impl.length)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Base, "mapper_configured", propagate=True)
def _typed_vocabulary_attributes(mapper: Mapper[Any], cls: type) -> None:
    """A vocabulary column's attribute holds the member from the moment it is set: assigning a value
    text ("approved") stores the member, assigning an unknown text is refused then and there."""
    for prop in mapper.column_attrs:
        column_type = prop.columns[0].type
        if isinstance(column_type, VocabularyText) and prop.parent is mapper:
            event.listen(prop.class_attribute, "set", _coerce(column_type.vocabulary), retval=True)


def _coerce(vocabulary: type[Vocabulary]) -> Any:
    def coerce(target: object, value: Any, oldvalue: Any, initiator: Any) -> Any:
        return None if value is None else vocabulary.parse(value)

    return coerce


class Audited:
    """Mixin for records whose every create, change and delete is written to the audit trail.

    Gives an integer primary key and a `version` column used for optimistic locking
    (SQLAlchemy raises StaleDataError when two editors change the same row).
    Columns whose `info` has ``audit="exclude"`` (large blobs) are left out of event values;
    `__audit_blob_checks__` maps such a column to the column holding its SHA-256, which
    `verify` recomputes instead. Columns named in `__audit_redact__` (secrets) are recorded as their
    SHA-256 so that a change is still detected without the secret entering the trail.
    """

    __audited__: ClassVar[bool] = True
    __audit_blob_checks__: ClassVar[dict[str, str]] = {}
    __audit_redact__: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-1)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.version}


def is_audited(obj_or_cls: object) -> bool:
    return bool(getattr(obj_or_cls, "__audited__", False))
