"""The notes of a QC check (labapp.core.qc_checks) in the interface language.

A check's detail is stored as written ("below the LOQ multiple; rpd_pct; affects S1, S2"): its
statistic is a vocabulary (QcStatistic), its note one of the fixed phrases the checks write, and
"affects ..." the labels concerned. The Runs and Review pages word each part here;
tests/gui/test_stored_words.py checks every note phrase written in qc_checks is known.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# the fixed notes of labapp.core.qc_checks, and the two with a value in them (pattern, template)
NOTES = {
    "no expected value": QT_TRANSLATE_NOOP("QcNotes", "no expected value"),
    "no certified value": QT_TRANSLATE_NOOP("QcNotes", "no certified value"),
    "no LOQ known": QT_TRANSLATE_NOOP("QcNotes", "no LOQ known"),
    "no unspiked parent or amount added": QT_TRANSLATE_NOOP("QcNotes", "no unspiked parent or amount added"),
    "unspiked result above the ratio limit": QT_TRANSLATE_NOOP(
        "QcNotes", "unspiked result above the ratio limit"
    ),
    "no parent result": QT_TRANSLATE_NOOP("QcNotes", "no parent result"),
    "below the LOQ multiple": QT_TRANSLATE_NOOP("QcNotes", "below the LOQ multiple"),
    "non-linear model": QT_TRANSLATE_NOOP("QcNotes", "non-linear model"),
    "too few points": QT_TRANSLATE_NOOP("QcNotes", "too few points"),
    "XRF results table without check solutions": QT_TRANSLATE_NOOP(
        "QcNotes", "XRF results table without check solutions"
    ),
}
PATTERNS = (
    (re.compile(r"^IS for (.+)$"), QT_TRANSLATE_NOOP("QcNotes", "internal standard {0}")),
    (
        re.compile(r"^(\d+) samples after the last CCV$"),
        QT_TRANSLATE_NOOP("QcNotes", "{0} samples after the last CCV"),
    ),
    (re.compile(r"^affects (.+)$"), QT_TRANSLATE_NOOP("QcNotes", "affects {0}")),
)


def note_text(part: str) -> str:
    """One part of a stored check detail in words; anything else (a statistic already worded) as is."""
    if part in NOTES:
        return QCoreApplication.translate("QcNotes", NOTES[part])
    for pattern, template in PATTERNS:
        found = pattern.match(part)
        if found:
            return QCoreApplication.translate("QcNotes", template).format(found.group(1))
    return part


def detail_text(detail: str) -> str:
    """A whole worded detail ("note; statistic; affects ..."): each part in the interface language."""
    parts = [p.strip() for p in detail.split(";") if p.strip()]
    return QCoreApplication.translate("QcNotes", "; ").join(note_text(p) for p in parts)
