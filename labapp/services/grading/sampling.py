"""The lot-level sampling component for grading: each analyte's U gains the sampling part when the
method that produced the result enables ``[sampling]`` (docs/calculations.md, "Uncertainty from
sampling"). Off by default, so lots graded without it are unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from labapp.core.lot_assay import AnalyteResult
from labapp.core.lot_sampling import LotSampling, with_sampling
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
