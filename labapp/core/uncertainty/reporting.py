"""The one rounding rule for every printed result (GUM 7.2.6, ISO/IEC 17025 7.8.3, ILAC-G8).

Every output (the stored result text, the results grid, the review page, the command line, the
certificate and its JSON twin, the grading sentences) prints a value, its U, its coverage factor or
a censoring bound through `report` (or `report_limit` for a limit alone), so they all show the same
digits. The rule:

- U to two significant digits, rounded *up* (GUM 7.2.6: "it may sometimes be appropriate to round
  uncertainties up rather than to the nearest digit", 10.47 -> 11), with GUM's common-sense
  exception: when the part dropped is at most 5 % of the last digit kept it is dropped
  (28.05 -> 28). So U is never understated by more than 0.5 % of itself (rounding to nearest could
  understate it by up to 5 %), and overstated by less than one unit in its second digit.
- the value to the decimal place of U's last digit, half away from zero (2.345 -> 2.35);
- a censoring bound outward, to two significant digits: "<" up (101.06 -> "< 110", 0.0152 ->
  "< 0.016"), ">" down, so the printed bound is never tighter than the computed one;
- k to three significant digits (trailing zeros dropped); a value without U to three significant digits.

Decimal arithmetic keeps the rounding exact (0.125 stays 0.125, not 0.12499999...). Before a
directed rounding the number is first taken to 12 significant digits, so binary noise in a
computed figure (0.030000000000000002) does not push it up a step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from labapp.core.errors import LabappError

ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "up": ROUND_CEILING, "down": ROUND_FLOOR}
U_DIGITS = 2  # significant digits of U and of a censoring bound
U_ROUNDING = "gum_up"  # the lab's choice (GUM 7.2.6): up, unless the dropped part is <= 5 % of a digit
_GUM_SLACK = Decimal("0.05")  # the part of the last kept digit that is dropped rather than rounded up
BARE_DIGITS = 3  # significant digits of a value without U, and of k
_NOISE_DIGITS = 12  # significant digits kept before a directed rounding (drops binary noise)


@dataclass(frozen=True)
class ReportedResult:
    """Strings ready for a report; ``U`` and ``relative_U`` are None for censored or U-less results.
    For a censored result ``value`` is the bound."""

    value: str
    U: str | None  # noqa: N815 - the GUM symbol
    relative_U: str | None  # noqa: N815 - percent of the value
    unit: str
    k: str | None
    censored: str = ""

    @property
    def shown(self) -> str:
        """The value as a results column shows it: '12.34', or '< 0.016' for a censored result."""
        return f"{self.censored} {self.value}" if self.censored else self.value

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


def _denoised(x: float) -> Decimal:
    """x to 12 significant digits (half even): what a directed rounding starts from."""
    d = _decimal(x)
    if d == 0:
        return d
    return d.quantize(Decimal(1).scaleb(d.adjusted() - _NOISE_DIGITS + 1), rounding=ROUND_HALF_EVEN)


def _fixed(d: Decimal) -> str:
    return format(d, "f")


def _significant(d: Decimal, digits: int, rounding: str) -> Decimal:
    """d to `digits` significant digits; a rounding that carries into the next decade keeps
    `digits` digits (0.0996 -> 0.10, not 0.100)."""
    if d == 0:
        return d
    quantum = Decimal(1).scaleb(d.adjusted() - digits + 1)
    if rounding == "gum_up":
        down = d.quantize(quantum, rounding=ROUND_FLOOR)
        r = down if d - down <= _GUM_SLACK * quantum else down + quantum
        return _significant(r, digits, "half_up") if r.adjusted() > d.adjusted() else r
    r = d.quantize(quantum, rounding=ROUNDING[rounding])
    if r != 0 and r.adjusted() > d.adjusted():
        r = d.quantize(quantum.scaleb(1), rounding=ROUNDING[rounding])
    return r


def round_uncertainty(U: float, sig_digits: int = U_DIGITS, rounding: str = U_ROUNDING) -> Decimal:  # noqa: N803
    """U to ``sig_digits`` significant digits; the default rounds up, never understating it (GUM 7.2.6)."""
    if sig_digits < 1:
        raise LabappError("an uncertainty needs at least one significant digit")
    d = abs(_denoised(U) if rounding in ("up", "gum_up") else _decimal(U))
    return _significant(d, sig_digits, rounding)


def round_result(value: float, U: float, sig_digits: int = U_DIGITS, value_rounding: str = "half_up",  # noqa: N803
                 u_rounding: str = U_ROUNDING) -> tuple[Decimal, Decimal]:
    """(value, U) as Decimals: U to ``sig_digits`` digits, the value to U's last decimal place."""
    u = round_uncertainty(U, sig_digits, u_rounding)
    if u == 0:
        return _decimal(value), u
    v = _decimal(value).quantize(Decimal(1).scaleb(u.as_tuple().exponent), rounding=ROUNDING[value_rounding])
    return v, u


def round_limit(limit: float, censored: str = "<") -> Decimal:
    """A censoring bound to two significant digits, outward: '<' rounds up, '>' down."""
    if censored not in ("<", ">"):
        raise LabappError(f"censoring must be '<' or '>', got {censored!r}")
    d = _denoised(limit)
    up = (censored == "<") == (d >= 0)  # toward +inf for '<', toward -inf for '>'
    return _significant(abs(d), U_DIGITS, "up" if up else "down").copy_sign(d)


def report_limit(limit: float | None, censored: str = "<") -> str:
    """A limit (an LOQ column, a bound) as printed: '' when missing, else `round_limit`."""
    if limit is None or not math.isfinite(limit):
        return ""
    return _fixed(round_limit(limit, censored))


def report_number(value: float | None, digits: int = BARE_DIGITS) -> str:
    """A figure printed alone (k, a value without U): `digits` significant digits, '' when missing."""
    if value is None or not math.isfinite(value):
        return ""
    d = _decimal(value)
    if d == 0:
        return "0"
    return _fixed(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def report_k(k: float | None) -> str:
    """A coverage factor: three significant digits without trailing zeros (2.0659 -> '2.07', 2.0 -> '2')."""
    text = report_number(k)
    return text.rstrip("0").rstrip(".") if "." in text else text


def report(value: float | None, U: float | None = None, unit: str = "", *, k: float | None = None,  # noqa: N803
           censored: str = "", limit: float | None = None) -> ReportedResult:
    """Format one result by the lab's rule (module docstring). A censored result ('<', '>') prints its
    bound (`limit`, else `value`) rounded outward and no U; a missing, NaN or zero U gives the value
    to three significant digits; a missing value gives ''."""
    censored = censored or ""
    if censored:
        bound = value if limit is None else limit
        if bound is None or not math.isfinite(bound):
            raise LabappError(f"a result reported '{censored}' needs its bound")
        return ReportedResult(report_limit(bound, censored), None, None, unit, None, censored)
    if value is None or not math.isfinite(value):
        return ReportedResult("", None, None, unit, None)
    if U is None or not math.isfinite(U) or U <= 0:
        return ReportedResult(report_number(value), None, None, unit, None)
    v, u = round_result(value, U)
    rel = None
    if value != 0:
        rel = _fixed(round_uncertainty(100.0 * abs(U) / abs(value)))
    k_text = report_k(k) or None
    return ReportedResult(_fixed(v), _fixed(u), rel, unit, k_text)
