"""Lot assays kept for one grading session: a lot graded under several criteria sets in a row is read
and assembled once (issue 24: the demo grades its 14 lots under five sets, and reading each lot's
assay again for every set was over a quarter of grading).

Safe by the audit trail, as labapp.services.certification.freshness: every change of a record an assay
is made from (the lot, its results, panel tests, moisture) is an audit event, and events form one chain
in commit order. An assay is reused only while the newest event on anything but the grading's own
records (gradings, criteria set registrations) is the one it was read under; otherwise it is read
again. Method definitions are read from their files: the keeping lasts one session the caller opens
(e.g. one command grading several sets), never longer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from labapp.services.certification.freshness import last_change
from labapp.services.grading.inputs import Assay, lot_assay
from labapp.store.gradings import CriteriaSetRecord, LotGrading
from labapp.store.lots import Lot

# what grading itself writes between one set and the next
GRADING_RECORDS = frozenset({LotGrading.__tablename__, CriteriaSetRecord.__tablename__})


@dataclass
class KeptAssays:
    """`inputs.lot_assay` kept per lot for one grading session, read again when anything it could be
    made from changed (any audited record but the gradings' own)."""

    _kept: dict[int, tuple[int, int, Assay]] = field(default_factory=dict)

    def __call__(self, session: Session, lot: Lot) -> Assay:
        stamp = last_change(session, GRADING_RECORDS)
        kept = self._kept.get(lot.id)
        if kept is not None and kept[:2] == (stamp, lot.version):
            return kept[2]
        assay = lot_assay(session, lot)
        self._kept[lot.id] = (stamp, lot.version, assay)
        return assay
