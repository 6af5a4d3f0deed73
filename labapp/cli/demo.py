"""`labapp demo [--out DIR]`: build a fresh demo database and run every stage of the chain."""

from __future__ import annotations

import argparse
from pathlib import Path

from labapp.demo.build import run_demo


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
        print(f"  {user.username:<8} {user.password:<20} {', '.join(user.roles)}")
    certificates, keys = report.out_dir / "certificates", report.out_dir / "keys"
    if certificates.is_dir():
        print(f"signed certificates: {certificates}")
        print(f"check one: labapp --db {report.database} verify --keys-dir {keys} FILE.pdf")
    print(f"open it: labapp --db {report.database}")
    if keys.is_dir():
        print(f"the demo's keys are in {keys}: set LABAPP_KEYS to it to sign certificates in the window")
    return 0
