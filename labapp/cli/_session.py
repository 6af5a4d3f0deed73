"""Shared CLI plumbing: the service context for --db, and who is acting (--user + password)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from labapp.core.errors import LabappError
from labapp.services.administration.authentication import PasswordChangeRequired, change_password
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.context import ServiceContext


def context(args: argparse.Namespace) -> ServiceContext:
    """The database --db (or LABAPP_DB) names, which must exist; else the default one. Interrupted
    certificate issues the start-up check settled are reported on stderr, one line each."""
    ctx = ServiceContext(args.db, existing=True)
    for note in ctx.startup_notes:
        print(f"labapp: interrupted issue found: {note}", file=sys.stderr)
    return ctx


def read_secret(prompt: str, env_name: str) -> str:
    """Ask on the terminal; read `env_name` only when stdin is not a terminal (automation)."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    value = os.environ.get(env_name)
    if value is None:
        raise LabappError(f"no terminal to ask for the password: set {env_name} for automation")
    return value


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, help="your user name (the password is asked for)")


def read_new_secret(prompt: str, env_name: str) -> str:
    """A new password: asked twice on a terminal (a typo would lock the owner out), else `env_name`."""
    if not (sys.stdin is not None and sys.stdin.isatty()):
        return read_secret(prompt, env_name)
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat it: ") != first:
        raise LabappError("the two passwords differ; nothing was changed")
    return first


def change_hint(username: str) -> str:
    """Where a person whose password an administrator set chooses their own without a terminal."""
    return f"`labapp users change-password --user {username}`"


def login(ctx: ServiceContext, args: argparse.Namespace, purpose: str = "login") -> AuthenticatedUser:
    """Sign in; a password an administrator set is replaced first (on a terminal), as in the window."""
    password = read_secret(f"Password for {args.user}: ", "LABAPP_PASSWORD")
    try:
        return authenticate(ctx, args.user, password, purpose=purpose)
    except PasswordChangeRequired as exc:
        if not (sys.stdin is not None and sys.stdin.isatty()):
            raise LabappError(f"{exc} with {change_hint(args.user)}") from None
        print(f"{exc}.", file=sys.stderr)
    new_password = read_new_secret(f"New password for {args.user}: ", "LABAPP_NEW_PASSWORD")
    change_password(ctx, args.user, password, new_password)
    return authenticate(ctx, args.user, new_password, purpose=purpose)
