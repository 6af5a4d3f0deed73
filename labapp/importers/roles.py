"""Columns found by meaning: a profile's role synonyms and patterns against a header, and the
header line itself found as the row that holds the most of the profile's roles.

A header cell matches a synonym case- and space-insensitively, with or without a trailing unit
(`Conc. [ ppb ]` matches `Conc.`, its unit ppb is kept); `re:` synonyms are patterns; integers
are positions; `Units#2` is the second column called Units. Extra and reordered columns do not
matter: only the roles are looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from labapp.core.errors import InputFileError
from labapp.importers.profile import REGEX_PREFIX, Profile
from labapp.importers.table import Table
from labapp.importers.units import is_unit_text

# What each role is, for messages ("no column for the concentration; looked for ...").
ROLE_WORDS = {
    "sample_label": "the sample label",
    "sample_type": "the sample type",
    "analyte": "the analyte (element or line)",
    "element": "the element",
    "species": "the reported compound",
    "value": "the concentration",
    "unit": "the unit",
    "flags": "the flags",
    "intensity": "the intensity",
    "detection_limit": "the detection limit",
    "uncertainty": "the uncertainty",
    "date": "the date",
    "time": "the time",
    "datetime": "the date and time",
    "replicate": "the replicate number",
    "statistic": "the statistics marker",
    "line": "the emission line",
}
HEADER_SEARCH_ROWS = 500
_UNIT_SUFFIX = re.compile(r"^(?P<base>.*?)\s*[\[(]\s*(?P<unit>[^\[\]()]*?)\s*[\])]\s*$", re.S)


def norm(name: object) -> str:
    """A header cell as compared: quotes dropped, white space collapsed, case folded."""
    return " ".join(str(name).replace('"', " ").split()).casefold()


def split_unit(name: str, extra_units: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(`Conc.`, `ppb`) from `Conc. [ ppb ]`; the whole name and "" when the bracket holds no unit."""
    match = _UNIT_SUFFIX.match(" ".join(str(name).split()))
    if match and match.group("base") and is_unit_text(match.group("unit"), extra_units):
        return match.group("base").strip(), match.group("unit").strip()
    return " ".join(str(name).split()), ""


@dataclass(frozen=True)
class Spec:
    text: str = ""  # normalised synonym
    nth: int = 0  # `Units#2` -> 1
    regex: re.Pattern[str] | None = None
    position: int | None = None

    def describe(self) -> str:
        if self.position is not None:
            return f"column {self.position + 1}"
        return f"/{self.regex.pattern}/" if self.regex else self.text


def compile_spec(item: str | int) -> Spec:
    if isinstance(item, int):
        return Spec(position=item)
    if item.startswith(REGEX_PREFIX):
        return Spec(regex=re.compile(item[len(REGEX_PREFIX) :], re.IGNORECASE))
    name, _, nth = item.partition("#")
    return Spec(text=norm(name), nth=int(nth) - 1 if nth.isdigit() else 0)


@lru_cache(maxsize=256)
def compile_specs(items: tuple[str | int, ...]) -> tuple[Spec, ...]:
    return tuple(compile_spec(i) for i in items)


def unit_words(profile: Profile) -> frozenset[str]:
    return frozenset(" ".join(str(u).split()).casefold() for u in profile.units)


@dataclass
class Names:
    """A header's cells, normalised with and without a trailing unit, indexed for lookup."""

    names: list[str]
    units: list[str]
    index: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, names: list[str], extra_units: frozenset[str] = frozenset()) -> Names:
        units, index = _indexed(tuple(names), extra_units)
        return cls(names, list(units), index)

    def locate(self, spec: Spec) -> list[int]:
        if spec.position is not None:  # data rows may be wider than their header (Horiba's unit)
            return [spec.position]
        if spec.regex is not None:
            return [j for j, n in enumerate(self.names) if spec.regex.fullmatch(norm(n))]
        found = self.index.get(spec.text, [])
        return found[spec.nth : spec.nth + 1]


@lru_cache(maxsize=4096)
def _indexed(
    names: tuple[str, ...], extra_units: frozenset[str]
) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """Units and lookup index of a header; cached, as detection tries the same rows per profile.
    The index is shared between callers: read it, never change it."""
    units, index = [], {}
    for j, name in enumerate(names):
        base, unit = split_unit(name, extra_units)
        units.append(unit)
        for key in dict.fromkeys((norm(name), norm(base))):
            if key:
                index.setdefault(key, []).append(j)
    return tuple(units), index


def map_roles(names: Names, profile: Profile) -> dict[str, list[int]]:
    """Role -> columns. A role takes its first synonym found (by the profile's priority); flags
    gather every column found; a label with label_choice first_filled or most_distinct keeps every
    candidate."""
    out: dict[str, list[int]] = {}
    for role in profile.columns:
        found: list[int] = []
        gather = role == "flags" or (role == "sample_label" and profile.layout.label_choice != "first")
        for spec in compile_specs(tuple(profile.column_specs(role))):
            hits = names.locate(spec)
            if hits:
                found += [j for j in hits if j not in found]
                if not gather:
                    break
        if found:
            out[role] = found if gather else found[:1]
    _pair_unit_with_value(names, profile, out)
    return out


_QUALIFIER = re.compile(r"\(([^()]*)\)\s*$")


def _pair_unit_with_value(names: Names, profile: Profile, out: dict[str, list[int]]) -> None:
    """`Conc (Samp)` takes its unit from `Units (Samp)`, not from `Units (Calib)`: of the unit
    columns the profile names, the one with the value column's qualifier wins."""
    if "unit" not in out or "value" not in out:
        return
    wanted = _QUALIFIER.search(names.names[out["value"][0]])
    if not wanted:
        return
    for spec in compile_specs(tuple(profile.column_specs("unit"))):
        for j in names.locate(spec):
            qualifier = _QUALIFIER.search(names.names[j])
            if qualifier and norm(qualifier.group(1)) == norm(wanted.group(1)):
                out["unit"] = [j]
                return


def required_roles(profile: Profile) -> list[tuple[str, ...]]:
    """Roles (alternatives in a tuple) a header of this profile must hold."""
    label = (
        [("sample_label",)] if profile.layout.label_from == "column" and profile.family != "blocks" else []
    )
    if profile.family == "long":
        return [*label, ("analyte",), ("value", "intensity")]
    if profile.family == "blocks":
        return [("analyte",)]
    return label


def missing_roles(columns: dict[str, list[int]], profile: Profile) -> list[str]:
    """A sentence per required role not found: what it is and the names looked for."""
    out = []
    for alternatives in required_roles(profile):
        if any(r in columns for r in alternatives):
            continue
        looked = [s.describe() for r in alternatives for s in compile_specs(tuple(profile.column_specs(r)))]
        what = " or ".join(ROLE_WORDS[r] for r in alternatives)
        names = ", ".join(looked[:6]) + (", ..." if len(looked) > 6 else "")
        out.append(
            f"no column for {what}" + (f" (looked for {names})" if names else " (the profile names none)")
        )
    return out


def header_names(block: list[list[str]]) -> list[str]:
    """Column names of a header block: the rows joined per column (`Calibration` + `status`)."""
    width = max((len(r) for r in block), default=0)
    names = []
    for j in range(width):
        parts = [r[j] for r in block if j < len(r) and r[j]]
        names.append(" ".join(" ".join(parts).split()))
    return names


@dataclass
class HeaderHit:
    """Where a profile's header is in a table and what it found there."""

    start: int  # index of the header block's first row in the table
    block: list[list[str]]
    names: Names
    columns: dict[str, list[int]]
    missing: list[str]
    found: int  # roles found by name (a position is no evidence that the file is of this format)

    @property
    def end(self) -> int:
        return self.start + len(self.block)


def locate_header(table: Table, profile: Profile, limit: int = HEADER_SEARCH_ROWS) -> HeaderHit | None:
    """The header block holding the most of the profile's roles (the first such one); None when no
    row in the first `limit` fits (a `layout.header` regex, when given, must match too)."""
    layout = profile.layout
    regex = re.compile(layout.header) if layout.header else None
    extra_units = unit_words(profile)
    best: HeaderHit | None = None
    best_key = (-1, -1)
    for i in range(min(len(table), limit)):
        if not any(table.rows[i]):
            continue
        if regex is not None and not regex.search(table.joined(i)):
            continue
        start = i - layout.header_offset
        if start < 0 or not _adjacent(table, start, layout.header_rows):
            continue
        block = table.rows[start : start + layout.header_rows]
        names = Names.of(
            table.memo(("header_names", start, layout.header_rows), lambda block=block: header_names(block)),
            extra_units,
        )
        columns = map_roles(names, profile)
        named = sum(1 for role in columns if _named(profile, role))
        if regex is None and named == 0:
            continue
        missing = missing_roles(columns, profile)
        key = (-len(missing), named)
        if key > best_key:
            best, best_key = HeaderHit(start, block, names, columns, missing, named), key
    return best


def _adjacent(table: Table, start: int, rows: int) -> bool:
    """Whether the header block's rows follow each other in the file (a sheet omits empty rows)."""
    numbers = table.numbers[start : start + rows]
    return len(numbers) == rows and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _named(profile: Profile, role: str) -> bool:
    return any(isinstance(s, str) for s in profile.column_specs(role))


def matches_any(name: str, items: list[str]) -> bool:
    """Whether a sheet or field name matches one of a profile's synonyms or `re:` patterns."""
    return first_match([name], items) is not None


def first_match(names: list[str], items: list[str]) -> str | None:
    """The first of `names` (in the priority order of `items`) that one of the synonyms names."""
    for spec in compile_specs(tuple(items)):
        for name in names:
            key = norm(name)
            if (spec.regex is not None and spec.regex.fullmatch(key)) or (spec.text and spec.text == key):
                return name
    return None


def required_header(table: Table, profile: Profile, path: object) -> HeaderHit:
    """The profile's header in the table, or the one-line refusal naming what is missing where."""
    hit = locate_header(table, profile)
    if hit is None:
        raise InputFileError(path, None, f"no header line with the columns profile {profile.id} reads")
    if hit.missing:
        where = table.where(hit.start)
        raise InputFileError(path, where, f"header of profile {profile.id}: {hit.missing[0]}")
    return hit
