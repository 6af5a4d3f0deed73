"""Verify a certificate PDF: signature, coverage, chain to the lab root and (with a database) currency.

The root comes from --root (a PEM file a recipient received) or else the local keystore's root. The
currency check is a callable; the certificate-issuing service supplies one backed by the database.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509

from labapp.certificates.verification import CurrencyCheck, VerificationReport, verify_pdf
from labapp.core.errors import LabappError
from labapp.services.keys import keystore


def load_roots(
    root_pem: str | Path | None = None, keys_folder: str | Path | None = None
) -> list[x509.Certificate]:
    """Trusted roots from a PEM file (one or more certificates), else the keystore's root-ca.pem."""
    path = Path(root_pem) if root_pem else keystore(keys_folder).root_pem
    if not path.is_file():
        hint = "" if root_pem else ": pass --root with the laboratory's root certificate (PEM)"
        raise LabappError(f"{path}: root certificate not found{hint}")
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except ValueError:
        raise LabappError(f"{path}: not a PEM certificate file") from None


def verify_file(
    pdf_path: str | Path,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
    currency_check: CurrencyCheck | None = None,
) -> VerificationReport:
    path = Path(pdf_path)
    if not path.is_file():
        raise LabappError(f"{path}: no such file")
    return verify_pdf(path.read_bytes(), load_roots(root_pem, keys_folder), currency_check)
