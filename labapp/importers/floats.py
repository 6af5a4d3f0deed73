"""A text column of numbers as floats: pandas' C parser where it reads the cells as pd.to_numeric does.

Why: a value column with a few tokens (`####` in every parser chunk) reaches the normaliser as a
million strings; `pd.to_numeric` converts them at about 250 ns each, the C parser in half the time.
The result is exactly `pd.to_numeric(cells, errors="coerce")` as float64:

- cells with a character other than digits, `.`, `e`, `E`, `+`, `-` (the tokens), and up to 3
  texts of those characters that are no number (`-`, `1.2.3`), are declared missing to the parser
  and converted by `pd.to_numeric` itself, with a missing cell beside them so that it takes the
  float path the whole column takes;
- the other cells are read by the parser's float converter, which gives `pd.to_numeric`'s value
  for them (every text of up to 3 of these characters in tests/importers, of up to 5 once);
- whatever could make the two differ falls back to `pd.to_numeric` on the whole column: a NUL,
  line break or unit separator inside a cell, a number beyond int64 (where `pd.to_numeric` changes
  type), a column without a missing cell, more than 1 token cell in 20.
"""

from __future__ import annotations

import csv
import io
import re
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_NOT_NUMBER_CHAR = re.compile(r"[^0-9.eE+\-\n]")
_BEYOND_INT64 = 9.2e18  # integers from here on take other paths in pd.to_numeric
_RETRIES = 3  # texts of number characters the parser cannot read, declared missing one by one
_UNREADABLE = re.compile(r"could not convert string to float: '([0-9.eE+\-]*)'$")


def text_to_floats(series: pd.Series) -> np.ndarray:
    """pd.to_numeric(series, errors="coerce") as a new float64 array (see the module docstring)."""
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        fast = _arrow_parsed(pa.array(series.array))
        if fast is not None:
            return fast
    cells = series.astype(object)
    fast = _parsed(series, cells.to_numpy()) if isinstance(series.dtype, pd.StringDtype) else None
    if fast is not None:
        return fast
    return pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float, copy=True)


def _arrow_parsed(strings: pa.Array) -> np.ndarray | None:
    """Text held by pyarrow (the long reader's value column): cells written as plain decimal numbers
    are read by pyarrow's float parser, which rounds correctly as pd.to_numeric does for them; the
    others (tokens, padded numbers) by pd.to_numeric itself, beside a missing cell as in _parsed."""
    plain = pc.match_substring_regex(strings, _PLAIN_NUMBER)
    try:
        values = pc.cast(pc.if_else(plain, strings, pa.scalar(None, pa.string())), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    values = values.to_numpy(zero_copy_only=False).copy()  # missing -> NaN
    if np.any(np.abs(values) >= _BEYOND_INT64):
        return None
    other = pc.and_(pc.invert(plain), pc.is_valid(strings)).fill_null(False)
    gaps = np.flatnonzero(other.to_numpy(zero_copy_only=False))
    if not len(gaps) and not strings.null_count:  # pd.to_numeric may keep integers (-0 is 0 then)
        return None
    if len(gaps):
        beside_missing = pd.Series([*strings.take(gaps).to_pylist(), np.nan], dtype=object)
        part = pd.to_numeric(beside_missing, errors="coerce")
        if part.dtype.kind != "f":
            return None
        values[gaps] = part.to_numpy()[:-1]
    return values


def _parsed(series: pd.Series, cells: np.ndarray) -> np.ndarray | None:
    try:
        text = "\n".join(cells) + "\n"
    except TypeError:  # missing cells: empty lines
        text = "\n".join(series.to_numpy(dtype=object, na_value="")) + "\n"
    if "\0" in text or "\r" in text or "\x1f" in text:
        return None
    missing = _token_lines(text, max(1000, len(cells) // 20))
    if missing is None:
        return None
    try:
        data = text.encode("utf-8")  # the C parser reads bytes a third faster than text
    except UnicodeEncodeError:  # a lone surrogate
        return None
    values = _read_floats(data, missing, len(cells))
    if values is None or np.any(np.abs(values) >= _BEYOND_INT64):
        return None
    gaps = np.flatnonzero(np.isnan(values))
    if not len(gaps):
        return None
    part = pd.to_numeric(pd.Series([*cells[gaps], np.nan], dtype=object), errors="coerce")
    if part.dtype.kind != "f":
        return None
    values[gaps] = part.to_numpy()[:-1]
    return values


def _token_lines(text: str, limit: int) -> set[str] | None:
    """The distinct lines holding a character no number has; None beyond `limit` such lines."""
    found: set[str] = {""}
    count = 0
    search = _NOT_NUMBER_CHAR.search
    hit = search(text)
    while hit is not None:
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.start())
        found.add(text[start:end])
        count += 1
        if count > limit:
            return None
        hit = search(text, end)
    return found


def _read_floats(data: bytes, missing: set[str], rows: int) -> np.ndarray | None:
    """One float per line, `missing` lines as NaN; None when the parser refuses or splits a line."""
    for _ in range(_RETRIES + 1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                frame = pd.read_csv(
                    io.BytesIO(data),
                    encoding="utf-8",
                    header=None,
                    names=[0],
                    index_col=False,
                    dtype={0: np.float64},
                    sep="\x1f",
                    quoting=csv.QUOTE_NONE,
                    na_values=sorted(missing),
                    keep_default_na=False,
                    skip_blank_lines=False,
                    engine="c",
                    low_memory=False,
                )
        except ValueError as exc:  # a text of number characters that is no number (`1.2.3`, `-`)
            match = _UNREADABLE.match(str(exc))
            if match is None or match.group(1) in missing:  # (ParserError is a ValueError too)
                return None
            missing.add(match.group(1))
            continue
        except Warning:  # ParserWarning: a line split in two
            return None
        values = frame[0].to_numpy(dtype=np.float64, copy=True)
        return values if len(values) == rows else None
    return None
