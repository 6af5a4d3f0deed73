"""Bulk storage of a run's tidy measurements and the content digest that stands in for their events.

`measurements_digest` is SHA-256 over one canonical JSON line per reading, in `position` order.
A line holds the reading's FIELDS (the tidy frame's columns), followed by its EXTRA_FIELDS (the
instrument's error and its coverage, revision 0019) only when the reading has one of them: readings
without them, and so every run imported before they existed, digest exactly as before.
It is computed from the normalised values that are inserted, and recomputed from the rows by
`verify`; floats survive the round trip exactly (IEEE double in SQLite REAL and PostgreSQL
double precision), NaN is stored as NULL.

Speed: readings travel as tuples in FIELDS order (no dict per reading), are normalised and digested
in one pass, and are inserted with the driver's executemany (SQLite) or COPY (PostgreSQL), both
directly on the unit of work's connection and transaction. See docs/PERFORMANCE.md, "Store".
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, select

from labapp.importers.result import TIDY_COLUMNS
from labapp.store.runs import Measurement

TEXT_FIELDS = (
    "source_row",
    "sample_label",
    "sample_type",
    "element",
    "species",
    "line",
    "view",
    "unit",
    "censored",
    "flags",
    "acquired_at",
)
# the instrument's per-reading error and its coverage: extra tidy columns (DESIGN.md allows them)
EXTRA_FIELDS = ("uncertainty", "uncertainty_k")
FLOAT_FIELDS = ("intensity", "value", "detection_limit", *EXTRA_FIELDS)
INT_FIELDS = ("replicate",)
FIELDS: tuple[str, ...] = TIDY_COLUMNS  # the tidy frame of DESIGN.md, in the digest's order
STORED_FIELDS: tuple[str, ...] = (*FIELDS, *EXTRA_FIELDS)  # what a stored reading holds, in this order
INSERT_CHUNK = 20_000
_FIELD_INDEX = {name: i for i, name in enumerate(FIELDS)}
INSERT_COLUMNS = ("run_id", "position", *STORED_FIELDS)
Row = tuple[Any, ...]  # one normalised reading, values in STORED_FIELDS order


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    try:
        return bool(math.isnan(value))
    except TypeError:
        return False


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a source_row of 12.0 from a float column means line 12
    text = str(value).strip()
    return text or None


def _float(value: Any) -> float | None:
    return None if _missing(value) else float(value) + 0.0  # + 0.0: SQLite keeps no -0.0


def _int(value: Any) -> int | None:
    return None if _missing(value) or value == "" else int(value)


_CONVERTERS = tuple(
    _text if name in TEXT_FIELDS else _float if name in FLOAT_FIELDS else _int for name in STORED_FIELDS
)


def normalise_row(values: Sequence[Any]) -> Row:
    """Bring one reading (values in STORED_FIELDS order) to the exact values stored and digested."""
    return tuple(convert(value) for convert, value in zip(_CONVERTERS, values, strict=True))


def normalise_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Bring one frame row to the exact values that will be stored (and digested)."""
    values = normalise_row([record.get(name) for name in STORED_FIELDS])
    return dict(zip(STORED_FIELDS, values, strict=True))


def _text_column(values: Iterable[Any]) -> list[str | None]:
    # Inlined fast paths for the common cases (a str, an int row number), same result as _text.
    return [
        (v.strip() or None) if type(v) is str else str(v) if type(v) is int else _text(v) for v in values
    ]


def _float_column(values: Iterable[Any]) -> list[float | None]:
    # v != v is NaN; a plain float is the common case; same result as _float.
    return [(None if v != v else v + 0.0) if type(v) is float else _float(v) for v in values]


def _int_column(values: Iterable[Any]) -> list[int | None]:
    # A float column (pandas turns an int column with gaps into floats) is the common case.
    return [(None if v != v else int(v)) if type(v) is float else _int(v) for v in values]


_COLUMN_CONVERTERS = tuple(
    _text_column if name in TEXT_FIELDS else _float_column if name in FLOAT_FIELDS else _int_column
    for name in STORED_FIELDS
)


def normalised_rows(records: Any) -> list[Row]:
    """All readings of a pandas frame or of an iterable of mappings, normalised, in file order.

    Works column by column (one list per field, no dict per reading); gives the same values as
    `normalise_row` applied to each reading.
    """
    if hasattr(records, "columns"):
        count = len(records)
        columns = [  # missing values of any kind (NaN, None, pd.NA, NaT) arrive as None
            records[name].to_numpy(dtype=object, na_value=None).tolist()
            if name in records.columns
            else [None] * count
            for name in STORED_FIELDS
        ]
    else:
        listed = list(records)
        columns = [[record.get(name) for record in listed] for name in STORED_FIELDS]
    converted = [convert(column) for convert, column in zip(_COLUMN_CONVERTERS, columns, strict=True)]
    return list(zip(*converted, strict=True))


def _json_ready(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"  # JSON has no infinity; over-range readings may carry one
    return value


# The settings of labapp.store.canonical.canonical_json, built once: this runs once per reading.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


_N_FIELDS = len(FIELDS)


def _digested(row: Sequence[Any]) -> Sequence[Any]:
    """The values a reading's digest line holds: FIELDS, and EXTRA_FIELDS only when one is set."""
    if len(row) > _N_FIELDS and all(v is None for v in row[_N_FIELDS:]):
        return row[:_N_FIELDS]
    return row


def _row_text(row: Sequence[Any]) -> str:
    row = _digested(row)
    try:
        return _ENCODER.encode(row) + "\n"
    except ValueError:  # an infinity: rare, so it takes the slow path
        return _ENCODER.encode([_json_ready(value) for value in row]) + "\n"


def _line(record: Mapping[str, Any]) -> bytes:
    return _row_text([record.get(name) for name in STORED_FIELDS]).encode("utf-8")


def digest_rows(rows: Iterable[Sequence[Any]]) -> str:
    """Digest of normalised rows (values in STORED_FIELDS order): one canonical JSON array and newline
    each (the extra fields only where a reading has one)."""
    sha = hashlib.sha256()
    chunk: list[str] = []
    for row in rows:
        chunk.append(_row_text(row))
        if len(chunk) == INSERT_CHUNK:
            sha.update("".join(chunk).encode("utf-8"))
            chunk.clear()
    sha.update("".join(chunk).encode("utf-8"))
    return sha.hexdigest()


def digest_records(records: Iterable[Mapping[str, Any]]) -> str:
    """Digest of normalised records in order (the same function verify applies to stored rows)."""
    return digest_rows([record.get(name) for name in STORED_FIELDS] for record in records)


def insert_rows(conn: Connection, run_id: int, rows: Sequence[Row]) -> None:
    """Insert normalised rows with positions 0..n-1 on `conn` (inside its transaction).

    PostgreSQL: COPY FROM STDIN (text format; floats are written as repr, which reads back to the
    same double). Other backends: the driver's executemany with plain tuples, in chunks.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, run_id, rows)
        return
    marks = ", ".join("?" if conn.dialect.paramstyle == "qmark" else "%s" for _ in INSERT_COLUMNS)
    statement = f"INSERT INTO measurements ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})"
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = [(run_id, start + i, *row) for i, row in enumerate(rows[start : start + INSERT_CHUNK])]
        conn.exec_driver_sql(statement, chunk)


def _copy_rows(conn: Connection, run_id: int, rows: Sequence[Row]) -> None:
    statement = f"COPY measurements ({', '.join(INSERT_COLUMNS)}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for position, row in enumerate(rows):
            copy.write_row((run_id, position, *row))


def insert_measurements(conn: Connection, run_id: int, records: Sequence[Mapping[str, Any]]) -> None:
    """Insert normalised records (mappings) with positions 0..n-1; see insert_rows."""
    insert_rows(conn, run_id, [tuple(record.get(name) for name in STORED_FIELDS) for record in records])


def stored_digests(conn: Connection) -> Iterator[tuple[int, int, str]]:
    """(run_id, row count, digest) for every run that has measurements, streamed in one query."""
    table = Measurement.__table__
    columns = [table.c.run_id] + [table.c[name] for name in STORED_FIELDS]
    query = select(*columns).order_by(table.c.run_id, table.c.position)
    current: int | None = None
    count = 0
    sha = hashlib.sha256()
    for row in conn.execution_options(yield_per=10_000).execute(query):
        if row[0] != current:
            if current is not None:
                yield current, count, sha.hexdigest()
            current, count, sha = row[0], 0, hashlib.sha256()
        sha.update(_row_text(row[1:]).encode("utf-8"))
        count += 1
    if current is not None:
        yield current, count, sha.hexdigest()
