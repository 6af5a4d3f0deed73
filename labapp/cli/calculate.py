"""`labapp calculate --run NAME --user NAME`: compute a run and store its results and QC outcomes."""

from __future__ import annotations

import argparse
import sys

from labapp.cli._session import add_user_option, context, login
from labapp.core.progress import Progress
from labapp.services.calculation.calculate import calculate_run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calculate",
        help="calculate an imported run (corrections, calibration, QC, uncertainty, reportable results)",
        description="Calculate a run and replace its stored results; the password is asked for "
        "(LABAPP_PASSWORD when there is no terminal).",
    )
    parser.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
    parser.add_argument(
        "--method",
        metavar="ID",
        help="method id (default: the run's earlier method, else the one its technique and lines fit)",
    )
    parser.add_argument("--reason", help="reason recorded in the audit trail (e.g. why recalculated)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_user_option(parser)
    parser.set_defaults(handler=run)


def _progress(quiet: bool) -> Progress:
    if quiet:
        return Progress()
    return Progress(lambda done, total, message: print(f"[{done}/{total}] {message}", file=sys.stderr))


def run(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        done = calculate_run(
            ctx, args.run, user, _progress(args.quiet), method_id=args.method, reason=args.reason
        )
    for note in done.notes:
        print(f"note: {note}")
    print(
        f"calculated run {done.run_name!r} (id {done.run_id}) with {done.method_id}: "
        f"{done.preparation_results} preparation result(s), {done.reportable_results} reportable; "
        f"QC {done.verdict.label()} ({done.qc_failed} of {done.qc_checks} checks failed); "
        f"{done.replaced} earlier result(s) replaced"
    )
    if done.problems.found:
        print(f"problems: {done.problems.summary()}; signing the run needs --acknowledge REASON")
    return 0
