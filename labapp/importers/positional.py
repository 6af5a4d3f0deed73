"""Positional family: exports without a header row, read by field position (Shimadzu ICPEsolution).

With no header to recognise, the field count is the format's signature: every data row must
have exactly `layout.expected_fields` fields or the file is refused at that line.
"""

from __future__ import annotations

from labapp.core.errors import InputFileError
from labapp.importers.base import FLAG_SEPARATOR, RAW_NAME, Raw, records_to_raw, skip_regexes
from labapp.importers.profile import Profile
from labapp.importers.table import Table


def read_positional(table: Table, profile: Profile, path: object) -> Raw:
    expected = profile.layout.expected_fields
    skips = skip_regexes(profile)
    columns = {role: profile.column_specs(role) for role in profile.columns}
    records = []
    for i, row in enumerate(table.rows):
        if not any(row) or any(r.search(table.joined(i)) for r in skips):
            continue
        if expected and len(row) != expected:
            raise InputFileError(path, table.where(i), f"expected {expected} fields, found {len(row)}")
        record: dict = {"source_row": table.where(i)}
        for role, indices in columns.items():
            cells = [row[j] if isinstance(j, int) and j < len(row) else "" for j in indices]
            record[RAW_NAME.get(role, role)] = (FLAG_SEPARATOR if role == "flags" else " ").join(cells)
        records.append(record)
    if not records:
        raise InputFileError(path, None, "no data rows")
    return Raw(records_to_raw(records))


def field_count_share(table: Table, expected: int) -> float:
    """Share of the non-empty rows with exactly `expected` fields (a positional format's signature)."""
    rows = [r for r in table.rows if any(r)]
    return sum(len(r) == expected for r in rows) / len(rows) if rows else 0.0
