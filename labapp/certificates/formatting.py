"""How numbers are printed on a certificate (GUM 7.2.6 and ISO 80000-1 style).

The expanded uncertainty is stated to at most two significant digits and the value to the same
decimal place (JCGM 100:2008, 7.2.6), so the printed value never claims more precision than it has.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def format_result(value: float, u_expanded: float | None) -> tuple[str, str]:
    """(value, U) as printed: U rounded to two significant digits, the value to U's last decimal place.

    Without a usable U the value keeps three significant digits and U is an empty string.
    """
    if u_expanded is None or not math.isfinite(u_expanded) or u_expanded <= 0:
        return format_significant(value, 3), ""
    exponent = math.floor(math.log10(u_expanded))
    decimals = 1 - exponent
    if Decimal(_fixed(u_expanded, decimals)) >= Decimal(1).scaleb(exponent + 1):  # 0.0996 -> 0.10, not 0.100
        decimals -= 1
    u_text = _fixed(u_expanded, decimals)
    return _fixed(value, decimals), u_text


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
