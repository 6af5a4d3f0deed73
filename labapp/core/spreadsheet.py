"""Cells a spreadsheet cannot run: the OWASP rule against CSV (formula) injection, defined once.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`), so a lot code
or sample label from a manifest or an instrument file could run on the reader's machine. Such a
cell gets a leading single quote, which the spreadsheet shows as text. Every CSV or XLSX labapp
writes passes its cells through here (docs/security.md).

Numbers written as numbers are left alone (-5.2 is a value, not a formula). A text that is exactly
a plain decimal number ("-5", "+1.5e-3") is left alone too: a spreadsheet reads it as that number
and nothing else, and a quote would turn a column of numbers into text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet may safely read it: a formula-like text gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A csv.DictWriter row with every text cell neutralised."""
    return {key: neutralise(value) for key, value in row.items()}


def neutralise_rows(rows: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    return (neutralise_row(row) for row in rows)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised (numeric columns untouched), for DataFrame.to_csv."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out
