"""Commercial figures printed beside the grade (informational, not a statement of conformity).

Black mass is paid on contained metal: Ni and Co as a share of the metal price, Li on its lithium
carbonate equivalent (LCE = Li x 5.323, the trade factor M(Li2CO3) / 2 M(Li)). Contained metal is
the content times the lot's net dry mass. Uncertainties of sums are propagated with the inputs the
terms share correlated (labapp.core.lot_assay.quantity_value; the sum of the terms' U, an upper
bound said in the note, when the budgets do not name their inputs), and the lot mass is taken as
exact. Contained metal from the wet mass and the moisture the digests used counts that moisture
once: its term in the dry content and in the dry mass cancel (labapp.core.lot_uncertainty.contained).
"""

from __future__ import annotations

from dataclasses import dataclass

from labapp.core.analytes import Quantity, convert
from labapp.core.lot_assay import LotAssay, quantity_value
from labapp.core.lot_uncertainty import contained as contained_metal
from labapp.core.uncertainty.correlated import NotCorrelatable

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
    contained = [_contained(_content(lot, a), dry_t, _correlated_u(lot, a, 1.0)) for a in CONTAINED_ANALYTES]
    contained.append(_contained(content[-1], dry_t, _correlated_u(lot, "Li", LI2CO3_PER_LI)))
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
        return Figure(label, qv.high, qv.expanded_uncertainty, "wt%", qv.note)
    below = ", ".join(t for t in quantity.terms if lot.results[t].censored == "<")
    note = "; ".join(n for n in (f"{below} below LOQ counted as 0", qv.note) if n)
    return Figure(label, qv.low, qv.expanded_uncertainty, "wt%", note)


def _contained(figure: Figure, dry_t: float, u_correlated: float | None) -> Figure:
    f = dry_t / 100.0
    u = u_correlated if u_correlated is not None else _scale(figure.expanded_uncertainty, f)
    return Figure(figure.name, _scale(figure.value, f), u, "t", figure.note)


def _correlated_u(lot: LotAssay, analyte: str, factor: float) -> float | None:
    """U (t) of factor x analyte's contained metal from the wet mass, with the digests' moisture shared;
    None when the dry mass is given, or the result or its moisture has no named budget to do it with."""
    r, moisture = lot.results.get(analyte), lot.results.get("moisture")
    if lot.net_dry_mass_kg is not None or lot.net_wet_mass_kg is None or r is None or moisture is None:
        return None
    if r.uncertainty is None or r.value is None or moisture.value is None:
        return None
    if moisture.expanded_uncertainty is None:
        return None
    unit = r.uncertainty.digests[0][1].unit
    f = convert(moisture.value, moisture.unit, "wt%") / 100.0
    u_f = convert(moisture.expanded_uncertainty, moisture.unit, "wt%") / moisture.coverage_factor / 100.0
    try:
        figure = contained_metal([r.uncertainty], [factor * convert(1.0, unit, "wt%") / 100.0],
                                 lot.net_wet_mass_kg / 1000.0, f, u_f)
    except NotCorrelatable:
        return None
    return figure.U


def _scale(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor
