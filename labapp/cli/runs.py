"""`labapp runs list` and `labapp qc --run R`: which runs there are, and each QC check of one run
with its value, limits and verdict ("2 of 360 checks failed": which, and by how much)."""

from __future__ import annotations

import argparse
import math

from labapp.cli._session import context
from labapp.core.vocabulary import CheckOutcome
from labapp.services.calculation.results import QcRecord, run_qc
from labapp.services.workflow.review import list_runs


def register(commands: argparse._SubParsersAction) -> None:
    runs = commands.add_parser("runs", help="list imported runs and their states")
    sub = runs.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every run, oldest first: id, name, state, file, imported by")
    listing.add_argument("--state", help="only runs in this state (imported, calculated, submitted, ...)")
    listing.set_defaults(handler=_list)
    qc = commands.add_parser("qc", help="a calculated run's QC checks: value, limits and verdict of each")
    qc.add_argument("--run", required=True, metavar="NAME", help="run name (or id; `labapp runs list`)")
    qc.add_argument("--failed", action="store_true", help="only the checks that failed")
    qc.set_defaults(handler=_qc)


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        runs = list_runs(ctx, args.state)
    if not runs:
        print("no runs" + (f" in state {args.state}" if args.state else "") + ": `labapp import` adds one")
        return 0
    print(f"{'id':>4}  {'name':<28} {'state':<12} {'imported by':<12} file")
    for run in runs:
        name, by = run.name[:28], run.imported_by[:12]
        print(f"{run.id:>4}  {name:<28} {run.state.value:<12} {by:<12} {run.file_name}")
    return 0


def _qc(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        checks = run_qc(ctx, args.run)
    if not checks:
        print(f"run {args.run!r} has no QC checks: calculate it first (labapp calculate --run ...)")
        return 0
    failed = [c for c in checks if c.outcome is CheckOutcome.FAIL]
    shown = failed if args.failed else checks
    if shown:
        print(HEADER)
    for check in shown:
        print(_row(check))
    applicable = sum(c.outcome is not CheckOutcome.NOT_APPLICABLE for c in checks)
    print(f"{len(failed)} of {applicable} checks failed ({len(checks)} listed by the method)")
    return 0


HEADER = (
    f"{'check':<36} {'sample':<16} {'element, line':<16} {'measured':>9} {'expected':>9} {'statistic':>9} "
    f"{'limits':<18} verdict"
)


def _row(check: QcRecord) -> str:
    where = " ".join(x for x in (check.element, check.line) if x) or "-"
    limits = f"{_g(check.lower_limit)} .. {_g(check.upper_limit)}"
    verdict = check.outcome.label() if check.outcome is not None else "-"
    detail = f"  ({check.detail})" if check.detail else ""
    statistic = _g(check.statistic, 6)  # r = 0.999997 is not 1
    return (
        f"{check.check.label()[:36]:<36} {(check.sample_label or '-')[:16]:<16} {where[:16]:<16} "
        f"{_g(check.measured):>9} {_g(check.expected):>9} {statistic:>9} {limits:<18} {verdict}{detail}"
    )


def _g(value: float | None, digits: int = 4) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:.{digits}g}"
