"""`labapp demo [--out DIR]`: build a fresh demo database and run every stage of the chain."""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.demo.build import run_demo
from labapp.demo.calculation_stage import DEMO_RUNS
from labapp.services.vocabulary import Role


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="build a fresh demo database from the bundled demo data")
    parser.add_argument("--out", type=Path, default=Path("labapp-demo"),
                        help="output folder (default ./labapp-demo; a previous demo in it is replaced)")
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    report = run_demo(args.out)
    state = "reused demo folder, previous demo replaced" if report.reused_folder else "new folder"
    print(f"labapp demo in {report.out_dir} ({state})")
    for name, summary in report.stages:
        print(f"  {name:<12} {summary}")
    print(f"database: {report.database}")
    print("demo users (name / password / roles):")
    for user in report.users:
        print(f"  {user.username:<8} {user.password:<20} {', '.join(Role(r).label() for r in user.roles)}")
    certificates = report.out_dir / "certificates"
    if certificates.is_dir():
        print(f"signed certificates: {certificates}")
        print(f"check one: labapp --db {_quoted(str(report.database))} verify FILE.pdf")
    database = _quoted(str(report.database))
    run = _quoted(DEMO_RUNS[0][0])
    print(f"its keys: labapp --db {database} keys folder")
    print(f"a run's results: labapp --db {database} results --run {run} --lot BM26-0001")
    print(f"open it: labapp --db {database}")
    return 0


def _quoted(text: str) -> str:
    """A command argument as a user pastes it: in double quotes when it holds a space (which every
    shell, cmd.exe and PowerShell included, reads the same way for a path or a run name)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text
