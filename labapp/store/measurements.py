"""Bulk storage of a run's tidy measurements and the content digest that stands in for their events.

`measurements_digest` is SHA-256 over one canonical JSON line per reading, in `position` order.
It is computed from the normalised values that are inserted, and recomputed from the rows by
`verify`; floats survive the round trip exactly (IEEE double in SQLite REAL and PostgreSQL
double precision), NaN is stored as NULL.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from labapp.store.canonical import canonical_json
from labapp.store.runs import Measurement

TEXT_FIELDS = (
    "source_row", "sample_label", "sample_type", "element", "species", "line", "view",
    "unit", "censored", "flags", "acquired_at",
)
FLOAT_FIELDS = ("intensity", "value", "detection_limit")
INT_FIELDS = ("replicate",)
FIELDS: tuple[str, ...] = (
    "source_row", "sample_label", "sample_type", "element", "species", "line", "view", "replicate",
    "intensity", "value", "unit", "censored", "detection_limit", "flags", "acquired_at",
)
INSERT_CHUNK = 20_000


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        return False


def _text(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a source_row of 12.0 from a float column means line 12
    text = str(value).strip()
    return text or None


def normalise_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Bring one frame row to the exact values that will be stored (and digested)."""
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        out[name] = _text(record.get(name))
    for name in FLOAT_FIELDS:
        value = record.get(name)
        out[name] = None if _missing(value) else float(value)
    for name in INT_FIELDS:
        value = record.get(name)
        out[name] = None if _missing(value) or value == "" else int(value)
    return out


def _line(record: Mapping[str, Any]) -> bytes:
    return (canonical_json([record[name] for name in FIELDS]) + "\n").encode("utf-8")


def digest_records(records: Iterable[Mapping[str, Any]]) -> str:
    """Digest of normalised records in order (the same function verify applies to stored rows)."""
    sha = hashlib.sha256()
    for record in records:
        sha.update(_line(record))
    return sha.hexdigest()


def insert_measurements(conn: Connection, run_id: int, records: Sequence[Mapping[str, Any]]) -> None:
    """Insert normalised records with positions 0..n-1 using executemany in chunks."""
    for start in range(0, len(records), INSERT_CHUNK):
        chunk = [
            {**record, "run_id": run_id, "position": start + offset}
            for offset, record in enumerate(records[start:start + INSERT_CHUNK])
        ]
        conn.execute(insert(Measurement.__table__), chunk)


def stored_digests(conn: Connection) -> Iterator[tuple[int, int, str]]:
    """(run_id, row count, digest) for every run that has measurements, streamed in one query."""
    table = Measurement.__table__
    columns = [table.c.run_id] + [table.c[name] for name in FIELDS]
    query = select(*columns).order_by(table.c.run_id, table.c.position)
    current: int | None = None
    count = 0
    sha = hashlib.sha256()
    for row in conn.execution_options(yield_per=10_000).execute(query):
        if row[0] != current:
            if current is not None:
                yield current, count, sha.hexdigest()
            current, count, sha = row[0], 0, hashlib.sha256()
        sha.update(_line(dict(zip(FIELDS, row[1:], strict=True))))
        count += 1
    if current is not None:
        yield current, count, sha.hexdigest()
