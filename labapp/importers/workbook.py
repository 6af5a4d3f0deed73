"""Workbooks: which sheet holds the table, and layouts that spread one run over several sheets.

A workbook is read by the same family readers as a text export, one sheet as one Table. The sheet
is the first (in the profile's [workbook] order, else the workbook's) whose header fits. Some
software writes one sheet per quantity (PerkinElmer Syngistix: `Conc. in Calib Units`,
`Corrected Intensities`, ...); [workbook] quantities names them by priority: the first listed
sheet that holds values is read, and readings are joined across sheets on their identifying
fields, so a reading's intensity and concentration come from the same row of the run.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.base import Raw
from labapp.importers.detect import candidate_tables, table_fit
from labapp.importers.profile import Profile
from labapp.importers.roles import first_match
from labapp.importers.source import WorkbookSource
from labapp.importers.table import Table

Reader = Callable[[Table, Profile, object], Raw]
JOIN_DEFAULT = ("sample_label", "datetime", "date", "time", "replicate")


def choose_sheet(source: WorkbookSource, profile: Profile) -> str:
    """The first sheet whose header fits the profile; an error naming what each sheet missed."""
    misses = []
    for sheet, head in candidate_tables(profile, source):
        _, missing = table_fit(profile, head, lambda sheet=sheet: source.table(sheet))
        if not missing:
            return sheet
        misses.append(f"{sheet!r}: {missing[0]}")
    tried = "; ".join(misses) if misses else "it names no sheet of this workbook"
    raise InputFileError(source.path, None, f"no sheet fits profile {profile.id} ({tried})")


def read_sheet(source: WorkbookSource, profile: Profile, reader: Reader) -> tuple[Raw, Table]:
    sheet = choose_sheet(source, profile)
    table = source.table(sheet)
    return reader(table, profile, source.path), table


def read_quantities(source: WorkbookSource, profile: Profile, reader: Reader) -> tuple[Raw, list[Table]]:
    """One frame from the quantity sheets: concentrations from the first value sheet that holds
    values, intensities likewise, joined reading by reading."""
    parts: dict[str, pd.DataFrame] = {}
    tables: list[Table] = []
    warnings: list[str] = []
    metadata: dict = {}
    for target, specs in profile.workbook.quantities.items():
        frame, table, note = _first_filled(source, profile, reader, specs, target)
        if frame is None:
            continue
        tables.append(table)
        parts[target] = frame
        metadata[f"{target}_sheet"] = table.sheet
        if note:
            warnings.append(note)
    if not parts:
        names = ", ".join(repr(s) for specs in profile.workbook.quantities.values() for s in specs)
        raise InputFileError(
            source.path, None, f"none of the sheets {names} holds readings (profile {profile.id})"
        )
    return Raw(_join(parts, profile), metadata, warnings), tables


def _first_filled(
    source: WorkbookSource, profile: Profile, reader: Reader, specs: list[str], target: str
) -> tuple[pd.DataFrame | None, Table | None, str]:
    empty: list[str] = []
    for spec in specs:
        sheet = first_match(source.sheet_names, [spec])
        if sheet is None:
            continue
        table = source.table(sheet)
        _, missing = table_fit(profile, table.head(60), lambda table=table: table)
        if missing:
            empty.append(sheet)
            continue
        frame = reader(table, profile, source.path).frame
        if "value" in frame and frame["value"].astype(str).str.strip().replace("nan", "").ne("").any():
            note = ""
            if empty:
                note = (
                    f"sheet(s) {', '.join(repr(e) for e in empty)} hold no {target}s; {target}s read from "
                    f"{sheet!r}"
                )
            return _as_target(frame, target), table, note
        empty.append(sheet)
    return None, None, ""


def _as_target(frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """A sheet read as values, its value column renamed to the quantity the sheet holds."""
    if target == "value":
        return frame
    frame = frame.drop(columns=[c for c in ("header_unit", "unit", target) if c in frame])
    return frame.rename(columns={"value": target})


def _join(parts: dict[str, pd.DataFrame], profile: Profile) -> pd.DataFrame:
    """Readings joined across sheets on the identifying fields plus analyte and occurrence."""
    frames = list(parts.values())
    merged = frames[0]
    wanted = profile.workbook.join or list(JOIN_DEFAULT)
    for other in frames[1:]:
        keys = [k for k in wanted if k in merged and k in other] + ["analyte"]
        left, right = _numbered(merged, keys), _numbered(other, keys)
        both = left.merge(right, on=[*keys, "_n"], how="outer", suffixes=("", "_other"))
        for column in [c for c in both.columns if c.endswith("_other")]:
            base = column.removesuffix("_other")
            both[base] = both[base].where(both[base].notna(), both.pop(column))
        merged = both.drop(columns="_n")
    order = np.argsort([_row_number(r) for r in merged["source_row"]], kind="stable")
    return merged.iloc[order].reset_index(drop=True)  # the run's order (an outer merge sorts by key)


def _row_number(where: object) -> int:
    return int(str(where).rsplit("!", 1)[-1])


def _numbered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The frame with `_n`: the occurrence of its key among equal keys (a label measured twice)."""
    out = frame.copy()
    filled = out[keys].astype(str)
    out["_n"] = filled.groupby(keys, sort=False).cumcount().to_numpy(dtype=np.int64)
    return out
