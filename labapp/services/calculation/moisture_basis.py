"""Whether a lot's dry-basis results were converted with the moisture the lot is graded with (issue 21).

A run converts its readings to the dry basis with the lot's moisture at the time of calculation: the
manifest's, or a submitted loss-on-drying panel test's (labapp.services.calculation.measured_moisture).
A moisture submitted after the run was calculated makes the run's dry basis stale: grading it, or
printing it beside the new moisture, would state numbers that contradict each other. Grading refuses
such a lot and names the run to recalculate, never a plausible wrong number; the home worklist lists
the run among the runs to calculate.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.vocabulary import Basis
from labapp.services.calculation.measured_moisture import measured_moisture
from labapp.store.calculations import Calculation
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

RELATIVE_TOLERANCE = 1e-9  # the same stored float, read back; any real difference is stale


def stale_dry_basis(
    session: Session, lot: Lot, rows: Iterable[Result], moisture_pct: float | None
) -> str | None:
    """Why `rows` (the lot's graded results) disagree with `moisture_pct` (the graded moisture), or None."""
    if moisture_pct is None:
        return None
    run_ids = sorted({r.run_id for r in rows if r.run_id is not None and r.basis is Basis.DRY})
    for run_id in run_ids:
        used = _moisture_used(session, run_id, lot.code)
        stale = [pct for pct in used if not math.isclose(pct, moisture_pct, rel_tol=RELATIVE_TOLERANCE)]
        if stale:
            run = session.get(InstrumentRun, run_id)
            name = json.loads(run.metadata_json or "{}").get("run_name") or f"run {run_id}"
            return (
                f"run {name!r} converted {lot.code} to the dry basis with moisture {stale[0]:g} %, "
                f"but the lot's moisture is now {moisture_pct:.4g} %: recalculate the run"
            )
    return None


def stale_runs(session: Session, run_ids: Iterable[int]) -> set[int]:
    """The runs among `run_ids` whose latest calculation used another moisture than a lot's measured one."""
    stale = set()
    for run_id in run_ids:
        used = _moisture_by_lot(session, run_id)
        lots = {
            code: lot_id
            for code, lot_id in session.execute(
                select(Lot.code, Lot.id).where(Lot.code.in_(list(used)))
            ).all()
        }
        measured = measured_moisture(session, lots.values())
        for code, pcts in used.items():
            now = measured.get(lots.get(code, -1))
            if now is not None and any(not math.isclose(p, now, rel_tol=RELATIVE_TOLERANCE) for p in pcts):
                stale.add(run_id)
    return stale


def _moisture_used(session: Session, run_id: int, lot_code: str) -> list[float]:
    """The moisture (wt %) the run's latest calculation used for the lot's preparations."""
    return sorted(_moisture_by_lot(session, run_id).get(lot_code, ()))


def _moisture_by_lot(session: Session, run_id: int) -> dict[str, set[float]]:
    """Lot code -> the moistures (wt %) the run's latest calculation used for its preparations."""
    inputs = session.scalars(
        select(Calculation.inputs_json)
        .where(Calculation.run_id == run_id)
        .order_by(Calculation.calculated_at.desc(), Calculation.id.desc())
        .limit(1)
    ).first()
    used: dict[str, set[float]] = {}
    for p in json.loads(inputs).get("preparations", []) if inputs is not None else ():
        if p.get("lot") and p.get("moisture_pct") is not None:
            used.setdefault(p["lot"], set()).add(float(p["moisture_pct"]))
    return used
