"""`labapp results --run NAME [--lot CODE] [--all] [--format table|csv|json]`: a run's stored results."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys

from labapp.cli._session import context
from labapp.core.errors import LabappError
from labapp.core.spreadsheet import neutralise_rows
from labapp.services.calculation.results import COLUMNS, ResultRecord, run_results
from labapp.services.vocabulary import Basis, ResultFlag, Vocabulary

TABLE_COLUMNS = (
    "lot",
    "preparation",
    "element",
    "result",
    "unit",
    "U",
    "k",
    "nu_eff",
    "basis",
    "loq",
    "flags",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "results",
        help="show a calculated run's results (value, U, k, nu_eff, LOQ, flags)",
        description="Reportable results per lot and analyte (with --all also each preparation's result). "
        "Censored results read '< LOD' (not detected) or '< LOQ' (detected, not quantified); nu_eff 'inf' "
        "means infinite degrees of freedom.",
    )
    parser.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
    parser.add_argument("--lot", metavar="CODE", help="only this lot")
    parser.add_argument("--all", action="store_true", help="also the per-preparation results")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(handler=run)


def _g(value: float | None, digits: int = 4) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}g}"


def _row(record: ResultRecord) -> dict[str, str]:
    """One table row: value, U, k and LOQ as stored and printed by the one rounding rule
    (labapp.core.uncertainty.reporting, through the service's texts)."""
    if record.censored == "<":  # the bound is the LOD for a result not detected, else the LOQ
        result = f"{record.text or ''} ({'LOD' if record.not_detected else 'LOQ'})"
    elif record.value is None:
        result = "no result"
    else:
        result = record.text or ""
    return {
        "lot": record.lot or "",
        "preparation": record.preparation or "(reportable)",
        "element": record.element,
        "result": result,
        "unit": record.unit,
        "U": record.U_text,
        "k": record.k_text,
        "nu_eff": "inf" if record.nu_eff is None and record.U is not None else _g(record.nu_eff, 3),
        "basis": _words(Basis, record.basis),
        "loq": record.loq_text,
        "flags": "; ".join(ResultFlag.words(flag) for flag in ResultFlag.split(record.flags)),
    }


def _words(vocabulary: type[Vocabulary], value: object) -> str:
    """A stored word by its English label (the table is for reading; csv and json keep the values)."""
    try:
        return vocabulary(value).label() if value else ""
    except ValueError:
        return str(value)


def _json_value(value: object) -> object:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def run(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        records = run_results(ctx, args.run, lot=args.lot, reportable_only=not args.all)
    if not records and args.lot:
        raise LabappError(
            f"run {args.run!r} has no results for lot {args.lot}: the lot has no readings in this run, "
            "or the run is not calculated yet (labapp calculate)"
        )
    if not records:
        raise LabappError(f"run {args.run!r} has no results: calculate it first (labapp calculate)")
    if args.format == "json":
        data = [{k: _json_value(v) for k, v in r.as_dict().items()} for r in records]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(neutralise_rows(r.as_dict() for r in records))
    else:
        rows = [_row(r) for r in records]
        widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in TABLE_COLUMNS}
        print("  ".join(c.ljust(widths[c]) for c in TABLE_COLUMNS).rstrip())
        for row in rows:
            print("  ".join(row[c].ljust(widths[c]) for c in TABLE_COLUMNS).rstrip())
    return 0
