"""Run structure derived from the tidy frame: solution order, check and blank kinds, solution means.

The tidy frame (DESIGN.md) has one row per reading; corrections and QC need to know which
readings belong to one aspirated solution, where that solution sits in the run, and which
kind of check or blank it is. These helpers add that structure as columns, vectorised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from labapp.core.methods import Method, normalise_line
from labapp.core.vocabulary import QcCheck

KEYS = ["element", "line", "view"]
SAMPLE_LIKE = ("sample", "duplicate", "spike", "crm", "unknown")

_CHECK_PATTERNS = (
    (QcCheck.ICV, re.compile(r"\bICV|^ICV|INITIAL CAL", re.I)),
    (QcCheck.LOW_CHECK, re.compile(r"LLCCV|LLICV|LOW[ -]?(?:LEVEL|CHECK)|\bLOQ\b|^LL", re.I)),
    (QcCheck.ICS, re.compile(r"\bICS|INTERFER", re.I)),
)
_BLANK_CHECK_PATTERNS = ((QcCheck.ICB, re.compile(r"\bICB|^ICB|INITIAL", re.I)),)
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


# Under copy-on-write (always in pandas 3, optional in 2.x) a shallow copy is already independent:
# writing to it copies only the columns written. The frame passes through a dozen steps that each
# return "a copy with added columns", so deep copies of every column would cost more than the steps.
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3 or pd.get_option("mode.copy_on_write") is True


def own_copy(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy the caller may change without changing `frame` (shallow under copy-on-write)."""
    return frame.copy(deep=not _COPY_ON_WRITE)


def with_structure(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with `solution`, `check_kind` and `blank_kind` columns (existing ones are kept)."""
    out = own_copy(frame)
    if "type_from_label" not in out:
        out = refine_sample_types(out)
    for column, default in (("view", ""), ("replicate", np.nan), ("line", "")):
        if column not in out:
            out[column] = default
    if not (out["view"].dtype == "str" and not out["view"].hasnans):  # else already text: a repeat call
        out["view"] = out["view"].fillna("").astype(str)
    codes, uniques = pd.factorize(out["line"], use_na_sentinel=False)
    normal = [normalise_line(u) for u in uniques]
    if out["line"].dtype != "str" or normal != list(uniques):  # unchanged on a repeat call
        out["line"] = np.array(normal, dtype=object)[codes]
    if "solution" not in out:
        out["solution"] = solution_index(out)
    if "check_kind" not in out:
        out["check_kind"] = check_kinds(out)
    if "blank_kind" not in out:
        out["blank_kind"] = blank_kinds(out)
    return out


def _labels(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Series]:
    """(codes, unique labels): label tests run once per distinct label, not once per reading."""
    text = frame["sample_label"].astype(object).where(frame["sample_label"].notna(), "").astype(str)
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=object)


def _per_label(codes: np.ndarray, values: pd.Series | np.ndarray, index: pd.Index) -> pd.Series:
    """Values computed on the unique labels, mapped back to every reading."""
    return pd.Series(np.asarray(values, dtype=object)[codes], index=index, dtype=object)


def refine_sample_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Read the solution type from the label where the file only says "sample" or "unknown".

    "CCB" -> check_blank, "CCV" -> check, "Method Blank 1" -> blank, "CRM LBM-01" -> crm,
    "BM26-0003 DUP" -> duplicate and "BM26-0003 SPK" -> spike, each with `parent_label`
    "BM26-0003" unless the caller gave one. `type_from_label` marks the rows so changed.
    """
    out = own_copy(frame)
    codes, uniques = _labels(out)
    stripped_uniques = uniques.str.strip()
    found_uniques = pd.Series("", index=uniques.index, dtype=object)
    for kind, pattern in reversed(_LABEL_TYPES):
        found_uniques[stripped_uniques.str.contains(pattern)] = kind
    found = _per_label(codes, found_uniques, out.index)
    generic = out["sample_type"].fillna("unknown").isin(["sample", "unknown"])
    changed = generic & found.ne("")
    out.loc[changed, "sample_type"] = found[changed]
    out["type_from_label"] = changed
    paired = out["sample_type"].isin(["duplicate", "spike"])
    parent = stripped_uniques.str.replace(
        r"[\s_-]+(?:DUP|DUPLICATE|SPK|SPIKE|MS)\s*\d*$", "", regex=True, case=False
    )
    parent = parent.where(parent.ne(stripped_uniques))
    stripped = pd.Series(parent.to_numpy(dtype=object)[codes], index=out.index, dtype=object)
    given = out["parent_label"] if "parent_label" in out else pd.Series(np.nan, index=out.index)
    given = given.astype(object).where(given.notna() & given.astype(object).ne(""), np.nan)
    out["parent_label"] = given.where(~paired | given.notna(), stripped)
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
    block = changed.cumsum().to_numpy(np.int64)
    columns = [c for c in ("element", "line", "view", "replicate") if c in frame]
    # one integer per reading (block, element, line, view, replicate): each column's text factorised
    reading = pd.factorize(block)[0].astype(np.int64)
    for column in columns:
        codes, size = _text_codes(frame[column])
        reading = reading * (size + 1) + codes
        reading = pd.factorize(reading)[0].astype(np.int64)  # keep the combined code small
    repeat = pd.Series(reading).groupby(reading, sort=False).cumcount().to_numpy(np.int64)
    # solutions numbered in (block, repeat) order
    _, solution = np.unique(block * (int(repeat.max(initial=0)) + 1) + repeat, return_inverse=True)
    return pd.Series(solution.astype(np.int64), index=order)


def _text_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """(codes, number of codes) of a column's text form (missing = ''), in order of appearance.

    Numbers are coded by their bit pattern (all NaN alike), the same partition as their text
    (Python's float text is unique per value, -0.0 included) without formatting every reading.
    """
    numeric = isinstance(values.dtype, np.dtype)  # not pandas' nullable types (pd.NA)
    if numeric and values.dtype.kind == "f":
        number = values.to_numpy(float)
        codes, uniques = pd.factorize(np.where(np.isnan(number), np.nan, number).view(np.int64))
    elif numeric and values.dtype.kind in "iu":
        codes, uniques = pd.factorize(values.to_numpy())
    else:
        codes, uniques = pd.factorize(values.astype(object).fillna("").astype(str).to_numpy(dtype=object))
    return codes, len(uniques)


def check_kinds(frame: pd.DataFrame) -> pd.Series:
    """icv / ccv / low_check / ics for sample_type 'check'; icb / ccb for 'check_blank'; else ''."""
    codes, uniques = _labels(frame)
    # the kind each distinct label would have as a check and as a check blank, mapped back once
    as_check = np.full(len(uniques), QcCheck.CCV, dtype=object)
    for name, pattern in reversed(_CHECK_PATTERNS):
        as_check[uniques.str.contains(pattern).to_numpy(bool)] = name
    as_blank = np.full(len(uniques), QcCheck.CCB, dtype=object)
    for name, pattern in _BLANK_CHECK_PATTERNS:
        as_blank[uniques.str.contains(pattern).to_numpy(bool)] = name
    kind = np.full(len(frame), "", dtype=object)
    is_check = frame["sample_type"].eq("check").to_numpy(bool)
    kind[is_check] = as_check[codes[is_check]]
    is_blank_check = frame["sample_type"].eq("check_blank").to_numpy(bool)
    kind[is_blank_check] = as_blank[codes[is_blank_check]]
    return pd.Series(kind, index=frame.index, dtype=object)


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
    codes, uniques = _labels(frame)
    labelled = _per_label(codes, uniques.str.contains(METHOD_BLANK_PATTERN), frame.index).astype(bool)
    kind = pd.Series("", index=frame.index, dtype=object)
    kind[is_blank] = np.where(
        labelled[is_blank] | (position[is_blank] > last_standard), "method", "calibration"
    )
    return kind


def view_matches(method_view: pd.Series, reading_view: pd.Series) -> pd.Series:
    """A method line's view matches a reading of that view, and any reading whose file gives none."""
    return method_view.eq("") | reading_view.eq("") | method_view.eq(reading_view)


def solution_means(
    frame: pd.DataFrame,
    column: str | list[str],
    keys: list[str] | None = None,
    carry: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per solution and line: the instrument's mean row where present, else the replicate mean.

    `column` may name several columns (each averaged so); every other column keeps the group's first
    non-missing value (pandas GroupBy.first), keys first, groups in order of appearance. `carry`
    names the other columns a caller needs (default: all; a run frame has some forty, and each
    costs about as much as the means).
    """
    keys = keys or ["solution", *KEYS]
    columns = [column] if isinstance(column, str) else list(column)
    if carry is not None:
        wanted = {*keys, *columns, *carry, "replicate"}
        frame = frame[[c for c in frame.columns if c in wanted]]
    # sorted group codes (pandas' own summation order, so the means match GroupBy.mean to the bit),
    # then the groups reordered as they first appear
    codes = frame.groupby(keys, dropna=False).ngroup().to_numpy()
    _, first_at = np.unique(codes, return_index=True)
    order = np.argsort(first_at, kind="stable")
    first = frame.iloc[first_at[order]].reset_index(drop=True)
    gaps = first.isna()
    for name in gaps.columns[gaps.any().to_numpy()]:
        if name in keys or name in columns:
            continue
        # GroupBy.first skips missing values: look further where the first row has none
        first[name] = _first_present(frame[name], codes, order, first[name], gaps[name].to_numpy())
    is_mean = frame["replicate"].isna().to_numpy()
    for name in columns:
        means = _group_mean(frame[name], codes, is_mean, order)
        first[name] = np.where(np.isnan(means), _group_mean(frame[name], codes, ~is_mean, order), means)
    ordered = [*keys, *(c for c in frame.columns if c not in keys and c != "replicate")]
    return first[ordered]


def _group_mean(values: pd.Series, codes: np.ndarray, rows: np.ndarray, order: np.ndarray) -> np.ndarray:
    """GroupBy.mean of `values` over the `rows` selected, per group in `order` (NaN for none)."""
    if not rows.any():
        return np.full(len(order), np.nan)
    return values[rows].groupby(codes[rows]).mean().reindex(order).to_numpy(float)


def _first_present(
    values: pd.Series, codes: np.ndarray, order: np.ndarray, head: pd.Series, missing: np.ndarray
) -> pd.Series:
    """Each group's first non-missing value where its first row has none (as GroupBy.first)."""
    present = np.flatnonzero(values.notna().to_numpy())
    if not len(present):
        return head
    groups, at = np.unique(codes[present], return_index=True)
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))  # sorted group code -> output row
    rows = rank[groups]
    fill = missing[rows]
    out = head.copy()
    out.iloc[rows[fill]] = values.iloc[present[at[fill]]].to_numpy()
    return out


def with_expected(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Fill `expected` of ICV/CCV/ICS rows from the method's check_standard (low checks from
    low_check_standard) where the caller gave none; other rows keep theirs."""
    out = own_copy(frame)
    given = out["expected"].astype(float) if "expected" in out else pd.Series(np.nan, index=out.index)
    kind = out["check_kind"] if "check_kind" in out else check_kinds(out)
    codes, elements = pd.factorize(out["element"])  # look up per distinct element, not per reading
    normal = _per_element(codes, elements, {a.element: a.check_standard for a in method.analytes}, out.index)
    low = _per_element(codes, elements, {a.element: a.low_check_standard for a in method.analytes}, out.index)
    default = normal.where(kind.isin([QcCheck.ICV, QcCheck.CCV, QcCheck.ICS]), np.nan).where(
        kind.ne(QcCheck.LOW_CHECK), low
    )
    out["expected"] = given.fillna(default)
    return out


def _per_element(codes: np.ndarray, elements: pd.Index, values: dict, index: pd.Index) -> pd.Series:
    """A number per reading from a per-element table (NaN for an element the table lacks)."""
    table = np.array([np.nan, *(values.get(e) for e in elements)], dtype=float)
    return pd.Series(table[codes + 1], index=index)  # code -1 (missing element) -> NaN


def with_default_lines(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Give readings whose file names no line (XRF result tables, single-line exports) the
    method's preferred line of their element; `line_assumed` marks them."""
    out = own_copy(frame)
    missing = out["line"].fillna("").eq("")
    if not missing.any():  # every reading names its line (the usual ICP-OES export)
        out["line_assumed"] = np.zeros(len(out), dtype=bool)
        return out
    preferred = out["element"].map({a.element: a.preferred.line for a in method.analytes})
    assumed = missing & preferred.notna()
    if assumed.any():
        out.loc[assumed, "line"] = preferred[assumed]
    out["line_assumed"] = assumed
    return out
