"""Auto-detection: every profile scores the file from its declarative rules; the best one wins.

A profile is a candidate only when all its `required` patterns match the head of the file and
none of its `forbidden` ones do; `optional` patterns and the file extension add to the score.
No candidate, or two candidates with the same best score, and the file is refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from labapp.core.errors import InputFileError
from labapp.importers.profile import Profile, all_profiles
from labapp.importers.textio import sniff_encoding

HEAD_BYTES = 65536
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Score:
    profile: Profile
    score: int
    matched: int  # rules matched, for naming the closest profiles of an unknown file
    rules: int
    candidate: bool


def file_head(data: bytes, path: object) -> tuple[str, bool]:
    """The text detection looks at, and whether the file is an xlsx workbook."""
    if data.startswith(XLSX_MAGIC):
        from labapp.importers.excel import open_workbook, sheet_rows

        workbook = open_workbook(path)
        try:
            lines = list(workbook.sheetnames)
            if workbook.sheetnames:
                lines += ["\t".join(r) for r in sheet_rows(workbook, workbook.sheetnames[0])[:5]]
        finally:
            workbook.close()
        return "\n".join(lines), True
    head = data[:HEAD_BYTES]
    encoding = sniff_encoding(head)
    if encoding.startswith("utf-16") and len(head) % 2:
        head = head[:-1]
    text = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="replace").lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), False


def score(profile: Profile, head: str, is_workbook: bool, suffix: str) -> Score:
    rules = profile.detect
    total = len(rules.required) + len(rules.optional) + len(rules.sheets) + 1
    if is_workbook != (profile.family == "excel"):
        return Score(profile, 0, 0, total, False)
    found = [bool(re.search(p, head, re.M)) for p in rules.required]
    sheets = [s in head.split("\n") for s in rules.sheets]
    optional = sum(bool(re.search(p, head, re.M)) for p in rules.optional)
    forbidden = any(re.search(p, head, re.M) for p in rules.forbidden)
    extension = suffix.lower() in [e.lower() for e in rules.extensions]
    matched = sum(found) + sum(sheets) + optional + extension
    candidate = all(found) and all(sheets) and not forbidden and bool(found or sheets)
    points = 10 * (sum(found) + sum(sheets)) + 3 * optional + extension
    return Score(profile, points if candidate else 0, matched, total, candidate)


def detect(data: bytes, path: object, profiles: tuple[Profile, ...] | None = None) -> Profile:
    """The one profile that reads this file best; InputFileError naming candidates otherwise."""
    head, is_workbook = file_head(data, path)
    suffix = Path(str(path)).suffix
    scores = sorted(
        (score(p, head, is_workbook, suffix) for p in (profiles or all_profiles())),
        key=lambda s: (-s.score, -s.matched, s.profile.id),
    )
    candidates = [s for s in scores if s.candidate]
    if not candidates:
        closest = ", ".join(f"{s.profile.id} ({s.matched}/{s.rules} rules)" for s in scores[:3] if s.matched)
        hint = f"; closest: {closest}" if closest else ""
        raise InputFileError(
            path, None, f"no instrument profile recognises this file{hint}; use --profile ID"
        )
    tied = [s.profile.id for s in candidates if s.score == candidates[0].score]
    if len(tied) > 1:
        raise InputFileError(
            path, None, f"ambiguous format, candidate profiles: {', '.join(tied)}; use --profile ID"
        )
    return candidates[0].profile
