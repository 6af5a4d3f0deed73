"""The units a certificate prints, as the codes other systems read: UCUM and the SAMM unit catalogue.

The certificate prints the laboratory's units ("wt%", "mg/kg"); a machine reading the JSON twin
needs a registered code. UCUM (the Unified Code for Units of Measure, case-sensitive form) has no
"mass per cent": a mass fraction in per cent is UCUM "%" with the basis given separately (dry, as
received), so the twin writes `ucum` beside `unit` and `basis`. Catena-X aspects (SAMM 2.2.0)
reference the SAMM unit catalogue instead, where "percent weight" (UN/CEFACT 60) is the mass
fraction. One table here, so the twin and every export agree.
"""

from __future__ import annotations

from labapp.core.errors import LabappError

# printed unit -> (UCUM case-sensitive code, SAMM 2.2.0 unit catalogue reference)
UNIT_CODES: dict[str, tuple[str, str]] = {
    "wt%": ("%", "unit:percentWeight"),
    "%": ("%", "unit:percent"),
    "mg/kg": ("mg/kg", "unit:milligramPerKilogram"),
    "g/kg": ("g/kg", "unit:mille"),  # a mass ratio of 10^-3: SAMM has no "gram per kilogram"
    "ppm": ("[ppm]", "unit:partPerMillion"),
    "kg": ("kg", "unit:kilogram"),
    "t": ("t", "unit:tonneMetricTon"),
    "mm": ("mm", "unit:millimetre"),
    "um": ("um", "unit:micrometreMicron"),
}


def ucum(unit: str) -> str:
    """The UCUM code of a printed unit ("wt%" -> "%"); LabappError for a unit without one."""
    return _codes(unit)[0]


def samm_unit(unit: str) -> str:
    """The SAMM unit catalogue reference of a printed unit ("wt%" -> "unit:percentWeight")."""
    return _codes(unit)[1]


def _codes(unit: str) -> tuple[str, str]:
    try:
        return UNIT_CODES[unit]
    except KeyError:
        known = ", ".join(UNIT_CODES)
        raise LabappError(f"unit {unit!r} has no UCUM or SAMM code here; known: {known}") from None
