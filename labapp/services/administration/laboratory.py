"""The laboratory's identity (ISO/IEC 17025 7.8.2.1 b): one record, edited with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.parties import Laboratory


@dataclass(frozen=True)
class LaboratoryDetails:
    name: str
    address: str | None = None
    accreditation: str | None = None
    verification_address: str | None = None  # where recipients check a certificate; printed on each


def get_laboratory(ctx: ServiceContext) -> LaboratoryDetails | None:
    with ctx.read_session() as session:
        lab = session.scalar(select(Laboratory).order_by(Laboratory.id))
        if lab is None:
            return None
        return LaboratoryDetails(lab.name, lab.address, lab.accreditation, lab.verification_address)


def set_laboratory(
    ctx: ServiceContext, by: AuthenticatedUser, details: LaboratoryDetails, reason: str | None = None
) -> None:
    """Create the laboratory record, or change it (a change needs a reason: it alters future reports)."""
    if not details.name.strip():
        raise LabappError("the laboratory needs a name")
    if details.verification_address and len(details.verification_address) > 300:
        raise LabappError("the verification address is longer than 300 characters")
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, reason) as session:
        lab = session.scalar(select(Laboratory).order_by(Laboratory.id))
        if lab is None:
            session.add(
                Laboratory(
                    name=details.name.strip(),
                    address=details.address,
                    accreditation=details.accreditation,
                    verification_address=details.verification_address,
                )
            )
            return
        if not reason:
            raise LabappError("changing the laboratory details needs a reason")
        lab.name = details.name.strip()
        lab.address, lab.accreditation = details.address, details.accreditation
        lab.verification_address = details.verification_address
