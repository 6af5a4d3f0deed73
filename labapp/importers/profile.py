"""Instrument export profiles: the declarative TOML schema, validated on load.

A profile says how to recognise one export format and how to read it; the Python readers are
generic per layout family, so a new format of a known family is a new TOML file only.
Every mistake in a profile is reported with the TOML file's name, never half-loaded.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from labapp.core.errors import LabappError
from labapp.instruments import profiles_dir

FAMILIES = ("long", "wide", "blocks", "positional", "excel")
SAMPLE_TYPES = (
    "sample",
    "blank",
    "standard",
    "check",
    "check_blank",
    "crm",
    "spike",
    "duplicate",
    "unknown",
)
ROLES = (
    "sample_label",
    "sample_type",
    "analyte",
    "element",
    "species",
    "value",
    "unit",
    "flags",
    "intensity",
    "detection_limit",
    "uncertainty",
    "date",
    "time",
    "datetime",
    "replicate",
    "statistic",
    "line",
)
NORMAL_UNITS = ("mg/L", "ug/L", "wt%", "mg/kg", "cps", "recovery%")


class ProfileError(LabappError):
    """A profile TOML file that is malformed or inconsistent."""


@dataclass(frozen=True)
class Detect:
    extensions: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)  # regexes that must all match the file head
    optional: list[str] = field(default_factory=list)  # regexes that add to the score
    forbidden: list[str] = field(default_factory=list)  # a match excludes the profile
    sheets: list[str] = field(default_factory=list)  # workbook sheets that must exist


@dataclass(frozen=True)
class Text:
    encoding: str = "auto"
    delimiter: str = "auto"  # ",", ";", "\t", or "auto" (sep= line, else sniffed)
    decimal: str = "."
    thousands: str = ""


@dataclass(frozen=True)
class Layout:
    header: str = ""  # regex finding the (first) header line by content
    header_rows: int = 1  # lines in one header block
    header_offset: int = 0  # index of the matching line inside the header block
    repeated_header: str = "new_section"  # "new_section" (re-map columns) or "skip"
    skip: list[str] = field(default_factory=list)  # regexes of lines that are not data (footers)
    label_from: str = "column"  # "column", "filename" or "preamble"
    preamble_label: str = ""  # regex with group 'label' (label_from = "preamble")
    metadata: dict[str, str] = field(default_factory=dict)  # name -> regex with one group, on preamble
    expected_fields: int = 0  # positional family: fields per row (0 = not checked)


@dataclass(frozen=True)
class Wide:
    column_pattern: str = ""  # regex on a header cell: groups analyte, field, unit
    header_roles: list[str] = field(default_factory=list)  # per header row: analyte/field/unit/ignore
    ffill: list[str] = field(default_factory=list)  # header roles forward-filled to the right
    fields: dict[str, list[str]] = field(default_factory=dict)  # target -> field names, by priority
    default_field: str = "value"
    exclude_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Replicates:
    """Per-replicate columns of a long export, expanded into rows with `replicate` = 1, 2 ..."""

    after: str = ""  # header of the first replicate column; groups of len(targets) follow
    targets: list[str] = field(default_factory=list)  # roles of the columns in one group
    pattern: str = ""  # or: regex on headers with groups `field` and `n`
    fields: dict[str, str] = field(default_factory=dict)  # field -> role, for `pattern`


@dataclass(frozen=True)
class Blocks:
    start: str = ""  # regex of a block's first line; named groups become row fields
    table_header: str = ""  # regex of the table header line inside a block


@dataclass(frozen=True)
class Excel:
    sheets: dict[str, str] = field(default_factory=dict)  # target (value/intensity) -> sheet name
    header: str = ""  # regex a header row's joined cells must match


@dataclass(frozen=True)
class Analytes:
    patterns: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    views: dict[str, str] = field(default_factory=dict)
    convert_species: bool = True


@dataclass(frozen=True)
class Values:
    tokens: dict[str, list[str]] = field(default_factory=dict)  # text -> [censored, flag]
    suffix_flags: dict[str, str] = field(default_factory=dict)  # trailing mark -> flag
    bracket_flag: str = "bracketed"


@dataclass(frozen=True)
class Flags:
    map: dict[str, str] = field(default_factory=dict)
    split: str = "chars"  # "chars" (each letter a flag), "none", or a separator regex
    not_detected: list[str] = field(default_factory=list)  # normalised flags that mean "<"


@dataclass(frozen=True)
class SampleTypes:
    column_map: dict[str, str] = field(default_factory=dict)
    label_patterns: list[list[str]] = field(default_factory=list)  # [regex, type], first match wins
    default: str = "sample"


@dataclass(frozen=True)
class Statistics:
    column: str = "sample_label"  # role or header name whose text marks a statistics row
    patterns: list[str] = field(default_factory=list)
    header_contains: list[str] = field(default_factory=list)  # a header with this cell marks a section


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    family: str
    vendor: str = ""
    technique: str = ""
    description: str = ""
    source: str = "real"  # "real" (checked against real exports) or "documented"
    detect: Detect = field(default_factory=Detect)
    text: Text = field(default_factory=Text)
    layout: Layout = field(default_factory=Layout)
    columns: dict[str, Any] = field(default_factory=dict)  # role -> header name, position, or list
    replicates: Replicates = field(default_factory=Replicates)
    wide: Wide = field(default_factory=Wide)
    blocks: Blocks = field(default_factory=Blocks)
    excel: Excel = field(default_factory=Excel)
    analytes: Analytes = field(default_factory=Analytes)
    values: Values = field(default_factory=Values)
    flags: Flags = field(default_factory=Flags)
    sample_types: SampleTypes = field(default_factory=SampleTypes)
    units: dict[str, Any] = field(default_factory=dict)  # raw -> normal unit or [unit, factor]
    default_unit: str = ""
    statistics: Statistics = field(default_factory=Statistics)
    datetime_formats: list[str] = field(default_factory=list)
    path: str = ""


_SECTIONS = {
    "detect": Detect,
    "text": Text,
    "layout": Layout,
    "replicates": Replicates,
    "wide": Wide,
    "blocks": Blocks,
    "excel": Excel,
    "analytes": Analytes,
    "values": Values,
    "flags": Flags,
    "sample_types": SampleTypes,
    "statistics": Statistics,
}


def _build(cls: type, data: Any, where: str, source: Path) -> Any:
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: [{where}] must be a table")
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ProfileError(f"{source}: unknown key(s) in [{where}]: {', '.join(unknown)}")
    for key, value in data.items():
        expected = _expected_type(known[key])
        if expected is not None and not isinstance(value, expected):
            raise ProfileError(f"{source}: [{where}] {key} must be {expected.__name__}, got {value!r}")
    return cls(**data)


def _expected_type(f: dataclasses.Field) -> type | None:
    text = str(f.type)
    for prefix, kind in (("list", list), ("dict", dict), ("int", int), ("bool", bool), ("str", str)):
        if text.startswith(prefix):
            return kind
    return None


def load_profile(source: Path) -> Profile:
    """Read and validate one profile TOML file."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{source}: not a readable TOML profile: {exc}") from None
    top = {k: v for k, v in data.items() if k not in _SECTIONS}
    sections = {k: _build(cls, data[k], k, source) for k, cls in _SECTIONS.items() if k in data}
    for key in ("id", "name", "family"):
        if not isinstance(top.get(key), str) or not top[key]:
            raise ProfileError(f"{source}: top-level '{key}' is required")
    known_top = {f.name for f in dataclasses.fields(Profile)} - set(_SECTIONS) - {"path"}
    unknown = sorted(set(top) - known_top)
    if unknown:
        raise ProfileError(f"{source}: unknown top-level key(s): {', '.join(unknown)}")
    profile = Profile(**top, **sections, path=str(source))
    _check(profile, source)
    return profile


def _check(p: Profile, source: Path) -> None:
    def fail(message: str) -> None:
        raise ProfileError(f"{source}: {message}")

    if p.family not in FAMILIES:
        fail(f"family must be one of {', '.join(FAMILIES)}, got {p.family!r}")
    if p.id != source.stem:
        fail(f"id {p.id!r} must equal the file name {source.stem!r}")
    bad_roles = sorted(set(p.columns) - set(ROLES))
    if bad_roles:
        fail(f"unknown column role(s): {', '.join(bad_roles)} (known: {', '.join(ROLES)})")
    for kind in [*p.sample_types.column_map.values(), p.sample_types.default]:
        if kind not in SAMPLE_TYPES:
            fail(f"sample type {kind!r} is not one of {', '.join(SAMPLE_TYPES)}")
    for entry in p.sample_types.label_patterns:
        if len(entry) != 2 or entry[1] not in SAMPLE_TYPES:
            fail(f"label_patterns entries are [regex, sample type], got {entry!r}")
    for raw, target in p.units.items():
        unit = target[0] if isinstance(target, list) else target
        if unit not in NORMAL_UNITS:
            fail(f"unit {raw!r} maps to {unit!r}, not one of {', '.join(NORMAL_UNITS)}")
    if p.default_unit and p.default_unit not in NORMAL_UNITS:
        fail(f"default_unit {p.default_unit!r} is not one of {', '.join(NORMAL_UNITS)}")
    for pattern in _all_regexes(p):
        try:
            re.compile(pattern)
        except re.error as exc:
            fail(f"bad regular expression {pattern!r}: {exc}")
    if p.family in ("long", "wide", "blocks") and not (p.layout.header or p.blocks.table_header):
        fail("layout.header (a regex finding the header line) is required for this family")


def _all_regexes(p: Profile) -> list[str]:
    return [
        *p.detect.required,
        *p.detect.optional,
        *p.detect.forbidden,
        *p.layout.skip,
        p.layout.header,
        p.layout.preamble_label,
        *p.layout.metadata.values(),
        p.wide.column_pattern,
        p.blocks.start,
        p.blocks.table_header,
        p.replicates.pattern,
        p.excel.header,
        *p.analytes.patterns,
        *p.statistics.patterns,
        *(entry[0] for entry in p.sample_types.label_patterns if entry),
    ]


@lru_cache(maxsize=8)
def _load_dir(folder: str) -> tuple[Profile, ...]:
    return tuple(load_profile(path) for path in sorted(Path(folder).glob("*.toml")))


@lru_cache(maxsize=1)
def _shipped_dir() -> str:
    return str(profiles_dir())  # importlib.resources lookup: slow enough to matter once per read


def all_profiles(folder: Path | None = None) -> tuple[Profile, ...]:
    """Every profile shipped in instruments/ (or in `folder`), sorted by id."""
    return _load_dir(str(folder) if folder else _shipped_dir())


def get_profile(profile_id: str, folder: Path | None = None) -> Profile:
    """The profile with this id; LabappError naming the known ids otherwise."""
    profiles = {p.id: p for p in all_profiles(folder)}
    if profile_id not in profiles:
        raise LabappError(f"unknown profile {profile_id!r}; known: {', '.join(sorted(profiles))}")
    return profiles[profile_id]
