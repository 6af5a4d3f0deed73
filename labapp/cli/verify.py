"""`labapp verify FILE.pdf`: is this certificate genuine, complete, from our laboratory, and current?
`labapp verify FILE.json [--pdf FILE.pdf]`: is this JSON twin byte for byte the one signed inside its
certificate (the PDF given, else the certificate stored in the database under the twin's number)?

Exit codes (also in docs/certificates.md):
  0 valid            signature intact, covers the whole file, chains to the root (and current, if checked)
  1 tampered         the signed bytes changed, or the PDF is damaged
  2 usage error      file or root certificate missing, bad arguments
  4 not whole file   content was appended after signing
  5 untrusted        intact, but the signer does not chain to the given root
  6 no signature     the PDF is not signed
  7 not current      superseded, retracted or amendment needed (database or status list)
  8 record mismatch  unknown to the database (or missing from the status list), or different from
                     the stored record: another JSON twin, or another file (whole-file SHA-256)
  9 revoked          the signer's certificate is revoked (CRL in the PDF, the lab's CRL or --crl)

The report prints the SHA-256 fingerprints of the signer's certificate and of the root its chain ends
in: compare the root's with the one the laboratory publishes (contract, web page; `labapp keys
fingerprint`) and printed in every certificate's footer. A look-alike root has another fingerprint.

The database (--db, else LABAPP_DB, else the default) is asked whether the certificate is current;
when it cannot be opened the report says "currency: not checked".

A recipient without the database passes the laboratory's signed status list instead:
  labapp verify CERT.pdf --status status-list.pdf [--root lab-root.pem]
The list must verify against the same root and be signed under the same CA as the certificate, else
it is refused (exit 2, one line). A certificate missing from the list exits 8: the list cannot vouch
for it (it may be older than the certificate: get the laboratory's current list).
A retraction notice or a status list given as FILE.pdf is verified like a certificate and reported as
what it is.
A file that is neither a PDF nor a certificate JSON twin is refused ("not a PDF", exit 2).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
from pathlib import Path

from labapp.core.errors import LabappError
from labapp.services.certification.verify import (
    verify_file,
    verify_with_database,
    verify_with_status_list,
)
from labapp.services.certification.verify_twin import is_pdf, verify_twin


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify a signed certificate PDF",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="a certificate PDF, or its JSON twin")
    parser.add_argument(
        "--pdf", metavar="FILE.pdf", help="for a JSON twin: its certificate (default: the database's)"
    )
    parser.add_argument(
        "--root", metavar="PEM", help="trusted root certificate(s); default: the local lab root"
    )
    parser.add_argument(
        "--keys-dir", metavar="DIR", help="keys folder holding root-ca.pem (default as for 'keys')"
    )
    parser.add_argument(
        "--crl",
        metavar="FILE",
        action="append",
        help="a CRL of the lab's root (DER or PEM) fetched from its published address; repeatable",
    )
    parser.add_argument(
        "--tsa-root",
        metavar="PEM",
        help="root certificate(s) of the lab's timestamp authority (B-LTA); default: the local keystore's",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--no-db", action="store_true", help="do not ask the database whether the certificate is current"
    )
    parser.add_argument(
        "--status",
        metavar="LIST.pdf",
        help="the laboratory's signed status list: currency from it, no database (implies --no-db)",
    )
    parser.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its path-building tracebacks are not for users
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    path = Path(args.file)
    if not path.is_file():
        raise LabappError(f"{path}: no such file")
    if not is_pdf(path.read_bytes()[:1024]):
        if args.status:
            raise LabappError(f"{path} is a JSON twin: --status goes with the certificate PDF")
        report = verify_twin(
            path, args.pdf, args.db, args.root, args.keys_dir, not args.no_db, args.crl, args.tsa_root
        )
    elif args.pdf:
        raise LabappError(f"{path} is a PDF: --pdf goes with a JSON twin (verify FILE.json --pdf FILE.pdf)")
    elif args.status:
        report = verify_with_status_list(
            args.file, args.status, args.root, args.keys_dir, args.crl, args.tsa_root
        )
    elif args.no_db:
        report = verify_file(
            args.file, args.root, args.keys_dir, crl_files=args.crl, tsa_root_pem=args.tsa_root
        )
    else:
        report = verify_with_database(args.file, args.db, args.root, args.keys_dir, args.crl, args.tsa_root)
    if args.json:
        payload = dataclasses.asdict(report)
        payload["verdict"] = report.verdict.label
        payload["exit_code"] = report.verdict.exit_code
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return report.verdict.exit_code
    print(f"{report.verdict.label.upper()}: {report.message}")
    if report.identity is not None:
        print(f"  certificate {report.identity.number} revision {report.identity.revision}")
        print(f"  JSON twin SHA-256 {report.identity.twin_sha256}")
        if report.identity.pdf_sha256:
            print(f"  file SHA-256 {report.identity.pdf_sha256}")
    if report.signer:
        meaning = f" (meaning: {report.reason})" if report.reason else ""
        print(f"  signed by {report.signer} at {report.signed_at}{meaning}")
    if report.signer_sha256:
        print(f"  signer certificate SHA-256 {report.signer_sha256}")
        print(f"    short: {report.signer_sha256_short}")
    if report.root_sha256:
        print(f"  root certificate SHA-256   {report.root_sha256}")
        print(
            f"    short: {report.root_sha256_short} (compare with the fingerprint the laboratory publishes)"
        )
    if report.long_term:
        print(f"  long-term validation (PAdES B-LTA): {report.long_term}")
    if report.identity is not None:
        print(f"  currency: {report.currency}")
    for line in report.details:
        print(f"  {line}")
    return report.verdict.exit_code
