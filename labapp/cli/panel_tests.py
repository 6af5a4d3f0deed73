"""`labapp tests ...`: the black-mass panel (moisture, LOI, acid-insoluble matter, F_ws, carbon, sizes).

    labapp tests methods [--lang ja]                         the methods and the fields each takes
    labapp tests enter --lot LOT --method ID --user NAME --portion "tare_g=25.1234 gross_before_g=..." ...
    labapp tests import FILE --user NAME [--profile ID] [--crm-certified VALUE[:U]]
    labapp tests verify ID [ID ...] --user NAME [--reason TEXT]   a second person (four eyes), one signature
    labapp tests reject ID --user NAME --reason TEXT
    labapp tests submit ID --user NAME [--acknowledge REASON] the results join the lot's results, signed
    labapp tests list [--lot LOT] [--state STATE] [--lang ja]

Every failure is one line naming the field (or the file and line) and the problem.
"""

from __future__ import annotations

import argparse

from labapp.cli._session import add_user_option, context, login, read_secret
from labapp.core.errors import LabappError
from labapp.core.panel import FIELDS
from labapp.services import panel
from labapp.services.administration.panel_methods import load_panel_methods
from labapp.services.vocabulary import PanelKind, PanelTestState

_WORDS = {  # the few words the listings print, in both languages
    "fields": ("fields", "入力項目"),
    "optional": ("optional", "任意"),
    "entered": ("entered by", "入力者"),
    "verified": ("verified by", "確認者"),
    "submitted": ("submitted by", "提出者"),
    "failed": ("failed", "不合格"),
    "none": ("no panel tests", "試験はありません"),
}


def _word(key: str, lang: str) -> str:
    en, ja = _WORDS[key]
    return ja if lang == "ja" else en


def register(commands: argparse._SubParsersAction) -> None:
    tests = commands.add_parser(
        "tests",
        help="panel tests that are not an ICP/XRF run: moisture, LOI, acid-insoluble matter, F_ws, carbon, "
        "particle size",
        description="Enter or import panel test results, have a second person verify them, and submit them "
        "into the lot's reportable results.",
    )
    sub = tests.add_subparsers(dest="tests_command", metavar="ACTION", required=True)
    methods = sub.add_parser("methods", help="list the panel methods and the fields each takes (with units)")
    _lang(methods)
    methods.set_defaults(handler=_methods)

    enter = sub.add_parser(
        "enter", help="enter one test's values (validated; nothing stored when one is wrong)"
    )
    enter.add_argument("--lot", required=True, metavar="LOT")
    enter.add_argument(
        "--method", required=True, metavar="ID", help="panel method id (`labapp tests methods`)"
    )
    enter.add_argument(
        "--portion",
        action="append",
        required=True,
        metavar="FIELD=VALUE ...",
        help="one determination: its fields as FIELD=VALUE separated by spaces; a list field (retained_g) "
        "as values separated by ';' (repeat --portion for each portion)",
    )
    enter.add_argument("--sample", metavar="LABEL", help="the laboratory sample's label, when not the lot's")
    enter.add_argument(
        "--standards", metavar="C:READING;...", help="fluoride: the batch's standards, mg/L:reading"
    )
    enter.add_argument("--crm", metavar="MEASURED:CERTIFIED[:U]", help="the batch's CRM check (carbon, F_ws)")
    add_user_option(enter)
    enter.set_defaults(handler=_enter)

    imp = sub.add_parser("import", help="import a result sheet or an instrument export (all tests or none)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--profile", metavar="ID", help="import profile (default: the first whose columns match)"
    )
    imp.add_argument("--crm-certified", metavar="VALUE[:U]", help="certified value (and u) of the CRM burned")
    add_user_option(imp)
    imp.set_defaults(handler=_import)

    for name, text in (
        ("verify", "verify tests' entries against the raw records (second person; one signature for all)"),
        ("reject", "send an entered or verified test back, with a reason (signed)"),
        ("submit", "submit a verified test: its results join the lot's results (signed)"),
    ):
        p = sub.add_parser(name, help=text)
        if name == "verify":  # several at once: one password, every test checked and signed, all or none
            p.add_argument("test", metavar="ID", nargs="+", help="one or more test ids (one signature)")
        else:
            p.add_argument("test", metavar="ID")
        add_user_option(p)
        p.add_argument("--reason", required=name == "reject", metavar="TEXT")
        if name == "submit":
            p.add_argument(
                "--acknowledge", metavar="REASON", help="submit over failed QC checks, for this reason"
            )
        p.set_defaults(handler=_signer(name))

    listing = sub.add_parser("list", help="list panel tests with their results as reported")
    listing.add_argument("--lot", metavar="LOT")
    listing.add_argument("--state", choices=PanelTestState.values())
    _lang(listing)
    listing.set_defaults(handler=_list)


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("en", "ja"), default="en", help="language of the listing")


def parse_portion(text: str, number: int) -> dict[str, str]:
    """'tare_g=25.1 gross_before_g=35.2' -> {field: text}; one line naming the portion on error."""
    out: dict[str, str] = {}
    for item in text.split():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise LabappError(f"portion {number}: {item!r} is not FIELD=VALUE")
        if name in out:
            raise LabappError(f"portion {number}: {name}: given twice")
        out[name] = value
    if not out:
        raise LabappError(f"portion {number}: no FIELD=VALUE given")
    return out


def _methods(args: argparse.Namespace) -> int:
    for method in load_panel_methods().values():
        kind = PanelKind(method.kind)
        print(f"{method.id} {method.version}: {method.title(args.lang)} [{kind.label(args.lang)}]")
        print(f"  {method.analyte} ({method.unit}, {method.basis.label(args.lang)}); {method.reference}")
        fields = []
        for f in FIELDS[kind]:
            unit = f" {f.unit}" if f.unit else ""
            extra = f", {_word('optional', args.lang)}" if f.optional else ""
            fields.append(f"{f.name} ({f.label(args.lang)}{unit}{extra})")
        print(f"  {_word('fields', args.lang)}: " + "; ".join(fields))
    return 0


def _print(summary: panel.TestSummary, lang: str = "en") -> None:
    people = f"{_word('entered', lang)} {summary.entered_by}"
    if summary.verified_by:
        people += f", {_word('verified', lang)} {summary.verified_by}"
    if summary.submitted_by:
        people += f", {_word('submitted', lang)} {summary.submitted_by}"
    print(
        f"#{summary.id} {summary.lot} {summary.method_id} {summary.method_version} "
        f"{summary.state.label(lang)} ({people})"
    )
    for line in summary.results:
        failed = f" - {_word('failed', lang)}: {', '.join(line.failed_checks)}" if line.failed_checks else ""
        print(f"  {line.analyte}: {line.text} ({line.basis}){failed}")


def _enter(args: argparse.Namespace) -> int:
    portions = [parse_portion(text, i) for i, text in enumerate(args.portion, start=1)]
    with context(args) as ctx:
        summary = panel.enter_test(
            ctx,
            login(ctx, args),
            args.lot,
            args.method,
            portions,
            sample_label=args.sample,
            standards=args.standards,
            crm=args.crm,
        )
    _print(summary)
    return 0


def _import(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        stored = panel.import_tests(
            ctx, login(ctx, args), args.file, profile=args.profile, crm_certified=args.crm_certified
        )
    for summary in stored:
        _print(summary)
    print(f"{len(stored)} test(s) imported from {args.file}")
    return 0


def _signer(name: str):  # noqa: ANN202 - an argparse handler
    def handler(args: argparse.Namespace) -> int:
        with context(args) as ctx:
            password = read_secret(f"Password for {args.user} (signature: {name}): ", "LABAPP_PASSWORD")
            if name == "verify":
                done = panel.verify_tests(ctx, args.user, password, args.test, args.reason)
            elif name == "reject":
                done = [panel.reject_test(ctx, args.user, password, args.test, args.reason)]
            else:
                done = [panel.submit_test(ctx, args.user, password, args.test, args.acknowledge)]
        for summary in done:
            _print(summary)
        return 0

    return handler


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        found = panel.list_tests(ctx, args.lot, args.state)
    if not found:
        print(_word("none", args.lang))
    for summary in found:
        _print(summary, args.lang)
    return 0
