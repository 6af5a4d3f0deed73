"""Long family: one row per reading (sample x analyte), e.g. Agilent ICP Expert, PerkinElmer.

The data part is read by pandas' C parser (the benchmark's baseline), so a million readings
cost about what pandas.read_csv costs; the header is found by content in the first lines,
and rows the C parser pads (too few fields) are checked against the file text afterwards.
"""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pandas as pd

from labapp.core.errors import InputFileError
from labapp.importers.base import (
    FLAG_SEPARATOR,
    HEADER_SEARCH_LINES,
    RAW_NAME,
    Raw,
    file_label,
    find_header,
    header_cells,
    map_columns,
    normalise_name,
    preamble_metadata,
    skip_regexes,
)
from labapp.importers.profile import Profile
from labapp.importers.textio import DecodedText, cells, choose_delimiter, split_lines

NUMERIC_ROLES = ("value", "intensity", "detection_limit", "uncertainty", "replicate")


def read_long(decoded: DecodedText, profile: Profile, path: object) -> Raw:
    start_text = decoded.head(65536)
    if "\n" not in start_text and "\r" in start_text:
        text = decoded.text.replace("\r", "\n")
        decoded = DecodedText(text, decoded.encoding, decoded.sep_hint, decoded.first_line)  # no bytes
    head = decoded.head_lines(HEADER_SEARCH_LINES)
    delimiter = choose_delimiter(profile.text.delimiter, decoded.sep_hint, head[:40])
    rows = [(i, cells(line, delimiter)) for i, line in enumerate(head)]
    found = find_header(rows, profile, delimiter, path)
    if found is None:
        raise InputFileError(
            path, None, f"no header line matching {profile.layout.header!r} (profile {profile.id})"
        )
    start = found - profile.layout.header_offset
    names = header_cells([r for _, r in rows[start : start + profile.layout.header_rows]])
    header_line = decoded.first_line + found
    required = ("analyte",) if profile.layout.label_from != "column" else ("analyte", "sample_label")
    columns = map_columns(names, profile, path, header_line, required)
    data_start = start + profile.layout.header_rows
    replicates = replicate_columns(names, profile)
    numeric = {j for group in replicates.values() for role, j in group.items() if role in NUMERIC_ROLES}
    table = _read_table(decoded, delimiter, data_start, len(names), columns, numeric, profile, path)
    source_row = np.arange(len(table)) + data_start + decoded.first_line
    keep = _data_rows(table, names, columns, profile)
    raw = _raw_frame(table, columns, source_row, keep)
    _check_short_rows(raw, decoded, delimiter, len(names), path)
    if replicates:
        raw = _with_replicates(raw, table.loc[keep], replicates)
    metadata = preamble_metadata(head[:start], profile)
    if profile.layout.label_from != "column":
        raw["sample_label"] = file_label(path, profile, head[:start], header_line)
    return Raw(raw, metadata)


def _read_table(
    decoded: DecodedText,
    delimiter: str,
    data_start: int,
    width: int,
    columns: dict[str, list[int]],
    numeric: set[int],
    profile: Profile,
    path: object,
) -> pd.DataFrame:
    numeric = numeric | {j for role in NUMERIC_ROLES for j in columns.get(role, [])}
    # Text columns as categoricals: the parser builds their distinct values, which the normaliser needs.
    dtypes = {j: "category" for j in range(width) if j not in numeric}
    source, encoding, skip, before = _source(decoded, data_start)
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
            return _parse_csv(source, options, profile)
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


def _parse_csv(source: io.IOBase, options: dict, profile: Profile) -> pd.DataFrame:
    return pd.read_csv(
        source,
        header=None,
        index_col=False,
        skip_blank_lines=False,
        skipinitialspace=True,
        keep_default_na=False,
        na_values=[""],
        decimal=profile.text.decimal,
        thousands=profile.text.thousands or None,
        engine="c",
        low_memory=True,  # chunked: faster, and mixed-type value columns are handled by the normaliser
        **options,
    )


def _data_rows(
    table: pd.DataFrame, names: list[str], columns: dict[str, list[int]], profile: Profile
) -> np.ndarray:
    keep = ~_all_missing(table, list(table.columns))
    skips = skip_regexes(profile)
    if skips:
        codes, uniques = pd.factorize(table[0])
        hit = np.array([any(r.search(str(u).strip()) for r in skips) for u in uniques] + [False])
        keep &= ~hit[codes]
    for role in ("sample_label", "analyte"):
        if role in columns:
            j = columns[role][0]
            categories = table[j].cat.categories
            header = categories.isin([names[j], f" {names[j]}", f"{names[j]} "])
            if header.any():
                keep &= ~table[j].isin(categories[header]).to_numpy()
            break
    return keep


def _raw_frame(
    table: pd.DataFrame, columns: dict[str, list[int]], source_row: np.ndarray, keep: np.ndarray
) -> pd.DataFrame:
    part = table if keep.all() else table.loc[keep]
    raw = pd.DataFrame({"source_row": source_row[keep]})
    for role, indices in columns.items():
        name = RAW_NAME.get(role, role)
        if len(indices) == 1 or role != "flags":
            raw[name] = part[indices[0]].values
        else:
            joined = part[indices[0]].astype("string").fillna("")
            for j in indices[1:]:
                joined = joined + FLAG_SEPARATOR + part[j].astype("string").fillna("")
            raw[name] = joined.to_numpy()
    return raw


def replicate_columns(names: list[str], profile: Profile) -> dict[int, dict[str, int]]:
    """Replicate number -> {role: column} from the profile's [replicates] rules."""
    rules = profile.replicates
    groups: dict[int, dict[str, int]] = {}
    if rules.after and rules.targets:
        wanted = normalise_name(rules.after)
        first = next((j for j, n in enumerate(names) if normalise_name(n) == wanted), None)
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
    return merged.sort_values("source_row", kind="stable", ignore_index=True)


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
    order = sorted(columns, key=lambda c: frame[c].dtype == object)
    missing = np.ones(len(frame), dtype=bool)
    for column in order:
        missing &= frame[column].isna().to_numpy()
        if not missing.any():
            break
    return missing
