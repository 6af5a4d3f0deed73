"""The moisture a panel test measured, for a run's dry-basis conversion (issue 21).

A lot's moisture is first the manifest's (the sample's `moisture_pct`). Once a loss-on-drying panel test
of the lot is submitted, its result (a reportable Result row of the lot without a run) is the lot's
moisture: a calculation or recalculation of an ICP-OES/XRF run then converts to the dry basis with it,
and writes no moisture row of its own, so the measured moisture stays the one graded and printed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.store.results import Result


def measured_moisture(session: Session, lot_ids: Iterable[int]) -> dict[int, float]:
    """Lot id -> the latest submitted panel moisture (wt%, as received) of each lot that has one."""
    ids = sorted(set(lot_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(Result)
        .where(
            Result.lot_id.in_(ids),
            Result.run_id.is_(None),
            Result.element == "moisture",
            Result.reportable.is_(True),
        )
        .order_by(Result.calculated_at, Result.id)
    ).all()
    return {row.lot_id: float(row.value) for row in rows if not row.censored and row.value is not None}
