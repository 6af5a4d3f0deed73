"""Commercial figures printed beside the grade (informational, not a statement of conformity).

Black mass is paid on contained metal: Ni and Co as a share of the metal price, Li on its lithium
carbonate equivalent (LCE = Li x 5.323, the trade factor M(Li2CO3) / 2 M(Li)). Contained metal is
the content times the lot's net dry mass. Uncertainties of sums combine the terms in quadrature
(uncorrelated, a lower bound), and the lot mass is taken as exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from labapp.core.analytes import Quantity
from labapp.core.lot_assay import LotAssay, quantity_value

LI2CO3_PER_LI = 5.323
CONTENT_FIGURES = ("Ni+Co", "Ni+Co+Mn", "Li")
CONTAINED_ANALYTES = ("Ni", "Co", "Mn", "Li", "Cu", "Al")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None
    expanded_uncertainty: float | None
    unit: str
    note: str = ""


@dataclass(frozen=True)
class CommercialFigures:
    content: tuple[Figure, ...]  # wt %, dry
    contained: tuple[Figure, ...]  # tonnes in the lot's net dry mass
    net_dry_mass_t: float | None
    notes: tuple[str, ...] = ()


def commercial_figures(lot: LotAssay) -> CommercialFigures:
    content = [_content(lot, label) for label in CONTENT_FIGURES]
    li = content[-1]
    content.append(Figure("Li2CO3 equivalent", _scale(li.value, LI2CO3_PER_LI),
                          _scale(li.expanded_uncertainty, LI2CO3_PER_LI), "wt%",
                          f"Li x {LI2CO3_PER_LI}" + (f"; {li.note}" if li.note else "")))
    dry_kg = lot.dry_mass_kg()
    notes: list[str] = []
    if dry_kg is None:
        notes.append("contained metal not computed: the lot's net dry mass (or wet mass and moisture) "
                     "is not known")
        return CommercialFigures(tuple(content), (), None, tuple(notes))
    dry_t = dry_kg / 1000.0
    contained = [_contained(_content(lot, a), dry_t) for a in CONTAINED_ANALYTES]
    contained.append(_contained(content[-1], dry_t))
    notes.append("uncertainty of contained metal excludes the uncertainty of the lot mass")
    return CommercialFigures(tuple(content), tuple(contained), dry_t, tuple(notes))


def _content(lot: LotAssay, label: str) -> Figure:
    quantity = Quantity.parse(label)
    qv = quantity_value(lot, quantity, "wt%")
    if qv is None:
        missing = [t for t in quantity.terms if not lot.has(t)]
        why = "; ".join(f"{t} {lot.results[t].why_not_reported if t in lot.results else 'not reported'}"
                        for t in missing)
        return Figure(label, None, None, "wt%", why)
    if not qv.censored:
        return Figure(label, qv.high, qv.expanded_uncertainty, "wt%")
    below = ", ".join(t for t in quantity.terms if lot.results[t].censored == "<")
    return Figure(label, qv.low, qv.expanded_uncertainty, "wt%", f"{below} below LOQ counted as 0")


def _contained(figure: Figure, dry_t: float) -> Figure:
    f = dry_t / 100.0
    return Figure(figure.name, _scale(figure.value, f), _scale(figure.expanded_uncertainty, f), "t",
                  figure.note)


def _scale(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor
