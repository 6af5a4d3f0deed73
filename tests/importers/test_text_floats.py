"""text_to_floats is pd.to_numeric(errors="coerce") as floats, bit for bit, through the C parser,
pyarrow's float parser (text held by pyarrow, as the long reader hands it over) or neither."""

import itertools

import numpy as np
import pandas as pd
import pytest

from labapp.importers.floats import text_to_floats

TOKENS = ["####", "<LOD", "< 0.1", "n.d.", "", " 1.5", "1.5 ", "inf", "-Infinity", "nan", "1,5", "١٢", "True"]
ODD = [
    "-",
    "--",
    "1.2.3",
    "2024-01-01",
    "-0",
    "+4",
    ".5",
    "5.",
    "1e5",
    "1E-3",
    "9223372036854775808",
    "1e400",
]


def _same(series: pd.Series) -> None:
    expected = pd.to_numeric(series.astype(object), errors="coerce").to_numpy(dtype=float)
    got = text_to_floats(series)
    assert got.dtype == np.float64
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(expected))  # -0.0 stays -0.0


ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
TEXT_DTYPES = ["str", "string", object, ARROW_TEXT]


@pytest.mark.parametrize("dtype", ["str", ARROW_TEXT])
def test_every_short_text_of_number_characters_converts_as_to_numeric(dtype):
    # each text beside a token and a number, so the parser path is taken (with the text declared
    # missing when the parser cannot read it)
    for n in range(1, 4):
        for chars in itertools.product("09.eE+-", repeat=n):
            _same(pd.Series(["".join(chars), "####", "12.25"], dtype=dtype))


@pytest.mark.parametrize("dtype", TEXT_DTYPES)
def test_columns_with_tokens_missing_cells_and_odd_texts(dtype):
    rng = np.random.default_rng(7)
    numbers = [f"{x:.{k}f}" for x, k in zip(rng.lognormal(0, 3, 3000), rng.integers(0, 9, 3000), strict=True)]
    cells = numbers + TOKENS * 5 + ODD + [None] * 7
    order = rng.permutation(len(cells))
    _same(pd.Series([cells[i] for i in order], dtype=dtype))


@pytest.mark.parametrize(
    "cells",
    [
        ["1.5", "2.5"],  # nothing missing: pd.to_numeric may keep integers, so it decides
        ["1", "-0", "7"],
        ["1", "-0", None],  # a missing cell: the float path, where -0 is -0.0
        ["-0", "-0.0", "####"],
        ["1e400", "-1e400", "1e-400", "####"],  # beyond the float range
        ["1.5", "9223372036854775808", "####"],  # beyond int64
        ["1.5", "a\x00b", "####"],  # a NUL, a line break inside a cell
        ["1.5", "1\r2", "####"],
        ["1.5", "x\x1fy", "####"],
        [],
    ],
)
@pytest.mark.parametrize("dtype", ["str", ARROW_TEXT])
def test_what_could_differ_falls_back(cells, dtype):
    _same(pd.Series(cells, dtype=dtype))
