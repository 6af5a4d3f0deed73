"""Repeating-block family: one block per sample, each with its own small table.

Horiba Jobin Yvon's short report writes `Sample:,<id>,Method:,..,Measured:,<time>`, then a
`LineName` header and one row per line; the block's named regex groups (label, datetime ...)
become fields of every reading in it.
"""

from __future__ import annotations

import re

from labapp.core.errors import InputFileError
from labapp.importers.base import (
    FLAG_SEPARATOR,
    RAW_NAME,
    Raw,
    joined,
    map_columns,
    records_to_raw,
    skip_regexes,
)
from labapp.importers.profile import Profile
from labapp.importers.textio import DecodedText, choose_delimiter, grid, split_lines

GROUP_ROLES = {
    "label": "sample_label",
    "datetime": "datetime",
    "date": "date",
    "time": "time",
    "type": "sample_type_raw",
}


def read_blocks(decoded: DecodedText, profile: Profile, path: object) -> Raw:
    delimiter = choose_delimiter(
        profile.text.delimiter, decoded.sep_hint, split_lines(decoded.text[:65536])[:40]
    )
    rows = grid(decoded.text, delimiter, path, decoded.first_line)
    start = re.compile(profile.blocks.start)
    table = re.compile(profile.blocks.table_header or profile.layout.header)
    skips = skip_regexes(profile)
    records: list[dict] = []
    block: dict | None = None
    columns: dict[str, list[int]] | None = None
    for line_no, row in rows:
        text = joined(row, delimiter)
        match = start.search(text)
        if match:
            block = {GROUP_ROLES.get(k, k): v.strip() for k, v in match.groupdict().items() if v is not None}
            columns = None
            continue
        if not any(row) or any(r.search(text) for r in skips):
            continue
        if table.search(text):
            if block is None:
                raise InputFileError(path, line_no, "table header before any block start line")
            columns = map_columns(row, profile, path, line_no, ("analyte",))
            continue
        if block is None or columns is None:
            raise InputFileError(path, line_no, f"data outside a block (profile {profile.id})")
        records.append(_record(row, line_no, block, columns, path))
    if not records and not any(start.search(joined(r, delimiter)) for _, r in rows):
        raise InputFileError(path, None, f"no block start matching {profile.blocks.start!r}")
    return Raw(records_to_raw(records))


def _record(row: list[str], line_no: int, block: dict, columns: dict[str, list[int]], path: object) -> dict:
    width = max(j for indices in columns.values() for j in indices) + 1
    if len(row) < width:
        raise InputFileError(path, line_no, f"expected {width} fields, found {len(row)}")
    record = {"source_row": line_no, **block}
    for role, indices in columns.items():
        name = RAW_NAME.get(role, role)
        record[name] = FLAG_SEPARATOR.join(row[j] for j in indices) if role == "flags" else row[indices[0]]
    return record
