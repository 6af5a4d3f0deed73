"""Sample types and acquisition times: meaning given to labels and date/time cells."""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd

from labapp.importers.coding import Context, coded, distinct_codes, used
from labapp.importers.dates import read_timestamps
from labapp.importers.regex_starts import start_lookahead

# Reference materials recognised by name whatever the format: issuers and series a lab meets.
# A laboratory adds its own [regex, type] rules in settings.toml ([instruments] sample_types).
_CRM_WORDS = (
    "OREAS", "NIST", "SRM", "CRM", "BCR", "ERM", "IRMM", "CANMET", "CCRM", "GBW", "GSB", "JSAC", "JCRM",
    "JSS", "BAM", "MBH", "NCS", "SARM", "AMIS", "GEOSTATS", "LGC", "NRC", "USGS", "IARM",
)  # fmt: skip
# The lookahead on the first letters lets the regex engine skip most positions at once (5x faster).
CRM_NAMES = (
    rf"(?i)(?<![A-Za-z])(?=[{''.join(sorted({w[0] for w in _CRM_WORDS}))}])"
    rf"(?:{'|'.join(_CRM_WORDS)})(?![A-Za-z])"
)
_CRM = re.compile(CRM_NAMES)
# The names in lower case for a case-sensitive scan of the labels folded to lower case (_fold): then
# the engine jumps from one first letter to the next instead of trying every position (2-3x faster).
# Without the lookbehind it finds every label CRM_NAMES finds and a few more; each is checked.
_CRM_FOLDED = re.compile(rf"(?:{'|'.join(w.lower() for w in _CRM_WORDS)})(?![a-z])")
_LETTER = re.compile("(?i)[a-z]")
_PLAIN = ("sample", "unknown")


def sample_types(
    raw: pd.DataFrame, ctx: Context, labels: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The profile's label patterns and the laboratory's rules first (once per distinct label), then
    the Type column, then reference-material names for what would otherwise be a plain sample, then
    the default.

    `labels` is the sample_label column as coded() returns it; the types come back as (codes,
    values): values[codes] is each reading's type."""
    rules = ctx.profile.sample_types
    column_map = {k.lower(): v for k, v in rules.column_map.items()}
    label_codes, distinct = labels
    present = used(label_codes, len(distinct))
    by_label = _label_kinds(distinct, present, [*rules.label_patterns, *ctx.lab_sample_rules])
    type_codes, written = coded(raw, "sample_type_raw")
    by_type = np.array([column_map.get(t.lower(), rules.default) for t in written], dtype=object)
    codes = type_codes.copy()
    from_label = (by_label != "")[label_codes]
    codes[from_label] = len(by_type) + label_codes[from_label]
    values = np.concatenate([by_type, by_label, np.array(["crm"], dtype=object)])
    named_crm = _named_crm(distinct, present)[label_codes]
    plain = np.isin(values, [*_PLAIN, rules.default])[codes]
    codes[named_crm & plain & ~from_label] = len(values) - 1
    return codes, values


def _named_crm(labels: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Which distinct labels name a reference material. One scan of all labels joined by newlines
    and folded to lower case instead of a search per label (a million-reading run has 100,000
    labels), then CRM_NAMES on the few labels the scan points to. The scan misses none: the names
    are letters bounded by non-letters, so no match can span the newline between two labels and
    each match lies inside the label it belongs to."""
    texts = list(map(str, labels[present].tolist()))
    out = np.zeros(len(labels), dtype=bool)
    if not texts:
        return out
    starts = np.concatenate([[0], np.cumsum(np.fromiter(map(len, texts), dtype=np.int64)[:-1] + 1)])
    hits = [m.start() for m in _CRM_FOLDED.finditer(_fold("\n".join(texts)))]
    candidates = np.unique(np.searchsorted(starts, hits, side="right") - 1).tolist()
    inside = [k for k in candidates if _CRM.search(texts[k])]
    out[np.flatnonzero(present)[inside]] = True
    return out


def _fold(text: str) -> str:
    """text with each character that an IGNORECASE letter matches (A, a, and `ſ` for s, `K` for k)
    made that letter in lower case, one character for one: a case-sensitive search for lower-case
    letters in it finds what an IGNORECASE search finds in text, at the same positions."""
    if text.isascii():
        return text.lower()
    table = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
    for char in set(text):
        if not char.isascii() and _LETTER.match(char):
            letter = next((x for x in string.ascii_lowercase if re.match("(?i)" + x, char)), None)
            if letter is not None:
                table[ord(char)] = letter
    return text.translate(table)


def _label_kinds(labels: np.ndarray, present: np.ndarray, patterns: list[list[str]]) -> np.ndarray:
    """The sample type of each distinct label in use from the first matching pattern, "" when none
    matches."""
    out = np.full(len(labels), "", dtype=object)
    if not patterns:
        return out
    kinds = [kind for _, kind in patterns]
    search = _behind_lookahead([p for p, _ in patterns], _any_of([p for p, _ in patterns])).search
    rows = np.flatnonzero(present)
    found = map(search, map(str, labels[rows].tolist()))
    hits = [i for i, match in zip(rows.tolist(), found, strict=True) if match]
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


def _behind_lookahead(patterns: list[str], combined: re.Pattern[str]) -> re.Pattern[str]:
    """The patterns' alternation behind a lookahead on the characters a match can start with
    (regex_starts): it matches in the same labels as `combined`, 3x faster; `combined` itself when
    the lookahead cannot be worked out."""
    ahead = start_lookahead(patterns)
    if not ahead:
        return combined
    try:
        return re.compile(ahead + "(?:" + "|".join(f"(?:{_scoped(p)})" for p in patterns) + ")")
    except re.error:  # a pattern that only works with its flags global (combined compiled)
        return combined


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
    """timestamps() as (codes, distinct ISO texts). The date order is inferred from all the file's
    dates (labapp.importers.dates); an order the file does not reveal is a warning."""
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
    keys, inverse = distinct_codes(codes, space)
    texts = [str(t) for t in _combined_text(keys, pieces)]
    reading = read_timestamps(texts, ctx.profile.date_order, f"profile {ctx.profile.id}")
    for warning in reading.warnings:
        ctx.warn(warning)
    return inverse, np.array(reading.iso, dtype=object)


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
