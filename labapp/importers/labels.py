"""Sample types and acquisition times: meaning given to labels and date/time cells."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.importers.coding import Context, coded


def sample_types(raw: pd.DataFrame, ctx: Context) -> np.ndarray:
    """Label patterns first (once per distinct label), then the Type column, then the default."""
    rules = ctx.profile.sample_types
    column_map = {k.lower(): v for k, v in rules.column_map.items()}
    label_codes, labels = coded(raw, "sample_label")
    by_label = _label_kinds(labels, rules.label_patterns)
    type_codes, written = coded(raw, "sample_type_raw")
    by_type = np.array([column_map.get(t.lower(), rules.default) for t in written], dtype=object)
    from_label = by_label[label_codes]
    return np.where(from_label != "", from_label, by_type[type_codes])


def _label_kinds(labels: np.ndarray, patterns: list[list[str]]) -> np.ndarray:
    """The sample type of each distinct label from the first matching pattern, "" when none matches."""
    out = np.full(len(labels), "", dtype=object)
    if not patterns:
        return out
    scoped = [f"(?P<p{i}>{_scoped(p)})" for i, (p, _) in enumerate(patterns)]
    kinds = [kind for _, kind in patterns]
    combined = re.compile("|".join(scoped))
    for i, label in enumerate(labels):
        # the leftmost match may not be the first pattern: check the patterns in order on a hit
        if combined.search(str(label)):
            for j, (pattern, _) in enumerate(patterns):
                if re.search(pattern, str(label)):
                    out[i] = kinds[j]
                    break
    return out


def _scoped(pattern: str) -> str:
    """`(?i)abc` -> `(?i:abc)`, so patterns with leading flags can share one regex."""
    match = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    return f"(?{match.group(1)}:{pattern[match.end() :]})" if match else pattern


def timestamps(raw: pd.DataFrame, ctx: Context) -> np.ndarray:
    """ISO 8601 text from the date/time columns, parsed once per distinct combination."""
    parts = [c for c in ("datetime", "date", "time") if c in raw]
    if not parts:
        return np.full(len(raw), "", dtype=object)
    codes = np.zeros(len(raw), dtype=np.int64)
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    for c in parts:
        part_codes, uniques = coded(raw, c)
        codes = codes * len(uniques) + part_codes
        pieces.append((part_codes, uniques))
    keys, first = np.unique(codes, return_index=True)
    candidates = pd.Series(
        [" ".join(" ".join(str(u[pc[i]]) for pc, u in pieces).split()) for i in first], dtype=object
    )
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
    return iso[np.searchsorted(keys, codes)]
