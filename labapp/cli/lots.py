"""`labapp lots import-manifest` and `labapp lots list`."""

from __future__ import annotations

import argparse
import sys

from labapp.services.context import ServiceContext
from labapp.services.registration import ManifestError, import_manifest, list_lots


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lots", help="register and list lots")
    commands = parser.add_subparsers(dest="lots_command", metavar="ACTION", required=True)
    manifest = commands.add_parser(
        "import-manifest",
        help="register every lot of a manifest (.csv or .xlsx), or nothing when a line is wrong",
    )
    manifest.add_argument("file", metavar="FILE")
    manifest.add_argument(
        "--user", required=True, metavar="NAME", help="who registers the lots (audit trail)"
    )
    manifest.add_argument("--reason", help="reason recorded in the audit trail")
    manifest.set_defaults(handler=_import_manifest)
    listing = commands.add_parser("list", help="list registered lots, newest first")
    listing.set_defaults(handler=_list)


def _import_manifest(args: argparse.Namespace) -> int:
    with ServiceContext(args.db) as ctx:
        try:
            result = import_manifest(ctx, args.file, args.user, args.reason)
        except ManifestError as exc:
            for problem in exc.problems:  # each line is complete: file, line, problem
                print(f"labapp: {problem}", file=sys.stderr)
            print(
                f"labapp: nothing imported ({len(exc.problems)} problem(s) in {args.file})", file=sys.stderr
            )
            return 2
    print(
        f"imported {len(result.lot_codes)} lot(s), {result.preparations} preparation(s) from {result.file}: "
        + ", ".join(result.lot_codes)
    )
    return 0


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _list(args: argparse.Namespace) -> int:
    with ServiceContext(args.db) as ctx:
        lots = list_lots(ctx)
    if not lots:
        print("no lots registered")
        return 0
    print(
        f"{'lot':<14} {'client':<28} {'chem':<6} {'state':<11} {'net wet kg':>11} {'H2O %':>6} "
        f"{'net dry kg':>11} {'preps':>5}"
    )
    for lot in lots:
        print(
            f"{lot.code:<14} {lot.client[:28]:<28} {lot.declared_chemistry:<6} {lot.state:<11} "
            f"{_number(lot.net_wet_mass_kg, 1):>11} {_number(lot.moisture_pct, 2):>6} "
            f"{_number(lot.net_dry_mass_kg, 1):>11} {lot.preparations:>5}"
        )
    return 0
