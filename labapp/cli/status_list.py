"""`labapp certificates status-list --out FILE`: publish the laboratory's signed status list."""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.cli._session import context, read_secret
from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.users import authenticate
from labapp.services.certification.status import publish_status_list

LIST_HELP = """List the certificates issued from this database, or publish their signed status list:

    labapp certificates [--lot BM26-0001]
    labapp certificates status-list --out status-list.pdf --user qa [--keys-dir DIR]

The status list is a PDF signed (PAdES) with your certificate signing key, listing every certificate
revision with its number, revision, lot, date of issue, the SHA-256 of its JSON twin and of its PDF,
and its state: current, superseded (by which revision, why), retracted (why, when) or amendment needed.
The machine-readable list is attached as status-list.json. Publish it where recipients look (the
verification address), and again after every issue, amendment or retraction; recipients check a
certificate with `labapp verify CERT.pdf --status status-list.pdf` (no database needed).
Publishing needs the permission to issue certificates (QA manager); the password is asked again
(LABAPP_PASSWORD without a terminal), and the key's passphrase (LABAPP_KEY_PASSWORD).
"""


def register_status_list(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "status-list",
        help="publish the signed status list of every certificate (for recipients)",
        description=LIST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the signed PDF to write")
    parser.add_argument("--user", required=True, help="your user name (the password is asked for)")
    parser.add_argument("--keys-dir", metavar="DIR", help="keys folder (default as for 'keys')")
    parser.set_defaults(handler=_publish)


def _publish(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".pdf":
        raise LabappError(f"{args.out}: the status list is a signed PDF: name it .pdf")
    with context(args) as ctx:
        password = read_secret(
            f"Password for {args.user} (signature: publish status list): ", "LABAPP_PASSWORD"
        )
        by = authenticate(ctx, args.user, password, purpose="signature")
        by.require(Action.ISSUE_CERTIFICATE)  # before the key's passphrase is asked
        passphrase = read_secret(f"Passphrase of {args.user}'s signing key: ", "LABAPP_KEY_PASSWORD")
        published = publish_status_list(
            ctx, by, args.out, password=password, key_passphrase=passphrase, keys_folder=args.keys_dir
        )
    print(
        f"status list of {published.entries} certificate revision(s), issued {published.issued_at} "
        f"-> {published.path} (SHA-256 {published.pdf_sha256})"
    )
    return 0
