"""What an issue may reuse from a moment ago: gathered certificate content and run signature statuses.

Every change of a record a certificate is made from is an audit event, and the events form one chain
in commit order (`AuditEvent.seq` is the head plus one; two writers collide). So "nothing was written
since" is one question: is the newest event that is not one of the issue's own bookkeeping the same
as before? Then what was read before is what would be read now, and an issue uses it instead of
reading and computing it again (issue 24: gathering each certificate's content twice, and every
run's signature statuses for every certificate, were a third of issuing a certificate).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.services.workflow import signing
from labapp.store.audit_event import AuditEvent
from labapp.store.records import Signature
from labapp.store.runs import InstrumentRun

# what issuing itself writes between the check and the issue, and from one certificate to the next
NUMBER_RESERVATION = frozenset({"certificate_numbers"})
ISSUE_RECORDS = frozenset({"certificate_numbers", "certificates", "lots", "signatures"})


def last_change(session: Session, ignoring: Collection[str] = ()) -> int:
    """The sequence number of the newest audit event on any record kind but `ignoring` (0: none)."""
    query = select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1)
    if ignoring:
        query = query.where(AuditEvent.entity_type.not_in(sorted(ignoring)))
    return session.scalar(query) or 0


Statuses = Callable[[Session, InstrumentRun], list[signing.SignatureStatus]]


@dataclass
class RunStatuses:
    """`signing.statuses` kept per run for one issuing session: computed again when the run, its
    results, calculation, QC, exclusions or overrides, or its signatures changed (anything but the
    issue's own records), so a batch of certificates from one run hashes the run once."""

    _kept: dict[int, tuple[tuple[object, ...], list[signing.SignatureStatus]]] = field(default_factory=dict)

    def __call__(self, session: Session, run: InstrumentRun) -> list[signing.SignatureStatus]:
        signatures = session.execute(
            select(Signature.id, Signature.version).where(
                Signature.entity_type == signing.RUN_ENTITY, Signature.entity_id == run.id
            )
        ).all()
        stamp = (run.version, last_change(session, ISSUE_RECORDS), tuple(map(tuple, signatures)))
        kept = self._kept.get(run.id)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        statuses = signing.statuses(session, run)
        self._kept[run.id] = (stamp, statuses)
        return statuses
