"""The signed retraction notice a laboratory sends the customer when it retracts a certificate.

ISO/IEC 17025 7.8.8 wants a changed report identified as such; a retracted one must reach the people
who hold it. The notice names the certificate (number, revision, the SHA-256 of its JSON twin and of
its PDF, so the customer can tell which file is meant), the reason, the date and who retracted it, in
the certificate's language (English, Japanese or both), and is signed like the certificate
(documents.py), so `labapp verify NOTICE.pdf` says it is a retraction notice for certificate X.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pyhanko.sign import signers

from labapp.certificates.document_text import both, document_text
from labapp.certificates.documents import SignedDocument, sign_document
from labapp.certificates.signing import SigningRequest
from labapp.certificates.text import languages
from labapp.certificates.verification import RETRACTION_NOTICE


@dataclass(frozen=True)
class RetractionNotice:
    """What the notice says (also its attached JSON, retraction-notice.json)."""

    number: str
    revision: int
    lot: str
    client: str | None
    twin_sha256: str
    pdf_sha256: str | None
    laboratory: str
    verification: str | None
    retracted_at: str  # ISO 8601 UTC
    retracted_by: str  # printed name
    reason: str
    language: str  # en, ja or en+ja: the certificate's

    @property
    def file_name(self) -> str:
        return f"{self.number.replace('/', '-')}_rev{self.revision}_retraction.pdf"

    def payload(self) -> dict[str, object]:
        data = asdict(self)
        cert = {k: data.pop(k) for k in ("number", "revision", "lot", "client", "twin_sha256", "pdf_sha256")}
        return {**data, "certificate": cert}


def sign_retraction_notice(
    notice: RetractionNotice, signer: signers.Signer, request: SigningRequest
) -> bytes:
    """The signed notice PDF in the certificate's language(s)."""
    langs = languages(notice.language)
    rows = [
        ("laboratory", notice.laboratory),
        ("certificate_number", notice.number),
        ("revision", str(notice.revision)),
        ("lot", notice.lot),
        ("client", notice.client),
        ("twin_sha256", notice.twin_sha256),
        ("pdf_sha256", notice.pdf_sha256),
        ("retracted_on", notice.retracted_at.replace("T", " ")[:19]),
        ("retracted_by", notice.retracted_by),
        ("reason", notice.reason),
        ("verification", notice.verification),
    ]
    statements = [
        document_text(key, lang, number=notice.number, revision=notice.revision)
        for key in ("notice_statement", "notice_check")
        for lang in langs
    ]
    document = SignedDocument(
        kind=RETRACTION_NOTICE,
        payload=notice.payload(),
        attachment="retraction-notice.json",
        langs=langs,
        title=both("notice_title", langs),
        laboratory=notice.laboratory,
        rows=[(both(key, langs), value) for key, value in rows if value],
        statements=statements,
        signer_name=notice.retracted_by,
        footer=f"{notice.number} rev {notice.revision} - {both('notice_title', langs)}",
    )
    return sign_document(document, signer, request)
