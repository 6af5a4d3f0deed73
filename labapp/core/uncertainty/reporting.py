"""Reporting a result with its expanded uncertainty (GUM 7.2.6, ISO/IEC 17025 7.8.3, ILAC-G8).

U is stated to at most two significant digits (configurable) and the value is rounded to the same
decimal place. Decimal arithmetic keeps the rounding exact (0.125 stays 0.125, not 0.12499999...).
A censored result ("< LOQ") carries no uncertainty. Both the absolute and the relative form of U
are produced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from labapp.core.errors import LabappError

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "up": ROUND_CEILING}


@dataclass(frozen=True)
class ReportedResult:
    """Strings ready for a report; ``U`` and ``relative_U`` are None for censored or U-less results."""

    value: str
    U: str | None  # noqa: N815 - the GUM symbol
    relative_U: str | None  # noqa: N815 - percent of the value
    unit: str
    k: str | None
    censored: str = ""

    @property
    def text(self) -> str:
        """'12.34 ± 0.56 wt% (k = 2.0)', '< 0.010 wt%' or the bare value."""
        unit = f" {self.unit}" if self.unit else ""
        if self.censored:
            return f"{self.censored} {self.value}{unit}"
        if self.U is None:
            return f"{self.value}{unit}"
        k = f" (k = {self.k})" if self.k else ""
        return f"{self.value} ± {self.U}{unit}{k}"

    @property
    def relative_text(self) -> str:
        """'12.34 wt% ± 4.5 %' (relative form)."""
        unit = f" {self.unit}" if self.unit else ""
        if self.censored or self.relative_U is None:
            return self.text
        return f"{self.value}{unit} ± {self.relative_U} %"


def _decimal(x: float) -> Decimal:
    if not math.isfinite(x):
        raise LabappError(f"cannot report a non-finite number: {x}")
    return Decimal(repr(float(x)))


def _fixed(d: Decimal) -> str:
    return format(d, "f")


def round_uncertainty(U: float, sig_digits: int = 2, rounding: str = "half_up") -> Decimal:  # noqa: N803
    """U to ``sig_digits`` significant digits; ``rounding='up'`` never understates it (GUM 7.2.6)."""
    if sig_digits < 1:
        raise LabappError("an uncertainty needs at least one significant digit")
    d = abs(_decimal(U))
    if d == 0:
        return d
    quantum = Decimal(1).scaleb(d.adjusted() - sig_digits + 1)
    r = d.quantize(quantum, rounding=ROUNDING[rounding])
    if r.adjusted() > d.adjusted():  # 0.0996 -> 0.100: keep two digits, 0.10
        r = d.quantize(quantum.scaleb(1), rounding=ROUNDING[rounding])
    return r


def round_result(value: float, U: float, sig_digits: int = 2, value_rounding: str = "half_up",  # noqa: N803
                 u_rounding: str = "half_up") -> tuple[Decimal, Decimal]:
    """(value, U) as Decimals: U to ``sig_digits`` digits, the value to U's last decimal place."""
    u = round_uncertainty(U, sig_digits, u_rounding)
    if u == 0:
        return _decimal(value), u
    v = _decimal(value).quantize(Decimal(1).scaleb(u.as_tuple().exponent), rounding=ROUNDING[value_rounding])
    return v, u


def report(value: float, U: float | None = None, unit: str = "", *, k: float | None = None,  # noqa: N803
           censored: str = "", sig_digits: int = 2, value_rounding: str = "half_up",
           u_rounding: str = "half_up", limit_digits: int = 2) -> ReportedResult:
    """Format one result. Censored results ('<', '>') show the limit ``value`` to ``limit_digits``
    significant digits and no U; a missing or NaN U gives the bare value."""
    if censored:
        if censored not in ("<", ">"):
            raise LabappError(f"censoring must be '<' or '>', got {censored!r}")
        return ReportedResult(_fixed(_significant(value, limit_digits)), None, None, unit, None, censored)
    if U is None or math.isnan(U):
        return ReportedResult(_fixed(_significant(value, 6).normalize()), None, None, unit, None)
    v, u = round_result(value, U, sig_digits, value_rounding, u_rounding)
    rel = None
    if value != 0:
        rel = _fixed(round_uncertainty(100.0 * abs(U) / abs(value), sig_digits, u_rounding))
    k_text = None if k is None else _fixed(_significant(k, 3).normalize())
    return ReportedResult(_fixed(v), _fixed(u), rel, unit, k_text)


def _significant(x: float, digits: int) -> Decimal:
    d = _decimal(x)
    if d == 0:
        return d
    return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
