"""Helpers the text readers share: header search by content, column mapping, preamble metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.profile import Profile

# Profile role -> raw column the normaliser reads.
RAW_NAME = {
    "sample_type": "sample_type_raw",
    "flags": "flags_raw",
    "species": "species_raw",
    "line": "line_raw",
}
FLAG_SEPARATOR = "\x1f"
HEADER_SEARCH_LINES = 500


@dataclass
class Raw:
    """What a reader hands to the normaliser: raw readings plus file-level facts."""

    frame: pd.DataFrame
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def joined(row: list[str], delimiter: str) -> str:
    """A row as one string, for the profile's line regexes (fields trimmed, quotes removed)."""
    return delimiter.join(row)


def find_header(
    rows: list[tuple[int, list[str]]], profile: Profile, delimiter: str, path: object, start: int = 0
) -> int | None:
    """Index in `rows` of the first line matching layout.header at or after `start`."""
    regex = re.compile(profile.layout.header)
    for i in range(start, len(rows)):
        if regex.search(joined(rows[i][1], delimiter)):
            return i
    return None


def header_cells(block: list[list[str]]) -> list[str]:
    """Column names of a header block: the rows joined per column (`Calibration` + `status`)."""
    width = max((len(r) for r in block), default=0)
    names = []
    for j in range(width):
        parts = [r[j] for r in block if j < len(r) and r[j]]
        names.append(" ".join(" ".join(parts).split()))
    return names


def normalise_name(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def map_columns(
    names: list[str], profile: Profile, path: object, line: int, required: tuple[str, ...] = ()
) -> dict[str, list[int]]:
    """Role -> column indices. A name matches case- and whitespace-insensitively; `Units#2` is the
    second column called Units; an integer is a position."""
    index: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        index.setdefault(normalise_name(name), []).append(j)
    out: dict[str, list[int]] = {}
    for role, spec in profile.columns.items():
        found: list[int] = []
        for item in spec if isinstance(spec, list) else [spec]:
            j = _locate(item, index)
            if j is not None:
                found.append(j)
        if found:
            out[role] = found
    missing = [r for r in required if r not in out]
    if missing:
        wanted = ", ".join(repr(profile.columns.get(r)) for r in missing)
        raise InputFileError(
            path, line, f"header lacks the column(s) {wanted} that profile {profile.id} needs"
        )
    return out


def _locate(item: str | int, index: dict[str, list[int]]) -> int | None:
    if isinstance(item, int):
        return item
    name, _, nth = str(item).partition("#")
    positions = index.get(normalise_name(name), [])
    k = int(nth) - 1 if nth.isdigit() else 0
    return positions[k] if k < len(positions) else None


def preamble_metadata(lines: list[str], profile: Profile) -> dict:
    """Values the profile's metadata regexes find in the lines before the header."""
    found: dict = {}
    for key, pattern in profile.layout.metadata.items():
        regex = re.compile(pattern)
        for line in lines:
            match = regex.search(line)
            if match:
                found[key] = (match.group(1) if match.groups() else match.group(0)).strip().strip('"')
                break
    return found


def file_label(path: object, profile: Profile, preamble: list[str], line: int) -> str:
    """The sample label of a one-sample export: from its file name or from its preamble."""
    if profile.layout.label_from == "filename":
        return Path(str(path)).stem
    regex = re.compile(profile.layout.preamble_label)
    for text in preamble:
        match = regex.search(text)
        if match:
            return match.group("label").strip().strip('"').strip()
    raise InputFileError(path, line, f"no sample label found before the header (profile {profile.id})")


def skip_regexes(profile: Profile) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in profile.layout.skip]


def records_to_raw(records: list[dict]) -> pd.DataFrame:
    """Reader records (dicts of raw fields) as a frame; string cells stay strings."""
    return pd.DataFrame.from_records(records) if records else pd.DataFrame({"source_row": []})
