"""Helpers over a raw-readings frame: the normaliser's context and per-distinct-value access.

Columns are handled as (codes, distinct values): every function that gives meaning to a string
runs once per distinct value, which is what keeps a million readings fast.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from labapp.config import lab_sample_type_rules
from labapp.core.errors import InputFileError
from labapp.importers.profile import Profile
from labapp.importers.values import Cells, ValueSyntaxError, parse_cells


class Context:
    """What the normaliser needs besides the raw readings: the profile, the file, the warnings."""

    def __init__(
        self, profile: Profile, path: object, warnings: list[str], decimal: str = ".", thousands: str = ""
    ) -> None:
        self.profile = profile
        self.path = path
        self.warnings = warnings
        self.decimal = decimal  # the file's number format (the profile's, or inferred from the file)
        self.thousands = thousands
        self.samples = 0  # distinct sample labels in the tidy frame, set by the normaliser
        self.lab_sample_rules = lab_sample_type_rules()  # [regex, type] from the laboratory's settings

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
    """(codes, trimmed distinct values); missing cells get the code of a trailing "".

    A categorical column keeps the categories of rows dropped since parsing (no re-coding pass
    over the rows); `used` tells which distinct values the rows still hold.
    """
    if column not in raw:
        return np.zeros(len(raw), dtype=np.intp), np.array([""], dtype=object)
    series = raw[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stripped = np.array([*_trimmed(np.asarray(uniques, dtype=object)), ""], dtype=object)
    codes = np.where(codes < 0, len(stripped) - 1, codes).astype(np.intp, copy=False)
    return codes, stripped


def _trimmed(values: np.ndarray) -> list[str]:
    """str(v).strip() of each value; text (the usual case) goes through one C-level map."""
    try:
        return list(map(str.strip, values))
    except TypeError:  # numbers among the values
        return [str(v).strip() for v in values]


def used(codes: np.ndarray, size: int) -> np.ndarray:
    """Which of `size` distinct values the codes refer to."""
    return np.bincount(codes, minlength=size) > 0


def distinct_codes(codes: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct codes and each row's index among them; a lookup table instead of a sort
    when the codes span a small range (a million rows, some thousands of date/time pairs)."""
    if space <= 4 * len(codes) + 65536:
        present = np.zeros(space, dtype=bool)
        present[codes] = True
        keys = np.flatnonzero(present)
        lookup = np.zeros(space, dtype=np.intp)
        lookup[keys] = np.arange(len(keys))
        return keys, lookup[codes]
    keys, inverse = np.unique(codes, return_inverse=True)
    return keys, inverse.reshape(-1)


def text(raw: pd.DataFrame, column: str) -> np.ndarray:
    """A column as trimmed strings, "" for missing cells."""
    codes, uniques = coded(raw, column)
    return uniques[codes]


def map_column(raw: pd.DataFrame, column: str, func: Callable[[str], object]) -> np.ndarray:
    """func applied once per distinct trimmed value the rows hold, spread back over the rows."""
    codes, uniques = coded(raw, column)
    present = used(codes, len(uniques))
    return np.array([func(u) if p else None for u, p in zip(uniques, present, strict=True)], dtype=object)[
        codes
    ]


def parse_values(raw: pd.DataFrame, column: str, ctx: Context) -> Cells:
    """A column of cells parsed with the profile's decimal mark, tokens and flags."""
    p = ctx.profile
    tokens = {
        k.lower().replace(" ", ""): (v[0], v[1] if len(v) > 1 else "") for k, v in p.values.tokens.items()
    }
    try:
        return parse_cells(
            raw[column],
            decimal=ctx.decimal,
            thousands=ctx.thousands,
            tokens=tokens,
            suffix_flags=p.values.suffix_flags,
            bracket_flag=p.values.bracket_flag,
        )
    except ValueSyntaxError as exc:
        mask = text(raw, column) == exc.text
        raise ctx.fail(raw, mask, f"unreadable {column} {exc.text!r}") from None
