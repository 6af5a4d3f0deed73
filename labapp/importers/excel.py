"""Excel family: workbooks with one sheet per quantity (PerkinElmer Syngistix XLS export).

Each quantity sheet is wide (a column per analyte, header `U 424.167\n(mg/L)`), its header row
repeats inside the sheet and may name fewer columns than later rows fill, so a column's name is
the first one any header in the sheet gives it. Sheets are joined on the run's row index.
"""

from __future__ import annotations

import re
import zipfile

import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.analytes import compile_patterns, parse_analyte
from labapp.importers.base import RAW_NAME, Raw, map_columns, records_to_raw
from labapp.importers.profile import Profile

_UNIT_IN_HEADER = re.compile(r"^(?P<analyte>.*?)\s*\((?P<unit>[^()]*)\)\s*$", re.S)


def open_workbook(path: object):
    """The workbook read-only with cached values; InputFileError when it is not a readable .xlsx."""
    import openpyxl

    try:
        return openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
        raise InputFileError(path, None, f"not a readable Excel workbook: {exc}") from None


def sheet_rows(workbook, name: str) -> list[list[str]]:
    return [
        ["" if c is None else str(c).strip() for c in row]
        for row in workbook[name].iter_rows(values_only=True)
    ]


def read_excel(path: object, profile: Profile) -> Raw:
    workbook = open_workbook(path)
    try:
        tables = {}
        for target, sheet in profile.excel.sheets.items():
            if sheet not in workbook.sheetnames:
                raise InputFileError(path, None, f"workbook has no sheet {sheet!r} (profile {profile.id})")
            tables[target] = _sheet_table(sheet_rows(workbook, sheet), sheet, target, profile, path)
    finally:
        workbook.close()
    first, *others = tables.values()
    merged = first
    for other in others:
        if other.empty:
            continue
        merged = merged.merge(other, on=["row_key", "analyte"], how="outer", suffixes=("", "_other"))
        for column in [c for c in merged.columns if c.endswith("_other")]:
            base = column.removesuffix("_other")
            merged[base] = merged[base].fillna(merged.pop(column))
    if merged.empty:
        raise InputFileError(path, None, "the workbook holds no readings")
    return Raw(merged.drop(columns=["row_key"]).reset_index(drop=True))


def _sheet_table(
    rows: list[list[str]], sheet: str, target: str, profile: Profile, path: object
) -> pd.DataFrame:
    header = re.compile(profile.excel.header)
    headers = [i for i, row in enumerate(rows) if header.search("\t".join(row))]
    if not headers:
        raise InputFileError(path, f"{sheet}!1", f"no header row matching {profile.excel.header!r}")
    width = max(len(rows[i]) for i in headers)
    names = [""] * width
    for i in headers:
        for j, cell in enumerate(rows[i]):
            names[j] = names[j] or cell
    ids = map_columns(
        [n.split("\n")[0] for n in names], profile, path, f"{sheet}!{headers[0] + 1}", ("sample_label",)
    )
    taken = {j for indices in ids.values() for j in indices}
    patterns = compile_patterns(profile.analytes.patterns)
    analytes = {}
    for j, name in enumerate(names):
        match = _UNIT_IN_HEADER.match(name)
        analyte, unit = (match.group("analyte"), match.group("unit")) if match else (name, "")
        analyte = " ".join(analyte.split())
        if j not in taken and j > 0 and analyte and parse_analyte(analyte, patterns) is not None:
            analytes[j] = (analyte, unit)
    records = []
    header_set = set(headers)
    for i, row in enumerate(rows[headers[0] + 1 :], start=headers[0] + 1):
        if i in header_set or not any(row):
            continue
        base = {"row_key": row[0], "source_row": f"{sheet}!{i + 1}"}
        for role, indices in ids.items():
            base[RAW_NAME.get(role, role)] = row[indices[0]] if indices[0] < len(row) else ""
        for j, (analyte, unit) in analytes.items():
            cell = row[j] if j < len(row) else ""
            if cell == "":
                continue
            record = {**base, "analyte": analyte, target: cell}
            if target == "value":
                record["unit"] = unit
            records.append(record)
    return records_to_raw(records)
