"""The black-mass panel: tests that are not an ICP-OES/XRF run (moisture, LOI, acid-insoluble matter,
water-soluble fluoride, carbon, particle size), each driven by a method file with its own
calculation, GUM budget, QC and reporting rules. Pure: no Qt, no database, no files.

spec.py        the method file's schema and validation (resources/methods/panel/*.toml)
entries.py     the fields each kind takes, their units, and validation of typed or imported values
gravimetry.py  loss on drying, loss on ignition, acid-insoluble matter
fluoride.py    F_ws by ion-selective electrode (E vs log10 c) or ion chromatography
carbon.py      total carbon by combustion (analyser result, CRM check, top-down u)
sizing.py      particle size by sieving and by laser diffraction
result.py      the reported result: mean of determinations, budget of the mean, QC checks, rounding
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from labapp.core.panel.carbon import carbon_result
from labapp.core.panel.entries import FIELDS, Entry, EntryError, Field, parse_entries, parse_pairs, values
from labapp.core.panel.fluoride import FluorideCalibration, calibrate, fluoride_result
from labapp.core.panel.gravimetry import gravimetric_result
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.result import Check, PanelResult
from labapp.core.panel.sizing import laser_results, sieve_result
from labapp.core.panel.spec import PanelMethod, panel_method_from_dict
from labapp.core.vocabulary import PanelKind


def calculate(
    method: PanelMethod,
    portions: Sequence[Mapping[str, object]],
    standards: tuple[Sequence[float], Sequence[float]] | None = None,
    crm: Sequence[float] | None = None,
) -> list[PanelResult]:
    """The results of one test on one sample: `portions` are the determinations' values (by field),
    `standards` the batch's calibration (concentrations, readings) for fluoride, `crm` the batch's
    CRM check (measured, certified[, u of certified]) where the method uses one."""
    kind = method.kind
    p = [dict(x) for x in portions]
    if not p:
        raise EntryError.of(method.id, PanelProblem.NO_DETERMINATION)
    if kind.gravimetric_loss or kind is PanelKind.ACID_INSOLUBLE:
        return [gravimetric_result(method, p)]  # type: ignore[arg-type]
    if kind.fluoride:
        if standards is None:
            raise EntryError.of("standards", PanelProblem.CALIBRATION_NEEDED)
        cal = calibrate(method, *standards)
        pair = None if crm is None else (float(crm[0]), float(crm[1]))
        return [fluoride_result(method, cal, p, pair)]  # type: ignore[arg-type]
    if kind is PanelKind.COMBUSTION_CARBON:
        triple = None
        if crm is not None:
            triple = (float(crm[0]), float(crm[1]), float(crm[2]) if len(crm) > 2 else 0.0)
        return [carbon_result(method, p, triple)]  # type: ignore[arg-type]
    if kind is PanelKind.SIEVE:
        return [sieve_result(method, p)]
    return laser_results(method, p)  # type: ignore[arg-type]


__all__ = [
    "FIELDS",
    "Check",
    "Entry",
    "EntryError",
    "Field",
    "FluorideCalibration",
    "PanelMethod",
    "PanelResult",
    "calculate",
    "calibrate",
    "panel_method_from_dict",
    "parse_entries",
    "parse_pairs",
    "values",
]
