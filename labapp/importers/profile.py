"""Instrument export profiles: the declarative TOML schema, validated on load.

A profile says how to recognise one export format and how to read it; the Python readers are
generic per layout family, so a new format of a known family is a new TOML file only. Columns
are found by meaning: each role lists synonyms or patterns, never one exact header line.
Every mistake in a profile is reported with the TOML file's name (and line where TOML gives
one), never half-loaded.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from labapp.core.errors import LabappError

FAMILIES = ("long", "wide", "blocks", "positional")
FORMATS = ("text", "workbook")
DATE_ORDERS = ("", "DMY", "MDY", "YMD")
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
    "uncertainty_coverage",  # per reading: how many sigma the uncertainty column states (Niton: Sigma Value)
    "date",
    "time",
    "datetime",
    "replicate",
    "statistic",
    "line",
)
# Wide-layout field targets: the roles a per-analyte column can hold. `species` names the reported
# form (a Compound column); `species_value`/`species_uncertainty` are that form's level and error.
FIELD_TARGETS = (
    "value",
    "intensity",
    "uncertainty",
    "unit",
    "species",
    "species_value",
    "species_uncertainty",
    "detection_limit",
)
NORMAL_UNITS = ("mg/L", "ug/L", "wt%", "mg/kg", "cps", "recovery%")
REGEX_PREFIX = "re:"


LABEL_CHOICES = ("first", "first_filled", "most_distinct")


class ProfileOrigin(StrEnum):
    """Where a profile came from: installed with labapp, or the laboratory's own folder."""

    SHIPPED = "shipped"
    LAB = "lab"

    @property
    def label(self) -> str:
        return {ProfileOrigin.SHIPPED: "installed with labapp", ProfileOrigin.LAB: "this laboratory"}[self]


class ProfileError(LabappError):
    """A profile TOML file that is malformed or inconsistent."""


@dataclass(frozen=True)
class Detect:
    extensions: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # regexes that must all match the file head
    optional: list[str] = field(default_factory=list)  # regexes that add to the score
    forbidden: list[str] = field(default_factory=list)  # a match excludes the profile
    sheets: list[str] = field(default_factory=list)  # workbook sheet names (synonyms/re:) that must exist


@dataclass(frozen=True)
class Text:
    encoding: str = "auto"
    delimiter: str = "auto"  # ",", ";", "\t", " " or "auto" (sep= line, else sniffed)
    decimal: str = "auto"  # "." or "," or "auto" (inferred from the numbers in the file)
    thousands: str = ""


@dataclass(frozen=True)
class Layout:
    header: str = ""  # optional regex the header line must also match (needed without named roles)
    header_rows: int = 1  # lines in one header block
    header_offset: int = 0  # index of the line `header` matches inside the header block
    skip: list[str] = field(default_factory=list)  # regexes of lines that are not data (footers)
    label_from: str = "column"  # "column", "filename", "preamble" or "block" (block title lines)
    label_choice: str = "first"  # "first" synonym found, "first_filled" per row, or "most_distinct"
    preamble_label: str = ""  # regex with group 'label' (label_from = "preamble")
    metadata: dict[str, str] = field(default_factory=dict)  # name -> regex with one group, on preamble
    expected_fields: int = 0  # positional family: fields per row (0 = not checked)


@dataclass(frozen=True)
class Wide:
    column_pattern: str = ""  # regex on a header cell: groups analyte, field, unit
    header_roles: list[str] = field(default_factory=list)  # per header row: analyte/field/unit/ignore
    ffill: list[str] = field(default_factory=list)  # header roles forward-filled to the right
    fields: dict[str, list[str]] = field(default_factory=dict)  # target -> field synonyms, by priority
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
    start: str = ""  # regex of a block's title line; named groups become fields of its rows
    table_header: str = ""  # blocks family: regex of the table header line inside a block


@dataclass(frozen=True)
class Workbook:
    sheets: list[str] = field(default_factory=list)  # sheets holding the table (synonyms/re:), by priority
    quantities: dict[str, list[str]] = field(default_factory=dict)  # value/intensity -> sheets, by priority
    join: list[str] = field(default_factory=list)  # id roles that identify a row across quantity sheets


@dataclass(frozen=True)
class Analytes:
    patterns: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    views: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Values:
    tokens: dict[str, list[str]] = field(default_factory=dict)  # text -> [censored, flag]
    suffix_flags: dict[str, str] = field(default_factory=dict)  # trailing mark -> flag
    bracket_flag: str = "bracketed"
    # value columns or sheets (synonyms/re:) that hold the instrument's sample-unit concentrations,
    # after its own dilution and weight factors: read with a warning and the flag instrument_factored
    factored: list[str] = field(default_factory=list)


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
    column: str = "sample_label"  # role whose text marks a statistics row (sample_label or statistic)
    patterns: list[str] = field(default_factory=list)
    header_contains: list[str] = field(default_factory=list)  # a header with this cell marks a section


@dataclass(frozen=True)
class Uncertainty:
    """What the file's error column (role or wide field `uncertainty`) means, as the vendor documents
    it: the coverage (standard deviations: 1, 2, 3; 0 where the vendor's documentation does not say,
    and the importer then leaves `uncertainty_k` empty so the calculation takes the error as a
    standard uncertainty, the larger and so the cautious reading) and whether it is relative."""

    coverage: float = 0.0
    relative: bool = False  # the error is in percent of the reading's value (Bruker S8 `Stat. error`)
    meaning: str = ""  # the vendor's documentation, or why the meaning is unknown (shown in docs)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    family: str
    vendor: str = ""
    technique: str = ""
    description: str = ""
    source: str = "real"  # "real" (checked against real exports) or "documented"
    formats: list[str] = field(default_factory=lambda: ["text"])
    date_order: str = ""  # the order assumed (with a warning) when the file's dates do not reveal it
    detect: Detect = field(default_factory=Detect)
    text: Text = field(default_factory=Text)
    layout: Layout = field(default_factory=Layout)
    columns: dict[str, Any] = field(default_factory=dict)  # role -> synonym, position, or list of them
    replicates: Replicates = field(default_factory=Replicates)
    wide: Wide = field(default_factory=Wide)
    blocks: Blocks = field(default_factory=Blocks)
    workbook: Workbook = field(default_factory=Workbook)
    analytes: Analytes = field(default_factory=Analytes)
    values: Values = field(default_factory=Values)
    flags: Flags = field(default_factory=Flags)
    sample_types: SampleTypes = field(default_factory=SampleTypes)
    units: dict[str, Any] = field(default_factory=dict)  # raw -> normal unit or [unit, factor]
    default_unit: str = ""
    statistics: Statistics = field(default_factory=Statistics)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    path: str = ""
    origin: ProfileOrigin = field(default_factory=lambda: ProfileOrigin.SHIPPED)

    def column_specs(self, role: str) -> list[str | int]:
        """The synonyms, patterns and positions a role may be found under, by priority."""
        spec = self.columns.get(role)
        if spec is None:
            return []
        return list(spec) if isinstance(spec, list) else [spec]


_SECTIONS = {
    "detect": Detect,
    "text": Text,
    "layout": Layout,
    "replicates": Replicates,
    "wide": Wide,
    "blocks": Blocks,
    "workbook": Workbook,
    "analytes": Analytes,
    "values": Values,
    "flags": Flags,
    "sample_types": SampleTypes,
    "statistics": Statistics,
    "uncertainty": Uncertainty,
}


def _at(source: Path, text: str, key: str, section: str = "") -> str:
    """`file, line N` for a key (in a [section]) of the TOML text, else just the file."""
    line = line_of(text, key, section)
    return f"{source}, line {line}" if line else str(source)


def line_of(text: str, key: str, section: str = "") -> int | None:
    """The line where `key` is set (inside `[section]` when given): for messages a lab can act on."""
    lines = text.splitlines()
    start = 0
    if section:
        heading = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*\]")
        start = next((i + 1 for i, line in enumerate(lines) if heading.match(line)), None)
        if start is None:
            return None
    assignment = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
    for i in range(start, len(lines)):
        if section and re.match(r"^\s*\[", lines[i]):
            return None
        if assignment.match(lines[i]):
            return i + 1
    return None


def _build(cls: type, data: Any, where: str, source: Path, text: str) -> Any:
    if not isinstance(data, dict):
        raise ProfileError(f"{_at(source, text, where)}: [{where}] must be a table")
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ProfileError(
            f"{_at(source, text, unknown[0], where)}: unknown key(s) in [{where}]: "
            f"{', '.join(unknown)} (known: {', '.join(known)})"
        )
    for key, value in data.items():
        expected = _expected_type(known[key])
        if expected is not None and not isinstance(value, expected):
            raise ProfileError(
                f"{_at(source, text, key, where)}: [{where}] {key} must be {expected.__name__}, got {value!r}"
            )
    return cls(**data)


def _expected_type(f: dataclasses.Field) -> type | None:
    text = str(f.type)
    for prefix, kind in (("list", list), ("dict", dict), ("int", int), ("bool", bool), ("str", str)):
        if text.startswith(prefix):
            return kind
    return None


def parse_profile(text: str, source: Path, origin: ProfileOrigin = ProfileOrigin.SHIPPED) -> Profile:
    """Validate profile TOML text; `source` names it in every message (and gives the id's file name)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not a readable TOML profile: {exc}") from None
    top = {k: v for k, v in data.items() if k not in _SECTIONS}
    sections = {k: _build(cls, data[k], k, source, text) for k, cls in _SECTIONS.items() if k in data}
    for key in ("id", "name", "family"):
        if not isinstance(top.get(key), str) or not top[key]:
            raise ProfileError(f"{source}: top-level '{key}' is required")
    known_top = {f.name for f in dataclasses.fields(Profile)} - set(_SECTIONS) - {"path", "origin"}
    unknown = sorted(set(top) - known_top)
    if unknown:
        raise ProfileError(f"{_at(source, text, unknown[0])}: unknown top-level key(s): {', '.join(unknown)}")
    for key in ("formats",):
        if key in top and not isinstance(top[key], list):
            raise ProfileError(f"{_at(source, text, key)}: '{key}' must be a list, got {top[key]!r}")
    profile = Profile(**top, **sections, path=str(source), origin=origin)
    try:
        _check(profile, source)
    except ProfileError as exc:
        raise ProfileError(_with_line(str(exc), source, text)) from None
    return profile


def _with_line(message: str, source: Path, text: str) -> str:
    """Add the line of the first quoted word of a semantic error that the TOML text sets."""
    body = message.removeprefix(f"{source}: ")
    for word in re.findall(r"'([^']+)'", body):
        line = line_of(text, word) or next(
            (i + 1 for i, t in enumerate(text.splitlines()) if word in t), None
        )
        if line:
            return f"{source}, line {line}: {body}"
    return message


def load_profile(source: Path, origin: ProfileOrigin = ProfileOrigin.SHIPPED) -> Profile:
    """Read and validate one profile TOML file."""
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{source}: not a readable TOML profile: {exc}") from None
    return parse_profile(text, Path(source), origin)


def _check(p: Profile, source: Path) -> None:
    def fail(message: str) -> None:
        raise ProfileError(f"{source}: {message}")

    coverage = p.uncertainty.coverage
    if isinstance(coverage, bool) or not isinstance(coverage, int | float) or not 0 <= coverage <= 3:
        fail(f"[uncertainty] 'coverage' must be 1, 2 or 3 (sigma), 0 if not documented; got {coverage!r}")
    if p.family not in FAMILIES:
        fail(f"family must be one of {', '.join(FAMILIES)}, got {p.family!r}")
    if p.id != source.stem:
        fail(f"id {p.id!r} must equal the file name {source.stem!r}")
    if not re.fullmatch(r"[a-z0-9_]+", p.id):
        fail(f"id {p.id!r} may hold only lower-case letters, digits and _")
    bad_formats = sorted(set(p.formats) - set(FORMATS)) or ([] if p.formats else ["(none)"])
    if bad_formats:
        fail(f"formats must be among {', '.join(FORMATS)}, got {', '.join(bad_formats)}")
    if p.date_order not in DATE_ORDERS:
        fail(f"date_order must be one of DMY, MDY, YMD, got {p.date_order!r}")
    bad_roles = sorted(set(p.columns) - set(ROLES))
    if bad_roles:
        fail(f"unknown column role(s): {', '.join(bad_roles)} (known: {', '.join(ROLES)})")
    for role in p.columns:
        for spec in p.column_specs(role):
            if not isinstance(spec, str | int) or isinstance(spec, bool):
                fail(
                    f"[columns] {role}: each entry is a header synonym, 're:pattern' or a position, "
                    f"got {spec!r}"
                )
    bad_targets = sorted(set(p.wide.fields) - set(FIELD_TARGETS))
    if bad_targets:
        fail(f"[wide] fields: unknown target(s) {', '.join(bad_targets)} (known: {', '.join(FIELD_TARGETS)})")
    bad_quantities = sorted(set(p.workbook.quantities) - {"value", "intensity"})
    if bad_quantities:
        fail(f"[workbook] quantities: only value and intensity sheets, got {', '.join(bad_quantities)}")
    if p.layout.label_choice not in LABEL_CHOICES:
        choices = ", ".join(LABEL_CHOICES)
        fail(f"[layout] label_choice must be one of {choices}, got {p.layout.label_choice!r}")
    if p.layout.label_from not in ("column", "filename", "preamble", "block"):
        fail(f"[layout] label_from must be column, filename, preamble or block, got {p.layout.label_from!r}")
    if p.layout.label_from == "block" and "label" not in p.blocks.start:
        fail('[layout] label_from = "block" needs a (?P<label>...) group in [blocks] start')
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
    if p.layout.header_rows < 1 or p.layout.header_offset >= p.layout.header_rows:
        fail("[layout] header_rows must be >= 1 and header_offset smaller than header_rows")
    named = any(isinstance(s, str) for role in p.columns for s in p.column_specs(role))
    if p.family in ("long", "wide") and not (p.layout.header or named):
        fail(
            "name the columns (synonyms in [columns]) or give layout.header, so the header line can be found"
        )
    if p.family == "blocks" and not (p.blocks.start and (p.blocks.table_header or named)):
        fail(
            "[blocks] start (block title regex) and a table header (table_header or named columns) are needed"
        )
    if p.family == "positional" and not p.layout.expected_fields and not p.detect.signatures:
        fail("a positional profile needs layout.expected_fields or detect.signatures to be recognised")


def _all_regexes(p: Profile) -> list[str]:
    synonyms = [s for role in p.columns for s in p.column_specs(role)]
    synonyms += [s for names in p.wide.fields.values() for s in names]
    synonyms += [*p.workbook.sheets, *p.detect.sheets]
    synonyms += [s for names in p.workbook.quantities.values() for s in names]
    synonyms += p.values.factored
    return [
        *p.detect.signatures,
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
        *p.analytes.patterns,
        *p.statistics.patterns,
        *(entry[0] for entry in p.sample_types.label_patterns if entry),
        *(s[len(REGEX_PREFIX) :] for s in synonyms if isinstance(s, str) and s.startswith(REGEX_PREFIX)),
    ]
