"""argparse front end over services. Each subcommand lives in its own module with `register()`.

Every failure is one line on stderr and a non-zero exit; `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from functools import cache

from labapp._version import __version__
from labapp.cli._session import change_hint
from labapp.cli.remedy_hints import command_hint
from labapp.core.errors import LabappError
from labapp.services.administration.authentication import PasswordChangeRequired

# Modules under labapp.cli that contribute subcommands, in --help order.
COMMAND_MODULES: tuple[str, ...] = (
    "demo",
    # the day's work, in the order it happens
    "lots", "parse", "import_run", "runs", "crm", "calculate", "results", "uncertainty", "sampling",
    "exclude", "panel_tests", "grade",
    "workflow", "certify", "verify", "settlement",
    # reference data and administration
    "laboratory", "criteria", "profiles", "users", "keys", "audit", "db",
)

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labapp",
        description="Black mass assay laboratory application. Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"labapp {__version__}")
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", default=None,
        help="SQLite file or SQLAlchemy URL (default: LABAPP_DB, else the user data directory)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--self-test", action="store_true",
        help="check this installation headless in a temporary folder (resources, demo, window, certificate)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"labapp.cli.{name}").register(commands)
    return parser


@cache
def _parser() -> argparse.ArgumentParser:
    """Built once per process (about 50 ms for ninety subcommands): parsing never changes a parser, and
    whatever calls `main` more than once (the self-test, the test suite) reuses it."""
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from labapp.cli.self_test import run as run_self_test

            return run_self_test()
        if args.command is None:
            return _open_desktop(args)
        return int(args.handler(args) or 0)
    except PasswordChangeRequired as exc:  # e.g. a signature with a password an administrator set
        return _fail(args, f"labapp: {exc} with {change_hint(exc.username)}", EXIT_USER_ERROR)
    except LabappError as exc:  # the service says the fix in words; the command line adds its command
        return _fail(args, f"labapp: {exc}{command_hint(exc)}", EXIT_USER_ERROR)
    except KeyboardInterrupt:
        return _fail(args, "labapp: interrupted", 130)
    except BrokenPipeError:  # the reader went away (`labapp results | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        return _fail(args, f"labapp: internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL_ERROR)


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    if getattr(args, "debug", False):
        traceback.print_exc()
    print(message.splitlines()[0] if message else "labapp: error", file=sys.stderr)
    return code


def _open_desktop(args: argparse.Namespace) -> int:
    from labapp.gui.app import run_desktop

    return run_desktop(db=args.db)
