"""How numbers are printed on a certificate (GUM 7.2.6 and ISO 80000-1 style).

Results follow the one rounding rule of labapp.core.uncertainty.reporting (JCGM 100:2008, 7.2.6):
the expanded uncertainty to two significant digits, rounded up, the value to the same decimal place,
a "<" bound rounded up; so the certificate prints the digits every other output prints.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from labapp.core.uncertainty.reporting import report


def format_result(value: float, u_expanded: float | None) -> tuple[str, str]:
    """(value, U) as printed, by the one rounding rule (labapp.core.uncertainty.reporting): U to two
    significant digits rounded up, the value to U's last decimal place. Without a usable U the value
    keeps three significant digits and U is an empty string."""
    shown = report(value, u_expanded)
    return shown.value, shown.U or ""


def format_significant(value: float, digits: int = 3) -> str:
    """A value with `digits` significant digits in fixed notation (1234.5 -> 1230 (3), 0.012345 -> 0.0123)."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    return _fixed(value, digits - 1 - math.floor(math.log10(abs(value))))


def format_plain(value: float | None, unit: str = "") -> str:
    """A stored quantity such as a mass or a k factor: shortest exact text, unit appended."""
    if value is None:
        return ""
    text = f"{value:,.6g}".replace(",", " ") if abs(value) >= 1e4 else f"{value:.6g}"
    return f"{text} {unit}".strip()


def _fixed(value: float, decimals: int) -> str:
    """Round half up in decimal (not binary) arithmetic; negative decimals round to tens, hundreds..."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:f}" if decimals > 0 else f"{int(rounded):d}"
