"""A grading's limiting parameters worded in a language: the stored sentences are English (the record
as graded); a screen in Japanese words the same stored criterion rows with the certificate's Japanese."""

from __future__ import annotations

from labapp.services.certification.japanese import criterion
from labapp.services.grading.grade import StoredGrading


def limiting_words(grading: StoredGrading, lang: str) -> tuple[str, ...]:
    """One sentence per limiting parameter in `lang`; the stored English when the rows do not match it."""
    rows = grading.result.get("limiting_criteria", [])
    if lang == "en" or len(rows) != len(grading.limiting):
        return grading.limiting
    return tuple(criterion(row).words(lang) for row in rows)
