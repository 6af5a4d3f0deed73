"""Sample types and acquisition times: meaning given to labels and date/time cells."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.importers.coding import Context, coded, used


def sample_types(
    raw: pd.DataFrame, ctx: Context, labels: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Label patterns first (once per distinct label), then the Type column, then the default.

    `labels` is the sample_label column as coded() returns it; the types come back as (codes,
    values): values[codes] is each reading's type."""
    rules = ctx.profile.sample_types
    column_map = {k.lower(): v for k, v in rules.column_map.items()}
    label_codes, distinct = labels
    by_label = _label_kinds(distinct, used(label_codes, len(distinct)), rules.label_patterns)
    type_codes, written = coded(raw, "sample_type_raw")
    by_type = np.array([column_map.get(t.lower(), rules.default) for t in written], dtype=object)
    codes = type_codes.copy()
    from_label = (by_label != "")[label_codes]
    codes[from_label] = len(by_type) + label_codes[from_label]
    return codes, np.concatenate([by_type, by_label])


def _label_kinds(labels: np.ndarray, present: np.ndarray, patterns: list[list[str]]) -> np.ndarray:
    """The sample type of each distinct label in use from the first matching pattern, "" when none
    matches."""
    out = np.full(len(labels), "", dtype=object)
    if not patterns:
        return out
    kinds = [kind for _, kind in patterns]
    combined = _any_of([p for p, _ in patterns])
    search = combined.search
    rows = np.flatnonzero(present)
    hits = [i for i, label in zip(rows.tolist(), labels[rows].tolist(), strict=True) if search(str(label))]
    for i in hits:
        # the leftmost match may not be the first pattern: check the patterns in order on a hit
        label = str(labels[i])
        for j, (pattern, _) in enumerate(patterns):
            if re.search(pattern, label):
                out[i] = kinds[j]
                break
    return out


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One regex matching where any of the patterns matches. Leading flags shared by all patterns
    stay global (the common `(?i)` case; re searches that form faster), others are scoped."""
    leading = {m.group(0) if (m := _FLAGS.match(p)) else "" for p in patterns}
    if len(leading) == 1 and "" not in leading:
        flags = leading.pop()
        return re.compile(flags + "|".join(f"(?:{p[len(flags) :]})" for p in patterns))
    return re.compile("|".join(f"(?:{_scoped(p)})" for p in patterns))


_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def _scoped(pattern: str) -> str:
    """`(?i)abc` -> `(?i:abc)`, so patterns with leading flags can share one regex."""
    match = _FLAGS.match(pattern)
    return f"(?{match.group(1)}:{pattern[match.end() :]})" if match else pattern


def timestamps(raw: pd.DataFrame, ctx: Context) -> np.ndarray:
    """ISO 8601 text from the date/time columns, parsed once per distinct combination."""
    codes, iso = timestamp_codes(raw, ctx)
    return iso[codes]


def timestamp_codes(raw: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """timestamps() as (codes, distinct ISO texts)."""
    parts = [c for c in ("datetime", "date", "time") if c in raw]
    if not parts:
        return np.zeros(len(raw), dtype=np.intp), np.array([""], dtype=object)
    codes = np.zeros(len(raw), dtype=np.int64)
    space = 1
    pieces: list[np.ndarray] = []
    for c in parts:
        part_codes, uniques = coded(raw, c)
        codes = codes * len(uniques) + part_codes
        space *= len(uniques)
        pieces.append(uniques)
    keys, inverse = _distinct_codes(codes, space)
    candidates = pd.Series(_combined_text(keys, pieces), dtype=object)
    parsed = pd.Series(pd.NaT, index=candidates.index, dtype="datetime64[ns]")
    for fmt in ctx.profile.datetime_formats:
        todo = parsed.isna() & (candidates != "")
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(candidates[todo], format=fmt, errors="coerce")
    stamps = parsed.to_numpy(dtype="datetime64[s]")
    iso = np.where(np.isnat(stamps), "", np.datetime_as_string(stamps, unit="s")).astype(object)
    failed = (iso == "") & (candidates.to_numpy(dtype=object) != "")
    if failed.any():
        ctx.warn(
            f"timestamp {candidates[failed].iloc[0]!r} matches none of the profile's datetime_formats; "
            "acquired_at left empty"
        )
    return inverse, iso


def _distinct_codes(codes: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
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


def _combined_text(keys: np.ndarray, pieces: list[np.ndarray]) -> np.ndarray:
    """Per combined code, its parts' texts joined by one space, runs of white space collapsed."""
    parts = []
    rest = keys
    for uniques in reversed(pieces):
        parts.append(_collapse_spaces(uniques)[rest % len(uniques)])
        rest = rest // len(uniques)
    out = parts.pop()
    for part in reversed(parts):
        both = (out != "") & (part != "")
        out = np.where(both, out + " " + part, np.where(out != "", out, part))
    return out


def _collapse_spaces(uniques: np.ndarray) -> np.ndarray:
    """`" ".join(u.split())` of each trimmed value; one scan finds whether any value needs it."""
    if not _NEEDS_COLLAPSE.search("\x00".join(uniques)):
        return uniques
    return np.array([" ".join(str(u).split()) for u in uniques], dtype=object)


_NEEDS_COLLAPSE = re.compile(r"\s\s|[^\S ]")
