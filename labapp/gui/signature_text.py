"""A signature and what it signed over, as a screen shows them, in the interface language.

The signed manifest (labapp.security.signatures) and the problems a signer acknowledged
(labapp.services.calculation.run_problems' summary) are stored as written, in English, because they
are part of what was signed. Screens word them here instead of showing the stored English.
"""

from __future__ import annotations

import contextlib
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from labapp.gui.translation import word
from labapp.services.vocabulary import Meaning, SignAction

# the parts of run_problems.RunProblems.summary(): "2 failed QC check(s), 64 unmatched sample label(s)"
_PROBLEM_PARTS = (
    (
        re.compile(r"^(\d+) failed QC check\(s\)$"),
        QT_TRANSLATE_NOOP("SignatureText", "{0} failed QC check(s)"),
    ),
    (
        re.compile(r"^(\d+) unmatched sample label\(s\)$"),
        QT_TRANSLATE_NOOP("SignatureText", "{0} unmatched sample label(s)"),
    ),
    (
        re.compile(r"^(\d+) lot\(s\) that cannot be certified$"),
        QT_TRANSLATE_NOOP("SignatureText", "{0} lot(s) that cannot be certified"),
    ),
)


def signature_line(manifest, action: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """ "Hana Sato (qa), 2026-03-18T10:02:11 UTC (local offset +09:00), approved [approve]", worded."""
    meaning = manifest.meaning if isinstance(manifest.meaning, Meaning) else Meaning.parse(manifest.meaning)
    text = QCoreApplication.translate("SignatureText", "{0} ({1}), {2} UTC (local offset {3}), {4}").format(
        manifest.printed_name, manifest.user_id, manifest.signed_at_utc, manifest.local_offset, word(meaning)
    )
    if action:  # an action this version does not know: the line without it, never its id
        with contextlib.suppress(ValueError):
            text += f" [{word(SignAction.parse(action))}]"
    return text


def problems_text(summary: str) -> str:
    """A stored summary of acknowledged problems in words; an unknown part as stored."""
    parts = []
    for part in (p.strip() for p in (summary or "").split(",") if p.strip()):
        for pattern, template in _PROBLEM_PARTS:
            found = pattern.match(part)
            if found:
                parts.append(QCoreApplication.translate("SignatureText", template).format(found.group(1)))
                break
        else:
            parts.append(part)
    return QCoreApplication.translate("SignatureText", ", ").join(parts)
