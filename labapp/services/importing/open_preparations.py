"""Which preparations still take readings: a lot's released data changes only by a signed amendment.

A registered lot takes every run's readings. An approved lot that is not yet certified also takes the
readings of a preparation no approved run read: a second run of its own digest (the
trace-element run for Pb, Cd and Cr beside the main ICP-OES run) adds results and changes none that a
signature released, so it is not held behind the first run's approval. That run needs its own
submission, review and approval before the lot's certificate can carry it (a certificate takes only
approved results). Readings of a preparation an approved run already read are held, as is
everything of a certified, amended or retracted lot.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.store.lots import Preparation
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, RunState

OPEN_LOT_STATES = frozenset({LotState.REGISTERED})
ADDING_LOT_STATES = frozenset({LotState.APPROVED})  # approved, not certified: takes new preparations


def released_preparations(session: Session) -> frozenset[int]:
    """Ids of the preparations an approved run read: those its labels matched (spikes too, which give
    QC outcomes, not results) and those it has results for."""
    approved = session.scalars(select(InstrumentRun).where(InstrumentRun.state == RunState.APPROVED)).all()
    ids = set(
        session.scalars(
            select(Result.preparation_id)
            .where(Result.run_id.in_([run.id for run in approved]), Result.preparation_id.is_not(None))
            .distinct()
        )
    )
    for run in approved:
        labels = list(dict(json.loads(run.metadata_json or "{}").get("matched", {})).values())
        query = select(Preparation.id).where(Preparation.label.in_(labels))
        if run.technique:
            query = query.where(Preparation.technique == run.technique.upper())
        ids.update(session.scalars(query))
    return frozenset(ids)


def takes_readings(state: LotState, preparation_id: int, released: Collection[int]) -> bool:
    """True when a preparation of a lot in `state` may get results from a run (see the module)."""
    if state in OPEN_LOT_STATES:
        return True
    return state in ADDING_LOT_STATES and preparation_id not in released
