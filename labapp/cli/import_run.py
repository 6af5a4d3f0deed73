"""`labapp import FILE --run NAME`: store an instrument run and report which labels matched."""

from __future__ import annotations

import argparse
import sys

from labapp.cli._session import add_user_option, context, login
from labapp.core.errors import LabappError
from labapp.services.importing.run_import import import_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import an instrument export as a run (archived with SHA-256, labels matched)",
        description="Read an instrument export, archive it byte for byte and store its readings as one run.",
    )
    parser.add_argument("file", help="the instrument's export file")
    parser.add_argument("--run", required=True, metavar="NAME", help="name of the run")
    add_user_option(parser)
    parser.add_argument("--profile", metavar="ID", default=None, help="profile id (default: auto-detect)")
    parser.add_argument("--reason", help="reason recorded in the audit trail")
    parser.add_argument(
        "--assign",
        action="append",
        default=[],
        metavar="LABEL=PREPARATION",
        help="match a file label the automatic matching left out to a registered preparation (repeatable)",
    )
    parser.add_argument("--assign-reason", metavar="TEXT", help="why labels were assigned by hand (required)")
    parser.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="import a file whose SHA-256 was imported before (recorded as a warning)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        result = import_run(
            ctx,
            args.file,
            args.run,
            by,
            profile=args.profile,
            reason=args.reason,
            allow_duplicate=args.allow_duplicate,
            assignments=_assignments(args.assign),
            assignment_reason=args.assign_reason,
        )
    for warning in result.warnings:
        print(f"labapp: warning: {warning}", file=sys.stderr)
    print(
        f"imported run {result.run_name!r} (id {result.run_id}) from {result.file}: "
        f"{result.readings} readings, "
        f"profile {result.profile}, SHA-256 {result.sha256}"
    )
    print(
        f"matched {len(result.matched)} sample label(s) to registered preparations; "
        f"{len(result.qc_labels)} QC solution(s) not matched by design"
    )
    if result.assigned:
        pairs = ", ".join(f"{label} -> {target}" for label, target in result.assigned.items())
        print(f"assigned by hand ({len(result.assigned)}): {pairs}; reason: {result.assignment_reason}")
    if result.held:
        held = ", ".join(f"{label} (lot {lot})" for label, lot in sorted(result.held.items()))
        print(f"not linked, lot already released ({len(result.held)}): {held}")
    if result.unmatched:
        print(f"not matched ({len(result.unmatched)}): " + ", ".join(result.unmatched))
    return 0


def _assignments(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        label, sep, target = item.partition("=")
        if not sep or not label.strip() or not target.strip():
            raise LabappError(f"--assign {item!r}: write LABEL=PREPARATION")
        out[label.strip()] = target.strip()
    return out
