"""`labapp exclude` (a replicate, line or result, with a reason) and `labapp override` (a reported value)."""

from __future__ import annotations

import argparse

from labapp.cli._session import add_user_option, context, login
from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion, Scope
from labapp.services.calculation import exclusions


def register(commands: argparse._SubParsersAction) -> None:
    exclude = commands.add_parser(
        "exclude",
        help="exclude a replicate, a line or a result from a run's calculation (reason required)",
        description="Record an exclusion with its reason; the run must then be recalculated.",
    )
    exclude.add_argument("--run", required=True, metavar="NAME", help="run name (or id)")
    exclude.add_argument("--scope", required=True, choices=[s.value for s in Scope])
    exclude.add_argument("--element", required=True, metavar="EL", help="element symbol, e.g. Ni")
    exclude.add_argument("--line", help="wavelength or emission line as in the run (replicate, line)")
    exclude.add_argument("--sample", help="sample label as in the file (replicate, result)")
    exclude.add_argument("--replicate", type=int, help="replicate number (replicate)")
    exclude.add_argument("--reason", required=True, metavar="TEXT")
    add_user_option(exclude)
    exclude.set_defaults(handler=_exclude)

    override = commands.add_parser(
        "override",
        help="replace a reported lot value by hand (reason required; flagged 'overridden')",
    )
    override.add_argument(
        "--result", required=True, type=int, metavar="ID", help="result id (labapp results)"
    )
    override.add_argument("--value", required=True, type=float, metavar="V")
    override.add_argument("--reason", required=True, metavar="TEXT")
    add_user_option(override)
    override.set_defaults(handler=_override)


def _exclude(args: argparse.Namespace) -> int:
    try:
        item = Exclusion(
            Scope(args.scope),
            args.element,
            args.reason,
            line=args.line,
            sample_label=args.sample,
            replicate=args.replicate,
        )
    except ValueError as exc:
        raise LabappError(f"exclude: {exc}") from None
    with context(args) as ctx:
        exclusion_id = exclusions.exclude(ctx, login(ctx, args), args.run, item)
    print(f"exclusion {exclusion_id} recorded on run {args.run!r}; recalculate the run before submitting it")
    return 0


def _override(args: argparse.Namespace) -> int:
    with context(args) as ctx:
        override_id = exclusions.override(ctx, login(ctx, args), args.result, args.value, args.reason)
    print(f"override {override_id}: result {args.result} set to {args.value:g} (flagged 'overridden')")
    return 0
