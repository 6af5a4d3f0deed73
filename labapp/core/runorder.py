"""Run structure derived from the tidy frame: solution order, check and blank kinds, solution means.

The tidy frame (DESIGN.md) has one row per reading; corrections and QC need to know which
readings belong to one aspirated solution, where that solution sits in the run, and which
kind of check or blank it is. These helpers add that structure as columns, vectorised.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.core.methods import Method, normalise_line

KEYS = ["element", "line", "view"]
SAMPLE_LIKE = ("sample", "duplicate", "spike", "crm", "unknown")

_CHECK_PATTERNS = (
    ("icv", re.compile(r"\bICV|^ICV|INITIAL CAL", re.I)),
    ("low_check", re.compile(r"LLCCV|LLICV|LOW[ -]?(?:LEVEL|CHECK)|\bLOQ\b|^LL", re.I)),
    ("ics", re.compile(r"\bICS|INTERFER", re.I)),
)
_BLANK_CHECK_PATTERNS = (("icb", re.compile(r"\bICB|^ICB|INITIAL", re.I)),)
METHOD_BLANK_PATTERN = re.compile(r"METHOD|\bMB\b|^MB|PREP|\bPB\b|PROC|REAGENT|DIGEST", re.I)
# Labels that say what a solution is when the file calls every solution a "sample" (Agilent "Samp").
_LABEL_TYPES = (
    ("check_blank", re.compile(r"\b(?:ICB|CCB)\b", re.I)),
    ("check", re.compile(r"\b(?:ICV|CCV|LLCCV|LLICV|ICS[A-Z]{0,2})\b", re.I)),
    ("blank", re.compile(r"\bBLANK\b|\bBLK\b|^MB\b|^PB\b", re.I)),
    ("crm", re.compile(r"\b(?:CRM|SRM|LCS)\b", re.I)),
    ("duplicate", re.compile(r"[\s_-](?:DUP|DUPLICATE)\s*\d*$", re.I)),
    ("spike", re.compile(r"[\s_-](?:SPK|SPIKE|MS)\s*\d*$", re.I)),
)


def with_structure(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with `solution`, `check_kind` and `blank_kind` columns (existing ones are kept)."""
    out = frame.copy()
    if "type_from_label" not in out:
        out = refine_sample_types(out)
    for column, default in (("view", ""), ("replicate", np.nan), ("line", "")):
        if column not in out:
            out[column] = default
    out["view"] = out["view"].fillna("").astype(str)
    codes, uniques = pd.factorize(out["line"], use_na_sentinel=False)
    out["line"] = np.array([normalise_line(u) for u in uniques], dtype=object)[codes]
    if "solution" not in out:
        out["solution"] = solution_index(out)
    if "check_kind" not in out:
        out["check_kind"] = check_kinds(out)
    if "blank_kind" not in out:
        out["blank_kind"] = blank_kinds(out)
    return out


def refine_sample_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Read the solution type from the label where the file only says "sample" or "unknown".

    "CCB" -> check_blank, "CCV" -> check, "Method Blank 1" -> blank, "CRM LBM-01" -> crm,
    "BM26-0003 DUP" -> duplicate and "BM26-0003 SPK" -> spike, each with `parent_label`
    "BM26-0003" unless the caller gave one. `type_from_label` marks the rows so changed.
    """
    out = frame.copy()
    label = out["sample_label"].fillna("").astype(str).str.strip()
    generic = out["sample_type"].fillna("unknown").isin(["sample", "unknown"])
    found = pd.Series("", index=out.index, dtype=object)
    for kind, pattern in reversed(_LABEL_TYPES):
        found[label.str.contains(pattern)] = kind
    changed = generic & found.ne("")
    out.loc[changed, "sample_type"] = found[changed]
    out["type_from_label"] = changed
    paired = out["sample_type"].isin(["duplicate", "spike"])
    stripped = label.str.replace(r"[\s_-]+(?:DUP|DUPLICATE|SPK|SPIKE|MS)\s*\d*$", "", regex=True, case=False)
    given = out["parent_label"] if "parent_label" in out else pd.Series(np.nan, index=out.index)
    given = given.astype(object).where(given.notna() & given.astype(object).ne(""), np.nan)
    out["parent_label"] = given.where(~paired | given.notna(), stripped.where(stripped.ne(label)))
    return out


def solution_index(frame: pd.DataFrame) -> pd.Series:
    """Run position of the solution each reading belongs to (0, 1, 2 ... in acquisition order).

    Rows are taken in file order. A new solution starts where the label or the acquisition time
    changes, or where a reading (element, line, view, replicate) repeats inside one block, so a
    CCV measured twice in a row still counts as two solutions.
    """
    order = frame.index
    label = frame["sample_label"].fillna("").astype(str)
    changed = label.ne(label.shift())
    if "acquired_at" in frame:
        stamp = frame["acquired_at"].fillna("").astype(str)
        changed |= stamp.ne(stamp.shift())
    block = changed.cumsum()
    columns = [c for c in ("element", "line", "view", "replicate") if c in frame]
    reading = [block] + [frame[c].astype(object).fillna("").astype(str) for c in columns]
    repeat = frame.groupby(reading, sort=False, dropna=False).cumcount()
    pair = pd.DataFrame({"block": block, "repeat": repeat}, index=order)
    codes = pair.drop_duplicates().sort_values(["block", "repeat"]).reset_index(drop=True)
    codes["solution"] = np.arange(len(codes))
    return pair.merge(codes, on=["block", "repeat"], how="left")["solution"].set_axis(order)


def check_kinds(frame: pd.DataFrame) -> pd.Series:
    """icv / ccv / low_check / ics for sample_type 'check'; icb / ccb for 'check_blank'; else ''."""
    label = frame["sample_label"].fillna("").astype(str)
    kind = pd.Series("", index=frame.index, dtype=object)
    is_check = frame["sample_type"].eq("check")
    kind[is_check] = "ccv"
    for name, pattern in reversed(_CHECK_PATTERNS):
        kind[is_check & label.str.contains(pattern)] = name
    is_blank_check = frame["sample_type"].eq("check_blank")
    kind[is_blank_check] = "ccb"
    for name, pattern in _BLANK_CHECK_PATTERNS:
        kind[is_blank_check & label.str.contains(pattern)] = name
    return kind


def blank_kinds(frame: pd.DataFrame) -> pd.Series:
    """'calibration' or 'method' for sample_type 'blank'.

    A blank labelled like a method blank (MB, method, prep, procedural, reagent, digest) is a
    method blank; otherwise a blank measured before or among the standards is the calibration
    blank and one measured after the last standard is a method blank.
    """
    position = frame["solution"] if "solution" in frame else solution_index(frame)
    standards = position[frame["sample_type"].eq("standard")]
    last_standard = standards.max() if len(standards) else np.inf
    is_blank = frame["sample_type"].eq("blank")
    labelled = frame["sample_label"].fillna("").astype(str).str.contains(METHOD_BLANK_PATTERN)
    kind = pd.Series("", index=frame.index, dtype=object)
    kind[is_blank] = np.where(
        labelled[is_blank] | (position[is_blank] > last_standard), "method", "calibration"
    )
    return kind


def view_matches(method_view: pd.Series, reading_view: pd.Series) -> pd.Series:
    """A method line's view matches a reading of that view, and any reading whose file gives none."""
    return method_view.eq("") | reading_view.eq("") | method_view.eq(reading_view)


def solution_means(frame: pd.DataFrame, column: str, keys: list[str] | None = None) -> pd.DataFrame:
    """One row per solution and line: the instrument's mean row where present, else the replicate mean."""
    keys = keys or ["solution", *KEYS]
    is_mean = frame["replicate"].isna()
    first = frame.groupby(keys, sort=False, dropna=False).first()
    means = frame[is_mean].groupby(keys, dropna=False)[column].mean()
    reps = frame[~is_mean].groupby(keys, dropna=False)[column].mean()
    first[column] = means.combine_first(reps).reindex(first.index)
    return first.reset_index().drop(columns=["replicate"], errors="ignore")


def with_expected(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Fill `expected` of ICV/CCV/ICS rows from the method's check_standard (low checks from
    low_check_standard) where the caller gave none; other rows keep theirs."""
    out = frame.copy()
    given = out["expected"].astype(float) if "expected" in out else pd.Series(np.nan, index=out.index)
    kind = out["check_kind"] if "check_kind" in out else check_kinds(out)
    normal = out["element"].map({a.element: a.check_standard for a in method.analytes}).astype(float)
    low = out["element"].map({a.element: a.low_check_standard for a in method.analytes}).astype(float)
    default = normal.where(kind.isin(["icv", "ccv", "ics"]), np.nan).where(kind.ne("low_check"), low)
    out["expected"] = given.fillna(default)
    return out


def with_default_lines(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Give readings whose file names no line (XRF result tables, single-line exports) the
    method's preferred line of their element; `line_assumed` marks them."""
    out = frame.copy()
    missing = out["line"].fillna("").eq("")
    preferred = out["element"].map({a.element: a.preferred.line for a in method.analytes})
    assumed = missing & preferred.notna()
    out.loc[assumed, "line"] = preferred[assumed]
    out["line_assumed"] = assumed
    return out
