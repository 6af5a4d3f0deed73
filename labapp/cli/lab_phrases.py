"""`labapp lab phrases list|set|retire`: the laboratory's phrase list (English and Japanese).

A certificate remark is chosen from it (`labapp certify --remark CODE`), so a Japanese certificate
prints it in Japanese; a stored text typed exactly as a phrase's English gets the phrase's Japanese.
"""

from __future__ import annotations

import argparse

from labapp.cli._session import add_user_option, context, login
from labapp.services.administration.phrases import list_phrases, retire_phrase, set_phrase


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("phrases", help="the phrase list remarks are chosen from (English and Japanese)")
    actions = parser.add_subparsers(dest="phrases_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print every phrase: code, English, Japanese")
    listing.add_argument("--all", action="store_true", help="also the retired phrases")
    listing.set_defaults(handler=_list)
    change = actions.add_parser("set", help="add a phrase, or change one (a change needs --reason)")
    change.add_argument("code", help="short name, e.g. torn-bag (lower-case letters, digits, '-')")
    change.add_argument("--en", required=True, help="the English text")
    change.add_argument("--ja", required=True, help="the Japanese text")
    change.add_argument("--reason", help="why an existing phrase changes")
    add_user_option(change)
    change.set_defaults(handler=_set)
    retire = actions.add_parser("retire", help="take a phrase out of use (kept for what it printed)")
    retire.add_argument("code")
    retire.add_argument("--reason", required=True, help="why")
    add_user_option(retire)
    retire.set_defaults(handler=_retire)


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        phrases = list_phrases(ctx)
    for p in phrases:
        if p.active or args.all:
            origin = "lab" if p.stored else "default"
            state = "" if p.active else " (retired)"
            print(f"{p.code}  [{origin}]{state}\n  en: {p.en}\n  ja: {p.ja}")
    return 0


def _set(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        phrase = set_phrase(ctx, login(ctx, args), args.code, args.en, args.ja, args.reason)
    print(f"phrase {phrase.code} set")
    return 0


def _retire(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        retire_phrase(ctx, login(ctx, args), args.code, args.reason)
    print(f"phrase {args.code} retired")
    return 0
