"""`labapp certificates export`: a certificate as data for a buyer's system.

    labapp certificates export --format catena-x LA-2026-000001 \\
        --supplier-bpnl BPNL000000000001 --customer-bpnl BPNL00000000000C [--out FILE] [--revision N]

Writes the Catena-X CertificateOfAnalysis aspect (io.catenax.certificate_of_analysis 2.0.0, standard
CX-0165) with the signed PDF attached (base64) and U, k, coverage and basis in the `labapp:extension`
object (docs/certificates.md, "Data exchange"). Only a current certificate is exported. Reading the
database needs no password: the export changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.certificates.catena_x import TradeParties
from labapp.cli._session import context
from labapp.services.certification.export import ExportFormat, export_certificate, write_json


def register(certificates: argparse.ArgumentParser) -> None:
    """Add `export` to the `certificates` command's actions (created here if no other action made them)."""
    parser = _actions(certificates).add_parser(
        "export",
        help="write a certificate as data for a buyer's system (Catena-X CertificateOfAnalysis)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("number", metavar="NUMBER", help="certificate number, e.g. LA-2026-000001")
    parser.add_argument(
        "--format", dest="export_format", required=True, choices=ExportFormat.values(), help="export format"
    )
    parser.add_argument("--out", type=Path, help="file to write (default ./<number>_rev<n>_<format>.json)")
    parser.add_argument("--revision", type=int, help="revision (default: the latest, which must be current)")
    parser.add_argument("--supplier-bpnl", required=True, help="BPNL of the party supplying the material")
    parser.add_argument("--customer-bpnl", required=True, help="BPNL of the buyer")
    parser.add_argument("--supplier-order", help="the supplier's order number")
    parser.add_argument("--customer-order", help="the customer's order number")
    parser.add_argument("--part-id", help="the supplier's material (part) id (default black-mass)")
    parser.add_argument("--customer-part-id", help="the customer's material (part) id")
    parser.set_defaults(handler=_export)


def _actions(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    for action in parser._actions:  # another module may have added the actions already
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="certificates_action", metavar="ACTION")


def _export(args: argparse.Namespace) -> int:
    fmt = ExportFormat.parse(args.export_format)
    parties = TradeParties(
        args.supplier_bpnl,
        args.customer_bpnl,
        args.supplier_order,
        args.customer_order,
        args.part_id,
        args.customer_part_id,
    )
    with context(args) as ctx:
        payload = export_certificate(ctx, args.number, fmt, parties, args.revision)
    extension = payload["labapp:extension"]["certificate"]
    default = f"{extension['number'].replace('/', '_')}_rev{extension['revision']}_{fmt.value}.json"
    path = write_json(payload, args.out or Path(default))
    print(
        f"{path}: {fmt.label()} for {extension['number']} rev {extension['revision']}, "
        f"{len(payload['materialProperties'])} material properties, signed PDF attached"
    )
    return 0
