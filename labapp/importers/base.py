"""What the family readers share: the raw frame they hand over, preamble metadata, file labels."""

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


@dataclass
class Raw:
    """What a reader hands to the normaliser: raw readings plus file-level facts."""

    frame: pd.DataFrame
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


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
