"""What grading reads from the store: the lots of a run, and a lot's reportable results as a LotAssay.

Per the Result rows contract, a lot has one reportable row per analyte (lot_id set, reportable,
dry basis, value with U, or "<" with its LOQ). Values are handed to the core in the analyte's
canonical unit (wt % for mass fractions), so mg/kg traces and wt % majors compare on one scale.
Each result brings the budgets of its digests (LotUncertainty), so sums are propagated with the
inputs they share correlated. Moisture is the laboratory sample's, as received; its U is the
moisture tolerance of the method that produced the lot's results (a reportable "moisture" row, when
one exists, is used instead).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.analytes import ANALYTES, UnitError, convert
from labapp.core.errors import LabappError
from labapp.core.lot_assay import AnalyteResult, LotAssay
from labapp.core.lot_uncertainty import LotUncertainty
from labapp.core.reportable import censoring_bound
from labapp.core.vocabulary import WITHHOLDING_FLAGS, Basis, ResultFlag
from labapp.services.administration.methods import load_methods
from labapp.services.calculation.moisture_basis import stale_dry_basis
from labapp.services.grading.sampling import add_sampling
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

NO_RESULTS = "no results"


def lots_of_run(session: Session, run: str | int) -> list[str]:
    """Codes of the lots a run measured: those with results from it and those its labels matched."""
    runs = _runs(session, run)
    ids = [r.id for r in runs]
    codes = set(
        session.scalars(select(Lot.code).join(Result, Result.lot_id == Lot.id).where(Result.run_id.in_(ids)))
    )
    for r in runs:
        labels = list(json.loads(r.metadata_json or "{}").get("matched", {}).values())
        query = (
            select(Lot.code)
            .join(Sample, Sample.lot_id == Lot.id)
            .join(Preparation, Preparation.sample_id == Sample.id)
            .where(Preparation.label.in_(labels))
        )
        if r.technique:
            query = query.where(Preparation.technique == r.technique.upper())
        codes.update(session.scalars(query))
    return sorted(codes)


def _runs(session: Session, run: str | int) -> list[InstrumentRun]:
    """Runs named `run` (the name given at import); a number that names no run is taken as a run id."""
    every = session.scalars(select(InstrumentRun).order_by(InstrumentRun.id)).all()
    named = [r for r in every if json.loads(r.metadata_json or "{}").get("run_name") == str(run)]
    if not named and str(run).isdigit():
        named = [r for r in every if r.id == int(run)]
    if not named:
        raise LabappError(f"no run named {run!r}")
    return named


Assay = tuple[LotAssay | None, tuple[int, ...], str | None]  # the assay, Result ids used, or why none


def lot_assay(session: Session, lot: Lot) -> Assay:
    """The lot's assay, the ids of the Result rows used, and why there is no assay (or None)."""
    rows = session.scalars(
        select(Result)
        .where(Result.lot_id == lot.id, Result.reportable.is_(True))
        .order_by(Result.calculated_at, Result.id)
    ).all()
    latest = {row.element: row for row in rows}  # one per analyte; a recalculation's newer row wins
    if not latest:
        return None, (), NO_RESULTS
    try:
        results = [_analyte(row) for el, row in latest.items() if el in ANALYTES and el != "moisture"]
        moisture = _moisture(lot, latest.get("moisture"), {r.method for r in rows if r.method})
        results.append(moisture)
        stale = stale_dry_basis(session, lot, latest.values(), None if moisture is None else moisture.value)
        if stale:
            return None, (), stale
        with_lot_u, _ = add_sampling(
            [r for r in results if r is not None], {el: row.method for el, row in latest.items()}
        )
        assay = LotAssay.of(
            lot.code,
            with_lot_u,
            declared_chemistry=lot.declared_chemistry,
            net_wet_mass_kg=lot.net_wet_mass_kg,
        )
    except LabappError as exc:
        return None, (), str(exc)
    used = tuple(sorted(row.id for el, row in latest.items() if el in ANALYTES))
    return assay, used, None


def _analyte(row: Result) -> AnalyteResult:
    unit = ANALYTES[row.element][0]
    if (row.basis or Basis.DRY) is not Basis.DRY:
        raise LabappError(f"{row.element} is reported on a {row.basis} basis; grading needs the dry basis")
    try:

        def to(x: float | None) -> float | None:
            return None if x is None else convert(x, row.unit, unit)

        censored = row.censored or ""
        value = None if censored == "<" else to(row.value)
        flags = ResultFlag.split(row.flags)
        withheld = next((f for f in WITHHOLDING_FLAGS if f in flags), None)
        above = withheld is not None and ResultFlag.OVERRIDDEN not in flags
        if above:  # an extrapolated reading or an understated U: never graded (a value set by hand is)
            value, censored = None, ""
        return AnalyteResult(
            row.element,
            value,
            None if above else to(row.expanded_uncertainty),
            unit,
            censored,
            to(censoring_bound(row.flags, row.loq, row.lod)),  # the printed bound: "< LOD" or "< LOQ"
            row.coverage_factor or 2.0,
            uncertainty=None if above else _uncertainty(row),
            withheld=withheld if above else None,
        )
    except UnitError as exc:
        raise LabappError(f"{row.element}: {exc}") from None


def _uncertainty(row: Result) -> LotUncertainty | None:
    """The digests' named budgets behind a lot result, for sums with shared inputs correlated; None when
    the row has none (grading then states the sum's U as the upper bound, and says so)."""
    if not row.budget_json:
        return None
    try:
        return LotUncertainty.from_record(json.loads(row.budget_json))
    except (LabappError, ValueError):
        return None


def _moisture(lot: Lot, row: Result | None, methods: set[str]) -> AnalyteResult | None:
    if row is not None:
        return AnalyteResult("moisture", row.value, row.expanded_uncertainty, "wt%")
    pct = lot.samples[0].moisture_pct if lot.samples else None
    if pct is None:
        return None  # the core reports "moisture not reported"
    return AnalyteResult("moisture", pct, moisture_expanded_uncertainty(methods), "wt%")


def moisture_expanded_uncertainty(method_ids: set[str]) -> float | None:
    """U (k = 2, percentage points) of moisture from the first of the methods that states its tolerance."""
    bundled = load_methods()
    for method_id in sorted(method_ids):
        method = bundled.get(method_id)
        spec = method.uncertainty_spec.moisture if method is not None else None
        if spec is not None:
            return 2.0 * spec.u() * 100.0  # the method keeps moisture as a mass fraction
    return None
