"""Long family: one row per reading (sample x analyte), e.g. Agilent ICP Expert, PerkinElmer.

The header is the row holding the most of the profile's roles. In a text file the data part is
read by pandas' C parser (the benchmark's baseline), so a million readings cost about what
pandas.read_csv costs; rows the C parser pads (too few fields) are checked against the file
text afterwards. In a workbook sheet the same columns are taken from the sheet's rows.
"""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.arrow_table import arrow_table
from labapp.importers.base import FLAG_SEPARATOR, RAW_NAME, Raw, file_label, preamble_metadata, skip_regexes
from labapp.importers.profile import Profile
from labapp.importers.roles import HeaderHit, norm, required_header
from labapp.importers.table import SPACES, Table, text_table
from labapp.importers.textio import DecodedText, cells, split_lines

NUMERIC_ROLES = ("value", "intensity", "detection_limit", "uncertainty", "replicate")
HEAD_LINES = 500


def read_long_text(
    decoded: DecodedText, profile: Profile, path: object, delimiter: str, decimal: str, thousands: str
) -> Raw:
    if delimiter == SPACES:  # aligned columns: no C-parser fast path, the table reader does it
        return read_long_table(text_table(decoded.text, SPACES, path, decoded.first_line), profile, path)
    start_text = decoded.head(65536)
    if "\n" not in start_text and "\r" in start_text:
        text = decoded.text.replace("\r", "\n")
        decoded = DecodedText(text, decoded.encoding, decoded.sep_hint, decoded.first_line)  # no bytes
    head_lines = decoded.head_lines(HEAD_LINES)
    head = Table(
        [cells(line, delimiter) for line in head_lines],
        list(range(decoded.first_line, decoded.first_line + len(head_lines))),
        "",
        delimiter,
    )
    hit = required_header(head, profile, path)
    names = hit.names.names
    data_start = hit.end
    replicates = replicate_columns(names, profile)
    numeric = {j for group in replicates.values() for role, j in group.items() if role in NUMERIC_ROLES}
    table = _read_table(
        decoded, delimiter, data_start, len(names), hit.columns, numeric, path, decimal, thousands
    )
    source_row = np.arange(len(table)) + data_start + decoded.first_line
    raw, keep = _finish(table, source_row, hit, profile)
    _check_short_rows(raw, decoded, delimiter, len(names), path)
    if replicates:
        raw = _with_replicates(raw, table.loc[keep], replicates)
    return _labelled(raw, head_lines[: hit.start], profile, path, head.where(hit.start), hit)


def read_long_table(table: Table, profile: Profile, path: object) -> Raw:
    """The long layout in a workbook sheet (or an aligned text table): the same roles, from rows."""
    hit = required_header(table, profile, path)
    width = len(hit.names.names)
    body = table.rows[hit.end :]
    frame = (
        pd.DataFrame(
            [(r + [""] * (width - len(r)))[:width] for r in body], columns=range(width), dtype=object
        )
        if body
        else pd.DataFrame(columns=range(width), dtype=object)
    )
    frame = frame.replace("", np.nan)
    if any(len(r) > width and any(r[width:]) for r in body):
        i = next(i for i, r in enumerate(body) if len(r) > width and any(r[width:]))
        raise InputFileError(
            path, table.where(hit.end + i), f"row has more fields than the {width} of the header"
        )
    source_row = np.array([table.where(i) for i in range(hit.end, len(table))], dtype=object)
    replicates = replicate_columns(hit.names.names, profile)
    raw, keep = _finish(frame, source_row, hit, profile)
    if replicates:
        raw = _with_replicates(raw, frame.loc[keep], replicates)
    preamble = [table.joined(i) for i in range(hit.start)]
    return _labelled(raw, preamble, profile, path, table.where(hit.start), hit)


def _finish(
    table: pd.DataFrame, source_row: np.ndarray, hit: HeaderHit, profile: Profile
) -> tuple[pd.DataFrame, np.ndarray]:
    keep = _data_rows(table, hit.names.names, hit.columns, profile)
    raw = _raw_frame(table, hit.columns, source_row, keep, profile.layout.label_choice)
    value_columns = hit.columns.get("value") or []
    if value_columns and hit.names.units[value_columns[0]]:
        raw["header_unit"] = hit.names.units[value_columns[0]]
    return raw, keep


def _labelled(
    raw: pd.DataFrame,
    preamble: list[str],
    profile: Profile,
    path: object,
    header_where: int | str,
    hit: HeaderHit,
) -> Raw:
    metadata = preamble_metadata(preamble, profile)
    if "value" in hit.columns:
        metadata["value_column"] = hit.names.names[hit.columns["value"][0]]
    if profile.layout.label_from != "column":
        raw["sample_label"] = file_label(path, profile, preamble, header_where)
    return Raw(raw, metadata)


def _read_table(
    decoded: DecodedText,
    delimiter: str,
    data_start: int,
    width: int,
    columns: dict[str, list[int]],
    numeric: set[int],
    path: object,
    decimal: str,
    thousands: str,
) -> pd.DataFrame:
    numeric = numeric | {j for role in NUMERIC_ROLES for j in columns.get(role, [])}
    # Text columns as categoricals: the parser builds their distinct values, which the normaliser needs.
    dtypes = {j: "category" for j in range(width) if j not in numeric}
    source, encoding, skip, before = _source(decoded, data_start)
    if encoding is not None:  # the bytes: pyarrow parses them on all cores where it reads as pandas
        table = arrow_table(decoded.data, encoding, delimiter, skip, width, numeric, decimal, thousands)
        if table is not None:
            return table
    options = {
        "sep": delimiter,
        "names": range(width),
        "skiprows": skip,
        "dtype": dtypes,
        "encoding": encoding,
    }
    try:
        with warnings.catch_warnings():
            # pandas only warns (and drops fields) when the first data rows are wider than the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            table = _parse_csv(source, options, decimal, thousands)
            return _text_kept_as_text(table, source, options, decimal, thousands)
    except pd.errors.ParserWarning:
        line = data_start + decoded.first_line
        raise InputFileError(path, line, f"rows have more fields than the {width} of the header") from None
    except pd.errors.EmptyDataError:
        raise InputFileError(path, data_start + decoded.first_line, "no data rows after the header") from None
    except pd.errors.ParserError as exc:
        raise _parser_error(exc, path, before) from None


def _source(decoded: DecodedText, data_start: int) -> tuple[io.IOBase, str | None, int, int]:
    """What pandas reads: the bytes when it can decode them itself (no copy of the text), else the
    text; with the rows to skip and the physical lines before the parser's line 1."""
    if decoded.data and decoded.encoding in ("utf-8", "utf-8-sig", "cp1252", "latin-1"):
        return io.BytesIO(decoded.data), decoded.encoding, data_start + decoded.first_line - 1, 0
    return io.StringIO(decoded.text), None, data_start, decoded.first_line - 1


def _parser_error(exc: Exception, path: object, before: int) -> InputFileError:
    message = str(exc)
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        reason = f"expected {match.group(1)} fields, found {match.group(3)}"
        return InputFileError(path, int(match.group(2)) + before, reason)
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match:
        return InputFileError(path, int(match.group(1)) + before + 1, "the file ends inside a quoted field")
    return InputFileError(path, None, f"cannot be parsed: {message.splitlines()[0]}")


def _text_kept_as_text(
    table: pd.DataFrame, source: io.IOBase, options: dict, decimal: str, thousands: str
) -> pd.DataFrame:
    """pandas makes a categorical column whose every value looks numeric into numbers: labels `001`
    and `1.0` would become one sample. Such columns (rare) are read again as the text they are."""
    numeric = [j for j, dtype in options["dtype"].items() if not _text_categories(table[j])]
    if not numeric:
        return table
    source.seek(0)
    again = _parse_csv(
        source, {**options, "dtype": dict.fromkeys(numeric, str), "usecols": numeric}, decimal, thousands
    )
    for j in numeric:
        table[j] = again[j].astype("category")
    return table


def _text_categories(column: pd.Series) -> bool:
    categories = column.cat.categories
    return len(categories) == 0 or categories.dtype == object or pd.api.types.is_string_dtype(categories)


def _parse_csv(source: io.IOBase, options: dict, decimal: str, thousands: str) -> pd.DataFrame:
    return pd.read_csv(
        source,
        header=None,
        index_col=False,
        skip_blank_lines=False,
        skipinitialspace=True,
        keep_default_na=False,
        na_values=[""],
        decimal=decimal,
        thousands=thousands or None,
        engine="c",
        low_memory=True,  # chunked: faster, and mixed-type value columns are handled by the normaliser
        **options,
    )


def _data_rows(
    table: pd.DataFrame, names: list[str], columns: dict[str, list[int]], profile: Profile
) -> np.ndarray:
    keep = ~_all_missing(table, list(table.columns))
    skips = skip_regexes(profile)
    if skips and len(table.columns):
        codes, uniques = pd.factorize(table[0])
        hit = np.array([any(r.search(str(u).strip()) for r in skips) for u in uniques] + [False])
        keep &= ~hit[codes]
    for role in ("sample_label", "analyte"):
        if role in columns:
            j = columns[role][0]
            keep &= ~_repeats_header(table[j], names[j])
            break
    return keep


def _repeats_header(column: pd.Series, name: str) -> np.ndarray:
    """Rows whose cell repeats the header's name (a header written again inside the data)."""
    categorical = isinstance(column.dtype, pd.CategoricalDtype)
    distinct = (column.cat.categories if categorical else pd.unique(column)).tolist()
    target = norm(name)
    first = target.split()[0] if target else ""
    if first and first not in _folded(distinct):  # one C scan of all labels: the usual answer
        return np.zeros(len(column), dtype=bool)
    # the substring test (in C) spares norm() on the many labels that cannot be the header
    repeated = [u for u in distinct if isinstance(u, str) and first in u.casefold() and norm(u) == target]
    return column.isin(repeated).to_numpy() if repeated else np.zeros(len(column), dtype=bool)


def _folded(values: list) -> str:
    """The text values joined by NUL and case-folded: a word is in one value's casefold() only if it
    is in this (casefold() works per character), so one search answers for 100,000 labels."""
    try:
        return "\0".join(values).casefold()
    except TypeError:  # numbers among the values (a column of numeric labels)
        return "\0".join(v for v in values if isinstance(v, str)).casefold()


def _raw_frame(
    table: pd.DataFrame,
    columns: dict[str, list[int]],
    source_row: np.ndarray,
    keep: np.ndarray,
    label_choice: str,
) -> pd.DataFrame:
    part = table if keep.all() else table.loc[keep]
    raw = pd.DataFrame({"source_row": source_row[keep]})
    for role, indices in columns.items():
        name = RAW_NAME.get(role, role)
        if role == "sample_label" and len(indices) > 1 and label_choice == "first_filled":
            raw[name] = first_filled(part, indices)
        elif role == "sample_label" and len(indices) > 1:
            raw[name] = part[most_distinct(part, indices)].values
        elif len(indices) == 1 or role != "flags":
            raw[name] = part[indices[0]].values
        else:
            joined = part[indices[0]].astype("string").fillna("")
            for j in indices[1:]:
                joined = joined + FLAG_SEPARATOR + part[j].astype("string").fillna("")
            raw[name] = joined.to_numpy()
    return raw


def first_filled(part: pd.DataFrame, indices: list[int]) -> np.ndarray:
    """Per row, the first candidate label column (in the profile's order) that is not empty."""
    out = part[indices[0]].astype(object).to_numpy()
    for j in indices[1:]:
        empty = pd.isna(out) | (out == "")
        out = np.where(empty, part[j].astype(object).to_numpy(), out)
    return out


def most_distinct(part: pd.DataFrame, indices: list[int]) -> int:
    """The candidate label column whose values differ most between rows (the first on a tie)."""
    counts = [part[j].nunique(dropna=True) for j in indices]
    return indices[counts.index(max(counts))]


def replicate_columns(names: list[str], profile: Profile) -> dict[int, dict[str, int]]:
    """Replicate number -> {role: column} from the profile's [replicates] rules."""
    rules = profile.replicates
    groups: dict[int, dict[str, int]] = {}
    if rules.after and rules.targets:
        wanted = norm(rules.after)
        first = next((j for j, n in enumerate(names) if norm(n) == wanted), None)
        if first is not None:
            stride = len(rules.targets)
            for k in range((len(names) - first) // stride):
                groups[k + 1] = {role: first + k * stride + i for i, role in enumerate(rules.targets)}
    if rules.pattern:
        regex = re.compile(rules.pattern)
        for j, name in enumerate(names):
            match = regex.match(" ".join(name.split()))
            role = rules.fields.get(match.group("field")) if match else None
            if role:
                groups.setdefault(int(match.group("n")), {})[role] = j
    return groups


def _with_replicates(
    raw: pd.DataFrame, part: pd.DataFrame, groups: dict[int, dict[str, int]]
) -> pd.DataFrame:
    """The mean rows followed by one row per replicate, which keeps the mean row's other fields."""
    frames = [raw]
    for n, roles in sorted(groups.items()):
        rep = raw.copy()
        for role in ("value", "intensity", "flags_raw", "uncertainty"):
            if role in rep:
                rep[role] = np.nan if role != "flags_raw" else ""
        for role, j in roles.items():
            rep[RAW_NAME.get(role, role)] = part[j].to_numpy()
        rep["replicate"] = n
        frames.append(rep)
    merged = pd.concat(frames, ignore_index=True)
    order = np.argsort(_row_order(merged["source_row"]), kind="stable")
    return merged.iloc[order].reset_index(drop=True)


def _row_order(rows: pd.Series) -> np.ndarray:
    """Sort keys for source rows: line numbers, or the row number of `Sheet!12`."""
    if rows.dtype != object:
        return rows.to_numpy()
    return np.array([int(str(r).rsplit("!", 1)[-1]) for r in rows], dtype=np.int64)


def _check_short_rows(
    raw: pd.DataFrame, decoded: DecodedText, delimiter: str, width: int, path: object
) -> None:
    """Rows missing the analyte or every result are checked against the file: too few fields is an error."""
    results = [c for c in ("value", "intensity") if c in raw]
    suspect = raw["analyte"].isna().to_numpy().copy()
    if results:
        suspect |= _all_missing(raw, results)
    if not suspect.any():
        return
    lines = split_lines(decoded.text)
    for line_no in raw.loc[suspect, "source_row"].to_numpy()[:1000]:
        found = len(cells(lines[line_no - decoded.first_line], delimiter))
        if found < width:
            raise InputFileError(path, int(line_no), f"expected {width} fields, found {found}")


def _all_missing(frame: pd.DataFrame, columns: list) -> np.ndarray:
    """Rows where every one of `columns` is missing; numeric and categorical columns are tested
    first and the scan stops as soon as no row is left."""
    order = sorted(columns, key=lambda c: not _cheap_isna(frame[c].dtype))
    missing = np.ones(len(frame), dtype=bool)
    for column in order:
        missing &= frame[column].isna().to_numpy()
        if not missing.any():
            break
    return missing


def _cheap_isna(dtype: object) -> bool:
    """Whether missing cells are found without looking at objects: numbers and categoricals; text
    (object or pandas' str, 80 ms a million cells) is not."""
    return isinstance(dtype, pd.CategoricalDtype) or (isinstance(dtype, np.dtype) and dtype.kind != "O")
