"""Reported values -> number, censoring, limit, flags and inline unit, vectorised per column.

Instruments write more than numbers in a concentration cell: `<LOD`, `< LOD`, `Uncal`, `-`,
`####`, `> 100.00`, `[0.1]`, `1.23o`, `2.46 % +`, `1,226,220.526`, `12,501`. Plain numbers are
converted in one vectorised pass; only the distinct non-numeric strings are parsed one by one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    n = len(series)
    out = pd.DataFrame(
        {"value": np.full(n, np.nan), "censored": "", "limit": np.full(n, np.nan), "flags": "", "unit": ""},
        index=series.index,
    )
    if pd.api.types.is_numeric_dtype(series.dtype):
        out["value"] = series.astype(float).to_numpy()
        return out
    cells = series.astype(object)
    numbers = pd.to_numeric(cells, errors="coerce")
    out["value"] = numbers.to_numpy(dtype=float)
    rest = numbers.isna() & cells.notna()
    if not rest.any():
        return out
    text = cells[rest].astype(str).str.strip()
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    if decimal != ".":
        text = text.str.replace(decimal, ".", regex=False)
    converted = pd.to_numeric(text, errors="coerce")
    out.loc[converted.index, "value"] = converted.to_numpy(dtype=float)
    rest = pd.Series(False, index=series.index)
    rest[converted.index] = (converted.isna() & (text != "")).to_numpy()
    if not rest.any():
        return out
    text = text[rest[rest].index]
    vocabulary = {**DEFAULT_TOKENS, **(tokens or {})}
    suffixes = sorted((suffix_flags or {}).items(), key=lambda kv: -len(kv[0]))
    parsed = {u: _parse_one(u, vocabulary, suffixes, bracket_flag) for u in pd.unique(text)}
    sub = text.map(parsed)
    out.loc[rest, "value"] = [p.value for p in sub]
    out.loc[rest, "censored"] = [p.censored for p in sub]
    out.loc[rest, "limit"] = [p.limit for p in sub]
    out.loc[rest, "flags"] = [";".join(p.flags) for p in sub]
    out.loc[rest, "unit"] = [p.unit for p in sub]
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
