"""`labapp settlement`: a lot's settlement value, the exchange of assays and the signed statement."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from labapp.certificates.settlement_statement import statement_lines, statement_payload
from labapp.certificates.settlement_text import settlement_text
from labapp.certificates.text import LANGUAGES, languages
from labapp.cli._session import add_user_option, context, login, read_secret
from labapp.core.errors import LabappError
from labapp.core.splitting import AssaySource
from labapp.services.administration.users import authenticate
from labapp.services.settlement import compute_settlement, confirm_assay, list_assays, record_assay
from labapp.services.settlement.statement import ISSUE, header_for, issue_statement

HELP = """Settle a lot on its assay: per payable element, dry tonnes x assay x payable % x price, with
the value's expanded uncertainty, the counter-party's assay against the splitting limit, and the
umpire's decision (docs/settlement.md):

    labapp settlement --lot BM26-0001 --prices terms.toml [--language en|ja|en+ja] [--format json]
    labapp settlement record --lot BM26-0001 --element Ni --source counterparty --value 20.20 \\
        --laboratory "Buyer's lab" [--report REF] [--reason TEXT] --user tech
    labapp settlement confirm --lot BM26-0001 --element Ni --source counterparty --user reviewer
    labapp settlement assays --lot BM26-0001
    labapp settlement statement --lot BM26-0001 --prices terms.toml --out BM26-0001_settlement.pdf --user qa
        [--provisional]

The terms file (TOML, or CSV with the rows section,field,value) is yours: payable % and reference
price per element with currency and date, splitting limits, umpire rule, the lot's wet mass and its
uncertainty; nothing is fetched. A recorded assay counts once a second person confirmed it. The
statement is signed like a certificate with your signing key (QA manager); the password is asked
again (LABAPP_PASSWORD without a terminal), and the key's passphrase (LABAPP_KEY_PASSWORD). While an
element still awaits an assay, --provisional issues a provisional statement (no final value); the
final statement supersedes it.
"""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "settlement",
        help="settlement value of a lot, exchange of assays with the counter-party and umpire, statement",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _lot_and_terms(parser, None)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=_show)
    actions = parser.add_subparsers(dest="settlement_action", metavar="ACTION")
    record = actions.add_parser(
        "record", help="enter the counter-party's or the umpire's assay of an element"
    )
    _entry_options(record)
    record.add_argument("--value", type=float, required=True, help="the assay, wt %% on the dry basis")
    record.add_argument("--laboratory", required=True, help="the laboratory whose report it is")
    record.add_argument("--report", help="that laboratory's report number")
    record.add_argument("--reason", help="why an earlier entry is corrected (required then)")
    record.set_defaults(handler=_record)
    confirm = actions.add_parser("confirm", help="confirm an entered assay (a second person)")
    _entry_options(confirm)
    confirm.set_defaults(handler=_confirm)
    assays = actions.add_parser("assays", help="list the lot's recorded assays")
    assays.add_argument("--lot", metavar="CODE", required=True)
    assays.add_argument("--all", action="store_true", help="include superseded entries")
    assays.set_defaults(handler=_assays)
    statement = actions.add_parser("statement", help="issue the signed settlement statement (PDF)")
    _lot_and_terms(statement, argparse.SUPPRESS)
    statement.add_argument("--out", type=Path, required=True, metavar="FILE", help="the signed PDF to write")
    add_user_option(statement)
    statement.add_argument("--keys-dir", metavar="DIR", help="keys folder (default as for 'keys')")
    statement.add_argument(
        "--provisional",
        action="store_true",
        help="issue a provisional statement while an element awaits an assay (no final value)",
    )
    statement.set_defaults(handler=_statement)


def _lot_and_terms(parser: argparse.ArgumentParser, default: object) -> None:
    """--lot, --prices and --language; a subcommand's copies must not overwrite the parent's values."""
    extra = {} if default is None else {"default": default}
    parser.add_argument("--lot", metavar="CODE", help="the lot to settle", **extra)
    terms_help = "terms file: .toml, or .csv (section,field,value)"
    parser.add_argument("--prices", type=Path, metavar="FILE", help=terms_help, **extra)
    parser.add_argument("--language", choices=LANGUAGES, help="en, ja or en+ja (default en)", **extra)


def _entry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lot", metavar="CODE", required=True)
    parser.add_argument("--element", required=True, help="element symbol, e.g. Ni")
    parser.add_argument(
        "--source", required=True, choices=(AssaySource.COUNTERPARTY.value, AssaySource.UMPIRE.value)
    )
    add_user_option(parser)


def _required(args: argparse.Namespace) -> tuple[str, Path]:
    lot, prices = getattr(args, "lot", None), getattr(args, "prices", None)
    if not lot or not prices:
        raise LabappError("name the lot and the terms file: labapp settlement --lot CODE --prices FILE")
    return lot, prices


def _show(args: argparse.Namespace) -> int:
    lot, prices = _required(args)
    with context(args) as ctx:
        report = compute_settlement(ctx, lot, prices)
    header = header_for(report, "", args.language or "en")
    if args.format == "json":
        print(
            json.dumps(
                statement_payload(header, report.terms.terms, report.settlement), ensure_ascii=False, indent=2
            )
        )
        return 0
    print("\n".join(statement_lines(header, report.terms.terms, report.settlement)))
    for e in report.unconfirmed:
        for lang in languages(header.language):
            what = f"{e.element} {e.source.label(lang)} {e.value_pct} wt % ({e.entered_by})"
            print(settlement_text("unconfirmed", lang, what=what))
    return 0


def _record(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        e = record_assay(
            ctx,
            user,
            args.lot,
            args.element,
            args.source,
            args.value,
            args.laboratory,
            args.report,
            args.reason,
        )
    print(
        f"{e.lot}: {e.source.label()} assay of {e.element} {e.value_pct} wt % ({e.laboratory}) entered by "
        f"{e.entered_by}; it counts once another person confirms it "
        f"(labapp settlement confirm --lot {e.lot} --element {e.element} --source {e.source.value})"
    )
    return 0


def _confirm(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        e = confirm_assay(ctx, user, args.lot, args.element, args.source)
    print(
        f"{e.lot}: {e.source.label()} assay of {e.element} {e.value_pct} wt % entered by {e.entered_by}, "
        f"confirmed by {e.confirmed_by}"
    )
    return 0


def _assays(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        entries = list_assays(ctx, args.lot, include_superseded=args.all)
    if not entries:
        print(f"{args.lot}: no assays recorded")
    for e in entries:
        confirmed = f", confirmed by {e.confirmed_by}" if e.confirmed_by else ""
        note = f" ({e.note})" if e.note else ""
        print(
            f"{e.element}\t{e.source.label()}\t{e.value_pct} wt %\t{e.laboratory}\t{e.state.label()}{note}\t"
            f"entered by {e.entered_by} {e.entered_at:%Y-%m-%d %H:%M}{confirmed}"
        )
    return 0


def _statement(args: argparse.Namespace) -> int:
    lot, prices = _required(args)
    with context(args) as ctx:
        password = read_secret(
            f"Password for {args.user} (signature: settlement statement): ", "LABAPP_PASSWORD"
        )
        by = authenticate(ctx, args.user, password, purpose="signature")
        by.require(ISSUE)  # before the key's passphrase is asked
        passphrase = read_secret(f"Passphrase of {args.user}'s signing key: ", "LABAPP_KEY_PASSWORD")
        issued = issue_statement(
            ctx,
            by,
            lot,
            prices,
            args.out,
            password=password,
            key_passphrase=passphrase,
            keys_folder=args.keys_dir,
            language=getattr(args, "language", None) or "en",
            provisional=args.provisional,
        )
    if issued.final_value is None:
        open_elements = ", ".join(issued.outstanding)
        what = f"provisional settlement statement of {lot}: not final, {open_elements} outstanding"
    else:
        what = f"settlement statement of {lot}: final value {issued.final_value:,.2f} {issued.currency}"
    print(f"{what} -> {issued.path} (SHA-256 {issued.pdf_sha256})")
    return 0
