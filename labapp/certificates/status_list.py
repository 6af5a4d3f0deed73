"""The laboratory's signed status list: the state of every certificate revision it issued.

A recipient with no access to the laboratory's database learns from it whether a certificate is still
current, superseded (by which revision) or retracted (why, when). It is a signed document
(documents.py: a PDF with the list attached as status-list.json, PAdES-signed by a QA manager's key
under the laboratory root), so it is checked exactly like a certificate, by labapp or by pdfsig.

`labapp verify CERT.pdf --status LIST.pdf` reads it (read_status_list), refusing a list that is not
intact, not whole-file signed or not trusted, and answers the certificate's currency from it
(StatusList.check), like the database check does: number and revision, then the JSON twin's and the
whole file's SHA-256.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from labapp.certificates.document_text import both, document_text
from labapp.certificates.documents import SignedDocument, read_document, require_kind, sign_document
from labapp.certificates.signing import SigningRequest
from labapp.certificates.text import Lang
from labapp.certificates.verification import (
    STATUS_LIST,
    Currency,
    CurrencyStatus,
    TwinIdentity,
    Verdict,
    VerificationReport,
    verify_pdf,
)
from labapp.core.errors import LabappError

KIND = STATUS_LIST
ATTACHMENT = "status-list.json"
LANGS: tuple[Lang, ...] = ("en", "ja")  # recipients anywhere: the list is always bilingual


@dataclass(frozen=True)
class StatusEntry:
    """One certificate revision as the laboratory's register holds it."""

    number: str
    revision: int
    lot: str
    issued_at: str
    state: CurrencyStatus
    twin_sha256: str
    pdf_sha256: str | None = None
    superseded_by: str | None = None  # "<number> rev <n>"
    reason: str | None = None  # why superseded or retracted
    retracted_at: str | None = None

    def detail(self, lang: Lang = "en") -> str:
        """The state's detail in words: by which revision, why, when."""
        parts = []
        if self.superseded_by:
            parts.append(document_text("superseded_by", lang, which=self.superseded_by))
        if self.retracted_at:
            parts.append(self.retracted_at)
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)


@dataclass(frozen=True)
class StatusList:
    """The whole list: who published it, when, and every revision (by number, then revision)."""

    laboratory: str
    issued_at: str
    issued_by: str
    verification: str | None = None
    entries: list[StatusEntry] = field(default_factory=list)

    def to_payload(self) -> dict[str, Any]:
        payload = asdict(self)
        for entry in payload["entries"]:
            entry["state"] = str(entry["state"])
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any], where: str) -> StatusList:
        """Read the attached JSON back; one clear line when a field is missing or wrong."""
        try:
            entries = [
                StatusEntry(**{**item, "state": CurrencyStatus.parse(item["state"])})
                for item in payload["entries"]
            ]
            datetime.fromisoformat(payload["issued_at"])
            return cls(
                str(payload["laboratory"]),
                str(payload["issued_at"]),
                str(payload["issued_by"]),
                payload.get("verification"),
                entries,
            )
        except (KeyError, TypeError, ValueError, LabappError) as exc:
            raise LabappError(f"{where}: the attached status list cannot be read ({exc})") from None

    def check(self, identity: TwinIdentity) -> Currency:
        """The currency of one certificate revision according to this list (a CurrencyCheck)."""
        source = f"status list of {self.issued_at}"
        where = f"{identity.number} rev {identity.revision}"
        entry = next(
            (e for e in self.entries if (e.number, e.revision) == (identity.number, identity.revision)), None
        )
        if entry is None:
            return Currency(
                CurrencyStatus.UNKNOWN,
                f"{where} is not in the {source}: a list published before the certificate cannot know it; "
                "get the laboratory's current list",
            )
        if entry.twin_sha256 != identity.twin_sha256:
            return Currency(CurrencyStatus.MISMATCH, f"the {source} lists {where} with another JSON twin")
        if entry.pdf_sha256 and identity.pdf_sha256 and entry.pdf_sha256 != identity.pdf_sha256:
            return Currency(
                CurrencyStatus.MISMATCH,
                f"this file is not the PDF the {source} lists as {where}: its printed content may differ",
            )
        detail = entry.detail()
        return Currency(entry.state, f"{detail} ({source})" if detail else f"according to the {source}")


def sign_status_list(status: StatusList, signer: signers.Signer, request: SigningRequest) -> bytes:
    """The signed PDF of the list: a readable table and the attached JSON, signed by the publisher."""
    header = [
        both(key, LANGS)
        for key in (
            "col_number",
            "col_revision",
            "col_lot",
            "col_issued",
            "col_state",
            "col_detail",
            "col_twin",
        )
    ]
    rows = [
        [
            e.number,
            str(e.revision),
            e.lot,
            e.issued_at[:10],
            both_labels(e.state),
            e.detail(),
            e.twin_sha256[:16],
        ]
        for e in status.entries
    ]
    document = SignedDocument(
        kind=KIND,
        payload=status.to_payload(),
        attachment=ATTACHMENT,
        langs=LANGS,
        title=both("list_title", LANGS),
        laboratory=status.laboratory,
        rows=[
            (both("list_issued_at", LANGS), status.issued_at),
            (both("list_issued_by", LANGS), status.issued_by),
            (both("list_count", LANGS), str(len(status.entries))),
            *([(both("verification", LANGS), status.verification)] if status.verification else []),
        ],
        statements=[document_text("list_statement", lang) for lang in LANGS],
        table=[header, *rows],
        signer_name=status.issued_by,
        footer=f"{status.laboratory} - {KIND} - {status.issued_at}",
    )
    return sign_document(document, signer, request)


def both_labels(state: CurrencyStatus) -> str:
    return " / ".join(dict.fromkeys(state.label(lang) for lang in LANGS))


@dataclass(frozen=True)
class TrustedList:
    """A status list whose signature was checked, with the verification report of that check."""

    status: StatusList
    report: VerificationReport
    issuer: x509.Name | None


def read_status_list(pdf: bytes, roots: list[x509.Certificate], where: str) -> TrustedList:
    """Check the list's signature against `roots` and read it; LabappError (one line) when refused."""
    report = verify_pdf(pdf, roots)
    if report.verdict is not Verdict.VALID:
        raise LabappError(f"{where}: status list refused: {report.verdict.label}: {report.message}")
    payload = require_kind(read_document(pdf), KIND, where)
    return TrustedList(StatusList.from_payload(payload, where), report, signer_issuer(pdf))


def signer_issuer(pdf: bytes) -> x509.Name | None:
    """The issuer (the CA) of the first signature's signer certificate, to compare two documents' CA."""
    try:
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        cert = embedded[0].signer_cert if embedded else None
    except (ValueError, KeyError, TypeError):
        return None
    return None if cert is None else x509.load_der_x509_certificate(cert.dump()).issuer
