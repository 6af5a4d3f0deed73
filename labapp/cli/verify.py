"""`labapp verify FILE.pdf`: is this certificate genuine, complete, from our laboratory, and current?

Exit codes (also in docs/certificates.md):
  0 valid            signature intact, covers the whole file, chains to the root (and current, if checked)
  1 tampered         the signed bytes changed, or the PDF is damaged
  2 usage error      file or root certificate missing, bad arguments
  4 not whole file   content was appended after signing
  5 untrusted        intact, but the signer does not chain to the given root
  6 no signature     the PDF is not signed
  7 not current      superseded or retracted (database check)
  8 record mismatch  unknown to the database, or different from the stored record
  9 revoked          the signer's certificate is revoked (CRL in the PDF, the lab's CRL or --crl)

The report prints the SHA-256 fingerprints of the signer's certificate and of the root its chain ends
in: compare the root's with the one the laboratory publishes (contract, web page; `labapp keys
fingerprint`) and printed in every certificate's footer. A look-alike root has another fingerprint.

The database (--db, else LABAPP_DB, else the default) is asked whether the certificate is current;
when it cannot be opened the report says "currency: not checked".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging

from labapp.services.certification.verify import verify_file, verify_with_database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify a signed certificate PDF",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.pdf")
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
    parser.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its path-building tracebacks are not for users
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    if args.no_db:
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
