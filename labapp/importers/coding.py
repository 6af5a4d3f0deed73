"""Helpers over a raw-readings frame: the normaliser's context and per-distinct-value access.

Columns are handled as (codes, distinct values): every function that gives meaning to a string
runs once per distinct value, which is what keeps a million readings fast.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.profile import Profile
from labapp.importers.values import ValueSyntaxError, parse_column


class Context:
    """What the normaliser needs besides the raw readings: the profile, the file, the warnings."""

    def __init__(self, profile: Profile, path: object, warnings: list[str]) -> None:
        self.profile = profile
        self.path = path
        self.warnings = warnings

    def fail(self, raw: pd.DataFrame, mask: np.ndarray | pd.Series, reason: str) -> InputFileError:
        rows = raw["source_row"].to_numpy()[np.asarray(mask, dtype=bool)]
        return InputFileError(self.path, rows[0] if len(rows) else None, reason)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def factorized(series: pd.Series, func: Callable[[object], object]) -> np.ndarray:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(u) for u in np.asarray(uniques, dtype=object)] + [func("")], dtype=object)
    return mapped[codes]


def coded(raw: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, trimmed distinct values); missing cells get the code of a trailing ""."""
    if column not in raw:
        return np.zeros(len(raw), dtype=np.intp), np.array([""], dtype=object)
    series = raw[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.cat.remove_unused_categories()  # rows were dropped since parsing
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stripped = np.array([str(u).strip() for u in np.asarray(uniques, dtype=object)] + [""], dtype=object)
    codes = np.where(codes < 0, len(stripped) - 1, codes)
    return codes, stripped


def text(raw: pd.DataFrame, column: str) -> np.ndarray:
    """A column as trimmed strings, "" for missing cells."""
    codes, uniques = coded(raw, column)
    return uniques[codes]


def map_column(raw: pd.DataFrame, column: str, func: Callable[[str], object]) -> np.ndarray:
    """func applied once per distinct trimmed value of a column, spread back over the rows."""
    codes, uniques = coded(raw, column)
    return np.array([func(u) for u in uniques], dtype=object)[codes]


def parse_values(raw: pd.DataFrame, column: str, ctx: Context) -> pd.DataFrame:
    """A column of cells parsed with the profile's decimal mark, tokens and flags."""
    p = ctx.profile
    tokens = {
        k.lower().replace(" ", ""): (v[0], v[1] if len(v) > 1 else "") for k, v in p.values.tokens.items()
    }
    try:
        return parse_column(
            raw[column],
            decimal=p.text.decimal,
            thousands=p.text.thousands,
            tokens=tokens,
            suffix_flags=p.values.suffix_flags,
            bracket_flag=p.values.bracket_flag,
        )
    except ValueSyntaxError as exc:
        mask = text(raw, column) == exc.text
        raise ctx.fail(raw, mask, f"unreadable {column} {exc.text!r}") from None
