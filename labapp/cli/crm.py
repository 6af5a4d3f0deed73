"""`labapp crm import FILE --user NAME` and `labapp crm list`: certified reference materials."""

from __future__ import annotations

import argparse

from labapp.cli._session import add_user_option, context, login
from labapp.services.calculation.reference_materials import import_reference_materials, list_reference_values


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("crm", help="register and list certified reference materials")
    sub = parser.add_subparsers(dest="crm_command", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="register certified values and digests from a CSV (see docs)")
    imp.add_argument("file", help="CSV: crm_name, sample_label, element, certified_wt_pct, ...")
    imp.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(imp)
    imp.set_defaults(handler=_import)
    listing = sub.add_parser("list", help="list registered certified values")
    listing.set_defaults(handler=_list)


def _import(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        done = import_reference_materials(ctx, args.file, user, args.reason)
    print(
        f"registered {', '.join(done.materials)}: {done.values_added} new certified value(s), "
        f"{done.digests_added} new digest(s)"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        rows = list_reference_values(ctx)
    if not rows:
        print("no reference materials registered")
        return 0
    for r in rows:
        print(
            f"{r.material:12} {r.analyte:4} {r.certified:>10g} +/- {r.expanded_uncertainty:<8g} {r.unit:6} "
            f"k={r.coverage_factor:g}  {r.basis}  {r.source or ''}".rstrip()
        )
    return 0
