"""Standard uncertainty from a stated tolerance and its assumed distribution (GUM 4.3.7-4.3.9).

A tolerance is a half-width a (``value ± a``) for rectangular, triangular and U-shaped (arcsine)
distributions, or an expanded uncertainty U with its coverage factor for a normal distribution
(a calibration certificate). QUAM 3rd ed. section 8.1 and appendix E.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from labapp.core.errors import LabappError

DIVISORS = {"rectangular": math.sqrt(3.0), "triangular": math.sqrt(6.0), "arcsine": math.sqrt(2.0)}
DISTRIBUTIONS = ("normal", *DIVISORS)


def standard_uncertainty(half_width: float, distribution: str = "rectangular",
                         coverage_factor: float = 1.0) -> float:
    """u from a half-width (a/sqrt3, a/sqrt6, a/sqrt2) or, for ``normal``, from U / k."""
    if half_width < 0 or not math.isfinite(half_width):
        raise LabappError(f"a tolerance must be a finite non-negative number, got {half_width}")
    if distribution == "normal":
        if coverage_factor <= 0:
            raise LabappError(f"coverage factor must be positive, got {coverage_factor}")
        return half_width / coverage_factor
    try:
        return half_width / DIVISORS[distribution]
    except KeyError:
        raise LabappError(
            f"unknown distribution {distribution!r}; expected one of {', '.join(DISTRIBUTIONS)}"
        ) from None


@dataclass(frozen=True)
class Tolerance:
    """A stated tolerance: half-width (or U for ``normal``), absolute or relative to the nominal value."""

    value: float
    distribution: str = "rectangular"
    relative: bool = False
    coverage_factor: float = 1.0
    dof: float = math.inf

    def __post_init__(self) -> None:
        standard_uncertainty(self.value, self.distribution, self.coverage_factor)  # validates

    def u(self, nominal: float = 1.0) -> float:
        """Standard uncertainty, absolute (scaled by |nominal| when the tolerance is relative)."""
        u = standard_uncertainty(self.value, self.distribution, self.coverage_factor)
        return u * abs(nominal) if self.relative else u

    def u_relative(self, nominal: float) -> float:
        """Standard uncertainty relative to ``nominal``."""
        return self.u(nominal) / abs(nominal)
