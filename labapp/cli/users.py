"""`labapp users add|list|set-roles|deactivate|reset-password|change-password`."""

from __future__ import annotations

import argparse

from labapp.cli._session import add_user_option, context, login, read_new_secret, read_secret
from labapp.services.administration import users


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("users", help="manage user accounts and roles")
    sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add a user (on an empty database: the first administrator, no --user)")
    add.add_argument("username")
    add.add_argument("--full-name", required=True, help="printed name used in signatures")
    add.add_argument(
        "--roles",
        default="technician",
        help="comma-separated: technician, reviewer, qa_manager, administrator",
    )
    add.add_argument("--user", help="the administrator adding the user (not needed on an empty database)")
    add.set_defaults(handler=_add)

    listing = sub.add_parser("list", help="list users, roles and account state")
    listing.set_defaults(handler=_list)

    roles = sub.add_parser("set-roles", help="replace a user's roles")
    roles.add_argument("username")
    roles.add_argument("--roles", required=True)
    roles.add_argument("--reason", required=True)
    add_user_option(roles)
    roles.set_defaults(handler=_set_roles)

    deactivate = sub.add_parser("deactivate", help="deactivate an account (accounts are never deleted)")
    deactivate.add_argument("username")
    deactivate.add_argument("--reason", required=True)
    add_user_option(deactivate)
    deactivate.set_defaults(handler=_deactivate)

    reset = sub.add_parser(
        "reset-password",
        help="set a temporary password (asked for; LABAPP_NEW_PASSWORD): the owner must change it at log-in",
    )
    reset.add_argument("username")
    reset.add_argument("--reason", required=True)
    add_user_option(reset)
    reset.set_defaults(handler=_reset)

    change = sub.add_parser(
        "change-password",
        help="change your own password (without a terminal: LABAPP_PASSWORD, LABAPP_NEW_PASSWORD)",
    )
    add_user_option(change)
    change.set_defaults(handler=_change)


def _new_password(username: str) -> str:
    return read_new_secret(f"New password for {username}: ", "LABAPP_NEW_PASSWORD")


def _add(args: argparse.Namespace) -> int:
    roles = [r for r in args.roles.split(",") if r.strip()]
    with context(args) as ctx:
        if args.user is None and not users.has_users(ctx):
            users.create_first_administrator(ctx, args.username, args.full_name, _new_password(args.username))
            print(f"created first administrator {args.username}")
            return 0
        if args.user is None:
            raise users.LabappError("--user is required: give the administrator who adds the user")
        admin = login(ctx, args)
        users.add_user(ctx, admin, args.username, args.full_name, roles, _new_password(args.username))
    print(
        f"added user {args.username} ({', '.join(roles)}); the password is temporary: "
        "they choose their own at the first log-in"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        rows = users.list_users(ctx)
    print(f"{'user':<16} {'name':<28} {'roles':<36} state")
    for row in rows:
        state = "active" if row.active else "deactivated"
        if row.must_change_password:
            state += ", must change password"
        if row.locked_until is not None:
            state += f", locked until {row.locked_until:%Y-%m-%d %H:%M} UTC"
        print(f"{row.username:<16} {row.full_name:<28} {', '.join(r.label() for r in row.roles):<36} {state}")
    return 0


def _set_roles(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        users.set_roles(ctx, login(ctx, args), args.username, args.roles.split(","), args.reason)
    print(f"roles of {args.username} set to {args.roles}")
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        users.deactivate(ctx, login(ctx, args), args.username, args.reason)
    print(f"deactivated {args.username}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        users.reset_password(ctx, login(ctx, args), args.username, _new_password(args.username), args.reason)
    print(f"password of {args.username} reset; they must choose a new one at the next log-in")
    return 0


def _change(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        current = read_secret(f"Current password for {args.user}: ", "LABAPP_PASSWORD")
        users.change_password(ctx, args.user, current, _new_password(args.user))
    print(f"password of {args.user} changed")
    return 0
