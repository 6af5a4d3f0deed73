"""The widest text a column of numbers can show, found without formatting every row.

Columns are fitted to the rows a user sees (labapp.gui.column_fit), and a cell too narrow for its text
is elided from the right: "1.235e+08" would read "1.235...". A number must never lose its magnitude,
so a numeric column is made at least as wide as the widest text its formatter can give any of its
values: a mantissa of all significant digits at every decade from the column's smallest to its
largest magnitude, with a minus sign when any value is negative. That is an upper bound for `%g`-style
formatters (width grows with digits, decade and sign, never with anything else).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

_ALL_DIGITS = 1.234567890123456
_MOST_DECADES = 40  # beyond this the outer decades bound the width (formatters switch to exponents)


def widest_number_texts(values: np.ndarray, fmt: Callable[[float], str]) -> list[str]:
    """Candidate texts at least as wide as `fmt` of any finite float in `values`; [] when none is."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return []
    extremes = [fmt(float(finite.min())), fmt(float(finite.max()))]
    magnitudes = np.abs(finite[finite != 0])
    if not magnitudes.size:
        return extremes
    sign = -1.0 if (finite < 0).any() else 1.0
    low, high = (math.floor(math.log10(m)) for m in (magnitudes.min(), magnitudes.max()))
    decades = list(range(low, high + 1))
    if len(decades) > _MOST_DECADES:
        decades = decades[: _MOST_DECADES // 2] + decades[-_MOST_DECADES // 2 :]
    return extremes + [fmt(sign * _ALL_DIGITS * 10.0**decade) for decade in decades]


def widest_whole_number_texts(values: list[int], fmt: Callable[[int], str]) -> list[str]:
    """Whole numbers print their digits: the largest and the smallest are the widest."""
    return [fmt(max(values)), fmt(min(values))] if values else []
