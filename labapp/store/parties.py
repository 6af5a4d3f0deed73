"""The laboratory itself, the people who use the application and the clients who send lots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, utcnow


class Laboratory(Audited, Base):
    """Identity printed on certificates (ISO/IEC 17025 7.8.2.1 a)."""

    __tablename__ = "laboratories"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str | None] = mapped_column(Text)
    accreditation: Mapped[str | None] = mapped_column(String(200))
    # where a recipient checks a certificate (a web page, an e-mail address): printed on each one
    verification_address: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # minutes without input before a workstation locks (21 CFR 11.300, Annex 11 12.1); NULL = default, 0 = off
    idle_lock_minutes: Mapped[int | None] = mapped_column(Integer)


class User(Audited, Base):
    """An account. Roles are a comma-separated list (technician, reviewer, qa_manager, admin).

    `password_hash` holds an argon2 encoded hash; the audit trail stores only its SHA-256.
    `must_change_password` is set when an administrator chose the password (new account, reset):
    the owner must choose a new one before signing in. It is nullable so that rows older than the
    column keep NULL, the value their audit events imply; NULL reads as False.
    """

    __tablename__ = "users"
    __audit_redact__ = frozenset({"password_hash"})

    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool | None] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r.strip() for r in self.roles.split(",") if r.strip())


class Client(Audited, Base):
    """The customer who sends lots and receives certificates."""

    __tablename__ = "clients"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
