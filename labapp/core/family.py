"""Chemistry family of a black mass lot from its assay, checked against the declared chemistry.

Grading tables differ by family (a good LFP lot would be off-spec as NCM), and the declared
chemistry on a shipment is a claim, so the family is assigned from the measured composition
(the lab's provisional rule, shared/domain/black-mass.md) and a mismatch is flagged. Rules are
tried in order; a condition holds only when the result proves it, so a value reported below its
LOQ counts as zero for "at least" and as its LOQ for "below".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FAMILIES = ("NCM", "LCO", "LFP", "LMO", "Mixed")

# (family, [(quantity, relation, threshold in wt %)]) - first match wins; otherwise Mixed.
FAMILY_RULES: tuple[tuple[str, tuple[tuple[str, str, float], ...]], ...] = (
    ("LFP", (("Fe", ">=", 15.0), ("P", ">=", 8.0), ("Ni+Co", "<", 2.0))),
    ("LMO", (("Mn", ">=", 25.0), ("Ni+Co", "<", 10.0))),
    ("LCO", (("Co", ">=", 15.0), ("Ni", "<", 5.0), ("Mn", "<", 3.0))),
    ("NCM", (("Ni+Co", ">=", 15.0),)),
)
FAMILY_ANALYTES = ("Ni", "Co", "Mn", "Fe", "P")

_DECLARED_ALIASES = {
    "ncm": "NCM", "nmc": "NCM", "nca": "NCM", "ncm/nca": "NCM", "ternary": "NCM", "lco": "LCO",
    "lfp": "LFP", "lmo": "LMO", "mixed": "Mixed", "mix": "Mixed",
}


@dataclass(frozen=True)
class FamilyAssignment:
    family: str | None  # None when the assay lacks an analyte the rules need
    reason: str
    declared: str | None = None
    declared_family: str | None = None
    mismatch: bool = False
    mismatch_text: str = ""


def normalise_declared(declared: str | None) -> str | None:
    """The family a declared chemistry names (NMC, NCA -> NCM), or None when it names none."""
    if not declared:
        return None
    return _DECLARED_ALIASES.get(declared.strip().lower())


def assign_family(bounds: Mapping[str, tuple[float, float]], declared: str | None = None) -> FamilyAssignment:
    """Assign the family from wt % intervals (low, high) per analyte; flag a declared mismatch.

    An uncensored result has low == high; a result "< LOQ" is (0, LOQ).
    """
    missing = [a for a in FAMILY_ANALYTES if a not in bounds]
    if missing:
        reason = f"family cannot be assigned: {', '.join(missing)} not reported"
        return FamilyAssignment(None, reason, declared, normalise_declared(declared))
    family, reason = "Mixed", "no family rule is met (LFP, LMO, LCO, NCM/NCA tried in that order)"
    for fam, conditions in FAMILY_RULES:
        checks = [_check(bounds, q, rel, x) for q, rel, x in conditions]
        if all(ok for ok, _ in checks):
            family, reason = fam, f"{fam} rule met: " + ", ".join(text for _, text in checks)
            break
    declared_family = normalise_declared(declared)
    mismatch, text = False, ""
    if declared:
        if declared_family is None:
            mismatch, text = True, f"declared chemistry {declared!r} names no known family"
        elif declared_family != family:
            mismatch, text = True, f"declared {declared} but the assay indicates {family}"
    return FamilyAssignment(family, reason, declared, declared_family, mismatch, text)


def _check(
    bounds: Mapping[str, tuple[float, float]], quantity: str, relation: str, x: float
) -> tuple[bool, str]:
    low = sum(bounds[t][0] for t in quantity.split("+"))
    high = sum(bounds[t][1] for t in quantity.split("+"))
    if relation == ">=":
        return low >= x, f"{quantity} {low:.4g} >= {x:g}"
    censored = high > low
    ok = high <= x if censored else high < x  # "< LOQ" with LOQ <= x proves "< x"
    shown = f"< {high:.4g}" if censored else f"{high:.4g}"
    return ok, f"{quantity} {shown} < {x:g}"
