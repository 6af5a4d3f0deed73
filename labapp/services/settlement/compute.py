"""A lot's settlement under a terms file the user controls: read the file, the lot's approved assay and
the confirmed assays of the counter-party and the umpire, and settle (labapp.core.settlement).

The terms file is read from disk as the user gave it and identified by its SHA-256; prices and payable
terms are never fetched. The laboratory's own assay is the lot's reportable results with their
uncertainty budgets (services.grading.inputs), as grading and the certificate use them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from labapp.core.errors import LabappError
from labapp.core.settlement import OtherAssay, Settlement, settle
from labapp.core.settlement_terms import SettlementTerms, parse_terms
from labapp.core.settlement_terms_csv import parse_terms_csv
from labapp.services.context import ServiceContext
from labapp.services.grading.inputs import lot_assay
from labapp.services.settlement.exchange import AssayEntry, list_assays
from labapp.store.lots import Lot
from labapp.store.parties import Laboratory
from labapp.store.settlements import EntryState
from labapp.store.states import LotState


@dataclass(frozen=True)
class TermsFile:
    terms: SettlementTerms
    name: str
    text: str
    sha256: str


@dataclass(frozen=True)
class SettlementReport:
    """Everything a statement shows: the settlement, the terms as read, what awaits confirmation."""

    lot: str
    lot_state: LotState
    laboratory: str
    terms: TermsFile
    settlement: Settlement
    unconfirmed: tuple[AssayEntry, ...]


def read_terms(path: str | Path) -> TermsFile:
    """The terms file parsed; LabappError names the file (and the line and field) when it cannot be used."""
    path = Path(path)
    is_csv = path.suffix.lower() == ".csv"
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig" if is_csv else "utf-8")
    except OSError as exc:
        raise LabappError(f"{path}: cannot read the terms file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        hint = " (in a spreadsheet, save it as 'CSV UTF-8')" if is_csv else ""
        raise LabappError(f"{path}: the terms file is not UTF-8 text{hint}") from None
    terms = (parse_terms_csv if is_csv else parse_terms)(text, str(path))
    return TermsFile(terms, path.name, text, hashlib.sha256(raw).hexdigest())


def compute_settlement(ctx: ServiceContext, lot: str, terms_path: str | Path) -> SettlementReport:
    """The lot's settlement under the terms file, with the confirmed exchanged assays."""
    terms = read_terms(terms_path)
    entries = list_assays(ctx, lot)
    with ctx.read_session() as session:
        row = session.scalars(
            select(Lot).where(Lot.code == lot).options(selectinload(Lot.samples))
        ).one_or_none()
        if row is None:
            raise LabappError(f"lot {lot} does not exist")
        assay, _, why = lot_assay(session, row)
        if assay is None:
            raise LabappError(f"lot {lot} has no assay to settle on: {why}")
        lab = session.scalar(select(Laboratory.name).order_by(Laboratory.id)) or ""
        wet_t = None if row.net_wet_mass_kg is None else row.net_wet_mass_kg / 1000.0
        state = row.state
    moisture = assay.results.get("moisture")
    f = None if moisture is None else moisture.value
    u_f = None
    if moisture is not None and moisture.expanded_uncertainty is not None:
        u_f = moisture.expanded_uncertainty / moisture.coverage_factor
    mass = terms.terms.lot_mass(wet_t, f, u_f)
    others = {
        (e.element, e.source): OtherAssay(e.value_pct, e.laboratory, e.reference)
        for e in entries
        if e.state is EntryState.CONFIRMED
    }
    missing = [p.element for p in terms.terms.payables if not assay.has(p.element)]
    if missing:
        raise LabappError(
            f"lot {lot} has no reported assay of {', '.join(missing)}, which the terms "
            f"{terms.name} make payable"
        )
    settlement = settle(
        lot, assay.results, terms.terms.rules, terms.terms.payables, terms.terms.limits, mass, others
    )
    unconfirmed = tuple(e for e in entries if e.state is EntryState.ENTERED)
    return SettlementReport(lot, state, lab, terms, settlement, unconfirmed)
