"""The sentence the Runs page adds after Calculate about the grading that followed it (EN and JA):
how many lots were graded against which criteria set, or why they were not."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from labapp.gui.error_text import error_text
from labapp.gui.translation import interface_language
from labapp.services.calculation.calculate_and_grade import CalculatedAndGraded
from labapp.services.vocabulary import GradingStatus


def grading_note(outcome: CalculatedAndGraded) -> str:
    """E.g. "3 lot(s) graded against Japan/EU black mass 0.2 (1 not gradable)."; "" if nothing to say."""
    if outcome.grading_skipped:
        return QCoreApplication.translate(
            "GradingNote", "Lots not graded: your roles do not include grading."
        )
    if outcome.grading_refusal is not None:
        return QCoreApplication.translate(
            "GradingNote", "Lots not graded ({0}); grade them on the Grading page."
        ).format(error_text(outcome.grading_refusal))
    return " ".join(filter(None, (_graded(outcome), _elsewhere(outcome))))


def _graded(outcome: CalculatedAndGraded) -> str:
    if not outcome.gradings:
        return ""
    ref = outcome.gradings[0].criteria
    title = ref.display_title(interface_language())
    text = QCoreApplication.translate("GradingNote", "{0} lot(s) graded against {1} {2}").format(
        len(outcome.graded), title, ref.version
    )
    not_gradable = sum(g.status is GradingStatus.NOT_GRADABLE for g in outcome.gradings)
    if not_gradable:
        text += QCoreApplication.translate(
            "GradingNote", " ({0} not gradable: the Grading page says why)"
        ).format(not_gradable)
    return text + QCoreApplication.translate("GradingNote", ".")


def _elsewhere(outcome: CalculatedAndGraded) -> str:
    if not outcome.graded_elsewhere:
        return ""
    return QCoreApplication.translate(
        "GradingNote",
        "Graded against another set before, so not graded now: {0}; grade them again on the Grading page.",
    ).format(", ".join(outcome.graded_elsewhere))
