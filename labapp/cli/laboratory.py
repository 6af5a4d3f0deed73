"""`labapp laboratory show|set|logo|phrases`: the laboratory's identity printed on every certificate.

The desktop edits it under Administration > Laboratory; a headless installation (a server that
only issues certificates) needs the same, with the same rule: a change needs a reason.
"""

from __future__ import annotations

import argparse

from labapp.cli import lab_phrases
from labapp.cli._session import add_user_option, context, login
from labapp.core.errors import LabappError
from labapp.services.administration.lab_logo import logo_path, remove_logo, set_logo
from labapp.services.administration.laboratory import LaboratoryDetails, get_laboratory, set_laboratory


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "laboratory", aliases=["lab"], help="show or set the laboratory printed on certificates"
    )
    sub = parser.add_subparsers(dest="laboratory_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="print the laboratory's name, address and accreditation")
    show.set_defaults(handler=_show)
    change = sub.add_parser(
        "set", help="set the laboratory's details (options not given keep theirs; a change needs --reason)"
    )
    change.add_argument("--name", help="legal name of the laboratory")
    change.add_argument("--address", help="address as printed on certificates")
    change.add_argument("--accreditation", help="e.g. 'DAkkS D-PL-12345-01-00 (ISO/IEC 17025)'")
    change.add_argument(
        "--verification-address", metavar="URL_OR_EMAIL",
        help="where recipients check a certificate (printed on each), e.g. https://lab.example/verify",
    )
    change.add_argument("--reason", help="why the details change (required once they are set)")
    add_user_option(change)
    change.set_defaults(handler=_set)
    logo = sub.add_parser("logo", help="set the logo printed on certificates (PNG or JPEG), or --remove it")
    logo.add_argument("file", nargs="?", help="the logo image (PNG or JPEG, at most 2 MB)")
    logo.add_argument("--remove", action="store_true", help="print certificates without a logo")
    add_user_option(logo)
    logo.set_defaults(handler=_logo)
    lab_phrases.register(sub)


def _show(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        lab = get_laboratory(ctx)
    if lab is None:
        print("no laboratory set: `labapp laboratory set --name NAME --user ADMIN`")
        return 0
    print(f"name:          {lab.name}")
    print(f"address:       {lab.address or '-'}")
    print(f"accreditation: {lab.accreditation or '-'}")
    print(f"verification:  {lab.verification_address or '-'}")
    logo = logo_path()
    print(f"logo:          {logo if logo else '-'}")
    return 0


def _set(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        user = login(ctx, args)
        current = get_laboratory(ctx) or LaboratoryDetails(name="")
        details = LaboratoryDetails(
            name=current.name if args.name is None else args.name,
            address=_given(args.address, current.address),
            accreditation=_given(args.accreditation, current.accreditation),
            verification_address=_given(args.verification_address, current.verification_address),
        )
        set_laboratory(ctx, user, details, args.reason)
    print(f"laboratory set: {details.name}")
    return 0


def _given(option: str | None, current: str | None) -> str | None:
    """An option not given keeps the current value; an empty one clears it."""
    return current if option is None else (option.strip() or None)


def _logo(args: argparse.Namespace) -> int:
    if bool(args.file) == args.remove:
        raise LabappError("give the logo FILE, or --remove (not both)")
    with context(args) as ctx:
        user = login(ctx, args)
        if args.remove:
            remove_logo(ctx, user)
            print("logo removed: certificates print without one")
        else:
            print(f"logo set: {set_logo(ctx, user, args.file)}")
    return 0
