"""`labapp submit|review|approve|reject --run NAME --user NAME [--reason TEXT]` and `labapp signatures`.

Each signing asks for the password again (an electronic signature, 21 CFR 11.200); without a terminal
it reads LABAPP_PASSWORD (automation).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from labapp.cli._session import add_user_option, context, login, read_secret
from labapp.services import workflow

_HELP = {
    "submit": "sign a calculated run as its author and submit it for review",
    "review": "sign a submitted run as reviewed (second review; not the submitter)",
    "approve": "sign a run as approved (QA manager; not the importer, submitter or reviewer)",
    "reject": "reject a submitted or reviewed run with a reason, back to the technician",
}


def register(commands: argparse._SubParsersAction) -> None:
    for action, text in _HELP.items():
        parser = commands.add_parser(action, help=text, description=f"{text[0].upper()}{text[1:]}.")
        parser.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
        add_user_option(parser)
        parser.add_argument(
            "--reason",
            required=action == "reject",
            metavar="TEXT",
            help="why (required to reject; stored with the signature)",
        )
        parser.set_defaults(handler=_signer(action))
    listing = commands.add_parser(
        "signatures", help="list a run's signatures and whether each is still valid"
    )
    listing.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
    listing.set_defaults(handler=_signatures)
    setting = commands.add_parser(
        "second-review",
        help="switch the second review on or off (QA manager or administrator, with a reason)",
    )
    setting.add_argument("state", choices=("on", "off"))
    setting.add_argument("--reason", required=True, metavar="TEXT")
    add_user_option(setting)
    setting.set_defaults(handler=_second_review)


def _signer(action: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        with context(args) as ctx:
            password = read_secret(f"Password for {args.user} (signature: {action}): ", "LABAPP_PASSWORD")
            outcome = workflow.sign(ctx, args.user, password, args.run, action, args.reason)
        print(f"run {outcome.run_name!r} is now {outcome.state}")
        print(f"signed: {outcome.manifest.display()}")
        print(f"content SHA-256: {outcome.manifest.content_sha256}")
        if outcome.lots_approved:
            print(f"lots approved: {', '.join(outcome.lots_approved)}")
        return 0

    return handler


def _signatures(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        signed = workflow.signatures_of(ctx, args.run)
    if not signed:
        print("no signatures")
        return 0
    for item in signed:
        reason = f" - reason: {item.manifest.reason}" if item.manifest.reason else ""
        print(f"{item.display()}{reason}")
    invalidated = sum(item.status == "signature invalidated" for item in signed)
    if invalidated:
        print(
            f"labapp: {invalidated} signature(s) invalidated: the run changed after signing", file=sys.stderr
        )
        return 1
    return 0


def _second_review(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        workflow.set_second_review(ctx, login(ctx, args), args.state == "on", args.reason)
    print(f"second review is {args.state}")
    return 0
