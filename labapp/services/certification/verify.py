"""Verify a certificate PDF: signature, coverage, chain to the lab root and (with a database) currency.

The root comes from --root (a PEM file a recipient received) or else the local keystore's root. The
currency check is a callable; the certificate-issuing service supplies one backed by the database.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from sqlalchemy.exc import SQLAlchemyError

from labapp.certificates.revocation import read_crl
from labapp.certificates.status_list import read_status_list, signer_issuer
from labapp.certificates.verification import CurrencyCheck, VerificationReport, verify_pdf
from labapp.core.errors import LabappError
from labapp.services.administration.keys import keys_dir, keystore


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


def load_crls(
    crl_files: list[str | Path] | None = None,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
) -> list[x509.CertificateRevocationList]:
    """CRLs a recipient fetched (--crl), plus the lab's own current CRL when verifying against the
    local keystore's root: a signer revoked after signing then reads "revoked"."""
    crls = []
    for file in crl_files or ():
        crl = read_crl(Path(file))
        if crl is None:
            raise LabappError(f"{file}: no such CRL file")
        crls.append(crl)
    if root_pem is None:
        local = read_crl(keystore(keys_folder).crl_path)
        if local is not None:
            crls.append(local)
    return crls


def load_tsa_roots(
    tsa_root_pem: str | Path | None = None,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
) -> list[x509.Certificate]:
    """The timestamp authority's roots: --tsa-root, else the local keystore's (with its lab root)."""
    if tsa_root_pem:
        return load_roots(tsa_root_pem)
    return list(keystore(keys_folder).tsa_roots()) if root_pem is None else []


def verify_file(
    pdf_path: str | Path,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
    currency_check: CurrencyCheck | None = None,
    crl_files: list[str | Path] | None = None,
    tsa_root_pem: str | Path | None = None,
) -> VerificationReport:
    path = Path(pdf_path)
    if not path.is_file():
        raise LabappError(f"{path}: no such file")
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:  # where ISO 32000 puts the header: anything else is not a PDF at all
        raise LabappError(f"{path}: not a PDF file (no %PDF- header): nothing to verify")
    roots = load_roots(root_pem, keys_folder)
    crls = load_crls(crl_files, root_pem, keys_folder)
    tsa_roots = load_tsa_roots(tsa_root_pem, root_pem, keys_folder)
    return verify_pdf(data, roots, currency_check, crls, tsa_roots)


def verify_with_database(
    pdf_path: str | Path,
    db: str | None,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
    crl_files: list[str | Path] | None = None,
    tsa_root_pem: str | Path | None = None,
) -> VerificationReport:
    """verify_file with the database's currency check when the database can be opened, else "not checked".

    A missing SQLite file is not created, and a database at another schema is not migrated: verifying
    must not change anything.
    """
    from labapp.services.certification.issuing import currency_check  # the issuing service owns the lookup
    from labapp.services.context import ServiceContext
    from labapp.store.database import display_url, resolve_url, sqlite_path

    url = resolve_url(db)
    file = sqlite_path(url)
    if file is not None and not file.is_file():
        return _unchecked(
            verify_file(pdf_path, root_pem, keys_folder, crl_files=crl_files, tsa_root_pem=tsa_root_pem),
            f"no database at {file}",
        )
    try:
        ctx = ServiceContext(db, migrate_policy="check")
    except (LabappError, SQLAlchemyError) as exc:
        return _unchecked(
            verify_file(pdf_path, root_pem, keys_folder, crl_files=crl_files, tsa_root_pem=tsa_root_pem),
            f"database {display_url(url)} not reachable: {str(exc).splitlines()[0]}",
        )
    try:
        folder = keys_dir(keys_folder, ctx)  # the database knows where its keys are
        return verify_file(pdf_path, root_pem, folder, currency_check(ctx), crl_files, tsa_root_pem)
    except SQLAlchemyError as exc:
        return _unchecked(
            verify_file(pdf_path, root_pem, keys_folder, crl_files=crl_files, tsa_root_pem=tsa_root_pem),
            f"database {display_url(url)} not reachable: {str(exc).splitlines()[0]}",
        )
    finally:
        ctx.close()


def verify_with_status_list(
    pdf_path: str | Path,
    list_path: str | Path,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
    crl_files: list[str | Path] | None = None,
    tsa_root_pem: str | Path | None = None,
) -> VerificationReport:
    """verify_file with the currency taken from the laboratory's signed status list: no database.

    The list must itself verify VALID against the same trusted roots, and be signed under the same CA
    as the certificate; otherwise it is refused (LabappError, one line) and nothing is reported.
    """
    source = Path(list_path)
    if not source.is_file():
        raise LabappError(f"{source}: no such status list file")
    data = source.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise LabappError(f"{source}: not a PDF file: a labapp status list is a signed PDF")
    trusted = read_status_list(data, load_roots(root_pem, keys_folder), str(source))
    report = verify_file(pdf_path, root_pem, keys_folder, trusted.status.check, crl_files, tsa_root_pem)
    certificate_ca = signer_issuer(Path(pdf_path).read_bytes())
    if certificate_ca is not None and trusted.issuer != certificate_ca:
        raise LabappError(
            f"{source}: status list refused: it is signed under another CA "
            f"({_name(trusted.issuer)}) than the certificate ({_name(certificate_ca)})"
        )
    if report.identity is not None:
        report.details.append(
            f"status list {source.name}: {trusted.status.laboratory}, issued {trusted.status.issued_at} "
            f"by {trusted.status.issued_by}, signed by {trusted.report.signer}"
        )
    return report


def _name(name: x509.Name | None) -> str:
    return "unknown" if name is None else name.rfc4514_string()


def _unchecked(report: VerificationReport, why: str) -> VerificationReport:
    if report.identity is not None:
        report.currency = f"not checked ({why})"
    return report
