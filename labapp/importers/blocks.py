"""Repeating-block family: one block per sample, each with its own small table.

Horiba Jobin Yvon's short report writes `Sample:,<id>,Method:,..,Measured:,<time>`, then a
`LineName` header and one row per line; the block title's named regex groups (label, datetime ...)
become fields of every reading in it. The wide family uses the same block titles under one header.
"""

from __future__ import annotations

import re

from labapp.core.errors import InputFileError
from labapp.importers.base import FLAG_SEPARATOR, RAW_NAME, Raw, records_to_raw, skip_regexes
from labapp.importers.profile import Profile
from labapp.importers.roles import Names, map_roles, missing_roles, unit_words
from labapp.importers.table import Table

GROUP_ROLES = {
    "label": "sample_label",
    "datetime": "datetime",
    "date": "date",
    "time": "time",
    "type": "sample_type_raw",
    "replicate": "replicate",
}


def block_fields(match: re.Match[str]) -> dict:
    """A block title's named groups as raw reading fields."""
    return {GROUP_ROLES.get(k, k): v.strip() for k, v in match.groupdict().items() if v is not None}


def read_blocks(table: Table, profile: Profile, path: object) -> Raw:
    start = re.compile(profile.blocks.start)
    header = re.compile(profile.blocks.table_header) if profile.blocks.table_header else None
    skips = skip_regexes(profile)
    extra = unit_words(profile)
    records: list[dict] = []
    block: dict | None = None
    columns: dict[str, list[int]] | None = None
    for i, row in enumerate(table.rows):
        text = table.joined(i)
        match = start.search(text)
        if match:
            block, columns = block_fields(match), None
            continue
        if not any(row) or any(r.search(text) for r in skips):
            continue
        if columns is None or (header is not None and header.search(text)):
            found = _table_header(row, text, header, profile, extra)
            if found is not None:
                if block is None:
                    raise InputFileError(path, table.where(i), "table header before any block title line")
                columns = found
                continue
        if block is None or columns is None:
            raise InputFileError(path, table.where(i), f"data outside a block (profile {profile.id})")
        records.append(_record(row, table, i, block, columns, path))
    if not records and not any(start.search(table.joined(i)) for i in range(len(table))):
        raise InputFileError(path, None, f"no block title line matching {profile.blocks.start!r}")
    return Raw(records_to_raw(records))


def first_table_header(table: Table, profile: Profile) -> tuple[dict[str, list[int]] | None, list[str]]:
    """The roles of the first block table header in `table`, or None and what the closest one missed."""
    header = re.compile(profile.blocks.table_header) if profile.blocks.table_header else None
    extra = unit_words(profile)
    misses: list[str] = ["no table header line inside a block"]
    for i, row in enumerate(table.rows):
        if not any(row) or (header is not None and not header.search(table.joined(i))):
            continue
        columns = map_roles(Names.of(row, extra), profile)
        missing = missing_roles(columns, profile)
        if not missing:
            return columns, []
        misses = missing
    return None, misses


def _table_header(
    row: list[str], text: str, header: re.Pattern[str] | None, profile: Profile, extra: frozenset[str]
) -> dict[str, list[int]] | None:
    if header is not None and not header.search(text):
        return None
    columns = map_roles(Names.of(row, extra), profile)
    return None if missing_roles(columns, profile) else columns


def _record(
    row: list[str], table: Table, i: int, block: dict, columns: dict[str, list[int]], path: object
) -> dict:
    width = max(j for indices in columns.values() for j in indices) + 1
    if len(row) < width and not table.sheet:  # a sheet row ends at its last filled cell
        raise InputFileError(path, table.where(i), f"expected {width} fields, found {len(row)}")
    row = row + [""] * (width - len(row))
    record = {"source_row": table.where(i), **block}
    for role, indices in columns.items():
        name = RAW_NAME.get(role, role)
        record[name] = FLAG_SEPARATOR.join(row[j] for j in indices) if role == "flags" else row[indices[0]]
    return record
