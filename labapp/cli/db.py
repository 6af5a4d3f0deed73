"""`labapp db init`, `db upgrade` and `db info`: the database --db points at.

Only `db init` (and the desktop's first start on the default database) creates a database: a
mistyped --db must not quietly start an empty one."""

from __future__ import annotations

import argparse

from labapp.services.administration.database_admin import (
    DatabaseInfo,
    create_database,
    database_info,
    upgrade_database,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="create, migrate and describe the database")
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = commands.add_parser("init", help="create a new database (SQLite file, or empty PostgreSQL)")
    init.set_defaults(handler=_init)
    upgrade = commands.add_parser("upgrade", help="migrate an existing database to the newest schema")
    upgrade.set_defaults(handler=_upgrade)
    info = commands.add_parser("info", help="show where the database is, its schema revision and row counts")
    info.set_defaults(handler=_info)


def _init(args: argparse.Namespace) -> int:
    info = create_database(args.db)
    print(f"database {info.url} created at schema revision {info.revision}")
    where = info.file or info.url
    first = f'labapp --db {where} users add NAME --full-name "Full Name" --roles administrator'
    print(f"next, the first administrator: {first}")
    return 0


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
        print("status:   does not exist yet (`labapp db init` creates it)")
        return
    state = "up to date" if info.up_to_date else f"needs `labapp db upgrade` to {info.head}"
    print(f"schema:   {info.revision or 'none'} ({state})")
    for table, count in info.row_counts.items():
        print(f"  {table:<18} {count:>10}")
