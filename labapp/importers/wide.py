"""Wide family: one row per sample, one column (or column group) per analyte.

Covers single-row headers whose cells carry analyte and field (`Ni Concentration`, `Ni Err`,
`B Ax 249.678 nm c/s`) and multi-row headers where rows hold analyte, field and unit separately
(Thermo Qtegra, Agilent MassHunter, Malvern Panalytical, Rigaku, Thermo ARL). A header met again
starts a new section with its own columns (Bruker Tracer writes a new header whenever its element
list changes); block title lines (`Blank 5/22/2026 8:01:33`) give their fields to the rows below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labapp.core.elements import is_element
from labapp.core.errors import InputFileError
from labapp.importers.analytes import compile_patterns, parse_analyte
from labapp.importers.base import (
    FLAG_SEPARATOR,
    RAW_NAME,
    Raw,
    preamble_metadata,
    records_to_raw,
    skip_regexes,
)
from labapp.importers.blocks import block_fields
from labapp.importers.profile import Profile
from labapp.importers.roles import (
    HeaderHit,
    compile_specs,
    locate_header,
    matches_any,
    norm,
    required_header,
    split_unit,
    unit_words,
)
from labapp.importers.table import Table


@dataclass
class Column:
    """One analyte column: what it holds (`target`) and the unit its header gives."""

    analyte: str
    target: str
    unit: str = ""


@dataclass
class Section:
    """Columns of one header: id roles, and per analyte the column of each target field."""

    ids: dict[str, list[int]]
    analytes: dict[str, dict[str, int]]
    units: dict[str, str]  # analyte -> unit written in the header for its value
    statistic: bool
    needed: int  # fields a complete data row has at least
    skipped: list[str] = field(default_factory=list)  # header cells that name no analyte
    value_fields: dict[str, str] = field(default_factory=dict)  # analyte -> field its value is read from


def read_wide(table: Table, profile: Profile, path: object) -> Raw:
    first = required_header(table, profile, path)
    section = section_of(first, profile)
    ignored = list(section.skipped)
    value_fields = set(section.value_fields.values())
    skips = skip_regexes(profile)
    block_start = re.compile(profile.blocks.start) if profile.blocks.start else None
    header_key = _header_key(first)
    records: list[dict] = []
    block: dict = {}
    i = first.end
    while i < len(table):
        row = table.rows[i]
        if not any(row):
            i += 1
            continue
        again = _header_again(table, i, profile, header_key)
        if again is not None:
            section = section_of(again, profile)
            ignored += [n for n in section.skipped if n not in ignored]
            value_fields |= set(section.value_fields.values())
            i = again.end
            continue
        text = table.joined(i)
        i += 1
        if any(r.search(text) for r in skips):
            continue
        if block_start is not None and (match := block_start.search(text)):
            block = block_fields(match)
            continue
        records.extend(_readings(row, table, i - 1, section, block, path))
    if not records and not section.analytes:
        raise InputFileError(
            path, table.where(first.start), f"header of profile {profile.id}: no column names an analyte"
        )
    _choose_labels(records, profile.layout.label_choice)
    metadata = preamble_metadata([table.joined(k) for k in range(first.start)], profile)
    metadata.update(_value_source(value_fields, profile, table.where(first.start), path))
    warnings = []
    if ignored:
        metadata["columns_not_read"] = ", ".join(ignored)
        warnings = _unread_analytes(ignored, profile)
    return Raw(records_to_raw(records), metadata, warnings)


_MS_MS = re.compile(r"^\d+\s*->\s*\d+\s+([A-Z][a-z]?)\b")  # MassHunter MS/MS: `56 -> 72  Fe  [ O2 ]`


def _value_source(fields: set[str], profile: Profile, where: object, path: object) -> dict[str, str]:
    """The field the concentrations come from, so the reader can flag instrument-factored ones
    (MassHunter `Conc.` = `Meas. Conc.` x Total Dil.). Factored and unfactored fields mixed in one
    file cannot be flagged per column: refused rather than half flagged."""
    factored = {f for f in fields if profile.values.factored and matches_any(f, profile.values.factored)}
    if factored and factored != fields:
        raise InputFileError(
            path,
            where,
            f"concentrations come from both {', '.join(sorted(factored))} (after the instrument's dilution "
            f"factors) and {', '.join(sorted(fields - factored))} (the solution); "
            "export one of them for all analytes",
        )
    return {"value_column": ", ".join(sorted(fields))} if len(fields) == 1 or factored else {}


def _unread_analytes(ignored: list[str], profile: Profile) -> list[str]:
    """A column that names an element but was not read is a reading lost: say so, never in silence."""
    named = [n for n in ignored if _names_element(n)]
    if not named:
        return []
    shown = ", ".join(repr(n) for n in named[:6]) + (f" and {len(named) - 6} more" if len(named) > 6 else "")
    return [
        f"{len(named)} column(s) that name an element were not read: {shown}; profile {profile.id} "
        "does not recognise them as analyte columns (check the results are complete, or adapt the profile)"
    ]


_ELEMENT_COLUMN = re.compile(r"^([A-Z][a-z]?)\s*(?:[(\[][^()\[\]]*[)\]])?$")  # `Al`, `N (%)`, `As [PPM]`


def _names_element(name: str) -> bool:
    """An element alone, with a unit in brackets, or an MS/MS group; `Mg User Factor Slope` is not."""
    match = _ELEMENT_COLUMN.match(name.strip())
    return bool(match and is_element(match.group(1))) or bool(_MS_MS.match(name.strip()))


def _choose_labels(records: list[dict], label_choice: str) -> None:
    """label_choice most_distinct: of the candidate label columns, the one whose values differ most
    between rows is the sample label (configurable ID fields such as OXSAS `SID Value 1..8`);
    first_filled: per row, the first candidate in the profile's order that is not empty (Vanta's
    `Sample ID` where the operator typed one, else its `Test Label`)."""
    labelled = [r for r in records if "label_candidates" in r]
    if not labelled:
        return
    candidates = [r.pop("label_candidates") for r in labelled]
    if label_choice == "first_filled":
        for record, cells in zip(labelled, candidates, strict=True):
            record["sample_label"] = next((c for c in cells if c), "")
        return
    width = max(len(c) for c in candidates)
    counts = [len({c[k] for c in candidates if k < len(c) and c[k]}) for k in range(width)]
    best = counts.index(max(counts))
    for record, cells in zip(labelled, candidates, strict=True):
        record["sample_label"] = cells[best] if best < len(cells) else ""


def _header_key(hit: HeaderHit) -> tuple[int, str]:
    """The first named id column and its header text: a row repeating it may be a new header."""
    for indices in hit.columns.values():
        j = indices[0]
        name = hit.names.names[j] if j < len(hit.names.names) else ""
        if name:
            return j, norm(name)
    return -1, ""


def _header_again(table: Table, i: int, profile: Profile, key: tuple[int, str]) -> HeaderHit | None:
    """A header written again inside the data (a new section), found by the same rules."""
    j, name = key
    regex = profile.layout.header
    if regex:
        if not re.search(regex, table.joined(i)):
            return None
    elif j < 0 or j >= len(table.rows[i]) or norm(table.rows[i][j]) != name:
        return None
    start = max(0, i - profile.layout.header_offset)
    hit = locate_header(
        Table(
            table.rows[start : start + profile.layout.header_rows + profile.layout.header_offset],
            table.numbers[start:],
            table.sheet,
            table.delimiter,
        ),
        profile,
        limit=1 + profile.layout.header_offset,
    )
    if hit is None or hit.missing:
        return None
    hit.start += start
    return hit


def section_of(hit: HeaderHit, profile: Profile) -> Section:
    """The analyte columns of a header: described by header rows or the column pattern, named by
    the analyte patterns; a column whose field the profile does not read is left out."""
    names = hit.names.names
    taken = {j for indices in hit.columns.values() for j in indices}
    excluded = {norm(n) for n in profile.wide.exclude_columns}
    patterns = compile_patterns(profile.analytes.patterns)
    ignore = {norm(a) for a in profile.analytes.ignore}
    analytes: dict[str, dict[str, int]] = {}
    priority: dict[tuple[str, str], int] = {}
    units: dict[str, str] = {}
    value_fields: dict[str, str] = {}
    skipped: list[str] = []
    for j, column in enumerate(describe_columns(hit.block, names, profile)):
        if j in taken:
            continue
        if column is None:
            skipped.append(names[j])  # the column pattern does not describe it
            continue
        if norm(column.analyte) in excluded or norm(column.analyte) in ignore:
            continue
        if parse_analyte(column.analyte, patterns, profile.analytes.views) is None:
            skipped.append(names[j])
            continue
        rank = column_priority(column.target, profile)
        slot = analytes.setdefault(column.analyte, {})
        if rank is None or rank[1] >= priority.get((column.analyte, rank[0]), 1 << 30):
            continue
        slot[rank[0]] = j
        priority[(column.analyte, rank[0])] = rank[1]
        if rank[0] == "value":
            value_fields[column.analyte] = column.target
            units.pop(column.analyte, None)
            if column.unit:
                units[column.analyte] = column.unit
    heads = " ".join(names).casefold()
    statistic = any(h.casefold() in heads for h in profile.statistics.header_contains)
    filled = {a: s for a, s in analytes.items() if s}
    needed = max((j for slot in filled.values() for j in slot.values()), default=-1) + 1
    fields = {a: f for a, f in value_fields.items() if a in filled}
    return Section(hit.columns, filled, units, statistic, needed, skipped, fields)


def describe_columns(block: list[list[str]], names: list[str], profile: Profile) -> list[Column | None]:
    """(analyte, field, unit) of every column, from header roles, the column pattern, or the cell."""
    wide = profile.wide
    extra = unit_words(profile)
    out: list[Column | None] = []
    if wide.header_roles:
        rows = _header_rows(block, len(names), profile)
        for j in range(len(names)):
            analyte, field_name, unit = (
                rows.get("analyte", [""])[j],
                rows.get("field", [""])[j],
                rows.get("unit", [""])[j],
            )
            out.append(_column(analyte, field_name, unit, extra))
        return out
    regex = re.compile(wide.column_pattern) if wide.column_pattern else None
    for name in names:
        if regex is None:
            out.append(_column(name, "", "", extra))
            continue
        match = regex.match(name)
        groups = match.groupdict() if match else {}
        out.append(
            _column(groups.get("analyte") or "", groups.get("field") or "", groups.get("unit") or "", extra)
            if match
            else None
        )
    return out


def _header_rows(block: list[list[str]], width: int, profile: Profile) -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for role, row in zip(profile.wide.header_roles, block, strict=False):
        cells = [" ".join(c.split()) for c in row] + [""] * (width - len(row))
        if role in profile.wide.ffill:
            last = ""
            for j, c in enumerate(cells):
                last = c or last
                cells[j] = last
        by_role[role] = cells[:width]
    return {role: by_role.get(role, [""] * width) for role in ("analyte", "field", "unit")}


def _column(analyte: str, field_name: str, unit: str, extra: frozenset[str]) -> Column | None:
    """A column's analyte, field and unit; a unit in brackets after the analyte or field counts too."""
    analyte, analyte_unit = split_unit(analyte, extra)
    field_name, field_unit = split_unit(field_name, extra)
    if not analyte:
        return None
    unit = " ".join(unit.split()) or field_unit or analyte_unit
    return Column(analyte, field_name, unit)


def column_priority(field_name: str, profile: Profile) -> tuple[str, int] | None:
    """(target, rank) of a field: which synonym list names it and how early; None when unread."""
    fields = profile.wide.fields
    if not field_name:
        return (
            (profile.wide.default_field, 0)
            if not fields or "value" in fields or profile.wide.default_field
            else None
        )
    key = norm(field_name)
    for target, synonyms in fields.items():
        for rank, spec in enumerate(compile_specs(tuple(synonyms))):
            if (spec.regex is not None and spec.regex.fullmatch(key)) or spec.text == key:
                return target, rank
    return None


def count_analytes(hit: HeaderHit, profile: Profile) -> int:
    """How many analytes a header names (for detection)."""
    return len(section_of(hit, profile).analytes)


def analytes_further(table: Table, profile: Profile) -> bool:
    """Whether a header written again further down the table names an analyte."""
    first = locate_header(table, profile)
    if first is None:
        return False
    key = _header_key(first)
    for i in range(first.end, len(table)):
        again = _header_again(table, i, profile, key)
        if again is not None and count_analytes(again, profile):
            return True
    return False


def _readings(
    row: list[str], table: Table, i: int, section: Section, block: dict, path: object
) -> list[dict]:
    if len(row) < section.needed and any(row) and not table.sheet:  # a sheet row ends at its last filled cell
        raise InputFileError(path, table.where(i), f"expected {section.needed} fields, found {len(row)}")
    base: dict = {"source_row": table.where(i), **block}
    for role, indices in section.ids.items():
        cells = [row[j] if j < len(row) else "" for j in indices]
        name = RAW_NAME.get(role, role)
        if role == "flags":
            base[name] = FLAG_SEPARATOR.join(cells)
        elif role == "sample_label" and len(indices) > 1:
            base["label_candidates"] = tuple(cells)
        else:
            base[name] = cells[0]
    if section.statistic:
        base["statistic_section"] = True
    out = []
    for analyte, slot in section.analytes.items():
        record = dict(base)
        record["analyte"] = analyte
        for target in ("value", "intensity", "uncertainty", "detection_limit", "unit"):
            if target in slot:
                record[RAW_NAME.get(target, target)] = row[slot[target]] if slot[target] < len(row) else ""
        if analyte in section.units:
            record["header_unit"] = section.units[analyte]
        out.append(record)
        twin = _species_reading(row, slot, base, analyte)
        if twin is not None:
            out.append(twin)
    return out


def _species_reading(row: list[str], slot: dict[str, int], base: dict, analyte: str) -> dict | None:
    """The same element reported as a compound in the same row (`Mg` and `MgO` level): a second
    reading the normaliser checks against the element's (stoichiometry) before keeping one."""
    if "species" not in slot or "species_value" not in slot:
        return None
    cell = lambda target: row[slot[target]] if target in slot and slot[target] < len(row) else ""  # noqa: E731
    compound, level = cell("species").strip(), cell("species_value").strip()
    if not compound or not level:
        return None
    record = dict(base)
    record.update(analyte=compound, value=level, twin_of=analyte, uncertainty=cell("species_uncertainty"))
    return record
