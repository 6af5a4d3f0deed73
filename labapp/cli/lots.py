"""`labapp lots import-manifest`, `lots add` (lots_add.py), `lots edit` and `lots list`.

Editing a released lot (approved, certified, amended) is an electronic signature: the password is
asked again (LABAPP_PASSWORD without a terminal), meaning "amended", and --reason is required.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from labapp.cli import lots_add
from labapp.cli._session import add_user_option, context, login, read_secret
from labapp.core.errors import LabappError
from labapp.security.attempts import AuthPurpose
from labapp.security.signatures import Meaning
from labapp.services.administration.authentication import authenticate
from labapp.services.importing.lot_edit import EDITABLE_FIELDS, ChangeSignature, lot_details, update_lot
from labapp.services.importing.registration import ManifestError, import_manifest, list_lots

DATE_FIELDS = ("received_on", "sampled_on")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lots", help="register and list lots")
    commands = parser.add_subparsers(dest="lots_command", metavar="ACTION", required=True)
    manifest = commands.add_parser(
        "import-manifest",
        help="register every lot of a manifest (.csv or .xlsx), or nothing when a line is wrong",
    )
    manifest.add_argument("file", metavar="FILE")
    add_user_option(manifest)
    manifest.add_argument("--reason", help="reason recorded in the audit trail")
    manifest.set_defaults(handler=_import_manifest)
    lots_add.register(commands)
    _register_edit(commands)
    listing = commands.add_parser("list", help="list registered lots, newest first")
    listing.set_defaults(handler=_list)


def _import_manifest(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        by = login(ctx, args)
        try:
            result = import_manifest(ctx, args.file, by, args.reason)
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
    with context(args) as ctx:
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


def _register_edit(commands: argparse._SubParsersAction) -> None:
    edit = commands.add_parser(
        "edit", help="change a lot or its sample; a released lot is changed only with your signature",
        description="Change a lot or its laboratory sample. Once the lot is released (approved, certified, "
        "amended) the change is an electronic signature (password asked again, meaning 'amended', "
        "--reason required) and the lot and its certificate become 'amendment needed'.",
    )
    edit.add_argument("code", metavar="LOT")
    edit.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE", dest="changes",
                      help=f"a new value (empty to clear); fields: {', '.join(EDITABLE_FIELDS)}")
    add_user_option(edit)
    edit.add_argument("--reason", metavar="TEXT",
                      help="why (required once results are submitted; signed with the change once released)")
    edit.set_defaults(handler=_edit)


def _changes(items: list[str]) -> dict[str, object]:
    """FIELD=VALUE pairs; dates as YYYY-MM-DD, an empty value clears the field."""
    changes: dict[str, object] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise LabappError(f"--set {item!r}: write FIELD=VALUE")
        value: object = text or None
        if name in DATE_FIELDS and text:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                raise LabappError(f"--set {item!r}: {name} is a date (YYYY-MM-DD)") from None
        changes[name] = value
    return changes


def _edit(args: argparse.Namespace) -> int:
    changes = _changes(args.changes)
    with context(args) as ctx:
        details = lot_details(ctx, args.code)
        if details.signature_required:
            if not (args.reason or "").strip():
                raise LabappError(f"lot {args.code} is {details.state}: give --reason; the change is signed")
            prompt = f"Password for {args.user} (signature: {Meaning.AMENDED}, lot {args.code}): "
            password = read_secret(prompt, "LABAPP_PASSWORD")
            by = authenticate(ctx, args.user, password, purpose=AuthPurpose.SIGNATURE)
            signature = ChangeSignature(password, args.reason)
            changed = update_lot(ctx, by, args.code, changes, signature=signature)
        else:
            changed = update_lot(ctx, login(ctx, args), args.code, changes, args.reason)
        state = lot_details(ctx, args.code).state
    print(f"lot {args.code}: changed {', '.join(changed)}; state {state}")
    if details.signature_required:
        print(f"signed by {args.user} ({Meaning.AMENDED}); the certificate must be amended or issued again")
    return 0
