"""The result sheet's words: column headers with units and balance readability, cell problems and
calculated results, in the interface language (tr() for sentences, the core's labels for fields,
analytes and vocabularies). Kept apart from the page so the page holds layout and flow only."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from labapp.core.analyte_names import analyte_name
from labapp.core.panel.cells import CellProblem, CellProblemKind, Column
from labapp.core.panel.spec import PanelMethod
from labapp.gui.translation import interface_language, word
from labapp.services.panel.sheet import ResultView

UNIT_SHOWN = {"C": "°C", "um": "µm", "1": "", "": ""}


def unit_shown(unit: str) -> str:
    return UNIT_SHOWN.get(unit, unit)


def column_label(column: Column) -> str:
    """The column's name without unit: a field's label, or the sieve's aperture for a fraction."""
    if column.aperture_mm is not None:
        return QCoreApplication.translate("PanelSheet", "retained on {0} mm").format(
            f"{column.aperture_mm:g}"
        )
    return column.field.label(interface_language())


def header(method: PanelMethod, column: Column) -> tuple[str, str]:
    """(header text, tooltip): the label, the unit, and for a balance reading the readability d."""
    unit = unit_shown(column.field.unit)
    text = column_label(column) + (f"\n[{unit}]" if unit else "")
    tip = column_label(column)
    if column.field.optional:
        tip += " " + QCoreApplication.translate("PanelSheet", "(optional)")
    if column.balance and method.balance is not None:
        d = f"{method.balance.resolution_g:g}"
        text += f" d = {d} g"
        tip += "\n" + QCoreApplication.translate(
            "PanelSheet", "Balance reading: type it as the balance shows it, to {0} g at most."
        ).format(d)
    return text, tip


def problem_text(column: Column, problem: CellProblem) -> str:
    """One cell's problem in plain words."""
    label = column_label(column)
    kind = problem.kind
    if kind is CellProblemKind.MISSING:
        return QCoreApplication.translate("PanelSheet", "missing value ({0})").format(label)
    if kind is CellProblemKind.NOT_A_NUMBER:
        return QCoreApplication.translate("PanelSheet", '"{0}" is not a number').format(problem.text)
    if kind is CellProblemKind.BELOW_MINIMUM:
        return QCoreApplication.translate("PanelSheet", "{0} is below the lowest allowed value {1}").format(
            problem.text, f"{problem.minimum:g}"
        )
    return QCoreApplication.translate(
        "PanelSheet", "{0} g has more digits than the balance shows (d = {1} g)"
    ).format(problem.text, f"{problem.resolution_g:g}")


def result_text(result: ResultView) -> str:
    """A calculated result in words: name, value ± U with unit and k, basis, LOQ, failed checks."""
    lang = interface_language()
    unit = unit_shown(result.unit)
    if result.censored:
        value = QCoreApplication.translate("PanelSheet", "below the LOQ ({0} {1})").format(
            f"{result.loq:g}" if result.loq else "?", unit
        )
    else:  # value ± U with the unit and the coverage factor k, as the certificate prints it
        value = result.text.replace(" um", " µm")
    out = f"{analyte_name(result.analyte, lang)}: {value}, {word(result.basis)}"
    if result.failed_checks:
        out += "; " + QCoreApplication.translate("PanelSheet", "QC failed: {0}").format(
            ", ".join(word(c) for c in result.failed_checks)
        )
    return out
