"""Numbers and stored words as a technician reads them: each number formatted by what it means, each
stored identifier shown by its vocabulary label in the interface language.

A correlation coefficient is printed to 6 decimals (r = 0.999997 is not "1"), a p-value to 3, a
slope or an intercept to 6 significant digits, a mass to the balance's 0.1 mg, any other quantity
to 4 significant digits (labapp.gui.frame_model.number_text). The same rules serve every page, so a
value never reaches the screen as a 16-digit float.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from labapp.core.analyte_names import analyte_name
from labapp.gui.frame_model import number_text
from labapp.gui.qc_note_words import detail_text
from labapp.gui.translation import interface_language, word
from labapp.services.vocabulary import LotOrigin, QcCheck, QcStatistic, Role, Vocabulary

CORRELATION_DECIMALS = 6  # r and R²: 0.999997 and 0.999970 are different calibrations
P_VALUE_DECIMALS = 3
COEFFICIENT_DIGITS = 6  # slopes and intercepts, significant digits
MASS_DECIMALS = 4  # g, to the 0.1 mg of an analytical balance


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def correlation_text(value: Any) -> str:
    """r or R² to 6 decimals; empty for missing."""
    return "" if _missing(value) else f"{float(value):.{CORRELATION_DECIMALS}f}"


def p_value_text(value: Any) -> str:
    return "" if _missing(value) else f"{float(value):.{P_VALUE_DECIMALS}f}"


def coefficient_text(value: Any) -> str:
    """A slope or an intercept to 6 significant digits."""
    return "" if _missing(value) else f"{float(value):.{COEFFICIENT_DIGITS}g}"


def mass_text(value: Any) -> str:
    """A weighed mass in g to the balance's resolution (0.1 mg)."""
    return "" if _missing(value) else f"{float(value):.{MASS_DECIMALS}f}"


_STATISTIC_TEXT = {
    QcCheck.CALIBRATION_R: correlation_text,
    QcCheck.CALIBRATION_MANDEL: p_value_text,
}


def qc_statistic_texts(checks: pd.Series, values: pd.Series) -> list[str]:
    """The Statistic column of a QC table: each check's statistic formatted by what it is."""
    texts = []
    for check, value in zip(checks.tolist(), values.tolist(), strict=True):
        try:
            formatter = _STATISTIC_TEXT.get(QcCheck(check), number_text)
        except ValueError:
            formatter = number_text
        texts.append(formatter(value))
    return texts


def qc_detail_text(detail: Any) -> str:
    """A stored QC detail with the statistic's name in words (never `recovery_pct` or `p_value`)."""
    return detail_text(QcStatistic.reword(None if _missing(detail) else str(detail), interface_language()))


def stored_word(vocabulary: type[Vocabulary], value: Any) -> str:
    """A stored value by its label in the interface language; unknown text as stored, "" for missing."""
    if _missing(value) or value == "":
        return ""
    try:
        return word(vocabulary(value))
    except ValueError:
        return str(value)


def origin_text(value: Any) -> str:
    """A lot's origin ("end_of_life") as words ("end-of-life batteries")."""
    return stored_word(LotOrigin, value)


def roles_text(value: Any) -> str:
    """A user's roles ("qa_manager, reviewer" or a list) as their labels ("QA manager, reviewer")."""
    names = value if isinstance(value, list | tuple | set | frozenset) else str(value or "").split(",")
    return ", ".join(stored_word(Role, str(name).strip()) for name in names if str(name).strip())


def quantity_text(value: Any) -> str:
    """A graded quantity or a result's analyte: an element or a sum as written (Ni, Ni+Co), a panel
    analyte by its name ("water-soluble fluoride (F_ws)", "loss on ignition"; labapp.core.analyte_names)."""
    return "" if _missing(value) else analyte_name(str(value), interface_language())


def limit_side_text(value: Any) -> str:
    """A limit's side ("min", "max") as words."""
    words = {
        "min": QT_TRANSLATE_NOOP("ValueText", "minimum"),
        "max": QT_TRANSLATE_NOOP("ValueText", "maximum"),
    }
    text = words.get(str(value))
    return QCoreApplication.translate("ValueText", text) if text else ("" if _missing(value) else str(value))
