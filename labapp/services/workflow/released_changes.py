"""Released data changes only by signature, and never silently (21 CFR 11.10(e), 11.50, 11.200; Annex 11).

A lot is released once a run with its results is approved (`RELEASED_LOT_STATES`). Changing its
records then is an electronic signature: the signer's password entered again, the meaning "amended"
and a reason. The change, the `Signature` row (bound to the SHA-256 of the change) and the new states
commit in the caller's unit of work: the lot becomes "amendment needed", and so does the current
revision of its certificate, so `labapp verify` no longer reports a certificate "current" that differs
from the records. Amending the certificate (or, when none was issued yet, issuing it) from the changed
records releases the lot again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.security.attempts import AuthPurpose
from labapp.security.signatures import Meaning, make_manifest, seal_new_signature
from labapp.services.administration.authentication import AuthenticatedUser, authenticate
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import set_lot_state
from labapp.store.base import utcnow
from labapp.store.lots import Lot
from labapp.store.records import Certificate, Signature
from labapp.store.states import LIVE_CERTIFICATE_STATES, RELEASED_LOT_STATES, CertificateState, LotState

LOT_ENTITY = "lot"
CHANGE_ACTION = "amend_released"  # Signature.action and the audit event of the change


@dataclass(frozen=True)
class ChangeSignature:
    """The electronic signature a change of released data needs: the password again and why."""

    password: str = field(repr=False)
    reason: str
    meaning: Meaning = Meaning.AMENDED


@dataclass(frozen=True)
class AmendmentNeeded:
    """A lot changed by signature after release, waiting for its certificate to be amended or issued."""

    lot_code: str
    certificate: str | None  # "LA-2026-000001 rev 0", or None when no certificate was issued yet
    changed_by: str
    changed_at_utc: str
    reason: str


def is_released(state: LotState) -> bool:
    return state in RELEASED_LOT_STATES


def signer(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    signature: ChangeSignature | None,
    lot_code: str,
    state: LotState,
) -> AuthenticatedUser:
    """Re-authenticate `by` for the change of a released lot; refused without a signature or a reason.

    A wrong password is refused, audited and counts towards the lockout
    (services.administration.authentication).
    """
    if signature is None:
        raise LabappError(
            f"lot {lot_code} is {state}: changing released data needs your electronic signature "
            "(password, meaning and reason)"
        )
    if not signature.reason.strip():
        raise LabappError(f"lot {lot_code} is {state}: a reason is required to change released data")
    if signature.meaning is not Meaning.AMENDED:
        raise LabappError(f"a change of released data is signed {Meaning.AMENDED}, not {signature.meaning}")
    return authenticate(ctx, by.username, signature.password, purpose=AuthPurpose.SIGNATURE)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def record_signed_change(
    session: Session,
    user: AuthenticatedUser,
    lot: Lot,
    changes: dict[str, tuple[Any, Any]],
    signature: ChangeSignature,
) -> Signature:
    """In the caller's unit of work: the signature over `changes` (field -> (old, new)), the lot and its
    current certificate revision "amendment needed"."""
    reason = signature.reason.strip()
    content = {"lot": lot.code, "changes": {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}}
    now = utcnow()
    manifest = make_manifest(user.full_name, user.username, signature.meaning, content, reason, now)
    row = Signature(
        user_id=user.id,
        username=user.username,
        printed_name=user.full_name,
        signed_at=now,
        entity_type=LOT_ENTITY,
        entity_id=lot.id,
        action=CHANGE_ACTION,
        meaning=manifest.meaning.value,
        content_sha256=manifest.content_sha256,
        reason=reason,
        signed_at_utc=manifest.signed_at_utc,
        local_offset=manifest.local_offset,
    )
    seal_new_signature(session, row)
    session.add(row)
    set_lot_state(session, lot.id, LotState.AMENDMENT_NEEDED, reason)
    when = f"{manifest.signed_at_utc} UTC"
    note = f"{', '.join(changes)} of lot {lot.code} changed by {user.username} ({when}): {reason}"
    for certificate in _live_certificates(session, lot.id):
        certificate.state, certificate.reason = CertificateState.AMENDMENT_NEEDED, note
    return row


def _live_certificates(session: Session, lot_id: int) -> list[Certificate]:
    query = select(Certificate).where(
        Certificate.lot_id == lot_id, Certificate.state.in_(LIVE_CERTIFICATE_STATES)
    )
    return list(session.scalars(query))


def lots_needing_amendment(ctx: ServiceContext) -> list[AmendmentNeeded]:
    """Lots in "amendment needed" with their latest signed change and certificate, by lot code."""
    with ctx.read_session() as session:
        lots = session.scalars(select(Lot).where(Lot.state == LotState.AMENDMENT_NEEDED).order_by(Lot.code))
        return [_pending(session, lot) for lot in lots]


def _pending(session: Session, lot: Lot) -> AmendmentNeeded:
    change = session.scalar(
        select(Signature)
        .where(
            Signature.entity_type == LOT_ENTITY,
            Signature.entity_id == lot.id,
            Signature.action == CHANGE_ACTION,
        )
        .order_by(Signature.id.desc())
        .limit(1)
    )
    live = _live_certificates(session, lot.id)
    certificate = f"{live[-1].number} rev {live[-1].revision}" if live else None
    if change is None:  # not reachable through the services; shown rather than hidden
        return AmendmentNeeded(lot.code, certificate, "", "", "")
    return AmendmentNeeded(lot.code, certificate, change.username, change.signed_at_utc, change.reason or "")
