"""`labapp import FILE --run NAME`: store an instrument run and report which labels matched."""

from __future__ import annotations

import argparse
import sys

from labapp.services.context import ServiceContext
from labapp.services.run_import import import_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import an instrument export as a run (archived with SHA-256, labels matched)",
        description="Read an instrument export, archive it byte for byte and store its readings as one run.",
    )
    parser.add_argument("file", help="the instrument's export file")
    parser.add_argument("--run", required=True, metavar="NAME", help="name of the run")
    parser.add_argument("--user", required=True, metavar="NAME", help="who imports (audit trail)")
    parser.add_argument("--profile", metavar="ID", default=None, help="profile id (default: auto-detect)")
    parser.add_argument("--reason", help="reason recorded in the audit trail")
    parser.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="import a file whose SHA-256 was imported before (recorded as a warning)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with ServiceContext(args.db) as ctx:
        result = import_run(
            ctx,
            args.file,
            args.run,
            args.user,
            profile=args.profile,
            reason=args.reason,
            allow_duplicate=args.allow_duplicate,
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
    if result.unmatched:
        print(f"not matched ({len(result.unmatched)}): " + ", ".join(result.unmatched))
    return 0
