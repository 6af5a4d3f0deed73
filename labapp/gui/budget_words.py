"""The stored words of an uncertainty record (labapp.core.uncertainty) as a reader names them.

A result's uncertainty record is stored as written when it was calculated (its JSON is part of what
was signed), so its model id ("icp_oes_solid:wt%"), its quantity ("mass fraction, dry basis") and the
rule of a lot's mean stay English in the database; the Calculation inputs pane words them here, in
the interface language. An unknown text (a record from a later version) shows as stored.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from labapp.core.pipeline import LOT_MEAN_RULE
from labapp.core.uncertainty.models import ICP_SOLID, TOP_DOWN, XRF


def model_text(model: str) -> str:
    """ "icp_oes_solid:wt%" -> "bottom-up budget of an ICP-OES result on the solid (wt%)"."""
    name, _, unit = str(model).partition(":")
    words = {
        ICP_SOLID: QCoreApplication.translate(
            "CalculationInputs", "bottom-up budget of an ICP-OES result on the solid"
        ),
        TOP_DOWN: QCoreApplication.translate(
            "CalculationInputs", "top-down budget from validation data (Nordtest TR 537)"
        ),
        XRF: QCoreApplication.translate("CalculationInputs", "top-down budget with XRF counting statistics"),
    }.get(name)
    if words is None:
        return str(model)
    return f"{words} ({unit})" if unit else words


def quantity_text(quantity: str) -> str:
    words = {
        "mass fraction, dry basis": QCoreApplication.translate(
            "CalculationInputs", "mass fraction, dry basis"
        ),
        "mass fraction": QCoreApplication.translate("CalculationInputs", "mass fraction"),
    }
    return words.get(str(quantity), str(quantity))


def rule_text(rule: str) -> str:
    if rule == LOT_MEAN_RULE:
        return QCoreApplication.translate(
            "CalculationInputs",
            "u = mean of the digests' u; ν_eff = the smallest of the digests' degrees of freedom",
        )
    return str(rule)


STORED_WORDS = {"model": model_text, "quantity": quantity_text, "uncertainty rule": rule_text}
"""Calculation-input names whose stored value is worded by a function above."""
