"""Certificate numbers ("LA-2026-000123"): reserved in their own transaction, never reused.

Why a separate transaction: the issue itself may fail after the number was taken (wrong key
passphrase, full disk, rollback). Were the number part of that transaction, the rollback would free
it and the next certificate would carry it, while a PDF with that number may already exist somewhere.
So the reservation commits first; the issue marks it "used", a failure marks it "void" with the
reason. Serials grow per year from the highest ever reserved (rows are never deleted), and the unique
`(year, serial)` makes concurrent workstations retry rather than share a number.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.base import utcnow
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.states import NumberState

PREFIX = "LA"
_ATTEMPTS = 5


def format_number(year: int, serial: int) -> str:
    return f"{PREFIX}-{year:04d}-{serial:06d}"


def reserve(
    ctx: ServiceContext,
    lot_id: int,
    by: AuthenticatedUser,
    journal: Callable[[Session, str], None] | None = None,
) -> str:
    """Take the next number of the current year for `lot_id` and commit the reservation.

    `journal(session, number)` adds the crash-safety journal row of the issue in the same commit, so
    a reserved number always has a row saying which process was issuing it (placement.py)."""
    year = utcnow().year
    for _ in range(_ATTEMPTS):
        try:
            with ctx.unit_of_work(
                by, Action.ISSUE_CERTIFICATE, event="reserve_certificate_number"
            ) as session:
                last = (
                    session.scalar(
                        select(func.max(CertificateNumber.serial)).where(CertificateNumber.year == year)
                    )
                    or 0
                )
                number = format_number(year, last + 1)
                session.add(
                    CertificateNumber(
                        number=number,
                        year=year,
                        serial=last + 1,
                        lot_id=lot_id,
                        state=NumberState.RESERVED,
                        reserved_by=by.username,
                    )
                )
                if journal is not None:
                    journal(session, number)
            return number
        except IntegrityError:
            continue  # another workstation took that serial: take the next one
    raise LabappError("could not reserve a certificate number (the database is busy): try again")


def mark_used(session: Session, number: str) -> None:
    """Inside the issuing unit of work: the reserved number now names a stored certificate."""
    row = session.scalar(select(CertificateNumber).where(CertificateNumber.number == number))
    if row is None or row.state is not NumberState.RESERVED:
        raise LabappError(f"certificate number {number} is not reserved")
    row.state = NumberState.USED


def void(ctx: ServiceContext, number: str, by: AuthenticatedUser, why: str) -> None:
    """A reserved number whose certificate was not issued stays taken, marked void with the reason."""
    with ctx.unit_of_work(
        by, Action.ISSUE_CERTIFICATE, why[:500], event="void_certificate_number"
    ) as session:
        row = session.scalar(select(CertificateNumber).where(CertificateNumber.number == number))
        if row is not None and row.state is NumberState.RESERVED:
            row.state, row.note = NumberState.VOID, why[:2000]


def void_numbers(ctx: ServiceContext) -> list[tuple[str, str]]:
    """(number, reason) of every number reserved but never issued, for the record."""
    with ctx.read_session() as session:
        rows = session.scalars(
            select(CertificateNumber)
            .where(CertificateNumber.state == NumberState.VOID)
            .order_by(CertificateNumber.id)
        )
        return [(r.number, r.note or "") for r in rows]
