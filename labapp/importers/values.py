"""Reported values -> number, censoring, limit, flags and inline unit, vectorised per column.

Instruments write more than numbers in a concentration cell: `<LOD`, `< LOD`, `Uncal`, `-`,
`####`, `> 100.00`, `[0.1]`, `1.23o`, `2.46 % +`, `1,226,220.526`, `12,501`. Plain numbers are
converted in one vectorised pass; only the distinct non-numeric strings are parsed one by one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from labapp.importers.floats import text_to_floats

# Text (lower case, spaces removed) -> (censored, flag). Profiles add their own.
DEFAULT_TOKENS: dict[str, tuple[str, str]] = {
    "<lod": ("<", "below_lod"),
    "<lld": ("<", "below_lod"),
    "<dl": ("<", "below_lod"),
    "<loq": ("<", "below_loq"),
    "nd": ("<", "not_detected"),
    "n.d.": ("<", "not_detected"),
    "notdetected": ("<", "not_detected"),
    ">lod": ("", ""),
    "uncal": ("", "uncalibrated"),
    "####": ("", "over_range"),
    "#": ("", "over_range"),
    "-": ("", ""),
    "--": ("", "excluded"),
    "n/a": ("", ""),
    "na": ("", ""),
    "nan": ("", ""),
    "error": ("", "error"),
    "1.#snb": ("", ""),
    "1.#qnan": ("", ""),
    "-1.#ind": ("", ""),
    "1.#ind": ("", ""),
    "none": ("", ""),
    "nom": ("", ""),
    "?": ("", ""),
}
_NUMBER = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([%A-Za-zµμ/]*)$")


@dataclass(frozen=True)
class Parsed:
    value: float
    censored: str
    limit: float
    flags: tuple[str, ...]
    unit: str


class ValueSyntaxError(ValueError):
    """A cell that is neither a number nor a known token; carries the offending text."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class Cells:
    """A parsed column as arrays aligned with its rows. Only the rows in `rest` (cells that were not
    plain numbers) can be censored or carry flags or a unit: those are kept for these rows alone
    (`rest_flags`, `rest_unit`), and the full-length text arrays are built on first use."""

    def __init__(self, value: np.ndarray) -> None:
        self.value = value  # float, NaN when censored or missing
        self.limit = np.full(len(value), np.nan)  # the number quoted with a censored value
        self.rest = np.zeros(0, dtype=np.intp)
        self.rest_censored = np.zeros(0, dtype=object)
        self.rest_flags = np.zeros(0, dtype=object)
        self.rest_unit = np.zeros(0, dtype=object)

    @cached_property
    def censored(self) -> np.ndarray:
        return self._spread(self.rest_censored)

    @cached_property
    def flags(self) -> np.ndarray:
        return self._spread(self.rest_flags)

    @cached_property
    def unit(self) -> np.ndarray:
        return self._spread(self.rest_unit)

    def _spread(self, part: np.ndarray) -> np.ndarray:
        out = np.full(len(self.value), "", dtype=object)
        out[self.rest] = part
        return out


def parse_column(
    series: pd.Series,
    *,
    decimal: str = ".",
    thousands: str = "",
    tokens: Mapping[str, tuple[str, str]] | None = None,
    suffix_flags: Mapping[str, str] | None = None,
    bracket_flag: str = "bracketed",
) -> pd.DataFrame:
    """Parse a column of reported values.

    Returns a frame aligned with `series`: value (float, NaN when censored or missing),
    censored ("<", ">" or ""), limit (the number quoted with a censored value), flags
    (";"-joined) and unit (a unit written inside the cell, e.g. "%" in "2.46 % +").
    Raises ValueSyntaxError naming the first unreadable text.
    """
    cells = parse_cells(
        series,
        decimal=decimal,
        thousands=thousands,
        tokens=tokens,
        suffix_flags=suffix_flags,
        bracket_flag=bracket_flag,
    )
    columns = ("value", "censored", "limit", "flags", "unit")
    return pd.DataFrame({c: getattr(cells, c) for c in columns}, index=series.index)


def parse_cells(
    series: pd.Series,
    *,
    decimal: str = ".",
    thousands: str = "",
    tokens: Mapping[str, tuple[str, str]] | None = None,
    suffix_flags: Mapping[str, str] | None = None,
    bracket_flag: str = "bracketed",
) -> Cells:
    """parse_column as arrays: numbers in one vectorised pass, other text once per distinct string."""
    if pd.api.types.is_numeric_dtype(series.dtype):
        return Cells(series.astype(float).to_numpy(copy=True))
    out = Cells(text_to_floats(series))  # pd.to_numeric(series, errors="coerce"), faster
    rest = np.flatnonzero(np.isnan(out.value))
    cells = series.iloc[rest].astype(object)
    rest = rest[cells.notna().to_numpy()]
    if not len(rest):
        return out
    text = cells.dropna().astype(str).str.strip()
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    if decimal != ".":
        text = text.str.replace(decimal, ".", regex=False)
    converted = pd.to_numeric(text, errors="coerce")
    out.value[rest] = converted.to_numpy(dtype=float)
    left = (converted.isna() & (text != "")).to_numpy()
    rest, text = rest[left], text[left]
    out.rest = rest
    if not len(rest):
        return out
    vocabulary = {**DEFAULT_TOKENS, **(tokens or {})}
    suffixes = sorted((suffix_flags or {}).items(), key=lambda kv: -len(kv[0]))
    codes, uniques = pd.factorize(text.to_numpy(dtype=object))
    parsed = [_parse_one(u, vocabulary, suffixes, bracket_flag) for u in uniques]
    out.value[rest] = np.array([p.value for p in parsed], dtype=float)[codes]
    out.limit[rest] = np.array([p.limit for p in parsed], dtype=float)[codes]
    out.rest_censored = np.array([p.censored for p in parsed], dtype=object)[codes]
    out.rest_flags = np.array([";".join(p.flags) for p in parsed], dtype=object)[codes]
    out.rest_unit = np.array([p.unit for p in parsed], dtype=object)[codes]
    return out


def _parse_one(
    text: str, tokens: Mapping[str, tuple[str, str]], suffixes: list[tuple[str, str]], bracket_flag: str
) -> Parsed:
    flags: list[str] = []
    token = tokens.get(text.lower().replace(" ", ""))
    if token is not None:
        return Parsed(np.nan, token[0], np.nan, tuple(f for f in [token[1]] if f), "")
    core = text
    for suffix, flag in suffixes:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)].strip()
            flags.append(flag)
            break
    censored = ""
    if core[:1] in "<>":
        censored, core = core[0], core[1:].lstrip("=").strip()
        word = tokens.get(("<" + core).lower().replace(" ", ""))
        if word is not None:
            return Parsed(np.nan, censored, np.nan, tuple(flags + [f for f in [word[1]] if f]), "")
    if core.startswith("[") and core.endswith("]"):
        core = core[1:-1].strip()
        flags.append(bracket_flag)
    match = _NUMBER.match(core)
    if not match:
        raise ValueSyntaxError(text)
    number = float(match.group(1))
    if censored:
        flags.append("below_lod" if censored == "<" else "above_range")
        return Parsed(np.nan, censored, number, tuple(flags), match.group(2))
    return Parsed(number, "", np.nan, tuple(flags), match.group(2))
