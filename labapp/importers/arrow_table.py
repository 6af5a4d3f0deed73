"""The long reader's data rows parsed by pyarrow's CSV reader, on all cores, where it reads them as
pandas' C parser does; None where it might not, and the caller parses with pandas.

Why: pandas parses bytes already in memory on one thread (only a file path gets its threads), and
an export's bytes are read once, archived and parsed, so pandas' own threading is out of reach.
pyarrow parses a buffer in parallel and builds the distinct values of text columns as it goes.

The fast path is taken only where the two parsers cannot differ (tests/importers/
test_arrow_table.py compares them on every real export and on generated files):
- UTF-8 or ASCII bytes, `.` as decimal mark and no thousands separator;
- no cell starts with a space (pandas skips spaces after a delimiter, pyarrow keeps them), and no
  numeric cell is `True`/`False` or an integer beyond int64 (pandas makes other types of those);
- every data row has exactly the header's number of fields (pyarrow refuses a short, long or blank
  row, where pandas pads it and the reader checks it against the file: that is pandas' job);
- text columns become categoricals with sorted string categories, as pandas makes them; a numeric
  column becomes float64 (int64 where pandas would) where every cell is a finite number, else
  stays text, held by pyarrow, for the normaliser (pandas hands it text too whenever a chunk holds
  a token such as `####`), which converts it with pyarrow's float parser (floats.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

pa.set_memory_pool(pa.system_memory_pool())
"""pyarrow's memory from the C library's allocator, which gives a freed block back: with pyarrow's
default (mimalloc) the blocks of a million-reading parse (several threads) stayed with the process
after they were freed, and a 1,000,000-reading import peaked at 445-453 MiB against 375-387 MiB with
this pool, with the same times (docs/PERFORMANCE.md, "Readers re-measured")."""

_ENCODINGS = ("utf-8", "utf-8-sig", "ascii")
_BOOLEANS = pa.array(["True", "TRUE", "true", "False", "FALSE", "false"])
_ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' str, held by pyarrow
_BEYOND_INT64 = 9.2e18  # pandas reads larger integers as uint64 or text


def arrow_table(
    data: bytes,
    encoding: str,
    delimiter: str,
    skip: int,
    width: int,
    numeric: set[int],
    decimal: str,
    thousands: str,
) -> pd.DataFrame | None:
    """The data rows after `skip` lines as pandas' reader would give them, or None."""
    if encoding not in _ENCODINGS or decimal != "." or thousands or len(delimiter) != 1:
        return None
    names = [str(j) for j in range(width)]
    text_type = pa.dictionary(pa.int32(), pa.string())
    types = {str(j): pa.string() if j in numeric else text_type for j in range(width)}
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=skip),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=types, null_values=[""], strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a row pandas would pad, a bad byte, ...
        return None
    if table.num_rows == 0:
        return None  # pandas reports "no data rows" in its own words
    columns = {}
    for j in range(width):
        column = table.column(j)
        read = _numbers(column) if j in numeric else _categories(column)
        if read is None:
            return None
        columns[j] = read
    del table
    pa.default_memory_pool().release_unused()  # the parser's blocks, before the normaliser allocates
    return pd.DataFrame(columns)


def _categories(column: pa.ChunkedArray) -> pd.Categorical | None:
    """A categorical with sorted string categories (pandas' read_csv order); None when a value
    starts with a space (pandas skips spaces after a delimiter, pyarrow keeps them)."""
    combined = column.unify_dictionaries().combine_chunks()
    dictionary = combined.dictionary
    if pc.any(pc.starts_with(dictionary, " ")).as_py():
        return None
    order = pc.sort_indices(dictionary).to_numpy()
    rank = np.empty(len(order) + 1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    rank[-1] = -1  # index -1 (missing) stays missing
    codes = combined.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    categories = pd.Index(pd.Series(dictionary.take(order), dtype="str"))
    return pd.Categorical.from_codes(rank[codes], categories=categories, validate=False)


def _numbers(column: pa.ChunkedArray) -> pd.Series | None:
    """float64 (int64 when pandas would) where every filled cell is a finite number; else the text,
    for the normaliser; None where pandas reads differently (padded cells, `True`, huge integers)."""
    if pc.any(pc.starts_with(column, " ")).as_py() or pc.any(pc.is_in(column, _BOOLEANS)).as_py():
        return None
    try:
        values = pc.cast(column, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.Series(column, dtype=_ARROW_TEXT)
    if pc.any(pc.invert(pc.is_finite(values))).as_py():  # `inf`, `nan`: pandas' own reading decides
        return pd.Series(column, dtype=_ARROW_TEXT)
    if pc.any(pc.greater_equal(pc.abs(values), _BEYOND_INT64)).as_py():
        return None
    if column.null_count == 0:
        try:
            return pd.Series(pc.cast(column, pa.int64()).to_numpy(), dtype=np.int64)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return pd.Series(values.to_numpy(), dtype=np.float64)
