"""`labapp certify`: issue, amend and retract signed certificates; `labapp certificates`: list them.

    labapp certify --lot BM26-0001 BM26-0002 --user qa [--language en+ja] [--out DIR] [--keys-dir DIR]
    labapp certify --run "ICP-OES 2026-03-17" --user qa          # every approved lot of the run
    labapp certify --lot BM26-0001 --user qa --language ja --remark retained-sample   # a lab phrase
    labapp certify amend LA-2026-000001 --reason "client name corrected" --user qa
    labapp certify retract LA-2026-000001 --reason "sample mix-up" --user qa [--out DIR]
    labapp certificates [--lot BM26-0001]
    labapp certificates export --format catena-x LA-2026-000001 --supplier-bpnl ... --customer-bpnl ...
    labapp certificates status-list --out status.pdf --user qa

Retracting also writes a signed retraction notice (<number>_rev<n>_retraction.pdf, in the certificate's
language) into --out, to send to the customer.

Issuing, amending and retracting are electronic signatures: the password is asked again (without a
terminal: LABAPP_PASSWORD), and the signing key's passphrase too (LABAPP_KEY_PASSWORD).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.cli import certificates_export
from labapp.cli._session import context, read_secret
from labapp.cli.status_list import LIST_HELP, register_status_list
from labapp.core.errors import LabappError
from labapp.core.progress import Progress
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.certification import issuing as cert
from labapp.services.context import ServiceContext


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "certify", help="issue signed certificates for approved lots (or amend / retract one)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--lot", nargs="+", metavar="CODE", help="lot code(s) to certify")
    which.add_argument("--run", metavar="NAME", help="certify every approved lot of this run")
    _signing_options(parser, None)
    parser.set_defaults(handler=_issue)
    actions = parser.add_subparsers(dest="certify_action", metavar="ACTION")
    amend = actions.add_parser("amend", help="issue the next revision of a certificate, with a reason")
    amend.add_argument("number", metavar="NUMBER")
    amend.add_argument("--reason", required=True, help="why (printed on the new revision)")
    _signing_options(amend, argparse.SUPPRESS)
    amend.set_defaults(handler=_amend)
    retract = actions.add_parser(
        "retract", help="retract a certificate, with a reason; writes the signed retraction notice"
    )
    retract.add_argument("number", metavar="NUMBER")
    retract.add_argument("--reason", required=True, help="why (stored and reported by labapp verify)")
    retract.add_argument("--user", default=argparse.SUPPRESS, help="your user name")
    retract.add_argument("--out", type=Path, default=argparse.SUPPRESS,
                         help="folder for the signed retraction notice PDF (default ./certificates)")
    retract.add_argument("--keys-dir", metavar="DIR", default=argparse.SUPPRESS,
                         help="keys folder (default as for 'keys')")
    retract.set_defaults(handler=_retract)
    listing = commands.add_parser(
        "certificates", help="list issued certificates and their state; publish the signed status list",
        description=LIST_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.add_argument("--lot", metavar="CODE", help="only this lot's certificates")
    listing.set_defaults(handler=_list)
    register_status_list(listing.add_subparsers(dest="certificates_action", metavar="ACTION"))
    certificates_export.register(listing)


def _signing_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Options shared by issue and amend; a subcommand's copies must not overwrite the parent's values."""
    def opt(*names: str, **kw: object) -> None:
        parser.add_argument(*names, **kw, **({} if default is None else {"default": default}))

    opt("--user", help="your user name (the password is asked for)")
    opt("--language", choices=cert.LANGUAGES, help="en, ja or en+ja (default en)")
    opt("--out", type=Path, help="folder for the PDF and JSON files (default ./certificates)")
    opt("--keys-dir", metavar="DIR", help="keys folder (default as for 'keys')")
    opt("--tsa-url", metavar="URL", help="RFC 3161 timestamp server (default: none, sign offline)")
    opt("--remark", action="append", metavar="CODE",
        help="a remark from the laboratory's phrase list (printed in English and Japanese); repeatable."
             " See `labapp lab phrases list`")


def _signer(ctx: ServiceContext, args: argparse.Namespace, what: str) -> tuple[AuthenticatedUser, str]:
    user = getattr(args, "user", None)
    if not user:
        raise LabappError("--user is required")
    password = read_secret(f"Password for {user} (signature: {what}): ", "LABAPP_PASSWORD")
    return authenticate(ctx, user, password, purpose="signature"), password


def _setup(args: argparse.Namespace, user: str) -> cert.SigningSetup:
    passphrase = read_secret(f"Passphrase of {user}'s signing key: ", "LABAPP_KEY_PASSWORD")
    return cert.SigningSetup(
        out_dir=getattr(args, "out", None) or Path("certificates"), key_passphrase=passphrase,
        language=getattr(args, "language", None) or "en", keys_folder=getattr(args, "keys_dir", None),
        tsa_url=getattr(args, "tsa_url", None), remarks=tuple(getattr(args, "remark", None) or ()),
    )


def _issue(args: argparse.Namespace) -> int:
    if not args.lot and not args.run:
        raise LabappError("name the lots to certify (--lot CODE...) or a run (--run NAME)")
    with context(args) as ctx:
        lots = args.lot or cert.approved_lots_of_run(ctx, args.run)
        if not lots:
            raise LabappError(f"run {args.run!r} has no approved lot waiting for a certificate")
        by, password = _signer(ctx, args, "issue certificates")
        progress = Progress(_print_progress)
        summaries = cert.issue_certificates(ctx, by, lots, password=password,
                                            setup=_setup(args, by.username), progress=progress)
    for s in summaries:
        where = f" -> {s.pdf_path}" if s.pdf_path else ""
        print(f"{s.lot_code}: {s.status}: {s.message}{where}")
    failed = [s for s in summaries if s.status is not cert.IssueStatus.ISSUED]
    if failed:
        print(f"labapp: {len(failed)} of {len(summaries)} lot(s) not certified", flush=True)
        return 1
    return 0


def _print_progress(done: int, total: int, message: str) -> None:
    if done < total:
        print(f"[{done + 1}/{total}] {message}", flush=True)


def _amend(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by, password = _signer(ctx, args, "amend certificate")
        s = cert.amend_certificate(ctx, by, args.number, args.reason, password=password,
                                   setup=_setup(args, by.username))
    print(f"{s.lot_code}: issued {s.message} -> {s.pdf_path}")
    for change in s.changes:  # ISO/IEC 17025 7.8.8.2: what the new revision changed
        print(f"  changed {change.field}: {change.old} -> {change.new}")
    return 0


def _retract(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by, password = _signer(ctx, args, "retract certificate")
        record = cert.retract_certificate(ctx, by, args.number, args.reason, password=password,
                                          setup=_setup(args, by.username))
    print(f"{record.number} rev {record.revision} ({record.lot_code}) is retracted: {record.reason}")
    if record.notice_path:
        print(f"signed retraction notice for the customer -> {record.notice_path}")
    else:
        print("the signed retraction notice is stored; the next start writes it into the folder")
    return 0


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        records = cert.list_certificates(ctx, args.lot)
    if not records:
        print("no certificates")
        return 0
    for r in records:
        reason = f" - {r.reason}" if r.reason else ""
        twin = r.twin_sha256[:12] if r.twin_sha256 else "-"
        print(f"{r.number} rev {r.revision}  {r.lot_code:<12} {r.state:<10} {r.issued_at[:16]}  "
              f"{r.issued_by:<10} {r.language:<5} twin {twin}{reason}")
    return 0
