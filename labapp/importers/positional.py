"""Positional family: exports without a header row, read by field position (Shimadzu ICPEsolution).

With no header to recognise, the field count is the format's signature: every data row must
have exactly `layout.expected_fields` fields or the file is refused at that line.
"""

from __future__ import annotations

from labapp.core.errors import InputFileError
from labapp.importers.base import FLAG_SEPARATOR, RAW_NAME, Raw, joined, records_to_raw, skip_regexes
from labapp.importers.profile import Profile
from labapp.importers.textio import DecodedText, choose_delimiter, grid, split_lines


def read_positional(decoded: DecodedText, profile: Profile, path: object) -> Raw:
    delimiter = choose_delimiter(
        profile.text.delimiter, decoded.sep_hint, split_lines(decoded.text[:65536])[:40]
    )
    rows = grid(decoded.text, delimiter, path, decoded.first_line)
    expected = profile.layout.expected_fields
    skips = skip_regexes(profile)
    columns = {role: spec if isinstance(spec, list) else [spec] for role, spec in profile.columns.items()}
    records = []
    for line_no, row in rows:
        if not any(row) or any(r.search(joined(row, delimiter)) for r in skips):
            continue
        if expected and len(row) != expected:
            raise InputFileError(path, line_no, f"expected {expected} fields, found {len(row)}")
        record: dict = {"source_row": line_no}
        for role, indices in columns.items():
            cells = [row[j] if j < len(row) else "" for j in indices]
            record[RAW_NAME.get(role, role)] = (FLAG_SEPARATOR if role == "flags" else " ").join(cells)
        records.append(record)
    if not records:
        raise InputFileError(path, None, "no data rows")
    return Raw(records_to_raw(records))
