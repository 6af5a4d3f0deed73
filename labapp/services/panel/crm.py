"""A batch's CRM check as the desktop and the command line take it: the CRM's measured value, its
certified value and the certified value's standard uncertainty u, each checked before anything is
calculated (ISO/IEC 17025 7.7.1: the run's check against a reference material; Nordtest TR 537 takes
u of the certified value into the bias term). The result is the text the entry services take,
'measured:certified[:u]'; every problem is a typed EntryError naming the value."""

from __future__ import annotations

import math

from labapp.core.panel.entries import EntryError
from labapp.core.panel.problems import PanelProblem


def _number(field: str, text: str, *, positive: bool) -> float:
    raw = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip()
    try:
        value = float(raw)
    except ValueError:
        raise EntryError.of(field, PanelProblem.NOT_A_NUMBER, text=repr(text.strip())) from None
    if not math.isfinite(value):
        raise EntryError.of(field, PanelProblem.NOT_FINITE, text=repr(text.strip()))
    if positive and value <= 0:
        raise EntryError.of(field, PanelProblem.POSITIVE)
    if value < 0:
        raise EntryError.of(field, PanelProblem.NOT_NEGATIVE_VALUE)
    return value


def _kept(value: float) -> str:
    """The value as typed, to the last digit (the shortest text that reads back as the same float);
    rounding to 6 significant figures would change a typed 12.34567 into 12.3457."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def certified_text(certified: str, u: str = "") -> str:
    """'certified[:u]' validated: the certified value > 0 and u >= 0 (blank: not stated)."""
    if not certified.strip():
        raise EntryError.of("crm_certified", PanelProblem.CRM_INCOMPLETE)
    value = _number("crm_certified", certified, positive=True)
    if not u.strip():
        return _kept(value)
    return f"{_kept(value)}:{_kept(_number('crm_u', u, positive=False))}"


def parse_certified(text: str) -> str:
    """The command line's --crm-certified VALUE[:U], validated as the desktop's two fields."""
    certified, _, u = text.partition(":")
    return certified_text(certified, u)


def crm_text(measured: str, certified: str, u: str = "") -> str | None:
    """'measured:certified[:u]' from the three fields, or None when all are blank (no CRM in the batch)."""
    if not (measured.strip() or certified.strip() or u.strip()):
        return None
    if not measured.strip():
        raise EntryError.of("crm_measured", PanelProblem.CRM_INCOMPLETE)
    value = _number("crm_measured", measured, positive=True)
    return f"{_kept(value)}:{certified_text(certified, u)}"
