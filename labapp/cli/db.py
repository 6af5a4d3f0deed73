"""`labapp db upgrade` and `labapp db info`: the schema of the database --db points at."""

from __future__ import annotations

import argparse

from labapp.services.administration.database_admin import DatabaseInfo, database_info, upgrade_database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="create, migrate and describe the database")
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = commands.add_parser("upgrade", help="create the database or migrate it to the newest schema")
    upgrade.set_defaults(handler=_upgrade)
    info = commands.add_parser("info", help="show where the database is, its schema revision and row counts")
    info.set_defaults(handler=_info)


def _upgrade(args: argparse.Namespace) -> int:
    info = upgrade_database(args.db)
    print(f"database {info.url} is at schema revision {info.revision} (newest)")
    return 0


def _info(args: argparse.Namespace) -> int:
    _print_info(database_info(args.db))
    return 0


def _print_info(info: DatabaseInfo) -> None:
    print(f"database: {info.url}")
    print(f"backend:  {info.backend}")
    if not info.exists:
        print("status:   does not exist yet (created by `labapp db upgrade` or on first use)")
        return
    state = "up to date" if info.up_to_date else f"needs `labapp db upgrade` to {info.head}"
    print(f"schema:   {info.revision or 'none'} ({state})")
    for table, count in info.row_counts.items():
        print(f"  {table:<18} {count:>10}")
