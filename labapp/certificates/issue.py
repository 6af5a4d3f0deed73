"""Render, attach and sign in one call, and write the PDF with its JSON twin beside it.

This is the entry point the services layer uses to issue a certificate: everything it needs is in
`CertificateData` plus the approver's decrypted key; nothing here touches the database.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.sign import signers, timestamps

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import CertificateData, canonical_json, twin_sha256
from labapp.certificates.pki import short_fingerprint
from labapp.certificates.signing import SigningRequest, sign_pdf


@dataclass(frozen=True)
class IssuedCertificate:
    pdf: bytes
    twin: bytes
    twin_sha256: str
    pages: int
    twin_name: str

    @property
    def stem(self) -> str:
        """File name stem shared by the PDF and its twin."""
        return self.twin_name.removesuffix(".json")


def file_stem(data: CertificateData) -> str:
    """e.g. BM-2026-00042_rev1 (slashes in a number become dashes)."""
    return f"{data.certificate.number.replace('/', '-')}_rev{data.certificate.revision}"


def issue_certificate(
    data: CertificateData,
    signer: signers.Signer,
    request: SigningRequest,
    timestamper: timestamps.TimeStamper | None = None,
) -> IssuedCertificate:
    """Validate, render, attach the twin and sign (last). Raises LabappError for bad data or a failed TSA."""
    data.validate()
    twin = canonical_json(data)
    digest = twin_sha256(twin)
    rendered = render_certificate(data, digest, _root_short_fingerprint(signer))
    twin_name = f"{file_stem(data)}.json"
    pdf = sign_pdf(rendered.pdf, twin, twin_name, rendered.signature_box, signer, request, timestamper)
    return IssuedCertificate(pdf, twin, digest, rendered.pages, twin_name)


def certificate_files(issued: IssuedCertificate, folder: Path | str) -> list[tuple[Path, bytes]]:
    """The (path, bytes) of the PDF and its twin in `folder`: what an issue places there."""
    folder = Path(folder)
    return [(folder / f"{issued.stem}.pdf", issued.pdf), (folder / issued.twin_name, issued.twin)]


def _root_short_fingerprint(signer: signers.Signer) -> str | None:
    """The short fingerprint of the root the signer chains to (the lab root), for the footer."""
    validation = getattr(signer, "validation", None)
    if validation is None:
        return None
    issuer = signer.signing_cert.issuer if signer.signing_cert is not None else None
    for root in validation.roots:
        if translate_pyca_cryptography_cert_to_asn1(root).subject == issuer:
            return short_fingerprint(root)
    return None


def write_certificate(issued: IssuedCertificate, folder: Path | str) -> tuple[Path, Path]:
    """Write <stem>.pdf and <stem>.json into `folder`, each to a temporary name first, then renamed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path, twin_path = folder / f"{issued.stem}.pdf", folder / issued.twin_name
    for path, data in ((twin_path, issued.twin), (pdf_path, issued.pdf)):
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)  # certificates are meant to be shared (mkstemp makes 0600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return pdf_path, twin_path
