"""The services' progress messages (labapp.core.progress) in the interface language.

A background task reports its step as plain English text ("reading the run"), or a lot code while it
works through lots; the progress panel shows each step through `progress_text`, so the Japanese
desktop never shows the English step. tests/gui/test_stored_words.py checks every step the
services report is listed here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STEPS = {
    "reading the run": QT_TRANSLATE_NOOP("Progress", "reading the run"),
    "calibrating": QT_TRANSLATE_NOOP("Progress", "calibrating"),
    "fitting lines for the plots": QT_TRANSLATE_NOOP("Progress", "fitting lines for the plots"),
    "storing results": QT_TRANSLATE_NOOP("Progress", "storing results"),
    "done": QT_TRANSLATE_NOOP("Progress", "done"),
    # labapp.core.pipeline.STAGES
    "corrections, calibration and QC": QT_TRANSLATE_NOOP("Progress", "corrections, calibration and QC"),
    "solid content and uncertainty": QT_TRANSLATE_NOOP("Progress", "solid content and uncertainty"),
    "reportable results": QT_TRANSLATE_NOOP("Progress", "reportable results"),
}


def progress_text(message: str) -> str:
    """A reported step in words; anything else (a lot code) as reported."""
    step = STEPS.get(message)
    return message if step is None else QCoreApplication.translate("Progress", step)
