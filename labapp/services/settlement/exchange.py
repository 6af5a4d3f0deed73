"""The assays exchanged for a lot's settlement: the counter-party's and the umpire's, per element.

Typing another laboratory's figure in is a manual entry, so the house rule for manual entries holds:
one person enters it, a second person (a reviewer or QA manager, never the one who entered it, by
person not by account: services.workflow.four_eyes) confirms it against the report, and only a
confirmed assay counts in a settlement. A correction is a new entry with a reason; the old one is
kept as superseded. Every change is in the audit trail (both tables are audited).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.analytes import ANALYTES
from labapp.core.errors import LabappError
from labapp.core.splitting import AssaySource
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.workflow.four_eyes import person
from labapp.store.base import utcnow
from labapp.store.lots import Lot
from labapp.store.settlements import EntryState, SettlementAssay

ENTER = Action.GRADE  # technicians and QA managers type results in
CONFIRM = Action.REVIEW  # reviewers and QA managers check them


@dataclass(frozen=True)
class AssayEntry:
    """One recorded assay as the pages and the command line show it."""

    id: int
    lot: str
    element: str
    source: AssaySource
    value_pct: float
    laboratory: str
    reference: str | None
    state: EntryState
    entered_by: str
    entered_at: datetime
    confirmed_by: str | None
    confirmed_at: datetime | None
    note: str | None


def record_assay(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lot: str,
    element: str,
    source: AssaySource | str,
    value_pct: float,
    laboratory: str,
    reference: str | None = None,
    reason: str | None = None,
) -> AssayEntry:
    """Enter the counter-party's or the umpire's assay of `element` (wt %, dry); it awaits confirmation.

    An element that already has an entry from that source needs a reason: the old entry is superseded.
    """
    kind = AssaySource.parse(source)
    if kind is AssaySource.LABORATORY:
        raise LabappError("the laboratory's own assay comes from its approved results, not from an entry")
    if element not in ANALYTES or ANALYTES[element][0] != "wt%" or element == "moisture":
        raise LabappError(f"{element!r} is not an element the laboratory assays")
    if not (math.isfinite(value_pct) and 0.0 <= value_pct <= 100.0):
        raise LabappError(f"{element}: an assay in wt % lies between 0 and 100, not {value_pct}")
    if not laboratory.strip():
        raise LabappError("name the laboratory whose assay this is")
    with ctx.unit_of_work(by, ENTER, reason, event="record_settlement_assay") as session:
        row = _lot(session, lot)
        current = _current(session, row.id, element, kind)
        if current and not (reason and reason.strip()):
            raise LabappError(
                f"lot {lot} has a {kind.label()} assay of {element} "
                f"({current[0].value_pct} wt %, entered by {current[0].entered_by}): "
                "correcting it needs a reason"
            )
        for old in current:
            old.state, old.note = EntryState.SUPERSEDED, reason.strip() if reason else None
        entry = SettlementAssay(
            lot_id=row.id,
            element=element,
            source=kind,
            value_pct=float(value_pct),
            laboratory=laboratory.strip(),
            report_reference=reference or None,
            state=EntryState.ENTERED,
            entered_by=by.username,
            entered_at=utcnow(),
        )
        session.add(entry)
        session.flush()
        return _entry(entry, lot)


def confirm_assay(
    ctx: ServiceContext, by: AuthenticatedUser, lot: str, element: str, source: AssaySource | str
) -> AssayEntry:
    """Confirm the entered assay of `element` from `source` (a second person: four eyes)."""
    kind = AssaySource.parse(source)
    with ctx.unit_of_work(by, CONFIRM, event="confirm_settlement_assay") as session:
        row = _lot(session, lot)
        entry = next(
            (e for e in _current(session, row.id, element, kind) if e.state is EntryState.ENTERED), None
        )
        if entry is None:
            raise LabappError(f"lot {lot}: no {kind.label()} assay of {element} awaits confirmation")
        if person(session, by.username, by.full_name).same_as(person(session, entry.entered_by)):
            raise LabappError(
                f"lot {lot}: {by.username} entered the {kind.label()} assay of {element} and may "
                "not confirm it (four eyes: another reviewer or QA manager confirms)"
            )
        entry.state, entry.confirmed_by, entry.confirmed_at = EntryState.CONFIRMED, by.username, utcnow()
        session.flush()
        return _entry(entry, lot)


def list_assays(ctx: ServiceContext, lot: str, include_superseded: bool = False) -> list[AssayEntry]:
    """The lot's recorded assays, oldest first."""
    with ctx.read_session() as session:
        row = _lot(session, lot)
        query = select(SettlementAssay).where(SettlementAssay.lot_id == row.id).order_by(SettlementAssay.id)
        entries = [_entry(e, lot) for e in session.scalars(query)]
    return [e for e in entries if include_superseded or e.state is not EntryState.SUPERSEDED]


def _current(session: Session, lot_id: int, element: str, source: AssaySource) -> list[SettlementAssay]:
    query = select(SettlementAssay).where(
        SettlementAssay.lot_id == lot_id,
        SettlementAssay.element == element,
        SettlementAssay.source == source,
        SettlementAssay.state != EntryState.SUPERSEDED,
    )
    return list(session.scalars(query))


def _lot(session: Session, code: str) -> Lot:
    lot = session.scalar(select(Lot).where(Lot.code == code))
    if lot is None:
        raise LabappError(f"lot {code} does not exist")
    return lot


def _entry(e: SettlementAssay, lot: str) -> AssayEntry:
    return AssayEntry(
        e.id,
        lot,
        e.element,
        e.source,
        e.value_pct,
        e.laboratory,
        e.report_reference,
        e.state,
        e.entered_by,
        e.entered_at,
        e.confirmed_by,
        e.confirmed_at,
        e.note,
    )
