"""Wide family: one row per sample, one column (or column group) per analyte.

Covers single-row headers whose cells carry analyte and field (`Ni Concentration`, `Ni Err`,
`B Ax 249.678 nm c/s`) and multi-row headers where rows hold analyte, field and unit separately
(Thermo Qtegra, Malvern Panalytical, Rigaku). A header line met again starts a new section with
its own columns (Bruker Tracer writes a new header whenever its element list changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labapp.core.errors import InputFileError
from labapp.importers.analytes import compile_patterns, parse_analyte
from labapp.importers.base import (
    FLAG_SEPARATOR,
    RAW_NAME,
    Raw,
    header_cells,
    joined,
    map_columns,
    preamble_metadata,
    records_to_raw,
    skip_regexes,
)
from labapp.importers.profile import Profile
from labapp.importers.textio import DecodedText, choose_delimiter, grid, split_lines

ID_ROLES = (
    "sample_label",
    "sample_type",
    "date",
    "time",
    "datetime",
    "replicate",
    "statistic",
    "unit",
    "flags",
)


@dataclass
class Section:
    """Columns of one header: id roles, and per analyte the column of each target field."""

    ids: dict[str, list[int]]
    analytes: dict[str, dict[str, int]]
    units: dict[str, str]  # analyte -> unit written in the header
    statistic: bool
    needed: int  # fields a complete data row has at least


def read_wide(decoded: DecodedText, profile: Profile, path: object) -> Raw:
    delimiter = choose_delimiter(
        profile.text.delimiter, decoded.sep_hint, split_lines(decoded.text[:65536])[:40]
    )
    rows = grid(decoded.text, delimiter, path, decoded.first_line)
    header = re.compile(profile.layout.header)
    skips = skip_regexes(profile)
    records: list[dict] = []
    preamble: list[str] = []
    warnings: list[str] = []
    section: Section | None = None
    i = 0
    while i < len(rows):
        line_no, row = rows[i]
        text = joined(row, delimiter)
        if header.search(text):
            start = i - profile.layout.header_offset
            block = [r for _, r in rows[start : start + profile.layout.header_rows]]
            section = _section(block, profile, path, line_no, warnings)
            i = start + profile.layout.header_rows
            continue
        i += 1
        if not any(row) or any(r.search(text) for r in skips):
            continue
        if section is None:
            preamble.append(text)
            continue
        records.extend(_readings(row, line_no, section, path))
    if section is None:
        raise InputFileError(
            path, None, f"no header line matching {profile.layout.header!r} (profile {profile.id})"
        )
    return Raw(records_to_raw(records), preamble_metadata(preamble, profile), warnings)


def _section(
    block: list[list[str]], profile: Profile, path: object, line: int, warnings: list[str]
) -> Section:
    names = header_cells(block)
    ids = map_columns(
        names, profile, path, line, () if profile.layout.label_from != "column" else ("sample_label",)
    )
    taken = {j for indices in ids.values() for j in indices}
    excluded = {" ".join(n.split()).casefold() for n in profile.wide.exclude_columns}
    described = _describe_columns(block, names, profile)
    patterns = compile_patterns(profile.analytes.patterns)
    ignore = set(profile.analytes.ignore)
    analytes: dict[str, dict[str, int]] = {}
    chosen: dict[tuple[str, str], str] = {}
    units: dict[str, str] = {}
    for j, (analyte, field, unit) in enumerate(described):
        if j in taken or not analyte or analyte.casefold() in excluded or analyte in ignore:
            continue
        if parse_analyte(analyte, patterns, profile.analytes.views) is None:
            message = f"column {names[j]!r} is not an analyte; skipped"
            if message not in warnings:
                warnings.append(message)
            continue
        target = _target(field, profile)
        if target is None:
            continue
        slot = analytes.setdefault(analyte, {})
        previous = chosen.get((analyte, target))
        if previous is None or _priority(field, target, profile) < _priority(previous, target, profile):
            slot[target] = j
            chosen[(analyte, target)] = field
            if target == "value" and unit:
                units[analyte] = unit
    heads = " ".join(names).casefold()
    statistic = any(h.casefold() in heads for h in profile.statistics.header_contains)
    needed = max((j for slot in analytes.values() for j in slot.values()), default=-1) + 1
    return Section(ids, {a: s for a, s in analytes.items() if s}, units, statistic, needed)


def _describe_columns(
    block: list[list[str]], names: list[str], profile: Profile
) -> list[tuple[str, str, str]]:
    """(analyte, field, unit) of every column, from header roles or from the column pattern."""
    wide = profile.wide
    if wide.header_roles:
        width = len(names)
        by_role: dict[str, list[str]] = {}
        for role, row in zip(wide.header_roles, block, strict=False):
            cells = [" ".join(c.split()) for c in row] + [""] * (width - len(row))
            if role in wide.ffill:
                last = ""
                for j, c in enumerate(cells):
                    last = c or last
                    cells[j] = last
            by_role[role] = cells
        empty = [""] * width
        return list(
            zip(
                by_role.get("analyte", empty),
                by_role.get("field", empty),
                by_role.get("unit", empty),
                strict=True,
            )
        )
    regex = re.compile(wide.column_pattern)
    out = []
    for name in names:
        match = regex.match(name)
        groups = match.groupdict() if match else {}
        out.append(
            (
                (groups.get("analyte") or "").strip(),
                (groups.get("field") or "").strip(),
                (groups.get("unit") or "").strip(),
            )
        )
    return out


def _target(field: str, profile: Profile) -> str | None:
    if not field:
        return profile.wide.default_field
    for target, names in profile.wide.fields.items():
        if field in names:
            return target
    return None


def _priority(field: object, target: str, profile: Profile) -> int:
    names = profile.wide.fields.get(target, [])
    return names.index(field) if field in names else len(names)


def _readings(row: list[str], line_no: int, section: Section, path: object) -> list[dict]:
    if len(row) < section.needed and any(row):
        raise InputFileError(path, line_no, f"expected {section.needed} fields, found {len(row)}")
    base: dict = {"source_row": line_no}
    for role, indices in section.ids.items():
        cells = [row[j] if j < len(row) else "" for j in indices]
        name = RAW_NAME.get(role, role)
        base[name] = FLAG_SEPARATOR.join(cells) if role == "flags" else cells[0]
    if section.statistic:
        base["statistic_section"] = True
    out = []
    for analyte, slot in section.analytes.items():
        record = dict(base)
        record["analyte"] = analyte
        for target, j in slot.items():
            record[RAW_NAME.get(target, target)] = row[j] if j < len(row) else ""
        if "unit" not in slot and analyte in section.units and not base.get("unit"):
            record["unit"] = section.units[analyte]
        out.append(record)
    return out
