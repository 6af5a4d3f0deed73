"""Auto-detection: every profile looks for its column roles in the file; the best fit wins.

A profile is a candidate when the file is of a kind it reads (text or workbook), its signature
patterns (if any) all match and none of its forbidden ones does, and a header in the file's first
rows holds every role it needs (a wide profile: at least one analyte column too). The score
counts the roles found, signatures, sheets and the file extension, so the profile that explains
more of the header wins; two candidates with the same best score make the file ambiguous.
A refused file names the closest profiles and what each one missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from labapp.core.errors import InputFileError
from labapp.core.remedies import Remedy
from labapp.importers.blocks import first_table_header
from labapp.importers.positional import field_count_share
from labapp.importers.profile import Profile
from labapp.importers.roles import first_match, locate_header, matches_any
from labapp.importers.source import HEAD_ROWS, Source
from labapp.importers.table import Table
from labapp.importers.wide import analytes_further, count_analytes

FURTHER_ROWS = 5000  # rows searched for a later header when the first names no analyte
KIND_WORDS = {"text": "text exports", "workbook": "Excel workbooks"}


@dataclass(frozen=True)
class Fit:
    """How well one profile explains a file, and why it is not a candidate when it is not."""

    profile: Profile
    score: int
    candidate: bool
    roles_found: int = 0
    reasons: list[str] = field(default_factory=list)
    sheet: str = ""  # the workbook sheet that fits best


def fit(profile: Profile, source: Source) -> Fit:
    if source.kind not in profile.formats:
        return Fit(
            profile, 0, False, reasons=[f"reads {' and '.join(KIND_WORDS[f] for f in profile.formats)} only"]
        )
    rules = profile.detect
    head = source.head_text(profile.text.encoding) if _needs_head_text(profile) else ""
    reasons = [f"no match for /{p}/" for p in rules.signatures if not re.search(p, head, re.M)]
    reasons += [f"/{p}/ excludes it" for p in rules.forbidden if re.search(p, head, re.M)]
    sheets = source.sheet_names if source.kind == "workbook" else []
    reasons += [
        f"no sheet {s!r}"
        for s in rules.sheets
        if source.kind == "workbook" and not matches_any_sheet(sheets, s)
    ]
    found, sheet, table_reasons = _tables_fit(profile, source)
    reasons += table_reasons
    optional = sum(bool(re.search(p, head, re.M)) for p in rules.optional)
    extension = str(source.path.suffix).lower() in [e.lower() for e in rules.extensions]
    score = 10 * len(rules.signatures) + 4 * found + 3 * len(rules.sheets) + 2 * optional + extension
    return Fit(profile, score if not reasons else 0, not reasons, found, reasons, sheet)


def matches_any_sheet(sheets: list[str], spec: str) -> bool:
    return any(matches_any(name, [spec]) for name in sheets)


def _needs_head_text(profile: Profile) -> bool:
    return bool(profile.detect.signatures or profile.detect.forbidden or profile.detect.optional)


def candidate_tables(profile: Profile, source: Source) -> list[tuple[str, Table]]:
    """(sheet, head table) pairs a profile may read: the text's own, or the workbook sheets its
    [workbook] section names (by priority), else every sheet in order."""
    if source.kind == "text":
        delimiter = source.delimiter(profile.text.delimiter, profile.text.encoding)
        return [("", source.head_table(delimiter, profile.text.encoding))]
    heads = source.heads()
    wanted = profile.workbook.sheets or [s for names in profile.workbook.quantities.values() for s in names]
    if not wanted:
        return list(heads.items())
    ordered: list[tuple[str, Table]] = []
    for spec in wanted:
        name = first_match(list(heads), [spec])
        if name is not None and name not in [n for n, _ in ordered]:
            ordered.append((name, heads[name]))
    return ordered


def table_fit(
    profile: Profile, table: Table, whole: Callable[[], Table] | None = None
) -> tuple[int, list[str]]:
    """Roles a profile finds in one table's head, and what it misses there. `whole` gives the whole
    table, looked at only when a wide header names no analyte (Bruker writes a first section with
    no elements and new headers further down)."""
    family = profile.family
    if family == "positional":
        share = (
            field_count_share(table, profile.layout.expected_fields)
            if profile.layout.expected_fields
            else 1.0
        )
        return 0, [] if share >= 0.9 else [f"rows do not have {profile.layout.expected_fields} fields"]
    if family == "blocks":
        if not any(re.search(profile.blocks.start, table.joined(i)) for i in range(len(table))):
            return 0, [f"no block title line matching /{profile.blocks.start}/"]
        columns, misses = first_table_header(table, profile)
        named = sum(
            1 for role in columns or {} if any(isinstance(s, str) for s in profile.column_specs(role))
        )
        return named, misses
    hit = locate_header(table, profile, limit=HEAD_ROWS)
    if hit is None:
        return 0, ["no header line with its columns"]
    if hit.missing:
        return hit.found, list(hit.missing)
    if (
        family == "wide"
        and count_analytes(hit, profile) == 0
        and not (whole and analytes_further(whole(), profile))
    ):
        return hit.found, ["no column of the header names an analyte"]
    return hit.found, []


def _further(source: Source, profile: Profile, sheet: str) -> Callable[[], Table]:
    """The first FURTHER_ROWS rows, where a later header is looked for: detection of a million-row
    export must not split every line of it."""
    if source.kind == "workbook":
        return lambda: source.table(sheet)
    delimiter = source.delimiter(profile.text.delimiter, profile.text.encoding)
    return lambda: source.head_table(delimiter, profile.text.encoding, FURTHER_ROWS)


def _tables_fit(profile: Profile, source: Source) -> tuple[int, str, list[str]]:
    """Roles found in the best-fitting table, its sheet, and the misses when none fits."""
    tables = candidate_tables(profile, source)
    if not tables:
        return 0, "", ["none of its sheets is in the workbook"]
    best: tuple[int, str, list[str]] | None = None
    for sheet, table in tables:
        found, misses = table_fit(profile, table, _further(source, profile, sheet))
        key = (not misses, found)
        if best is None or key > (not best[2], best[0]):
            best = (found, sheet, misses)
    return best


def rank(source: Source, profiles: tuple[Profile, ...]) -> list[Fit]:
    """Every profile's fit, candidates first (best first), then the rest by how much they found."""
    fits = [fit(p, source) for p in profiles]
    return sorted(fits, key=lambda f: (not f.candidate, -f.score, -f.roles_found, f.profile.id))


def detect(source: Source, profiles: tuple[Profile, ...]) -> Fit:
    """The one profile that reads this file best; InputFileError naming the closest ones otherwise."""
    fits = rank(source, profiles)
    candidates = [f for f in fits if f.candidate]
    if not candidates:
        raise InputFileError(
            source.path,
            None,
            "no instrument profile recognises this file"
            + closest(fits)
            + f"; {Remedy.CHOOSE_PROFILE.label()}, or add a laboratory profile (docs/formats.md)",
            remedy=Remedy.CHOOSE_PROFILE,
        )
    tied = [f.profile.id for f in candidates if f.score == candidates[0].score]
    if len(tied) > 1:
        raise InputFileError(
            source.path,
            None,
            f"ambiguous format, candidate profiles: {', '.join(tied)}; choose one of them as the profile",
            remedy=Remedy.CHOOSE_PROFILE,
        )
    return candidates[0]


def closest(fits: list[Fit], count: int = 3) -> str:
    """`; closest: a (no column for the concentration; looked for ...), b (...)` for a message."""
    near = [f for f in fits if f.roles_found and f.reasons][:count]
    if not near:
        return ""
    return "; closest: " + ", ".join(f"{f.profile.id} ({f.reasons[0]})" for f in near)
