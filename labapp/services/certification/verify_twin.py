"""Verify a JSON twin file against its signed certificate: is it byte for byte the twin that was signed?

A recipient's system often keeps only the twin (the data) and passes the PDF to a person. The twin
is signed only as the attachment inside the PDF, so a twin file is trustworthy exactly when its bytes
equal that attachment in a PDF whose signature is valid. The certificate is given (`--pdf`), or else
found in the laboratory's database by the twin's number and revision (its stored signed PDF).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from labapp.certificates.model import canonical_json, load_twin, twin_sha256
from labapp.certificates.verification import Verdict, VerificationReport, embedded_twin, verify_pdf
from labapp.core.errors import LabappError
from labapp.services.administration.keys import keys_dir
from labapp.services.certification.verify import (
    load_crls,
    load_roots,
    load_tsa_roots,
    verify_file,
    verify_with_database,
)

TRUSTED = (Verdict.VALID, Verdict.NOT_CURRENT)  # a signature that stands; currency is reported apart


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]  # where ISO 32000 puts the header


def read_twin(path: Path, data: bytes) -> dict[str, Any]:
    """The twin's number and revision; LabappError "not a PDF" for a file that is neither."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LabappError(f"{path}: not a PDF file (no %PDF- header): nothing to verify") from None
    try:
        info = payload["certificate"]
        str(info["number"]), int(info["revision"])
        if "schema_version" not in payload:
            raise KeyError("schema_version")
    except (ValueError, KeyError, TypeError):
        raise LabappError(
            f"{path}: not a PDF file (no %PDF- header) nor a certificate JSON twin: nothing to verify"
        ) from None
    return payload


def verify_twin(
    twin_path: str | Path,
    pdf_path: str | Path | None,
    db: str | None,
    root_pem: str | Path | None = None,
    keys_folder: str | Path | None = None,
    use_db: bool = True,
    crl_files: list[str | Path] | None = None,
    tsa_root_pem: str | Path | None = None,
) -> VerificationReport:
    """Verify the certificate (given, or the database's, with the same CRLs and timestamp roots as a PDF
    would be), then compare its signed twin with the file."""
    path = Path(twin_path)
    twin = path.read_bytes()
    payload = read_twin(path, twin)
    if pdf_path is not None:
        if use_db:
            report = verify_with_database(pdf_path, db, root_pem, keys_folder, crl_files, tsa_root_pem)
        else:
            report = verify_file(
                pdf_path, root_pem, keys_folder, crl_files=crl_files, tsa_root_pem=tsa_root_pem
            )
        signed = embedded_twin(PdfFileReader(io.BytesIO(Path(pdf_path).read_bytes()), strict=False))
        where = str(pdf_path)
    elif use_db:
        report, signed = _from_database(payload, db, root_pem, keys_folder, crl_files, tsa_root_pem)
        where = "the stored signed PDF"
    else:
        raise LabappError(
            f"{path} is a JSON twin: give its certificate with --pdf FILE.pdf, or use the database"
        )
    return _compare(path, twin, signed, where, report)


def _from_database(
    payload: dict[str, Any],
    db: str | None,
    root_pem: str | Path | None,
    keys_folder: str | Path | None,
    crl_files: list[str | Path] | None = None,
    tsa_root_pem: str | Path | None = None,
) -> tuple[VerificationReport, bytes | None]:
    from labapp.services.certification.issuing import currency_check
    from labapp.services.context import ServiceContext
    from labapp.store.database import resolve_url, sqlite_path
    from labapp.store.records import Certificate

    number, revision = str(payload["certificate"]["number"]), int(payload["certificate"]["revision"])
    file = sqlite_path(resolve_url(db))
    if file is not None and not file.is_file():
        raise LabappError(f"no database at {file}: give the twin's certificate with --pdf FILE.pdf")
    ctx = ServiceContext(db, migrate_policy="check")
    try:
        with ctx.read_session() as session:
            row = session.scalar(
                select(Certificate).where(Certificate.number == number, Certificate.revision == revision)
            )
            pdf = row.pdf_bytes if row is not None else None
        if not pdf:
            raise LabappError(
                f"certificate {number} rev {revision} is not in this database: give it with --pdf FILE.pdf"
            )
        folder = keys_dir(keys_folder, ctx)
        roots = load_roots(root_pem, folder)
        crls, tsa_roots = (
            load_crls(crl_files, root_pem, folder),
            load_tsa_roots(tsa_root_pem, root_pem, folder),
        )
        report = verify_pdf(pdf, roots, currency_check(ctx), crls, tsa_roots)
    finally:
        ctx.close()
    return report, embedded_twin(PdfFileReader(io.BytesIO(pdf), strict=False))


def _compare(
    path: Path, twin: bytes, signed: bytes | None, where: str, report: VerificationReport
) -> VerificationReport:
    if report.verdict not in TRUSTED:
        report.details.append(f"{path.name} not compared: the certificate's signature does not stand")
        return report
    if signed is None:
        report.verdict = Verdict.RECORD_MISMATCH
        report.message = f"{where} has no JSON twin attached to compare {path.name} with"
        return report
    if twin == signed:
        state = "" if report.verdict is Verdict.VALID else f"; but the certificate is {report.currency}"
        report.message = (
            f"{path.name} is byte-identical to the JSON twin signed inside {where} "
            f"(SHA-256 {twin_sha256(twin)}){state}"
        )
        return report
    report.verdict = Verdict.RECORD_MISMATCH
    report.message = f"{path.name} is not the JSON twin signed inside {where}: {_difference(twin, signed)}"
    report.details.append(f"{path.name} SHA-256 {twin_sha256(twin)} (the signed twin's is above)")
    return report


def _difference(twin: bytes, signed: bytes) -> str:
    """Why the bytes differ, in terms a recipient can act on: reformatted, or which fields changed."""
    try:
        ours = load_twin(twin)
    except LabappError as exc:
        return f"the file is not a valid twin ({exc})"
    if canonical_json(ours) == signed:
        return "same content, but not the signed bytes (re-formatted); use the twin attached to the PDF"
    changed = _changed_paths(json.loads(twin), json.loads(signed))
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return f"content differs at {shown}" if changed else "content differs"


def _changed_paths(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            p for k in sorted(set(a) | set(b)) for p in _changed_paths(a.get(k), b.get(k), f"{where}.{k}")
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            p
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for p in _changed_paths(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [where.lstrip(".") or "(whole file)"]
