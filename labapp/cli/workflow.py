"""`labapp submit|review|approve|reject --run NAME --user NAME [--reason TEXT] [--acknowledge REASON]`
and `labapp signatures`.

Each signing asks for the password again (an electronic signature, 21 CFR 11.200); without a terminal
it reads LABAPP_PASSWORD (automation). A signer who holds a personal signing key (`labapp keys issue`)
is also asked for its passphrase, as `certify` asks (LABAPP_KEY_PASSWORD without a terminal): the
signature is then also made with that key (docs/storage.md, "Personal-key signatures").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from labapp.cli._session import add_user_option, context, login, read_secret
from labapp.services.administration.signer_keys import KEY_PASSPHRASE_ENV, has_personal_key
from labapp.services.calculation.run_problems import RunProblems
from labapp.services.vocabulary import SignatureState
from labapp.services.workflow import review as workflow
from labapp.services.workflow.review import AcknowledgementRequired, SignAction

_HELP = {
    SignAction.SUBMIT: "sign a calculated run as its author and submit it for review",
    SignAction.REVIEW: "sign a submitted run as reviewed (second review; not the submitter)",
    SignAction.APPROVE: "sign a run as approved (QA manager; no one who imported, calculated, submitted or "
    "reviewed it)",
    SignAction.REJECT: "reject a submitted or reviewed run with a reason, back to the technician",
}


def register(commands: argparse._SubParsersAction) -> None:
    for action, text in _HELP.items():
        parser = commands.add_parser(action.value, help=text, description=f"{text[0].upper()}{text[1:]}.")
        parser.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
        add_user_option(parser)
        parser.add_argument(
            "--reason",
            required=action is SignAction.REJECT,
            metavar="TEXT",
            help="why (required to reject; stored with the signature)",
        )
        if action is not SignAction.REJECT:
            parser.add_argument(
                "--acknowledge",
                metavar="REASON",
                help="sign over the run's failed QC checks and unmatched sample labels, for this reason "
                "(required when it has any; stored with the signature)",
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


def _signer(action: SignAction) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        acknowledgement = getattr(args, "acknowledge", None)
        with context(args) as ctx:
            password = read_secret(f"Password for {args.user} (signature: {action}): ", "LABAPP_PASSWORD")
            passphrase = None
            if has_personal_key(ctx, args.user):
                passphrase = read_secret(f"Passphrase of {args.user}'s signing key: ", KEY_PASSPHRASE_ENV)
            try:  # who may sign is decided first; the problems are listed only to one who may
                outcome = workflow.sign(
                    ctx,
                    args.user,
                    password,
                    args.run,
                    action,
                    args.reason,
                    acknowledgement=acknowledgement,
                    key_passphrase=passphrase,
                )
            except AcknowledgementRequired:
                _show_problems(workflow.problems_of(ctx, args.run))
                raise
        print(f"run {outcome.run_name!r} is now {outcome.state.label()}")
        print(f"signed: {outcome.manifest.display()}")
        print(f"content SHA-256: {outcome.manifest.content_sha256}")
        if outcome.signer_fingerprint:
            print(f"signed with the personal key of {args.user} (certificate {outcome.signer_fingerprint})")
        if outcome.acknowledged:
            print(outcome.acknowledged)
        if outcome.lots_approved:
            print(f"lots approved: {', '.join(outcome.lots_approved)}")
        return 0

    return handler


def _show_problems(problems: RunProblems) -> None:
    """List what the signature would sign over, on stderr, when it was refused for want of a reason."""
    print(f"the run has {problems.summary()}:", file=sys.stderr)
    for line in problems.lines():
        print(f"  {line}", file=sys.stderr)
    print("signing over them needs --acknowledge REASON", file=sys.stderr)


def _signatures(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        signed = workflow.signatures_of(ctx, args.run)
    if not signed:
        print("no signatures")
        return 0
    for item in signed:
        reason = f" - reason: {item.manifest.reason}" if item.manifest.reason else ""
        acknowledged = f" - {item.acknowledged()}" if item.acknowledgement else ""
        keyed = f" - personal key {item.signer_fingerprint}" if item.signer_fingerprint else ""
        print(f"{item.display()}{reason}{acknowledged}{keyed}")
    invalidated = [item for item in signed if item.status is SignatureState.INVALIDATED]
    if invalidated:
        why = "; ".join(item.problem for item in invalidated)
        print(f"labapp: {len(invalidated)} signature(s) invalidated: {why}", file=sys.stderr)
        return 1
    return 0


def _second_review(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        workflow.set_second_review(ctx, login(ctx, args), args.state == "on", args.reason)
    print(f"second review is {args.state}")
    return 0
