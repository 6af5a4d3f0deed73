"""The lot-level sampling component for grading: each analyte's U gains the sampling part when the
method that produced the result enables ``[sampling]`` (docs/calculations.md, "Uncertainty from
sampling"). Off by default, so lots graded without it are unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from labapp.core.analytes import ANALYTES
from labapp.core.lot_assay import AnalyteResult
from labapp.core.lot_sampling import LotSampling, lot_sampling, with_sampling
from labapp.core.methods import Method
from labapp.core.uncertainty.sampling import SamplingSpec
from labapp.services.administration.methods import load_methods


def add_sampling(results: Iterable[AnalyteResult], method_of: Mapping[str, str | None],
                 methods: Mapping[str, Method] | None = None
                 ) -> tuple[list[AnalyteResult], dict[str, LotSampling]]:
    """Results with U_lot where the analyte's method enables sampling, and the sampling part of each.

    ``method_of`` maps an analyte to the id of the method that produced it; ``methods`` defaults to
    the bundled ones. A result whose method is unknown or has the option off is returned as it is.
    """
    methods = load_methods() if methods is None else methods
    out: list[AnalyteResult] = []
    parts: dict[str, LotSampling] = {}
    for r in results:
        method = methods.get(method_of.get(r.analyte) or "")
        [changed], part = with_sampling([r], method.sampling if method is not None else SamplingSpec())
        out.append(changed)
        parts.update(part)
    return out, parts


def result_sampling(element: str, value: float | None, expanded_uncertainty: float | None, unit: str,
                    coverage_factor: float | None, method_id: str | None,
                    methods: Mapping[str, Method] | None = None) -> LotSampling | None:
    """The sampling part of one stored lot result (for its budget view and certificate line), or None."""
    method = (load_methods() if methods is None else methods).get(method_id or "")
    if method is None or not method.sampling.enabled or element not in ANALYTES or value is None:
        return None
    result = AnalyteResult(element, value, expanded_uncertainty, unit, "", None, coverage_factor or 2.0)
    return lot_sampling(result, method.sampling)
