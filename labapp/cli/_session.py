"""Shared CLI plumbing: the service context for --db, and who is acting (--user + password)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from labapp.core.errors import LabappError
from labapp.services.context import ServiceContext
from labapp.services.users import AuthenticatedUser, authenticate


def context(args: argparse.Namespace) -> ServiceContext:
    return ServiceContext(args.db)


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


def login(ctx: ServiceContext, args: argparse.Namespace, purpose: str = "login") -> AuthenticatedUser:
    password = read_secret(f"Password for {args.user}: ", "LABAPP_PASSWORD")
    return authenticate(ctx, args.user, password, purpose=purpose)
