"""Issue a lot's settlement statement: a PDF signed like a certificate, archived and audited.

Signing is a QA manager's act (the permission to issue certificates): the password is entered again
and the issuer's certificate signing key unlocked with its passphrase, as for the status list
(services.certification.status). A final statement is refused while an element awaits the
counter-party's or the umpire's confirmed assay; a provisional one is issued only then, titled and
worded as provisional, without a final value, and the final statement supersedes it. Both are refused
for a lot whose results are not approved. The statement row keeps the terms file's text and SHA-256,
the attached JSON and the signed PDF (final_value None for a provisional one).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from labapp.certificates.settlement_statement import (
    StatementHeader,
    sign_settlement_statement,
    statement_payload,
)
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.text import languages
from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.keys import keystore
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.certification.status import write_atomically
from labapp.services.context import ServiceContext
from labapp.services.settlement.compute import SettlementReport, compute_settlement
from labapp.store.base import utcnow
from labapp.store.lots import Lot
from labapp.store.settlements import SettlementStatement
from labapp.store.states import RELEASED_LOT_STATES

ISSUE = Action.ISSUE_CERTIFICATE


@dataclass(frozen=True)
class IssuedStatement:
    path: Path
    pdf_sha256: str
    final_value: float | None  # None on a provisional statement
    currency: str
    provisional: bool = False
    outstanding: tuple[str, ...] = ()


def header_for(
    report: SettlementReport, issued_by: str, language: str = "en", *, provisional: bool = False
) -> StatementHeader:
    """The statement's header as of now (for the printed statement and the signed one alike)."""
    languages(language)  # refuses an unknown choice
    return StatementHeader(
        report.laboratory,
        report.lot,
        report.terms.name,
        report.terms.sha256,
        utcnow().replace(microsecond=0).isoformat(),
        issued_by,
        language,
        provisional,
    )


def issue_statement(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lot: str,
    terms_path: str | Path,
    out: str | Path,
    *,
    password: str,
    key_passphrase: str | bytes,
    keys_folder: str | Path | None = None,
    language: str = "en",
    provisional: bool = False,
) -> IssuedStatement:
    """Sign the statement (final, or provisional while an element is open), store it (audited) and
    write it to `out` atomically."""
    path = Path(out)
    if path.suffix.lower() != ".pdf":
        raise LabappError(f"{path}: the settlement statement is a signed PDF: name it .pdf")
    user = authenticate(ctx, by.username, password, purpose="signature")
    user.require(ISSUE)
    report = compute_settlement(ctx, lot, terms_path)
    _require_state(report, provisional)
    header = header_for(report, user.full_name, language, provisional=provisional)
    secret = key_passphrase.encode() if isinstance(key_passphrase, str) else key_passphrase
    signer = pyhanko_signer(keystore(keys_folder, ctx).load_signer(user.username, secret))
    terms, settlement = report.terms.terms, report.settlement
    pdf = sign_settlement_statement(
        header, terms, settlement, signer, SigningRequest("settlement statement", user.full_name)
    )
    digest = hashlib.sha256(pdf).hexdigest()
    payload = canonical_json(statement_payload(header, terms, settlement)).decode("utf-8")
    final = None if provisional else settlement.final_value
    with ctx.unit_of_work(user, ISSUE, event="issue_settlement_statement") as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.code == lot))
        session.add(
            SettlementStatement(
                lot_id=lot_id,
                contract_reference=terms.reference,
                terms_file=report.terms.name,
                terms_text=report.terms.text,
                terms_sha256=report.terms.sha256,
                currency=terms.currency,
                final_value=final,
                statement_json=payload,
                language=language,
                issued_by=user.username,
                file_name=path.name,
                pdf_bytes=pdf,
                pdf_sha256=digest,
            )
        )
    write_atomically(path, pdf)
    open_elements = tuple(line.payable.element for line in settlement.outstanding)
    return IssuedStatement(path, digest, final, terms.currency, provisional, open_elements)


def list_statements(ctx: ServiceContext, lot: str) -> list[dict[str, object]]:
    """The lot's issued statements, oldest first: when, by whom, contract, final value, file digest."""
    with ctx.read_session() as session:
        rows = session.scalars(
            select(SettlementStatement)
            .join(Lot, Lot.id == SettlementStatement.lot_id)
            .where(Lot.code == lot)
            .order_by(SettlementStatement.id)
        )
        return [
            {
                "issued_at": r.issued_at.isoformat(),
                "issued_by": r.issued_by,
                "contract": r.contract_reference,
                "final_value": r.final_value,
                "provisional": r.final_value is None,
                "currency": r.currency,
                "terms_sha256": r.terms_sha256,
                "pdf_sha256": r.pdf_sha256,
                "file_name": r.file_name,
            }
            for r in rows
        ]


def _require_state(report: SettlementReport, provisional: bool) -> None:
    if report.lot_state not in RELEASED_LOT_STATES:
        raise LabappError(
            f"lot {report.lot} is {report.lot_state.label()}: a settlement statement is issued on "
            "approved results"
        )
    outstanding = report.settlement.outstanding
    if outstanding and not provisional:
        what = ", ".join(f"{line.payable.element} ({line.exchange.outcome.label()})" for line in outstanding)
        raise LabappError(
            f"lot {report.lot}: the settlement is not final: {what}; record and confirm the "
            "missing assays first, or issue a provisional statement"
        )
    if provisional and not outstanding:
        raise LabappError(
            f"lot {report.lot}: every element is settled, so the statement is final: issue it as final"
        )
