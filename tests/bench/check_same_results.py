"""Check that two demo databases hold the same calculated results, QC outcomes, calculation records,
gradings and audit event contents: run before and after a performance change, so a faster store path
is shown to write exactly what the previous one wrote.

    python tests/bench/check_same_results.py BEFORE.sqlite AFTER.sqlite

Compared row by row and column by column (floats by their exact value, as stored): results,
qc_outcomes, calculations (inputs record, notes, verdict), lot_gradings, and of audit_events every
column except the moment and the chain hashes (which depend on the clock). Columns that hold the
time of the run (calculated_at, graded_at, ...) are left out by name. Exits 1 with one line per
difference.
"""

from __future__ import annotations

import json
import sqlite3
import sys

TABLES = ("results", "qc_outcomes", "calculations", "lot_gradings", "audit_events")
# The wall-clock moment of a row, and what is derived from it (the audit chain's hashes, signatures).
CLOCK_COLUMNS = {"occurred_at", "hash", "prev_hash", "calculated_at", "graded_at", "created_at", "updated_at"}


def rows(path: str, table: str) -> tuple[list[str], list[tuple]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in CLOCK_COLUMNS]
        order = "seq" if table == "audit_events" else "id"
        quoted = ", ".join(f'"{c}"' for c in columns)  # "check" is an SQL keyword
        data = db.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}").fetchall()
    return columns, data


# Audit values of the calculation's own records, compared in full but for their moments.
CALCULATED = ("results", "qc_outcomes", "calculations", "lot_gradings")
MOMENTS = {"calculated_at", "graded_at", "first_used_at", "registered_at"}


def _without_clock(table: str, columns: list[str], row: tuple) -> tuple:
    """Audit events of the calculation's records are compared with their values (moments left out);
    other events (log-ins, keys, certificates, signatures carry times, salts and signatures) by action,
    entity, actor and reason only."""
    if table != "audit_events":
        return row
    entity = row[columns.index("entity_type")]
    keep = []
    for column, value in zip(columns, row, strict=True):
        if column in ("old_values", "new_values"):
            if entity not in CALCULATED or value is None:
                continue
            value = {k: v for k, v in json.loads(value).items() if k not in MOMENTS}
        keep.append(value)
    return tuple(keep)


def differences(before: str, after: str) -> list[str]:
    problems = []
    for table in TABLES:
        columns, old = rows(before, table)
        _, new = rows(after, table)
        if len(old) != len(new):
            problems.append(f"{table}: {len(old)} rows before, {len(new)} after")
            continue
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            a, b = _without_clock(table, columns, a), _without_clock(table, columns, b)
            if a != b:
                cells = [c for c, x, y in zip(columns, a, b, strict=False) if x != y]
                problems.append(f"{table} row {i + 1}: {', '.join(cells) or 'values'} differ")
    return problems


def main(argv: list[str]) -> int:
    before, after = argv
    problems = differences(before, after)
    for line in problems[:50]:
        print(line)
    counts = ", ".join(f"{t} {len(rows(after, t)[1])}" for t in TABLES)
    print(f"{'DIFFERENT' if problems else 'identical'}: {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
