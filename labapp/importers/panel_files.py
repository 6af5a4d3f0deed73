"""Panel test files (result sheets, combustion and laser diffraction exports) read by declarative profiles.

A profile (TOML, resources/methods/panel/import) names the columns by their headers, as the instrument
profiles do: a "sheet" profile finds the lot, method and sample columns and takes every other column
named like an entry field; an "instrument" profile has one method and maps the instrument's columns to
its fields, reading the lot from the sample name (a replicate suffix removed), CRM rows by a pattern.
The file is read once (CSV text of any usual encoding and delimiter, or an XLSX workbook's first
sheet); every row becomes a `PanelRow` that names its line, and every problem is one line naming the
file, the line and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labapp.core.errors import InputFileError, LabappError
from labapp.importers.source import read_file
from labapp.importers.textio import choose_delimiter, decode, grid, is_blank, split_lines
from labapp.importers.xlsx import Limits, is_workbook, read_sheets

LAYOUTS = ("sheet", "instrument")
SHEET_ROLES = ("lot", "method", "sample", "standards", "crm")


@dataclass(frozen=True)
class PanelProfile:
    """A validated import profile: headers (lower case) per role or field, and the label patterns."""

    id: str
    name: str
    layout: str
    columns: Mapping[str, tuple[str, ...]]
    method: str | None = None
    replicate_suffix: re.Pattern[str] | None = None
    crm: re.Pattern[str] | None = None
    skip: re.Pattern[str] | None = None


@dataclass(frozen=True)
class PanelRow:
    """One determination (or one CRM reading) as read: where it came from and its texts by field."""

    line: str
    lot: str
    method: str
    sample: str | None
    fields: dict[str, str] = field(default_factory=dict)
    standards: str | None = None
    crm: str | None = None
    is_crm: bool = False


@dataclass(frozen=True)
class PanelFile:
    path: Path
    profile: str
    rows: tuple[PanelRow, ...]
    data: bytes


def profile_from_dict(data: Mapping[str, Any], source: str) -> PanelProfile:
    """Validate a parsed profile; errors name the source and the key."""
    allowed = {"id", "name", "layout", "method", "columns", "labels"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise LabappError(f"{source}: {unknown[0]}: unknown key")
    layout = data.get("layout")
    if layout not in LAYOUTS:
        raise LabappError(f"{source}: layout: must be one of {', '.join(LAYOUTS)}")
    columns = data.get("columns")
    if not isinstance(columns, Mapping) or not all(
        isinstance(v, list) and v and all(isinstance(h, str) for h in v) for v in columns.values()
    ):
        raise LabappError(f"{source}: columns: must map each role or field to a list of headers")
    need = ("lot", "method") if layout == "sheet" else ("label",)
    missing = [r for r in need if r not in columns]
    if missing:
        raise LabappError(f"{source}: columns.{missing[0]}: is required for a {layout} profile")
    if layout == "instrument" and not isinstance(data.get("method"), str):
        raise LabappError(f"{source}: method: an instrument profile names its test method")
    labels = data.get("labels", {})
    bad = sorted(set(labels) - {"replicate_suffix", "crm", "skip"})
    if bad:
        raise LabappError(f"{source}: labels.{bad[0]}: unknown key")
    try:
        patterns = {k: re.compile(v, re.IGNORECASE) for k, v in labels.items()}
    except re.error as exc:
        raise LabappError(f"{source}: labels: not a regular expression: {exc}") from None
    return PanelProfile(
        str(data.get("id", "")),
        str(data.get("name", "")),
        layout,
        {k: tuple(_norm(h) for h in v) for k, v in columns.items()},
        data.get("method"),
        patterns.get("replicate_suffix"),
        patterns.get("crm"),
        patterns.get("skip"),
    )


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _table(data: bytes, path: Path) -> list[tuple[str, list[str]]]:
    """(line label, cells) of every non-blank row: 'line 3' in a text file, 'Sheet1!3' in a workbook."""
    if is_workbook(data):
        sheets = read_sheets(data, path, wanted=None)
        if not sheets:
            raise InputFileError(path, None, "the workbook has no sheet")
        sheet = sheets[0]
        return [(f"{sheet.name}!{n}", row) for n, row in sheet.rows if not is_blank(row)]
    decoded = decode(data, path)
    header = next((line for line in split_lines(decoded.text) if line.strip()), "")
    # the header alone decides: a list field's values ("0.2;30;40") must not make ";" the delimiter
    delimiter = choose_delimiter("auto", decoded.sep_hint, [header])
    return [
        (f"line {n}", row)
        for n, row in grid(decoded.text, delimiter, path, decoded.first_line)
        if not is_blank(row)
    ]


def _header(profile: PanelProfile, header: Sequence[str]) -> dict[str, int] | None:
    """Column index per role/field of the profile; None when a required column is missing."""
    names = [_norm(h) for h in header]
    found: dict[str, int] = {}
    for role, spellings in profile.columns.items():
        index = next((names.index(s) for s in spellings if s in names), None)
        if index is not None:
            found[role] = index
    need = ("lot", "method") if profile.layout == "sheet" else ("label",)
    if any(r not in found for r in need):
        return None
    if profile.layout == "instrument" and len(found) < 2:
        return None
    if profile.layout == "sheet":  # other columns: entry fields, by their own names
        for i, name in enumerate(names):
            if i not in found.values() and name:
                found[name.replace(" ", "_")] = i
    return found


def read_panel_file(
    path: str | Path, profiles: Sequence[PanelProfile], profile: str | None = None
) -> PanelFile:
    """Read `path` with the named profile, else with the first whose columns the header has."""
    path = Path(path)
    data = read_file(path, Limits())
    rows = _table(data, path)
    if not rows:
        raise InputFileError(path, None, "the file has no rows")
    (head_line, header), body = rows[0], rows[1:]
    chosen = [p for p in profiles if profile is None or p.id == profile]
    if not chosen:
        raise LabappError(f"unknown import profile {profile!r}; known: {', '.join(p.id for p in profiles)}")
    for p in chosen:
        columns = _header(p, header)
        if columns is not None:
            return PanelFile(path, p.id, tuple(_rows(p, columns, body, path)), data)
    what = f"the profile {profile!r}" if profile else "any import profile"
    raise InputFileError(path, head_line, f"the header does not have the columns {what} needs")


def _rows(
    p: PanelProfile, columns: dict[str, int], body: list[tuple[str, list[str]]], path: Path
) -> list[PanelRow]:
    out = []
    for line, cells in body:

        def cell(role: str, cells: list[str] = cells) -> str:
            i = columns.get(role)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        if p.layout == "sheet":
            lot, method = cell("lot"), cell("method")
            if not lot or not method:
                raise InputFileError(path, line, f"{'lot' if not lot else 'method'}: missing")
            fields = {k: cell(k) for k in columns if k not in SHEET_ROLES and cell(k)}
            out.append(
                PanelRow(
                    line,
                    lot,
                    method,
                    cell("sample") or None,
                    fields,
                    cell("standards") or None,
                    cell("crm") or None,
                )
            )
            continue
        label = cell("label")
        if not label:
            raise InputFileError(path, line, "sample name: missing")
        if p.skip is not None and p.skip.search(label):
            continue
        lot = p.replicate_suffix.sub("", label) if p.replicate_suffix is not None else label
        fields = {k: cell(k) for k in columns if k != "label"}
        is_crm = p.crm is not None and bool(p.crm.search(label))
        out.append(PanelRow(line, lot, str(p.method), None, fields, is_crm=is_crm))
    return out
