"""Which preparations still take readings: a lot's released data changes only by a signed amendment.

A registered lot takes every run's readings. An approved lot that is not yet certified also takes the
readings of a preparation no approved run has results for: a second run of its own digest (the
trace-element run for Pb, Cd and Cr beside the main ICP-OES run) adds results and changes none that a
signature released, so it is not held behind the first run's approval. That run needs its own
submission, review and approval before the lot's certificate can carry it (a certificate takes only
approved results). Readings of a preparation an approved run already has results for are held, as is
everything of a certified, amended or retracted lot.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, RunState

OPEN_LOT_STATES = frozenset({LotState.REGISTERED})
ADDING_LOT_STATES = frozenset({LotState.APPROVED})  # approved, not certified: takes new preparations


def released_preparations(session: Session) -> frozenset[int]:
    """Ids of the preparations an approved run has results for."""
    query = (
        select(Result.preparation_id)
        .join(InstrumentRun, Result.run_id == InstrumentRun.id)
        .where(InstrumentRun.state == RunState.APPROVED, Result.preparation_id.is_not(None))
        .distinct()
    )
    return frozenset(session.scalars(query))


def takes_readings(state: LotState, preparation_id: int, released: Collection[int]) -> bool:
    """True when a preparation of a lot in `state` may get results from a run (see the module)."""
    if state in OPEN_LOT_STATES:
        return True
    return state in ADDING_LOT_STATES and preparation_id not in released
